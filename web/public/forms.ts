import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { WebRequest } from '../http.ts';

/**
 * The public forms' protection (docs/public-pages.md): every public POST carries a form token equal to a
 * random value in the visitor's own cookie (the double-submit pattern; there is no session to tie it to),
 * and must come from this site's own origin. In AWS the cookie is a `__Host-` cookie, so no other site, a
 * sibling sub-domain included, can set it. A POST failing either is refused before anything is read.
 */

/** The cookie's name: `__Host-` (Secure, Path=/, no Domain) in AWS; the plain name on http://localhost. */
export const cookieName = (name: string, secure: boolean): string => (secure ? `__Host-${name}` : name);

/** A cookie of the public app: HttpOnly, SameSite=Lax, Path=/, Secure in AWS; a session cookie unless maxAge. */
export function cookieHeader(name: string, value: string, secure: boolean, maxAgeSeconds?: number): string {
  return [
    `${cookieName(name, secure)}=${value}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    ...(secure ? ['Secure'] : []),
    ...(maxAgeSeconds === undefined ? [] : [`Max-Age=${maxAgeSeconds}`]),
  ].join('; ');
}

/** The form-token cookie's name (before the `__Host-` prefix). */
export const FORM_COOKIE = 'vf-public-form';

/** The form field every public form carries the token in. */
export const FORM_TOKEN_FIELD = 'formToken';

/** A fresh random value for a cookie: 32 bytes, base64url. */
export const randomToken = (): string => randomBytes(32).toString('base64url');

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** The visitor's form token from their cookie, when they have a well-formed one. */
export function formTokenOf(request: WebRequest, secure: boolean): string | undefined {
  const value = request.cookies[cookieName(FORM_COOKIE, secure)];
  return value !== undefined && TOKEN.test(value) ? value : undefined;
}

/** A POST's Origin, when the browser sent one, is this site's own ("null" and anything unreadable are not). */
export function sameOrigin(request: WebRequest): boolean {
  const { origin, host } = request.headers;
  if (origin === undefined) return true;
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** Whether a POST's form token is the one in the visitor's cookie (compared in constant time). */
export function formTokenMatches(request: WebRequest, secure: boolean): boolean {
  const cookie = formTokenOf(request, secure);
  const sent = request.form[FORM_TOKEN_FIELD];
  if (cookie === undefined || sent === undefined || sent.length !== cookie.length) return false;
  return timingSafeEqual(Buffer.from(sent), Buffer.from(cookie));
}
