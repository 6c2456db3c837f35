import { randomBytes } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { parseCookie } from 'cookie';

/** A request as the pages read it: from an HTTP API event, in AWS and on the local server alike. */
export interface WebRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly form: Readonly<Record<string, string>>;
  readonly cookies: Readonly<Record<string, string | undefined>>;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly requestId: string;
}

export type WebResponse = APIGatewayProxyStructuredResultV2;

/** The largest form the app reads; no form of the service comes near it. */
const MAX_FORM_BYTES = 64 * 1024;

export class FormTooLargeError extends Error {
  override name = 'FormTooLargeError';
}

/** Reads the HTTP API event: path, query, cookies, and the form of a POST (urlencoded). */
export function webRequestOf(event: APIGatewayProxyEventV2): WebRequest {
  const headers = Object.fromEntries(
    Object.entries(event.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
  );
  const cookieHeader = event.cookies?.join('; ') ?? headers.cookie ?? '';
  let form: Record<string, string> = {};
  if (event.body && (headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
    const body = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
    if (Buffer.byteLength(body) > MAX_FORM_BYTES) throw new FormTooLargeError('the form is too large');
    form = Object.fromEntries(new URLSearchParams(body));
  }
  return {
    method: event.requestContext.http.method.toUpperCase(),
    path: event.rawPath || event.requestContext.http.path,
    query: Object.fromEntries(new URLSearchParams(event.rawQueryString ?? '')),
    form,
    cookies: parseCookie(cookieHeader),
    headers,
    requestId: event.requestContext.requestId,
  };
}

/** A fresh nonce for the page's one inline script (the template's `js-enabled` line). */
export const newNonce = () => randomBytes(16).toString('base64');

/** The headers every page carries: no caching of victims' data, a strict content security policy. */
export function pageHeaders(nonce: string, formTargets: readonly string[] = []): Record<string, string> {
  return {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    // Not no-referrer: with it Chromium sends `Origin: null` on the app's own forms.
    'referrer-policy': 'same-origin',
    'x-frame-options': 'DENY',
    'content-security-policy': [
      "default-src 'self'",
      `script-src 'self' 'nonce-${nonce}'`,
      "style-src 'self'",
      "img-src 'self' data:",
      "font-src 'self'",
      `form-action 'self'${formTargets.map((origin) => ` ${origin}`).join('')}`,
      "frame-ancestors 'none'",
      "base-uri 'none'",
    ].join('; '),
  };
}

export function redirect(location: string, cookies: readonly string[] = []): WebResponse {
  return {
    statusCode: 303,
    headers: { location, 'cache-control': 'no-store' },
    ...(cookies.length > 0 ? { cookies: [...cookies] } : {}),
  };
}
