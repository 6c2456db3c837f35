import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
import { bodyLimit } from 'hono/body-limit';
import { isTaskId } from '../shared/domain/task.ts';
import { serveAsset } from './assets.ts';
import type { WebAppDeps } from './deps.ts';
import {
  MAX_FORM_BYTES,
  MAX_UPLOAD_BYTES,
  newNonce,
  pageHeaders,
  toResponse,
  UPLOAD_PATHS,
  type WebRequest,
  webRequestOf,
} from './http.ts';
import { createPageKit } from './layout.ts';
import { createAgencyPages } from './pages/agencies.ts';
import { createCaseRecord } from './pages/case.ts';
import { createCaseActions } from './pages/case-actions.ts';
import { createCaseloadPages } from './pages/caseloads.ts';
import { createClosurePages } from './pages/closure.ts';
import { createComplaintPages } from './pages/complaints.ts';
import { createContactPages } from './pages/contacts.ts';
import { createFindACasePage } from './pages/find-a-case.ts';
import { createGroupSessionPages } from './pages/group-sessions.ts';
import { createImprovementPlanPages } from './pages/improvement-plans.ts';
import { createJobOversightPages } from './pages/job-oversight.ts';
import { createJobPages } from './pages/jobs.ts';
import { createMhTriagePages } from './pages/mental-health-triage.ts';
import { createMilestonePages } from './pages/milestones.ts';
import { createMonthlySummaryPages } from './pages/monthly-summary.ts';
import { createNewReferralPage } from './pages/new-referral.ts';
import { createOpenChatRotaPages } from './pages/open-chat-rota.ts';
import { createOpenChatPages } from './pages/open-chats.ts';
import { createOutcomePages } from './pages/outcomes.ts';
import type { PageContext, PageKit } from './pages/page-kit.ts';
import { createQuickQuestionPages } from './pages/quick-questions.ts';
import { createRjPages } from './pages/restorative-justice.ts';
import { createReturnPages } from './pages/returns.ts';
import { createSignInPages } from './pages/sign-in.ts';
import { createSupportPlanPages } from './pages/support-plan.ts';
import { createTaskPages } from './pages/tasks.ts';
import { createVolunteerPages } from './pages/volunteers.ts';
import { createWebChatPages } from './pages/web-chat.ts';
import { type Route, registerRoutes } from './route-table.ts';
import { routeTable } from './routes.ts';
import { csrfMatches } from './session.ts';

export type { WebAppDeps } from './deps.ts';

/** What each request carries through the app: the page context, made once before routing. */
export type WebEnv = { Variables: { page: PageContext } };

/** A POST's Origin, when the browser sent one, is this app's own ("null" and anything unreadable are not). */
function sameOrigin(request: WebRequest): boolean {
  const { origin, host } = request.headers;
  if (origin === undefined) return true;
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** The page modules and the route table over them, as the app serves them. */
export function webRoutes(deps: WebAppDeps): { readonly kit: PageKit; readonly routes: readonly Route[] } {
  const kit = createPageKit(deps, (ctx, caseId, problem) => caseRecord.support(ctx, caseId, problem));
  const th = deps.targetHardening;
  const referring = th
    ? { jobs: th.jobs, workflows: th.workflows, store: deps.store, audit: deps.audit, clock: deps.clock }
    : undefined;
  const caseRecord = createCaseRecord(kit, deps, referring);
  const routes = routeTable({
    signIn: createSignInPages(kit, deps),
    tasks: createTaskPages(kit, deps),
    caseRecord,
    supportPlan: createSupportPlanPages(kit, deps),
    caseActions: createCaseActions(kit, deps, referring),
    closure: createClosurePages(kit, deps),
    ...(th
      ? {
          jobs: createJobPages(kit, {
            jobs: th.jobs,
            limits: th.limits,
            workflows: deps.workflows,
            clock: deps.clock,
            audit: deps.audit,
          }),
        }
      : {}),
    ...(deps.returns
      ? {
          returns: createReturnPages(kit, {
            returns: deps.returns.stored,
            submissions: deps.returns.submissions,
            clock: deps.clock,
            monthlySummaries:
              deps.contacts !== undefined &&
              deps.targetHardening !== undefined &&
              deps.complaints !== undefined &&
              deps.outcomes !== undefined,
          }),
        }
      : {}),
    // The monthly catch-up summary beside the returns, from the indexes by day.
    ...(deps.returns && deps.contacts && deps.targetHardening && deps.complaints && deps.outcomes
      ? {
          monthlySummary: createMonthlySummaryPages(kit, {
            store: deps.store,
            contacts: deps.contacts,
            thReferrals: deps.targetHardening.jobs,
            complaints: deps.complaints.complaints,
            plans: deps.outcomes,
            clock: deps.clock,
          }),
        }
      : {}),
    ...(th?.oversight
      ? {
          oversight: createJobOversightPages(kit, {
            oversight: th.oversight,
            jobs: th.jobs,
            audit: deps.audit,
            clock: deps.clock,
          }),
        }
      : {}),
    ...(deps.outcomes
      ? {
          outcomes: createOutcomePages(kit, { ...deps, outcomes: deps.outcomes }),
          improvementPlans: createImprovementPlanPages(kit, { ...deps, outcomes: deps.outcomes }),
        }
      : {}),
    ...(deps.agencies
      ? { agencies: createAgencyPages(kit, { agencies: deps.agencies, clock: deps.clock }) }
      : {}),
    ...(deps.owners ? { caseloads: createCaseloadPages(kit, { ...deps, owners: deps.owners }) } : {}),
    ...(deps.contacts
      ? {
          contacts: createContactPages(kit, {
            contacts: deps.contacts,
            store: deps.store,
            support: deps.support,
            audit: deps.audit,
            clock: deps.clock,
          }),
        }
      : {}),
    ...(deps.webChats && deps.contacts
      ? {
          webChat: createWebChatPages(kit, {
            ...deps,
            webChats: deps.webChats,
            contacts: deps.contacts,
            inConnect: deps.webChatsInConnect === true,
          }),
        }
      : {}),
    ...(deps.openChats
      ? ((open) => {
          // The rota team leaders keep, over the configured one until they save a pattern.
          const rota = { store: open.rotaStore, configured: open.rota };
          return {
            openChats: createOpenChatPages(kit, { openChats: open.chats, rota, clock: deps.clock }),
            openChatRota: createOpenChatRotaPages(kit, {
              rota,
              staff: deps.staff,
              clock: deps.clock,
              log: deps.log,
            }),
          };
        })(deps.openChats)
      : {}),
    ...(deps.restorativeJustice
      ? {
          restorativeJustice: createRjPages(kit, deps, deps.restorativeJustice),
          mentalHealthTriage: createMhTriagePages(kit, deps, deps.restorativeJustice),
        }
      : {}),
    ...(deps.complaints
      ? {
          complaints: createComplaintPages(kit, {
            ...deps.complaints,
            audit: deps.audit,
            clock: deps.clock,
            ...(deps.staff ? { staff: deps.staff } : {}),
          }),
        }
      : {}),
    ...(deps.quickQuestions
      ? {
          quickQuestions: createQuickQuestionPages(kit, {
            ...deps.quickQuestions,
            audit: deps.audit,
            clock: deps.clock,
          }),
        }
      : {}),
    ...(deps.groupSessions
      ? {
          groupSessions: createGroupSessionPages(kit, {
            sessions: deps.groupSessions,
            store: deps.store,
            support: deps.support,
            audit: deps.audit,
            clock: deps.clock,
          }),
        }
      : {}),
    ...(deps.reEngagement
      ? {
          milestones: createMilestonePages(kit, {
            ...deps.reEngagement,
            store: deps.store,
            support: deps.support,
            audit: deps.audit,
            clock: deps.clock,
          }),
        }
      : {}),
    ...(deps.volunteers && deps.owners
      ? {
          volunteers: createVolunteerPages(kit, {
            volunteers: deps.volunteers,
            owners: deps.owners,
            support: deps.support,
            audit: deps.audit,
            store: deps.store,
            clock: deps.clock,
            ...(deps.staff ? { staff: deps.staff } : {}),
          }),
        }
      : {}),
    ...(deps.keyedReferrals
      ? {
          newReferral: createNewReferralPage(kit, {
            store: deps.store,
            clock: deps.clock,
            workflows: deps.keyedReferrals.workflows,
          }),
        }
      : {}),
    ...(deps.caseSearch
      ? {
          findACase: createFindACasePage(kit, {
            caseSearch: deps.caseSearch,
            store: deps.store,
            support: deps.support,
            clock: deps.clock,
            ...(deps.log ? { log: deps.log } : {}),
          }),
        }
      : {}),
  });
  return { kit, routes };
}

/**
 * The caseworker and team-leader web app (docs/web-app.md: server-rendered, GOV.UK Design System and MOJ
 * components), on Hono: in AWS behind the HTTP API (`webAppHandler`), locally inside `vf start`'s server.
 * Every route states who may use it in one table (web/routes.ts) and the check is made from it; every POST
 * carries the session's form token and comes from this app's own origin; every view and change of a case
 * is audited.
 */
export function createWebApp(deps: WebAppDeps): Hono<WebEnv> {
  const { kit, routes } = webRoutes(deps);
  const app = new Hono<WebEnv>();
  const refuse = (ctx: PageContext, status: number, title: string, paragraph: string) =>
    toResponse(kit.message(ctx, status, title, [paragraph]));

  const tooLarge = () =>
    toResponse({ statusCode: 413, headers: pageHeaders(newNonce()), body: 'The form is too large.' });
  const formLimit = bodyLimit({ maxSize: MAX_FORM_BYTES, onError: tooLarge });
  // The survey upload takes a file; every other form stays small.
  const uploadLimit = bodyLimit({ maxSize: MAX_UPLOAD_BYTES, onError: tooLarge });
  app.use((c, next) => (UPLOAD_PATHS.has(new URL(c.req.url).pathname) ? uploadLimit : formLimit)(c, next));
  // The same for everyone: served before the session is read, so a page's stylesheets and scripts cost
  // no read of the session record and no check of the person's roles (web/session.ts `RoleCheck`).
  app.use(async (c, next) => {
    const asset = c.req.method === 'GET' ? serveAsset(new URL(c.req.url).pathname) : undefined;
    if (asset) return toResponse(asset);
    await next();
  });
  // The request as the pages read it, and who sends it: a session whose roles are checked on this read
  // comes back checked, and the page renews its cookie.
  app.use(async (c, next) => {
    const request = await webRequestOf(c);
    const session = await deps.sessions.fromCookies(request.cookies, deps.clock.now());
    c.set('page', { request, session, nonce: newNonce() });
    await next();
  });
  // Forms post only from this app: a session's form token, and no cross-site origin.
  app.use(async (c, next) => {
    const ctx = c.get('page');
    const { request, session } = ctx;
    if (request.method === 'POST') {
      if (!sameOrigin(request))
        return refuse(ctx, 403, 'Form refused', 'The form did not come from this service.');
      if (request.path !== '/sign-in' && (!session || !csrfMatches(session, request.form.csrf)))
        return refuse(
          ctx,
          403,
          'Form refused',
          'The form has expired or did not come from this service. Go back, reload the page and try again.',
        );
    }
    // Malformed percent-encoding (`%E0%A4%A`): no page has such an address.
    try {
      for (const part of request.path.split('/')) decodeURIComponent(part);
    } catch {
      return refuse(ctx, 404, 'Page not found', 'There is no page at this address.');
    }
    await next();
  });
  // A task id that cannot be one (too long for a key, wrong shape) names no task: not a database error.
  app.use('/tasks/:taskId/*', async (c, next) => {
    if (!isTaskId(c.req.param('taskId'))) {
      return refuse(c.get('page'), 404, 'Task not found', 'There is no task at this address.');
    }
    await next();
  });
  registerRoutes(app, kit, routes);
  app.notFound((c) =>
    refuse(c.get('page'), 404, 'Page not found', 'If you typed the web address, check it is correct.'),
  );
  return app;
}

/**
 * The web app as the Lambda function behind the HTTP API's default route: the payload 2.0 event in, the
 * structured answer out (Hono's adapter; its own event type is that of @types/aws-lambda, loosened).
 */
export function webAppHandler(
  app: Hono<WebEnv>,
): (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2> {
  const handler = handle(app);
  return async (event) =>
    (await handler(event as unknown as Parameters<typeof handler>[0])) as APIGatewayProxyStructuredResultV2;
}
