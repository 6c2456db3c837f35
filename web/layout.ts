import type { AuditAction } from '../shared/domain/audit.ts';
import { may, ROLE_NAMES } from '../shared/domain/roles.ts';
import type { WebAppDeps } from './deps.ts';
import { pageHeaders, type WebResponse } from './http.ts';
import { AGENCY_KEEPERS } from './pages/agencies.ts';
import { COMPLAINT_READERS } from './pages/complaint-access.ts';
import { CASE_FINDERS } from './pages/find-a-case.ts';
import { JOB_VIEWERS } from './pages/jobs.ts';
import type { PageContext, PageKit } from './pages/page-kit.ts';
import { RETURN_READERS } from './pages/returns.ts';
import { viewEnvironment } from './views.ts';

/**
 * The page kit every page module draws with: the GOV.UK layout with the navigation the person's roles
 * open, the plain message page, and the case audit. `casePage` is the case record's assessment and plan, given later.
 */
export function createPageKit(deps: WebAppDeps, casePage: PageKit['casePage']): PageKit {
  const env = viewEnvironment();
  const localMode = deps.localPeople !== undefined;
  // Signing out posts to the app, which sends the browser on to Cognito's logout: a form target too.
  const formTargets = deps.cognito ? [new URL(deps.cognito.signOutUrl()).origin] : [];

  const render = (
    ctx: PageContext,
    view: string,
    data: Record<string, unknown>,
    statusCode = 200,
    cookies: readonly string[] = [],
  ): WebResponse => {
    const person = ctx.session;
    const working = person !== undefined && may(person.roles, 'tasks:work');
    const seesJobs =
      person !== undefined && deps.targetHardening !== undefined && may(person.roles, JOB_VIEWERS);
    const seesReturns =
      person !== undefined && deps.returns !== undefined && may(person.roles, RETURN_READERS);
    const navigation = [
      ...(working
        ? [
            {
              href: '/tasks?view=mine',
              text: 'My tasks',
              active: ctx.request.path === '/tasks' && ctx.request.query.view === 'mine',
            },
            {
              href: '/tasks',
              text: 'Team queue',
              active: ctx.request.path === '/tasks' && ctx.request.query.view !== 'mine',
            },
          ]
        : []),
      // Who owns each case: a caseworker's own open cases; every caseworker's caseload for a team leader.
      ...(person !== undefined && deps.owners !== undefined && may(person.roles, 'cases:allocate')
        ? [{ href: '/caseloads', text: 'Caseloads', active: ctx.request.path.startsWith('/caseloads') }]
        : person !== undefined &&
            ((deps.owners !== undefined && may(person.roles, 'cases:read')) ||
              (deps.volunteers !== undefined && may(person.roles, 'assigned:list')))
          ? [{ href: '/cases/mine', text: 'My cases', active: ctx.request.path === '/cases/mine' }]
          : []),
      // Finding any case by reference, name, date of birth or postcode: the people who open cases.
      ...(person !== undefined && deps.caseSearch !== undefined && may(person.roles, CASE_FINDERS)
        ? [{ href: '/cases', text: 'Find a case', active: ctx.request.path === '/cases' }]
        : []),
      // Keying in a referral taken by phone, by e-mail or at a community event.
      ...(person !== undefined && deps.keyedReferrals !== undefined && may(person.roles, 'cases:change')
        ? [{ href: '/new-referral', text: 'Key in a referral', active: ctx.request.path === '/new-referral' }]
        : []),
      ...(person !== undefined &&
      deps.groupSessions !== undefined &&
      may(person.roles, 'group-sessions:record')
        ? [
            {
              href: '/group-sessions',
              text: 'Group sessions',
              active: ctx.request.path.startsWith('/group-sessions'),
            },
          ]
        : []),
      ...(person !== undefined && deps.quickQuestions !== undefined && may(person.roles, 'questions:answer')
        ? [{ href: '/questions', text: 'Quick questions', active: ctx.request.path.startsWith('/questions') }]
        : []),
      // Complaints about either lot (docs/complaints.md): Lot 1's staff, Lot 2's contractor and the analyst.
      ...(person !== undefined && deps.complaints !== undefined && may(person.roles, COMPLAINT_READERS)
        ? [
            {
              href: '/complaints-received',
              text: 'Complaints',
              active: ctx.request.path.startsWith('/complaints-received'),
            },
          ]
        : []),
      // Open web chats, answered by the call-taker on the rota (docs/web-chat.md).
      ...(person !== undefined && deps.openChats !== undefined && may(person.roles, 'cases:change')
        ? [{ href: '/open-chats', text: 'Open chats', active: ctx.request.path.startsWith('/open-chats') }]
        : []),
      ...(seesJobs
        ? [
            {
              href: '/jobs',
              text: may(person.roles, 'jobs:work') ? 'Jobs' : 'Target hardening jobs',
              active: ctx.request.path.startsWith('/jobs'),
            },
          ]
        : []),
      ...(person !== undefined &&
      deps.targetHardening?.oversight !== undefined &&
      may(person.roles, 'jobs:oversee')
        ? [
            {
              href: '/oversight',
              text: 'Target hardening oversight',
              active: ctx.request.path.startsWith('/oversight'),
            },
          ]
        : []),
      ...(seesReturns
        ? [{ href: '/returns', text: 'Quarterly returns', active: ctx.request.path.startsWith('/returns') }]
        : []),
      ...(person !== undefined && deps.agencies !== undefined && may(person.roles, AGENCY_KEEPERS)
        ? [{ href: '/agencies', text: 'Agencies', active: ctx.request.path.startsWith('/agencies') }]
        : []),
      // Outcomes against targets (docs/outcomes.md): the survey upload, the targets, the improvement plans.
      ...(person !== undefined && deps.outcomes !== undefined
        ? [
            ...(may(person.roles, 'surveys:import')
              ? [{ href: '/surveys', text: 'Police survey', active: ctx.request.path === '/surveys' }]
              : []),
            ...(may(person.roles, 'targets:manage')
              ? [{ href: '/targets', text: 'Targets', active: ctx.request.path === '/targets' }]
              : []),
            ...(may(person.roles, 'plans:write')
              ? [
                  {
                    href: '/improvement-plans',
                    text: 'Improvement plans',
                    active: ctx.request.path.startsWith('/improvement-plans'),
                  },
                ]
              : []),
          ]
        : []),
      // The local system's own page of what it sent (no such page in AWS), open only to the people working
      // cases (local/server/local-server.ts checks the session).
      ...(localMode && working ? [{ href: '/outbox', text: 'Outbox' }] : []),
    ];
    const body = env.render(`${view}.njk`, {
      ...data,
      cspNonce: ctx.nonce,
      localMode,
      navigation,
      person,
      roleNames: person?.roles.map((role) => ROLE_NAMES[role]).join(', '),
      csrf: person?.csrf,
    });
    const renewed = person ? [deps.sessions.cookie({ ...person, seenAt: deps.clock.now().getTime() })] : [];
    return {
      statusCode,
      headers: pageHeaders(ctx.nonce, formTargets),
      body,
      cookies: [...renewed, ...cookies],
    };
  };

  const message = (
    ctx: PageContext,
    statusCode: number,
    title: string,
    paragraphs: string[],
    link?: { href: string; text: string },
  ) => render(ctx, 'message', { title, paragraphs, ...(link ? { link } : {}) }, statusCode);

  const audit = async (ctx: PageContext, caseId: string, action: AuditAction, what: string) => {
    if (!ctx.session) return;
    await deps.audit.record({
      caseId,
      user: ctx.session.user,
      role: ctx.session.roles.join('+'),
      action,
      what,
      at: deps.clock.now(),
      requestId: ctx.request.requestId,
    });
  };

  const { volunteers } = deps;
  const isAssigned = volunteers
    ? (user: string, caseId: string) => volunteers.isAssigned(caseId, user)
    : undefined;

  return { render, message, audit, casePage, ...(isAssigned ? { isAssigned } : {}) };
}
