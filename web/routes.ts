import { may, type Permission } from '../shared/domain/roles.ts';
import { complaintRoutes } from './complaint-routes.ts';
import type { WebResponse } from './http.ts';
import type { createAgencyPages } from './pages/agencies.ts';
import { AGENCY_KEEPERS } from './pages/agencies.ts';
import type { createCaseRecord } from './pages/case.ts';
import type { createCaseActions } from './pages/case-actions.ts';
import type { createCaseloadPages } from './pages/caseloads.ts';
import { CASE_REOPENERS, type createClosurePages } from './pages/closure.ts';
import type { createComplaintPages } from './pages/complaints.ts';
import type { createContactPages } from './pages/contacts.ts';
import { CASE_FINDERS, type createFindACasePage } from './pages/find-a-case.ts';
import type { createGroupSessionPages } from './pages/group-sessions.ts';
import type { createImprovementPlanPages } from './pages/improvement-plans.ts';
import type { createJobOversightPages } from './pages/job-oversight.ts';
import type { createJobPages } from './pages/jobs.ts';
import { JOB_VIEWERS } from './pages/jobs.ts';
import type { createMhTriagePages } from './pages/mental-health-triage.ts';
import type { createMilestonePages } from './pages/milestones.ts';
import type { createMonthlySummaryPages } from './pages/monthly-summary.ts';
import type { createNewReferralPage } from './pages/new-referral.ts';
import type { createOpenChatRotaPages } from './pages/open-chat-rota.ts';
import type { createOpenChatPages } from './pages/open-chats.ts';
import { outcomeRoutes } from './pages/outcome-routes.ts';
import type { createOutcomePages } from './pages/outcomes.ts';
import type { SignedInContext } from './pages/page-kit.ts';
import type { createQuickQuestionPages } from './pages/quick-questions.ts';
import type { createRjPages } from './pages/restorative-justice.ts';
import type { createReturnPages } from './pages/returns.ts';
import { RETURN_READERS, RETURN_SUBMITTERS } from './pages/returns.ts';
import type { createSignInPages } from './pages/sign-in.ts';
import type { createSupportPlanPages } from './pages/support-plan.ts';
import type { createTaskPages } from './pages/tasks.ts';
import type { createVolunteerPages } from './pages/volunteers.ts';
import type { createWebChatPages } from './pages/web-chat.ts';
import type { Route, RouteParams } from './route-table.ts';

/** The page modules the routes call; the optional ones exist when the app has what they need. */
export interface WebPages {
  readonly signIn: ReturnType<typeof createSignInPages>;
  readonly tasks: ReturnType<typeof createTaskPages>;
  readonly caseRecord: ReturnType<typeof createCaseRecord>;
  readonly supportPlan: ReturnType<typeof createSupportPlanPages>;
  readonly caseActions: ReturnType<typeof createCaseActions>;
  readonly closure: ReturnType<typeof createClosurePages>;
  readonly jobs?: ReturnType<typeof createJobPages>;
  readonly oversight?: ReturnType<typeof createJobOversightPages>;
  readonly returns?: ReturnType<typeof createReturnPages>;
  readonly monthlySummary?: ReturnType<typeof createMonthlySummaryPages>;
  readonly agencies?: ReturnType<typeof createAgencyPages>;
  readonly groupSessions?: ReturnType<typeof createGroupSessionPages>;
  readonly caseloads?: ReturnType<typeof createCaseloadPages>;
  readonly findACase?: ReturnType<typeof createFindACasePage>;
  readonly contacts?: ReturnType<typeof createContactPages>;
  /** A self-referrer's booked web chat: the caseworker's side of it. */
  readonly webChat?: ReturnType<typeof createWebChatPages>;
  /** Open web chats: the call-taker on the rota answers them. */
  readonly openChats?: ReturnType<typeof createOpenChatPages>;
  /** The call-taking rota: caseworkers read it, team leaders keep it. */
  readonly openChatRota?: ReturnType<typeof createOpenChatRotaPages>;
  readonly newReferral?: ReturnType<typeof createNewReferralPage>;
  readonly milestones?: ReturnType<typeof createMilestonePages>;
  readonly restorativeJustice?: ReturnType<typeof createRjPages>;
  readonly mentalHealthTriage?: ReturnType<typeof createMhTriagePages>;
  readonly volunteers?: ReturnType<typeof createVolunteerPages>;
  readonly quickQuestions?: ReturnType<typeof createQuickQuestionPages>;
  readonly complaints?: ReturnType<typeof createComplaintPages>;
  /** The police survey upload and the year's targets (docs/outcomes.md). */
  readonly outcomes?: ReturnType<typeof createOutcomePages>;
  readonly improvementPlans?: ReturnType<typeof createImprovementPlanPages>;
}

/** A refusal on a case's page is recorded in that case's audit. */
const onTheCase = { auditedOn: (params: RouteParams) => params.caseId } as const;

/** A page of one case: who may use it, its refusals recorded in the case's audit, its handler given the case id. */
const onCase = (
  method: 'GET' | 'POST',
  path: string,
  permission: Permission | readonly Permission[],
  handler: (ctx: SignedInContext, caseId: string) => Promise<WebResponse>,
): Route => ({
  method,
  path,
  permission,
  refusal: onTheCase,
  handler: (ctx, params) => handler(ctx, params.caseId ?? ''),
});

/** A page of one thing on a case (`:number`, say): as onCase, its handler also given the thing's id. */
const onCaseItem = (
  method: 'GET' | 'POST',
  path: `/cases/:caseId/${string}/:item${string}`,
  permission: Permission | readonly Permission[],
  handler: (ctx: SignedInContext, caseId: string, item: string | undefined) => Promise<WebResponse>,
): Route => ({
  method,
  path,
  permission,
  refusal: onTheCase,
  handler: (ctx, params) => handler(ctx, params.caseId ?? '', params.item),
});

/**
 * Every page of the web app: its method, path, who may use it and what answers it (docs/web-app.md). The
 * access check is made once, from this table, before a handler runs (web/route-table.ts); a path not here
 * is not found.
 */
export function routeTable(pages: WebPages): readonly Route[] {
  const { oversight } = pages;
  const { signIn, tasks, supportPlan, caseActions, jobs, returns, agencies, findACase, contacts, caseloads } =
    pages;
  const { milestones, volunteers } = pages;
  const { groupSessions, newReferral, quickQuestions, monthlySummary, complaints } = pages;
  const { outcomes, improvementPlans } = pages;
  const rj = pages.restorativeJustice;
  const triage = pages.mentalHealthTriage;
  // A volunteer opens a case's overview and contacts, and logs contacts, only on a case assigned to them:
  // these permissions hold per case, checked by the route table before the handler (web/route-table.ts).
  const reading: readonly Permission[] = volunteers ? ['cases:read', 'assigned:read'] : ['cases:read'];
  const logging: readonly Permission[] = volunteers
    ? ['cases:change', 'assigned:contacts']
    : ['cases:change'];
  const task = (p: RouteParams) => p.taskId ?? '';
  const refer = caseActions.targetHardening;
  const jobRefusal = jobs && { auditedOn: (p: RouteParams) => jobs.jobIdOf(p.jobId ?? ''), what: 'job' };
  return [
    // Signing in and out, and the home page that sends each person to their own work.
    { method: 'GET', path: '/', permission: 'anyone', handler: signIn.home },
    { method: 'GET', path: '/sign-in', permission: 'anyone', handler: signIn.signIn },
    { method: 'POST', path: '/sign-in', permission: 'anyone', handler: signIn.signInPost },
    { method: 'GET', path: '/auth/callback', permission: 'anyone', handler: signIn.cognitoCallback },
    { method: 'GET', path: '/signed-out', permission: 'anyone', handler: signIn.signedOut },
    { method: 'POST', path: '/sign-out', permission: 'anyone', handler: signIn.signOutPost },

    // A referral taken by phone, by e-mail or at a community event, keyed in by a caseworker or team leader.
    ...(newReferral
      ? ([
          { method: 'GET', path: '/new-referral', permission: 'cases:change', handler: newReferral.form },
          { method: 'POST', path: '/new-referral', permission: 'cases:change', handler: newReferral.post },
        ] satisfies Route[])
      : []),

    // Tasks: the queues, one task, its outcome, claiming it and giving it to a caseworker.
    { method: 'GET', path: '/tasks', permission: 'tasks:work', handler: (ctx) => tasks.queue(ctx) },
    {
      method: 'GET',
      path: '/tasks/:taskId',
      permission: 'tasks:work',
      handler: (ctx, p) => tasks.task(ctx, task(p)),
    },
    {
      method: 'POST',
      path: '/tasks/:taskId/complete',
      permission: 'tasks:work',
      handler: (ctx, p) => tasks.complete(ctx, task(p)),
    },
    {
      method: 'POST',
      path: '/tasks/:taskId/claim',
      permission: 'tasks:work',
      handler: (ctx, p) => tasks.claim(ctx, task(p)),
    },
    {
      method: 'POST',
      path: '/tasks/:taskId/assign',
      permission: 'tasks:allocate',
      handler: (ctx, p) => tasks.assign(ctx, task(p)),
    },

    // Who owns each case: My cases, the team leader's caseloads, allocating a case. `/cases/mine` comes
    // before `/cases/:caseId`, so it is not read as a case reference.
    ...(caseloads
      ? ([
          {
            method: 'GET',
            path: '/cases/mine',
            permission: volunteers ? ['cases:read', 'assigned:list'] : 'cases:read',
            // A volunteer's My cases lists the cases assigned to them; a caseworker's, the cases they own.
            handler: (ctx: SignedInContext) =>
              volunteers && !may(ctx.session.roles, 'cases:read')
                ? volunteers.myCases(ctx)
                : caseloads.myCases(ctx),
          },
          {
            method: 'GET',
            path: '/caseloads',
            permission: 'cases:allocate',
            handler: (ctx) => caseloads.caseloads(ctx),
          },
          {
            method: 'GET',
            path: '/caseloads/:user',
            permission: 'cases:allocate',
            handler: (ctx, p) => caseloads.caseload(ctx, p.user ?? ''),
          },
          onCase('GET', '/cases/:caseId/allocation', 'cases:allocate', caseloads.allocation),
          onCase('POST', '/cases/:caseId/allocation', 'cases:allocate', caseloads.allocate),
        ] satisfies Route[])
      : []),

    // Finding a case by reference, name, date of birth or postcode: no case is named, so a refusal is
    // audited on none.
    ...(findACase
      ? ([
          {
            method: 'GET',
            path: '/cases',
            permission: CASE_FINDERS,
            handler: (ctx) => findACase.findPage(ctx),
          },
          // The search is posted, so no victim's details are in an address; the results answer the post.
          {
            method: 'POST',
            path: '/cases',
            permission: CASE_FINDERS,
            handler: (ctx) => findACase.search(ctx),
          },
        ] satisfies Route[])
      : []),

    // The case, its needs assessment and support plan.
    onCase('GET', '/cases/:caseId', reading, pages.caseRecord.overview),
    onCase('GET', '/cases/:caseId/support', 'cases:read', pages.caseRecord.support),
    onCase('GET', '/cases/:caseId/timeline', 'cases:read', pages.caseRecord.timeline),
    onCase('GET', '/cases/:caseId/messages', 'cases:read', pages.caseRecord.messages),
    onCase('GET', '/cases/:caseId/assessment', 'cases:change', supportPlan.assessment),
    onCase('POST', '/cases/:caseId/assessment', 'cases:change', supportPlan.saveAssessment),
    onCase('GET', '/cases/:caseId/plan', 'cases:change', supportPlan.plan),
    onCase('POST', '/cases/:caseId/plan', 'cases:change', supportPlan.addAction),

    // What is recorded from the assessment and plan, each on a page of its own that posts to itself.
    // Restorative justice as a process where the app keeps it (web/pages/restorative-justice.ts), else the
    // victim's request and a team leader's decision alone.
    ...(rj
      ? ([
          onCase('GET', '/cases/:caseId/restorative-justice', 'cases:change', rj.offerPage),
          onCase('POST', '/cases/:caseId/restorative-justice', 'cases:change', rj.offer),
          onCase('GET', '/cases/:caseId/restorative-justice-decision', 'rj:approve', rj.decisionPage),
          onCase('POST', '/cases/:caseId/restorative-justice-decision', 'rj:approve', rj.decide),
          onCase('GET', '/cases/:caseId/restorative-justice-stage', 'cases:change', rj.stagePage),
          onCase('POST', '/cases/:caseId/restorative-justice-stage', 'cases:change', rj.recordStage),
        ] satisfies Route[])
      : ([
          onCase('GET', '/cases/:caseId/restorative-justice', 'cases:change', caseActions.rjRequestPage),
          onCase('POST', '/cases/:caseId/restorative-justice', 'cases:change', caseActions.requestRj),
          onCase(
            'GET',
            '/cases/:caseId/restorative-justice-decision',
            'rj:approve',
            caseActions.rjDecisionPage,
          ),
          onCase('POST', '/cases/:caseId/restorative-justice-decision', 'rj:approve', caseActions.decideRj),
        ] satisfies Route[])),
    // A referral to the mental health nurses, and the nurse's triage outcome on it.
    ...(triage
      ? ([
          onCase('GET', '/cases/:caseId/mental-health-triage', 'cases:change', triage.referPage),
          onCase('POST', '/cases/:caseId/mental-health-triage', 'cases:change', triage.refer),
          onCaseItem('GET', '/cases/:caseId/mental-health-triage/:item', 'cases:change', triage.outcomePage),
          onCaseItem(
            'POST',
            '/cases/:caseId/mental-health-triage/:item',
            'cases:change',
            triage.recordOutcome,
          ),
        ] satisfies Route[])
      : []),
    onCase('GET', '/cases/:caseId/hardship', 'cases:change', caseActions.hardshipPage),
    onCase('POST', '/cases/:caseId/hardship', 'cases:change', caseActions.payHardship),
    onCase('GET', '/cases/:caseId/onward-referral', 'cases:change', caseActions.onwardReferralPage),
    onCase('POST', '/cases/:caseId/onward-referral', 'cases:change', caseActions.referOnward),
    onCase('POST', '/cases/:caseId/close', 'cases:change', pages.closure.closePost),
    // Closing the case with its reason, and reopening a closed case.
    onCase('GET', '/cases/:caseId/close', 'cases:change', pages.closure.closePage),
    onCase('GET', '/cases/:caseId/reopen', CASE_REOPENERS, pages.closure.reopenPage),
    onCase('POST', '/cases/:caseId/reopen', CASE_REOPENERS, pages.closure.reopenPost),
    ...(refer
      ? ([
          onCase('GET', '/cases/:caseId/target-hardening', 'jobs:refer', refer.page),
          onCase('POST', '/cases/:caseId/target-hardening', 'jobs:refer', refer.refer),
        ] satisfies Route[])
      : []),

    // The contact log: every contact with the victim after the first.
    ...(contacts
      ? ([
          onCase('GET', '/cases/:caseId/contacts', reading, contacts.list),
          onCase('GET', '/cases/:caseId/contacts/new', logging, contacts.form),
          onCase('POST', '/cases/:caseId/contacts', logging, contacts.log),
        ] satisfies Route[])
      : []),

    // A booked web chat: the caseworker reads and writes it, and ends it (the transcript kept on the case).
    ...(pages.webChat
      ? ([
          onCase('GET', '/cases/:caseId/web-chat', 'cases:change', pages.webChat.page),
          onCase('POST', '/cases/:caseId/web-chat', 'cases:change', pages.webChat.say),
          onCase('POST', '/cases/:caseId/web-chat/end', 'cases:change', pages.webChat.end),
        ] satisfies Route[])
      : []),

    // The call-taking rota: caseworkers read it, team leaders keep it. Before the chats' `/open-chats/:chatId`.
    ...(pages.openChatRota
      ? ((rota) =>
          [
            { method: 'GET', path: '/open-chats/rota', permission: 'cases:change', handler: rota.page },
            {
              method: 'POST',
              path: '/open-chats/rota/pattern',
              permission: 'rota:keep',
              handler: rota.savePattern,
            },
            {
              method: 'POST',
              path: '/open-chats/rota/cover',
              permission: 'rota:keep',
              handler: rota.setCover,
            },
          ] satisfies Route[])(pages.openChatRota)
      : []),

    // Open web chats: caseworkers and team leaders see them; the rota's call-taker or a team leader answers.
    ...(pages.openChats
      ? ((open) =>
          [
            { method: 'GET', path: '/open-chats', permission: 'cases:change', handler: open.list },
            {
              method: 'GET',
              path: '/open-chats/:chatId',
              permission: 'cases:change',
              handler: (ctx, p) => open.page(ctx, p.chatId),
            },
            {
              method: 'POST',
              path: '/open-chats/:chatId',
              permission: 'cases:change',
              handler: (ctx, p) => open.say(ctx, p.chatId),
            },
            {
              method: 'POST',
              path: '/open-chats/:chatId/end',
              permission: 'cases:change',
              handler: (ctx, p) => open.end(ctx, p.chatId),
            },
          ] satisfies Route[])(pages.openChats)
      : []),

    // A case's volunteers: a team leader assigns one to a case in long support, and ends the assignment.
    ...(volunteers
      ? ([
          onCase('GET', '/cases/:caseId/volunteers', 'volunteers:assign', volunteers.page),
          onCase('POST', '/cases/:caseId/volunteers', 'volunteers:assign', volunteers.assign),
          onCase('POST', '/cases/:caseId/volunteers/unassign', 'volunteers:assign', volunteers.unassign),
        ] satisfies Route[])
      : []),

    // Court and release dates, and the re-engagement calls raised before them.
    ...(milestones
      ? ([
          onCase('GET', '/cases/:caseId/milestones', 'cases:read', milestones.list),
          onCase('GET', '/cases/:caseId/milestones/new', 'cases:change', milestones.form),
          onCase('POST', '/cases/:caseId/milestones', 'cases:change', milestones.record),
          onCaseItem(
            'GET',
            '/cases/:caseId/milestones/:item/withdraw',
            'cases:change',
            milestones.withdrawForm,
          ),
          onCaseItem('POST', '/cases/:caseId/milestones/:item/withdraw', 'cases:change', milestones.withdraw),
        ] satisfies Route[])
      : []),

    // The contractor's target-hardening jobs (team leaders see them too).
    ...(jobs && jobRefusal
      ? ([
          { method: 'GET', path: '/jobs', permission: JOB_VIEWERS, handler: (ctx) => jobs.jobsPage(ctx) },
          {
            method: 'GET',
            path: '/jobs/:jobId',
            permission: JOB_VIEWERS,
            refusal: jobRefusal,
            handler: (ctx, p) => jobs.jobPage(ctx, p.jobId ?? ''),
          },
          ...(['booking', 'visit', 'follow-up'] as const).map(
            (stage): Route => ({
              method: 'POST',
              path: `/jobs/:jobId/${stage}`,
              permission: 'jobs:work',
              refusal: jobRefusal,
              handler: (ctx, p) => jobs.recordPost(ctx, p.jobId ?? '', stage),
            }),
          ),
        ] satisfies Route[])
      : []),

    // Guarantees and requests the contractor records on a job; the commissioner's office decides them and
    // inspects a sample of completed works.
    ...(oversight && jobRefusal
      ? ([
          {
            method: 'GET',
            path: '/jobs/:jobId/requests',
            permission: 'jobs:work',
            refusal: jobRefusal,
            handler: (ctx, p) => oversight.requestsPage(ctx, p.jobId ?? ''),
          },
          {
            method: 'POST',
            path: '/jobs/:jobId/requests',
            permission: 'jobs:work',
            refusal: jobRefusal,
            handler: (ctx, p) => oversight.requestPost(ctx, p.jobId ?? ''),
          },
          {
            method: 'GET',
            path: '/oversight',
            permission: 'jobs:oversee',
            handler: (ctx) => oversight.overviewPage(ctx),
          },
          {
            method: 'POST',
            path: '/oversight/inspections',
            permission: 'jobs:oversee',
            handler: (ctx) => oversight.choosePost(ctx),
          },
          {
            method: 'GET',
            path: '/oversight/inspections/:jobId',
            permission: 'jobs:oversee',
            handler: (ctx, p) => oversight.inspectionPage(ctx, p.jobId ?? ''),
          },
          {
            method: 'POST',
            path: '/oversight/inspections/:jobId',
            permission: 'jobs:oversee',
            handler: (ctx, p) => oversight.inspectionPost(ctx, p.jobId ?? ''),
          },
          {
            method: 'GET',
            path: '/oversight/requests/:requestId',
            permission: 'jobs:oversee',
            handler: (ctx, p) => oversight.decisionPage(ctx, p.requestId ?? ''),
          },
          {
            method: 'POST',
            path: '/oversight/requests/:requestId',
            permission: 'jobs:oversee',
            handler: (ctx, p) => oversight.decisionPost(ctx, p.requestId ?? ''),
          },
        ] satisfies Route[])
      : []),

    // The analyst's quarterly returns.
    ...(returns
      ? ([
          {
            method: 'GET',
            path: '/returns',
            permission: RETURN_READERS,
            handler: (ctx) => returns.returnsPage(ctx),
          },
          {
            method: 'GET',
            path: '/returns/:file',
            permission: RETURN_READERS,
            handler: (ctx, p) => returns.download(ctx, p.file ?? ''),
          },
          {
            method: 'POST',
            path: '/returns/:quarter/submitted',
            permission: RETURN_SUBMITTERS,
            handler: (ctx, p) => returns.markSubmitted(ctx, p.quarter ?? ''),
          },
        ] satisfies Route[])
      : []),
    ...(monthlySummary
      ? ([
          {
            method: 'GET',
            path: '/returns/monthly/:month',
            permission: RETURN_READERS,
            handler: (ctx, p) => monthlySummary.summaryPage(ctx, p.month ?? ''),
          },
        ] satisfies Route[])
      : []),

    // Young people's group sessions and who attended them.
    ...(groupSessions
      ? ([
          {
            method: 'GET',
            path: '/group-sessions',
            permission: 'group-sessions:record',
            handler: (ctx) => groupSessions.list(ctx),
          },
          {
            method: 'GET',
            path: '/group-sessions/new',
            permission: 'group-sessions:record',
            handler: (ctx) => groupSessions.form(ctx),
          },
          {
            method: 'POST',
            path: '/group-sessions',
            permission: 'group-sessions:record',
            handler: (ctx) => groupSessions.record(ctx),
          },
          {
            method: 'GET',
            path: '/group-sessions/:sessionId',
            permission: 'group-sessions:record',
            handler: (ctx, p) => groupSessions.session(ctx, p.sessionId ?? ''),
          },
          {
            method: 'POST',
            path: '/group-sessions/:sessionId/attendance',
            permission: 'group-sessions:record',
            handler: (ctx, p) => groupSessions.attend(ctx, p.sessionId ?? ''),
          },
        ] satisfies Route[])
      : []),

    // Quick questions asked on the public pages: the unanswered ones, and answering one (once).
    ...(quickQuestions
      ? ([
          {
            method: 'GET',
            path: '/questions',
            permission: 'questions:answer',
            handler: (ctx) => quickQuestions.list(ctx),
          },
          {
            method: 'GET',
            path: '/questions/:questionId',
            permission: 'questions:answer',
            refusal: {
              auditedOn: (p) => quickQuestions.questionIdOf(p.questionId ?? ''),
              what: 'quick-question',
            },
            handler: (ctx, p) => quickQuestions.page(ctx, p.questionId ?? ''),
          },
          {
            method: 'POST',
            path: '/questions/:questionId/answer',
            permission: 'questions:answer',
            refusal: {
              auditedOn: (p) => quickQuestions.questionIdOf(p.questionId ?? ''),
              what: 'quick-question',
            },
            handler: (ctx, p) => quickQuestions.answer(ctx, p.questionId ?? ''),
          },
        ] satisfies Route[])
      : []),

    // Complaints about either lot (docs/complaints.md): each page checks the complaint's lot for the person.
    ...(complaints ? complaintRoutes(complaints) : []),

    // The administrator's list of onward-referral agencies.
    ...(agencies
      ? ([
          {
            method: 'GET',
            path: '/agencies',
            permission: AGENCY_KEEPERS,
            handler: (ctx) => agencies.agenciesPage(ctx),
          },
          {
            method: 'POST',
            path: '/agencies',
            permission: AGENCY_KEEPERS,
            handler: (ctx) => agencies.addPost(ctx),
          },
          {
            method: 'GET',
            path: '/agencies/:agencyId',
            permission: AGENCY_KEEPERS,
            handler: (ctx, p) => agencies.renamePage(ctx, p.agencyId ?? ''),
          },
          {
            method: 'POST',
            path: '/agencies/:agencyId/rename',
            permission: AGENCY_KEEPERS,
            handler: (ctx, p) => agencies.renamePost(ctx, p.agencyId ?? ''),
          },
          {
            method: 'POST',
            path: '/agencies/:agencyId/retire',
            permission: AGENCY_KEEPERS,
            handler: (ctx, p) => agencies.activePost(ctx, p.agencyId ?? '', false),
          },
          {
            method: 'POST',
            path: '/agencies/:agencyId/reinstate',
            permission: AGENCY_KEEPERS,
            handler: (ctx, p) => agencies.activePost(ctx, p.agencyId ?? '', true),
          },
        ] satisfies Route[])
      : []),

    // Outcomes against targets: the survey upload, the targets, the improvement plans (docs/outcomes.md).
    ...outcomeRoutes(outcomes, improvementPlans),
  ];
}
