import { randomBytes, randomUUID } from 'node:crypto';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';

/** A request as the pages read it, in AWS (through the HTTP API) and on the local server alike. */
export interface WebRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly form: Readonly<Record<string, string>>;
  /** The form's values by name, every one of a name sent more than once (a set of checkboxes). */
  readonly formLists?: Readonly<Record<string, readonly string[]>>;
  /** A multipart form's files by field name (the analyst's survey upload): its name and bytes. */
  readonly files?: Readonly<Record<string, { readonly name: string; readonly bytes: Uint8Array }>>;
  readonly cookies: Readonly<Record<string, string | undefined>>;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly requestId: string;
}

export type WebResponse = APIGatewayProxyStructuredResultV2;

/** The largest form the app reads; no form of the service comes near it. */
export const MAX_FORM_BYTES = 64 * 1024;

/** The one page taking a file (the police survey, at most 2 MiB), and the largest upload it reads. */
export const UPLOAD_PATHS: ReadonlySet<string> = new Set(['/surveys']);
export const MAX_UPLOAD_BYTES = 3 * 1024 * 1024;

/**
 * Reads the request as the pages read it: path, query, cookies (Hono's cookie helper), and the form of a
 * POST when it is urlencoded (a body of another type is not read). The request id is API Gateway's in
 * AWS, so a page's audit entries carry the id the access log has; on the local server a fresh one.
 */
export async function webRequestOf(c: Context): Promise<WebRequest> {
  const headers: Record<string, string> = {};
  c.req.raw.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const isForm = (headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
  const url = new URL(c.req.url);
  const isUpload =
    c.req.method === 'POST' &&
    UPLOAD_PATHS.has(url.pathname) &&
    (headers['content-type'] ?? '').startsWith('multipart/form-data');
  const body = c.req.method === 'POST' && isForm ? await c.req.text() : '';
  const { fields, files } = isUpload ? await multipartOf(c) : { fields: undefined, files: undefined };
  const event = (c.env as { event?: { requestContext?: { requestId?: string } } } | undefined)?.event;
  const lists: Record<string, string[]> = {};
  for (const [name, value] of new URLSearchParams(body)) lists[name] = [...(lists[name] ?? []), value];
  return {
    method: c.req.method.toUpperCase(),
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    form: fields ?? (body ? Object.fromEntries(new URLSearchParams(body)) : {}),
    formLists: lists,
    ...(files ? { files } : {}),
    cookies: getCookie(c),
    headers,
    requestId: event?.requestContext?.requestId ?? randomUUID(),
  };
}

/** A multipart form's text fields and files; a body that is not one reads as an empty form. */
async function multipartOf(c: Context): Promise<{
  fields: Record<string, string>;
  files: Record<string, { name: string; bytes: Uint8Array }>;
}> {
  const fields: Record<string, string> = {};
  const files: Record<string, { name: string; bytes: Uint8Array }> = {};
  try {
    for (const [name, value] of await c.req.raw.formData()) {
      if (typeof value === 'string') fields[name] = value;
      else files[name] = { name: value.name, bytes: new Uint8Array(await value.arrayBuffer()) };
    }
  } catch {
    return { fields: {}, files: {} };
  }
  return { fields, files };
}

/** A page's answer as the HTTP response Hono sends (a base64 body decoded; each cookie its own header). */
export function toResponse(page: WebResponse): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(page.headers ?? {})) headers.set(name, String(value));
  for (const cookie of page.cookies ?? []) headers.append('set-cookie', cookie);
  const body = page.body ?? '';
  const status = page.statusCode ?? 200;
  return new Response(
    status === 204 || status === 304 ? null : page.isBase64Encoded ? Buffer.from(body, 'base64') : body,
    { status, headers },
  );
}

/** A fresh nonce for the page's one inline script (the template's `js-enabled` line). */
export const newNonce = () => randomBytes(16).toString('base64');

/**
 * The headers every page carries: no caching of victims' data, a strict content security policy. A page
 * may name other origins its forms post to, and origins its scripts connect to (the victim's Amazon
 * Connect chat page: Connect's participant service and its WebSocket).
 */
export function pageHeaders(
  nonce: string,
  formTargets: readonly string[] = [],
  connectSources: readonly string[] = [],
): Record<string, string> {
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
      ...(connectSources.length > 0 ? [`connect-src 'self' ${connectSources.join(' ')}`] : []),
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
