import type { WebRequest, WebResponse } from '../http.ts';

/**
 * The public pages' addresses (docs/public-pages.md): every path under these is the public app's, served by
 * the `public-pages` function in AWS and handed to the public app by `vf start`'s server. Nothing else is.
 */
export const PUBLIC_PATH_PREFIXES = [
  '/self-referral',
  '/partner-referral',
  '/quick-questions',
  '/chat',
  '/complaints',
] as const;

/** Whether a path is one of the public app's: a prefix itself or anything under it. */
export const isPublicPath = (path: string): boolean =>
  PUBLIC_PATH_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));

/**
 * A request as a public page reads it: the request as web/http.ts reads it, the path's `:name` segments
 * decoded, the page's CSP nonce, and the visitor's form token (web/public/forms.ts), which every form the
 * page draws carries back.
 */
export interface PublicRequest extends WebRequest {
  readonly params: Readonly<Record<string, string>>;
  /** A posted form's values, every one of a name given more than once (a set of checkboxes). */
  readonly formLists: Readonly<Record<string, readonly string[]>>;
  readonly nonce: string;
  readonly formToken: string;
}

/** One row of the public route table: method, path (Hono's `:name` segments), and its handler. */
export interface PublicRoute {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly handler: (request: PublicRequest) => Promise<WebResponse>;
}
