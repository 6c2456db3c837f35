import type nunjucks from 'nunjucks';
import { SERVICE_CONTACT } from '../../shared/domain/messages/service-contact.ts';
import { pageHeaders, type WebResponse } from '../http.ts';
import { viewEnvironment } from '../views.ts';
import { FORM_TOKEN_FIELD } from './forms.ts';
import type { PublicRequest } from './routes.ts';

let environment: nunjucks.Environment | undefined;
const views = () => {
  environment ??= viewEnvironment();
  return environment;
};

/**
 * A public page (web/views/public/*.njk, each extending public/layout.njk): the same headers as the staff
 * app's pages (no-store, a CSP with the page's nonce, frame DENY), the visitor's form token for its forms,
 * and the service's contact details for the footer. No staff navigation, no session.
 */
export function publicPage(
  request: PublicRequest,
  view: string,
  data: Record<string, unknown>,
  statusCode = 200,
  cookies: readonly string[] = [],
  connectSources: readonly string[] = [],
): WebResponse {
  const body = views().render(`public/${view}.njk`, {
    ...data,
    cspNonce: request.nonce,
    formToken: request.formToken,
    formTokenField: FORM_TOKEN_FIELD,
    service: SERVICE_CONTACT,
  });
  return {
    statusCode,
    headers: pageHeaders(request.nonce, [], connectSources),
    body,
    ...(cookies.length > 0 ? { cookies: [...cookies] } : {}),
  };
}

/** A plain public page of a title and paragraphs (refusals, not found), with an optional link on. */
export function publicMessage(
  request: PublicRequest,
  statusCode: number,
  title: string,
  paragraphs: readonly string[],
  link?: { readonly href: string; readonly text: string },
): WebResponse {
  return publicPage(request, 'message', { title, paragraphs, ...(link ? { link } : {}) }, statusCode);
}
