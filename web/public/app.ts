import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
import { bodyLimit } from 'hono/body-limit';
import { serveAsset } from '../assets.ts';
import {
  MAX_FORM_BYTES,
  newNonce,
  pageHeaders,
  toResponse,
  type WebResponse,
  webRequestOf,
} from '../http.ts';
import type { PublicDeps } from './deps.ts';
import {
  cookieHeader,
  FORM_COOKIE,
  formTokenMatches,
  formTokenOf,
  randomToken,
  sameOrigin,
} from './forms.ts';
import { publicMessage } from './layout.ts';
import { createChatPages } from './pages/chat.ts';
import { createComplaintPages } from './pages/complaints.ts';
import { createOpenChatPages } from './pages/open-chat.ts';
import { createPartnerReferralPages } from './pages/partner-referral.ts';
import { createQuickQuestionsPages } from './pages/quick-questions.ts';
import { createSelfReferralPages } from './pages/self-referral.ts';
import type { PublicRequest, PublicRoute } from './routes.ts';

export type { PublicDeps } from './deps.ts';

/** Every area's rows, each mounted only when its deps are given. */
export function publicRoutes(deps: PublicDeps): readonly PublicRoute[] {
  const { referrals, quickQuestions, chat, openChats, complaints } = deps;
  return [
    ...(referrals ? createSelfReferralPages({ ...deps, referrals }) : []),
    ...(referrals ? createPartnerReferralPages({ ...deps, referrals }) : []),
    ...(quickQuestions ? createQuickQuestionsPages({ clock: deps.clock, quickQuestions }) : []),
    ...(complaints ? createComplaintPages({ clock: deps.clock, complaints }) : []),
    // Before the booked chat's `/chat/:token`, so `/chat/now` is the open chat's.
    ...(openChats ? createOpenChatPages({ ...deps, openChats }) : []),
    ...(chat
      ? createChatPages({
          ...deps,
          webChats: chat.webChats,
          ...(chat.connect ? { connect: chat.connect } : {}),
        })
      : []),
  ];
}

/**
 * The public pages (docs/public-pages.md): no sign-in, GOV.UK Design System pages for victims and partner
 * agencies, in AWS its own function (`public-pages`) behind the HTTP API's public routes, locally handed
 * its paths by `vf start`'s server. The same headers as the staff app's pages; GOV.UK Frontend's assets;
 * every POST from this site's own origin with the visitor's form token (web/public/forms.ts), or refused
 * with nothing read or written.
 */
export function createPublicApp(deps: PublicDeps): Hono {
  const app = new Hono();
  const secure = deps.secureCookies;

  app.use(
    bodyLimit({
      maxSize: MAX_FORM_BYTES,
      onError: () =>
        toResponse({ statusCode: 413, headers: pageHeaders(newNonce()), body: 'The form is too large.' }),
    }),
  );
  app.use(async (c, next) => {
    const asset = c.req.method === 'GET' ? serveAsset(new URL(c.req.url).pathname) : undefined;
    if (asset) return toResponse(asset);
    await next();
  });

  const routes = publicRoutes(deps);
  for (const route of routes) {
    app.on(route.method, route.path, async (c) => {
      const read = await webRequestOf(c);
      const existing = formTokenOf(read, secure);
      const request: PublicRequest = {
        ...read,
        params: c.req.param() as Record<string, string>,
        formLists: read.formLists ?? {},
        nonce: newNonce(),
        formToken: existing ?? randomToken(),
      };
      let answer: WebResponse;
      if (request.method === 'POST' && !sameOrigin(request))
        answer = publicMessage(request, 403, 'Form refused', ['The form did not come from this website.']);
      else if (request.method === 'POST' && !formTokenMatches(request, secure))
        answer = publicMessage(request, 403, 'Form refused', [
          'The form has expired or did not come from this website. Go back, reload the page and try again.',
        ]);
      else answer = await route.handler(request);
      // A first visit gets its form token's cookie with whatever page it is answered.
      if (existing === undefined)
        answer = {
          ...answer,
          cookies: [...(answer.cookies ?? []), cookieHeader(FORM_COOKIE, request.formToken, secure)],
        };
      return toResponse(answer);
    });
  }
  app.notFound(async (c) => {
    const read = await webRequestOf(c);
    const request: PublicRequest = { ...read, params: {}, formLists: {}, nonce: newNonce(), formToken: '' };
    return toResponse(
      publicMessage(request, 404, 'Page not found', ['If you typed the web address, check it is correct.']),
    );
  });
  return app;
}

/**
 * The public app as the Lambda function behind the HTTP API's public routes: the payload 2.0 event in, the
 * structured answer out (Hono's adapter).
 */
export function publicAppHandler(
  app: Hono,
): (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2> {
  const handler = handle(app);
  return async (event) =>
    (await handler(event as unknown as Parameters<typeof handler>[0])) as APIGatewayProxyStructuredResultV2;
}
