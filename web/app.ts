import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { DateTime } from 'luxon';
import { type Actor, closeCase, finishTask, payHardship } from '../shared/application/case-actions.ts';
import { InvalidOutcomeError, type TaskQueueDeps } from '../shared/application/task-queue.ts';
import { isAgencyId } from '../shared/domain/agencies.ts';
import { suggestAllocation } from '../shared/domain/allocation.ts';
import {
  distanceTravelled,
  InvalidAssessmentError,
  NEED_SCORE_NAMES,
  NEED_SCORES,
  NEEDS_AREA_NAMES,
  NEEDS_AREAS,
  validateAssessment,
} from '../shared/domain/assessment.ts';
import { type AuditAction, isCaseId } from '../shared/domain/audit.ts';
import { localDateOf, SERVICE_TIME_ZONE } from '../shared/domain/calendar.ts';
import type { Case } from '../shared/domain/case.ts';
import {
  type AssessmentKind,
  type CaseSupport,
  RjStateError,
  SupportClosedError,
} from '../shared/domain/case-support.ts';
import { FORM_KEY_FIELD, FORM_KEY_MESSAGE, isFormKey } from '../shared/domain/form-key.ts';
import {
  financialYearOf,
  HARDSHIP_ANNUAL_BUDGET_PENCE,
  HardshipBudgetExceededError,
  type HardshipPayment,
  type HardshipPaymentInput,
  InvalidHardshipPaymentError,
  pounds,
  validateHardshipPayment,
} from '../shared/domain/hardship-fund.ts';
import { NEIGHBOURHOOD_POLICING_AREAS } from '../shared/domain/referral-codes.ts';
import {
  RJ_EXCEPTED_OFFENCES,
  RjNotPossibleError,
  rjOnRequest,
} from '../shared/domain/restorative-justice.ts';
import {
  may,
  mayWorkQueue,
  mayWorkTask,
  type Permission,
  ROLE_NAMES,
  type Role,
  workableQueues,
} from '../shared/domain/roles.ts';
import {
  InvalidPlanActionError,
  type PlanAction,
  validatePlanAction,
} from '../shared/domain/support-plan.ts';
import type { ProductLimits } from '../shared/domain/target-hardening.ts';
import {
  isTaskId,
  type Queue,
  TASK_TYPES,
  type Task,
  TaskAlreadyClaimedError,
  TaskNotFoundError,
  TaskNotOpenError,
  type TaskType,
} from '../shared/domain/task.ts';
import type { AgencyList } from '../shared/ports/agencies.ts';
import type { AuditLog } from '../shared/ports/audit-log.ts';
import type { HardshipFund } from '../shared/ports/hardship-fund.ts';
import type { MessageStore } from '../shared/ports/message-store.ts';
import type { ReturnStore } from '../shared/ports/return-store.ts';
import type { StaffDirectory } from '../shared/ports/staff-directory.ts';
import type { SupportStore } from '../shared/ports/support-store.ts';
import type { TargetHardeningStore } from '../shared/ports/target-hardening.ts';
import type { SupportReviews, TargetHardeningJobs } from '../shared/ports/workflows.ts';
import { serveAsset } from './assets.ts';
import type { CognitoSignIn } from './cognito-sign-in.ts';
import {
  FormTooLargeError,
  newNonce,
  pageHeaders,
  redirect,
  type WebRequest,
  type WebResponse,
  webRequestOf,
} from './http.ts';
import { AGENCY_KEEPERS, agencyOptions, createAgencyPages } from './pages/agencies.ts';
import { createJobPages, JOB_VIEWERS } from './pages/jobs.ts';
import type { CaseFormProblem, PageContext, PageKit } from './pages/page-kit.ts';
import { createReturnPages, RETURN_READERS } from './pages/returns.ts';
import { phoneNowText, referPost, referralSection } from './pages/target-hardening-referral.ts';
import { formFor, outcomeFromForm } from './pages/task-forms.ts';
import {
  describeEvent,
  newestFirst,
  PRIORITY_NAMES,
  phonesOf,
  sentence,
  TASK_NAMES,
} from './pages/wording.ts';
import type { Person } from './people.ts';
import { csrfMatches, type Session, type Sessions } from './session.ts';
import { dueIn, localDateTime, viewEnvironment } from './views.ts';

export interface WebAppDeps extends TaskQueueDeps {
  readonly messages: Pick<MessageStore, 'listMessages'>;
  readonly support: SupportStore;
  readonly audit: Pick<AuditLog, 'record'>;
  /** The signed session cookie and the server-side record of open sessions (signing out ends one). */
  readonly sessions: Sessions;
  /** The local system's people and its sign-in page; absent in AWS, where people sign in through Cognito. */
  readonly localPeople?: readonly Person[];
  /** Starts each plan action's review on its date (a support-review execution). */
  readonly reviews?: SupportReviews;
  /** The hardship fund; without it the case page has no hardship section. */
  readonly hardship?: HardshipFund;
  /**
   * The kept list of onward-referral agencies (shared/domain/agencies.ts), kept by an administrator on the
   * agency pages. Without it the case page has no onward-referral form and there are no agency pages.
   */
  readonly agencies?: AgencyList;
  /** The caseworkers a team leader allocates to; without it the task page offers no allocation. */
  readonly staff?: StaffDirectory;
  /** Sign-in through the Cognito user pool's managed login (AWS). */
  readonly cognito?: CognitoSignIn;
  /**
   * Target hardening (docs/target-hardening.md): the jobs, the money rules their items are checked against, and starting a
   * standard job's workflow. Without it there are no job pages and no referral from the case page.
   */
  readonly targetHardening?: {
    readonly jobs: TargetHardeningStore;
    readonly limits: ProductLimits;
    readonly workflows: TargetHardeningJobs;
  };
  /**
   * The commissioner's quarterly returns as stored (docs/reporting.md), for the analyst to list and download.
   * Without it there are no return pages.
   */
  readonly returns?: Pick<ReturnStore, 'list' | 'get'>;
}

/** What the case page says after each change. */
const SAVED: Readonly<Record<string, string>> = {
  assessment: 'Needs assessment saved.',
  plan: 'Action added to the support plan.',
  closed: 'Case closed.',
  rj: 'Restorative justice request recorded.',
  'rj-decision': 'Decision recorded.',
  hardship: 'Hardship fund payment recorded.',
  onward: 'Onward referral recorded.',
  'target-hardening': 'Referred for target hardening.',
};

/** The plan form's fields as its error messages name them. */
const PLAN_FIELDS: Readonly<Record<string, string>> = {
  area: 'Area of need',
  action: 'What will be done',
  owner: 'Who does it',
  reviewBy: 'Review date',
};

/** At most this many tasks on one queue page; filters narrow it. */
const QUEUE_PAGE_ROWS = 200;
/** How far down a queue a filtered page reads to fill itself: the whole queue at the service's size. */
const QUEUE_READ_LIMIT = 20_000;
/** Index entries read at once for a filtered page (well inside DynamoDB's 1 MB a query). */
const QUEUE_SEARCH_READ = 2_000;

const SAFETY_WORDS: Readonly<Record<string, string>> = {
  voicemail: 'do not leave voicemail',
  letter: 'do not send letters',
  sms: 'do not send text messages',
  email: 'do not send e-mails',
};

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

type Context = PageContext;

/**
 * The caseworker and team-leader web app (docs/web-app.md: server-rendered, GOV.UK Design System and MOJ
 * components). One handler for every page, in AWS behind the HTTP API and locally behind `vf start`.
 * Every route checks the signed-in person's roles on the server; every POST carries the session's form
 * token; every view and change of a case is audited.
 */
export function createWebApp(deps: WebAppDeps) {
  const env = viewEnvironment();
  const localMode = deps.localPeople !== undefined;
  // Signing out posts to the app, which sends the browser on to Cognito's logout: a form target too.
  const formTargets = deps.cognito ? [new URL(deps.cognito.signOutUrl()).origin] : [];

  const render = (
    ctx: Context,
    view: string,
    data: Record<string, unknown>,
    statusCode = 200,
    cookies: string[] = [],
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
      ...(seesJobs
        ? [
            {
              href: '/jobs',
              text: may(person.roles, 'jobs:work') ? 'Jobs' : 'Target hardening jobs',
              active: ctx.request.path.startsWith('/jobs'),
            },
          ]
        : []),
      ...(seesReturns
        ? [{ href: '/returns', text: 'Quarterly returns', active: ctx.request.path.startsWith('/returns') }]
        : []),
      ...(person !== undefined && deps.agencies !== undefined && may(person.roles, AGENCY_KEEPERS)
        ? [{ href: '/agencies', text: 'Agencies', active: ctx.request.path.startsWith('/agencies') }]
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
    ctx: Context,
    statusCode: number,
    title: string,
    paragraphs: string[],
    link?: { href: string; text: string },
  ) => render(ctx, 'message', { title, paragraphs, ...(link ? { link } : {}) }, statusCode);

  /** Who acts, for an action's audit entry (shared/application/case-actions.ts). */
  const actorOf = (ctx: Context, session: Session): Actor => ({
    by: session.user,
    role: session.roles.join('+'),
    requestId: ctx.request.requestId,
  });

  const audit = async (ctx: Context, caseId: string, action: AuditAction, what: string) => {
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

  /** The case, when the id is a case id and the case exists. */
  const openCase = async (caseId: string): Promise<Case | undefined> =>
    isCaseId(caseId) ? deps.store.getCase(caseId) : undefined;
  const caseNotFound = (ctx: Context, caseId: string) =>
    message(ctx, 404, 'Case not found', [`There is no case ${caseId}.`]);

  /** Signed in with the permission, or the answer to give instead. */
  const guard = async (
    ctx: Context,
    permission: Permission | readonly Permission[],
    caseId?: string | (() => Promise<string | undefined>),
    what = 'case',
  ): Promise<{ readonly session: Session } | { readonly refused: WebResponse }> => {
    if (!ctx.session) return { refused: redirect('/') };
    if (may(ctx.session.roles, permission)) return { session: ctx.session };
    const refusedCase = typeof caseId === 'function' ? await caseId() : caseId;
    if (refusedCase && isCaseId(refusedCase)) await audit(ctx, refusedCase, 'refused', what);
    const wanted = typeof permission === 'string' ? [permission] : permission;
    const whose = wanted.some((p) => p.startsWith('jobs:'))
      ? 'Target-hardening jobs are open to the contractor and team leaders.'
      : wanted.some((p) => p.startsWith('returns:'))
        ? 'Quarterly returns are open to analysts.'
        : wanted.some((p) => p.startsWith('agencies:'))
          ? 'The list of onward-referral agencies is kept by administrators.'
          : 'Victim First cases are open to caseworkers and team leaders.';
    return {
      refused: message(ctx, 403, 'You cannot open this page', [
        `Your role does not give access to it. ${whose}`,
      ]),
    };
  };

  const kit: PageKit = {
    render: (ctx, view, data, statusCode) => render(ctx, view, data, statusCode),
    message,
    guard,
    audit,
    casePage: (ctx, caseId, problem) => casePage(ctx, caseId, problem),
  };
  const th = deps.targetHardening;
  const jobPages = th
    ? createJobPages(kit, { jobs: th.jobs, limits: th.limits, workflows: deps.workflows, clock: deps.clock })
    : undefined;
  const returnPages = deps.returns ? createReturnPages(kit, { returns: deps.returns }) : undefined;
  const agencyPages = deps.agencies
    ? createAgencyPages(kit, { agencies: deps.agencies, clock: deps.clock })
    : undefined;
  const referring = th
    ? { jobs: th.jobs, workflows: th.workflows, store: deps.store, audit: deps.audit, clock: deps.clock }
    : undefined;

  const safetyFlags = (opened: Case) =>
    opened.referral.unsafeChannels.map((channel) => SAFETY_WORDS[channel] ?? channel);

  async function signInPage(ctx: Context, error?: string): Promise<WebResponse> {
    if (!deps.localPeople) {
      return message(ctx, 404, 'Page not found', ['Sign in through the Victim First sign-in page.']);
    }
    return render(
      ctx,
      'sign-in',
      {
        title: 'Sign in',
        people: deps.localPeople.map((p) => ({
          value: p.id,
          text: p.name,
          hint: { text: p.roles.map((role) => ROLE_NAMES[role]).join(', ') },
        })),
        ...(error ? { errorSummary: [{ text: error, href: '#user' }] } : {}),
      },
      error ? 400 : 200,
    );
  }

  const QUEUE_NAMES: Readonly<Record<Queue, string>> = {
    caseworkers: 'caseworkers’ queue',
    'team-leaders': 'team leaders’ queue',
  };

  /** The refusal of a queue the person's role does not work (the same rule as the task API's). */
  const queueRefused = (ctx: Context, queue: Queue) =>
    message(ctx, 403, 'You cannot open this queue', [
      `The ${QUEUE_NAMES[queue]} is worked by team leaders. Your role does not give access to it.`,
    ]);

  /**
   * The task, when the person's role works the queue it sits in (shared/domain/roles.ts, as the task API
   * asks); otherwise the answer to give: not found, or a refusal recorded in the case's audit.
   */
  const workableTask = async (
    ctx: Context,
    session: Session,
    taskId: string,
  ): Promise<{ readonly task: Task } | { readonly refused: WebResponse }> => {
    const task = await deps.tasks.getTask(taskId);
    if (!task)
      return {
        refused: message(ctx, 404, 'Task not found', [`There is no task ${taskId}.`], {
          href: '/tasks',
          text: 'Back to the queue',
        }),
      };
    if (mayWorkTask(session.roles, task)) return { task };
    await audit(ctx, task.caseId, 'refused', 'task');
    return {
      refused: message(ctx, 403, 'You cannot open this task', [
        `It waits in the ${QUEUE_NAMES[task.queue]}. Your role does not give access to it.`,
      ]),
    };
  };

  /** Whether a task may be given to a caseworker: only one from a queue a caseworker works. */
  const allocatable = (task: Task) => mayWorkQueue(['caseworker'], task.queue);

  async function tasksPage(ctx: Context): Promise<WebResponse> {
    const allowed = await guard(ctx, 'tasks:work');
    if ('refused' in allowed) return allowed.refused;
    const { session } = allowed;
    const { query } = ctx.request;
    const mine = query.view === 'mine';
    const queues = workableQueues(session.roles);
    // A queue the person's role does not work is refused, as the task API refuses it; with none asked for,
    // the last they work (a team leader lands on theirs).
    const asked = queues.find((q) => q === query.queue);
    if (query.queue === 'team-leaders' && !asked) return queueRefused(ctx, 'team-leaders');
    const queue: Queue = asked ?? (query.queue ? 'caseworkers' : (queues.at(-1) ?? 'caseworkers'));
    const type = (TASK_TYPES as readonly string[]).includes(query.type ?? '')
      ? (query.type as TaskType)
      : undefined;
    const overdue = query.overdue === 'yes';
    const enhanced = query.enhanced === 'yes';
    const area = (NEIGHBOURHOOD_POLICING_AREAS as readonly string[]).includes(query.area ?? '')
      ? query.area
      : undefined;
    const sort = query.sort === 'priority' ? 'priority' : 'due';
    const now = deps.clock.now();
    const rows: Task[] = [];
    const criteria = {
      ...(type ? { type } : {}),
      ...(area ? { area } : {}),
      ...(enhanced ? { enhanced: true as const } : {}),
      ...(overdue ? { dueBefore: now } : {}),
    };
    const narrowed = Object.keys(criteria).length > 0;
    let after: string | undefined;
    let evaluated = 0;
    let more = false;
    // One read of the index per page of the queue (one more row than shown, to know there are more); with
    // a filter, larger reads, matched in DynamoDB, up to a limit the page then says it stopped at.
    do {
      const page = await deps.tasks.findOpen(mine ? { assignee: session.user } : { queue }, criteria, {
        evaluate: narrowed ? QUEUE_SEARCH_READ : QUEUE_PAGE_ROWS + 1 - rows.length,
        after,
      });
      evaluated += page.evaluated;
      // Assigned to me is mine only in a queue my role works (a team leader's review given to a caseworker).
      rows.push(...page.tasks.filter((task) => mayWorkTask(session.roles, task)));
      after = page.next;
      if (rows.length > QUEUE_PAGE_ROWS) {
        more = true;
        rows.length = QUEUE_PAGE_ROWS;
      }
    } while (after && !more && evaluated < QUEUE_READ_LIMIT);
    // The loop ended at its read limit with the queue not exhausted and the page not full.
    const stoppedLooking = after !== undefined && !more;
    if (sort === 'priority')
      rows.sort((a, b) => a.priority - b.priority || a.due.getTime() - b.due.getTime());
    const link = (s: string) => {
      const params = new URLSearchParams({ ...query, sort: s });
      return `/tasks?${params.toString()}`;
    };
    return render(ctx, 'tasks', {
      title: mine ? 'My tasks' : queue === 'team-leaders' ? 'Team leaders’ queue' : 'Team queue',
      path: '/tasks',
      filters: { overdue, enhanced },
      areaOptions: [
        { value: '', text: 'All areas' },
        ...NEIGHBOURHOOD_POLICING_AREAS.map((a) => ({ value: a, text: sentence(a), selected: a === area })),
      ],
      sort,
      sortLinks: { due: link('due'), priority: link('priority') },
      typeOptions: [
        { value: '', text: 'All task types' },
        ...TASK_TYPES.map((t) => ({ value: t, text: TASK_NAMES[t], selected: t === type })),
      ],
      queueOptions: mine
        ? undefined
        : queues.map((q) => ({
            value: q,
            text: q === 'caseworkers' ? 'Caseworkers' : 'Team leaders',
            selected: q === queue,
          })),
      rows: rows.map((task) => ({
        taskId: task.taskId,
        caseId: task.caseId,
        typeName: TASK_NAMES[task.type],
        attempt: task.attempt,
        priority: task.priority,
        due: localDateTime(task.due),
        dueIn: dueIn(task.due, now),
        assignee: task.assignee,
      })),
      more,
      stoppedLooking: stoppedLooking ? QUEUE_READ_LIMIT.toLocaleString('en-GB') : undefined,
      emptyText: mine
        ? 'You have no tasks assigned to you. Take one from the team queue.'
        : 'No open tasks match.',
      ...(query.done ? { banner: 'Outcome recorded.' } : {}),
    });
  }

  async function taskPage(
    ctx: Context,
    taskId: string,
    form?: { values: Record<string, string>; errors: Array<{ field: string; message: string }> },
  ): Promise<WebResponse> {
    const allowed = await guard(ctx, 'tasks:work');
    if ('refused' in allowed) return allowed.refused;
    const { session } = allowed;
    const workable = await workableTask(ctx, session, taskId);
    if ('refused' in workable) return workable.refused;
    const { task } = workable;
    const opened = await deps.store.getCase(task.caseId);
    await audit(ctx, task.caseId, 'viewed', 'task');
    const errors = Object.fromEntries(
      (form?.errors ?? []).map((e) => [e.field, e.message.replace(/^./, (c) => c.toUpperCase())]),
    );
    const now = deps.clock.now();
    const due = dueIn(task.due, now);
    const closedText =
      task.status === 'completed'
        ? `Completed by ${task.completedBy ?? 'someone'} on ${task.completedAt ? localDateTime(task.completedAt) : 'an earlier day'}.`
        : 'Its deadline passed and it was escalated.';
    return render(
      ctx,
      'task',
      {
        title: `${TASK_NAMES[task.type]}${task.attempt > 1 ? ` ${task.attempt}` : ''}`,
        task,
        closedText,
        safetyFlags: opened ? safetyFlags(opened) : [],
        summary: [
          { key: { text: 'Due' }, value: { text: `${localDateTime(task.due)} (${due.text})` } },
          { key: { text: 'Priority' }, value: { text: PRIORITY_NAMES[task.priority] } },
          ...(opened
            ? [
                {
                  key: { text: 'Victim' },
                  value: { text: `${opened.referral.victim.forename} ${opened.referral.victim.surname}` },
                },
                {
                  key: { text: 'Phone' },
                  value: { text: phonesOf(opened.referral.victim) },
                },
              ]
            : []),
          ...(task.reason ? [{ key: { text: 'Why' }, value: { text: task.reason } }] : []),
          {
            key: { text: 'Case' },
            value: {
              html: `<a class="govuk-link" href="/cases/${encodeURIComponent(task.caseId)}">${task.caseId}</a>`,
            },
          },
        ],
        form: formFor(task),
        allocation:
          task.status === 'open' && opened && may(session.roles, 'tasks:allocate') && allocatable(task)
            ? await allocationFor(task, opened)
            : undefined,
        assignedToMe: task.assignee === session.user,
        ...(ctx.request.query.claimed
          ? { banner: 'The task is assigned to you.' }
          : ctx.request.query.assigned
            ? { banner: `The task is assigned to ${ctx.request.query.assigned}.` }
            : {}),
        values: form?.values ?? {},
        errors,
        ...(form?.errors.length
          ? {
              errorSummary: form.errors.map((e) => ({
                text: `${e.field === 'outcome' ? 'Outcome' : e.field}: ${e.message}`,
                href: `#${e.field === 'outcome' ? 'outcome' : e.field}`,
              })),
            }
          : {}),
      },
      form?.errors.length ? 400 : 200,
    );
  }

  async function completeTaskPost(ctx: Context, taskId: string): Promise<WebResponse> {
    const allowed = await guard(ctx, 'tasks:work');
    if ('refused' in allowed) return allowed.refused;
    const { session } = allowed;
    const workable = await workableTask(ctx, session, taskId);
    if ('refused' in workable) return workable.refused;
    const { task } = workable;
    try {
      await finishTask(deps, {
        taskId,
        outcome: outcomeFromForm(task, ctx.request.form),
        ...actorOf(ctx, session),
      });
    } catch (error) {
      if (error instanceof InvalidOutcomeError)
        return taskPage(ctx, taskId, { values: { ...ctx.request.form }, errors: [...error.errors] });
      if (error instanceof TaskNotOpenError || error instanceof TaskAlreadyClaimedError) {
        return message(
          ctx,
          409,
          'This task has already been dealt with',
          [error.message, 'Nothing you entered was saved. Check the case before doing anything more.'],
          {
            href: `/cases/${encodeURIComponent(task.caseId)}`,
            text: 'Go to the case',
          },
        );
      }
      if (error instanceof TaskNotFoundError) return message(ctx, 404, 'Task not found', [error.message]);
      throw error;
    }
    return redirect(`/cases/${encodeURIComponent(task.caseId)}?done=${encodeURIComponent(taskId)}`);
  }

  /** The caseworkers a team leader may give the task to, best first, each with the reasons. */
  async function allocationFor(task: Task, opened: Case) {
    if (!deps.staff) return undefined;
    const staff = await deps.staff.caseworkers();
    const caseloads = new Map<string, number>();
    await Promise.all(
      staff.map(async (member) => {
        let count = 0;
        let after: string | undefined;
        do {
          const page = await deps.tasks.findOpen({ assignee: member.id }, {}, { evaluate: 2_000, after });
          count += page.tasks.length;
          after = page.next;
        } while (after);
        caseloads.set(member.id, count);
      }),
    );
    const suggestions = suggestAllocation(
      {
        area: opened.referral.npa,
        enhanced: opened.triage.enhanced,
        childOrYoungPerson: opened.triage.childOrYoungPerson,
      },
      staff,
      caseloads,
      sentence,
    );
    return suggestions.map((suggestion, index) => ({
      value: suggestion.member.id,
      text: `${suggestion.member.name}${index === 0 ? ' (suggested)' : ''}`,
      hint: { text: sentence(suggestion.reasons.join(', ')) },
      checked: task.assignee === suggestion.member.id,
    }));
  }

  async function assignTaskPost(ctx: Context, taskId: string): Promise<WebResponse> {
    const allowed = await guard(ctx, 'tasks:allocate');
    if ('refused' in allowed) return allowed.refused;
    const to = ctx.request.form.user ?? '';
    const member = (await deps.staff?.caseworkers())?.find((m) => m.id === to);
    const task = await deps.tasks.getTask(taskId);
    if (task && !allocatable(task)) {
      return message(ctx, 400, 'This task stays with the team leaders', [
        'It waits in the team leaders’ queue: a caseworker could not work it. Nothing was changed.',
      ]);
    }
    if (!member) {
      return taskPage(ctx, taskId, {
        values: { ...ctx.request.form },
        errors: [{ field: 'user', message: 'choose a caseworker to give the task to' }],
      });
    }
    try {
      const task = await deps.tasks.assign(taskId, member.id, deps.clock.now());
      await audit(ctx, task.caseId, 'changed', 'task:assign');
      return redirect(`/tasks/${encodeURIComponent(taskId)}?assigned=${encodeURIComponent(member.name)}`);
    } catch (error) {
      if (error instanceof TaskNotOpenError) {
        return message(ctx, 409, 'This task has already been dealt with', [error.message]);
      }
      if (error instanceof TaskNotFoundError) return message(ctx, 404, 'Task not found', [error.message]);
      throw error;
    }
  }

  async function claimTaskPost(ctx: Context, taskId: string): Promise<WebResponse> {
    const allowed = await guard(ctx, 'tasks:work');
    if ('refused' in allowed) return allowed.refused;
    const { session } = allowed;
    const workable = await workableTask(ctx, session, taskId);
    if ('refused' in workable) return workable.refused;
    try {
      const task = await deps.tasks.claim(taskId, session.user, deps.clock.now());
      await audit(ctx, task.caseId, 'changed', 'task:claim');
      return redirect(`/tasks/${encodeURIComponent(taskId)}?claimed=yes`);
    } catch (error) {
      if (error instanceof TaskAlreadyClaimedError || error instanceof TaskNotOpenError) {
        return message(ctx, 409, 'Someone else has this task', [error.message], {
          href: '/tasks',
          text: 'Back to the queue',
        });
      }
      if (error instanceof TaskNotFoundError) return message(ctx, 404, 'Task not found', [error.message]);
      throw error;
    }
  }

  /** The case's support as the case page shows it: scores per area, the plan, the distance travelled. */
  function supportView(support: CaseSupport) {
    const { initial, closing } = support;
    const distance =
      initial && closing ? distanceTravelled(initial.assessment, closing.assessment) : undefined;
    return {
      hasClosing: closing !== undefined,
      assessment: initial
        ? NEEDS_AREAS.map((area) => ({
            name: NEEDS_AREA_NAMES[area],
            first: initial.assessment[area].score,
            closing: closing?.assessment[area].score,
            distance: distance
              ? distance[area] > 0
                ? `+${distance[area]}`
                : String(distance[area])
              : undefined,
          }))
        : undefined,
      plan: support.plan.map((action) => ({
        area: NEEDS_AREA_NAMES[action.area],
        action: action.action,
        owner: action.owner,
        reviewBy: DateTime.fromISO(action.reviewBy).toFormat('d LLL yyyy'),
      })),
      ...(support.closed ? { closed: { by: support.closed.by, at: localDateTime(support.closed.at) } } : {}),
    };
  }

  async function assessmentPage(
    ctx: Context,
    caseId: string,
    form?: { values: Record<string, string>; errors: ReadonlyArray<{ field: string; message: string }> },
  ): Promise<WebResponse> {
    const allowed = await guard(ctx, 'cases:change', caseId);
    if ('refused' in allowed) return allowed.refused;
    const kind: AssessmentKind = ctx.request.query.kind === 'closing' ? 'closing' : 'initial';
    const opened = await openCase(caseId);
    if (!opened) return caseNotFound(ctx, caseId);
    const support = await deps.support.getSupport(caseId);
    const earlier = form ? undefined : support[kind];
    const errors = new Map((form?.errors ?? []).map((e) => [e.field.split('.')[0], e.message]));
    return render(
      ctx,
      'assessment',
      {
        title: kind === 'closing' ? 'Closing needs assessment' : 'Needs assessment',
        caseId,
        kind,
        areas: NEEDS_AREAS.map((area) => {
          const chosen = form?.values[`${area}-score`] ?? String(earlier?.assessment[area].score ?? '');
          return {
            id: area,
            name: NEEDS_AREA_NAMES[area],
            error: errors.has(area) ? `Score ${NEEDS_AREA_NAMES[area].toLowerCase()}` : undefined,
            notes: form?.values[`${area}-notes`] ?? earlier?.assessment[area].notes,
            items: NEED_SCORES.map((score) => ({
              value: String(score),
              text: NEED_SCORE_NAMES[score],
              checked: chosen === String(score),
            })),
          };
        }),
        ...(form?.errors.length
          ? {
              errorSummary: NEEDS_AREAS.filter((area) => errors.has(area)).map((area) => ({
                text: `Score ${NEEDS_AREA_NAMES[area].toLowerCase()}`,
                href: `#${area}-score`,
              })),
            }
          : {}),
      },
      form?.errors.length ? 400 : 200,
    );
  }

  async function saveAssessmentPost(ctx: Context, caseId: string): Promise<WebResponse> {
    const allowed = await guard(ctx, 'cases:change', caseId);
    if ('refused' in allowed) return allowed.refused;
    const { session } = allowed;
    if (!(await openCase(caseId))) return caseNotFound(ctx, caseId);
    const kind: AssessmentKind = ctx.request.query.kind === 'closing' ? 'closing' : 'initial';
    const { form } = ctx.request;
    const input = Object.fromEntries(
      NEEDS_AREAS.map((area) => {
        const score = form[`${area}-score`];
        const notes = form[`${area}-notes`]?.trim();
        return [area, { ...(score ? { score: Number(score) } : {}), ...(notes ? { notes } : {}) }];
      }),
    );
    try {
      const assessment = validateAssessment(input);
      await deps.support.saveAssessment(caseId, {
        kind,
        assessment,
        by: session.user,
        at: deps.clock.now(),
      });
    } catch (error) {
      if (error instanceof InvalidAssessmentError)
        return assessmentPage(ctx, caseId, { values: { ...form }, errors: error.errors });
      if (error instanceof SupportClosedError)
        return message(ctx, 409, 'This case is closed', [error.message]);
      throw error;
    }
    await audit(ctx, caseId, 'changed', `assessment:${kind}`);
    await deps.store.recordEvent({
      eventId: `assessment.${kind}.${ctx.request.requestId}`,
      caseId,
      type: 'assessment-recorded',
      at: deps.clock.now(),
      detail: { kind, by: session.user },
    });
    return redirect(`/cases/${encodeURIComponent(caseId)}?saved=assessment`);
  }

  async function planPage(
    ctx: Context,
    caseId: string,
    form?: { values: Record<string, string>; errors: ReadonlyArray<{ field: string; message: string }> },
  ): Promise<WebResponse> {
    const allowed = await guard(ctx, 'cases:change', caseId);
    if ('refused' in allowed) return allowed.refused;
    if (!(await openCase(caseId))) return caseNotFound(ctx, caseId);
    const errors = Object.fromEntries((form?.errors ?? []).map((e) => [e.field, sentence(e.message)]));
    return render(
      ctx,
      'plan-action',
      {
        title: 'Add an action to the support plan',
        caseId,
        // A new key for every drawing of the form: the action is recorded once however often it is sent.
        formKey: randomUUID(),
        values: form?.values ?? {},
        errors,
        areaOptions: [
          { value: '', text: 'Choose an area' },
          ...NEEDS_AREAS.map((area) => ({
            value: area,
            text: NEEDS_AREA_NAMES[area],
            selected: form?.values.area === area,
          })),
        ],
        ...(form?.errors.length
          ? {
              errorSummary: form.errors.map((e) =>
                e.field === FORM_KEY_FIELD
                  ? { text: e.message, href: '#area' }
                  : { text: `${PLAN_FIELDS[e.field] ?? e.field} ${e.message}`, href: `#${e.field}` },
              ),
            }
          : {}),
      },
      form?.errors.length ? 400 : 200,
    );
  }

  async function addPlanActionPost(ctx: Context, caseId: string): Promise<WebResponse> {
    const allowed = await guard(ctx, 'cases:change', caseId);
    if ('refused' in allowed) return allowed.refused;
    const { session } = allowed;
    if (!(await openCase(caseId))) return caseNotFound(ctx, caseId);
    const { form } = ctx.request;
    const now = deps.clock.now();
    const [day, month, year] = ['reviewBy-day', 'reviewBy-month', 'reviewBy-year'].map(
      (f) => form[f]?.trim() ?? '',
    );
    // Letters in a date part are not a date (luxon throws on NaN units rather than answering invalid).
    const digits = [day, month, year].every((part) => /^\d{1,4}$/.test(part ?? ''));
    const date = digits
      ? DateTime.fromObject({ year: Number(year), month: Number(month), day: Number(day) })
      : DateTime.invalid('not a date');
    let added: PlanAction | undefined;
    try {
      const input = validatePlanAction(
        {
          area: form.area || undefined,
          action: form.action ?? '',
          owner: form.owner ?? '',
          reviewBy: date.isValid && year && month && day ? date.toISODate() : 'not a date',
        },
        localDateOf(now),
      );
      const key = form[FORM_KEY_FIELD];
      if (!isFormKey(key))
        throw new InvalidPlanActionError([{ field: FORM_KEY_FIELD, message: FORM_KEY_MESSAGE }]);
      // The form's key is the action's id: the same form sent twice, even at once, adds one action.
      await deps.support.addPlanAction(caseId, {
        ...input,
        actionId: key,
        addedBy: session.user,
        addedAt: now,
      });
      // The action as the plan holds it (the first sending's, if this is a repeat) and its number, its
      // place in the plan: a repeat starts, or finds started, the same review.
      const plan = (await deps.support.getSupport(caseId)).plan;
      const actionNumber = plan.findIndex((action) => action.actionId === key) + 1;
      added = plan[actionNumber - 1];
      if (!added) throw new Error(`plan action ${key} of case ${caseId} was written but is not in its plan`);
      // Its review: a task for the caseworkers at 09:00 on the review date (Leicester time).
      await deps.reviews?.startSupportReview(
        caseId,
        actionNumber,
        DateTime.fromISO(added.reviewBy, { zone: SERVICE_TIME_ZONE }).set({ hour: 9 }).toJSDate(),
      );
    } catch (error) {
      if (error instanceof InvalidPlanActionError)
        return planPage(ctx, caseId, { values: { ...form }, errors: error.errors });
      if (error instanceof SupportClosedError)
        return message(ctx, 409, 'This case is closed', [error.message]);
      throw error;
    }
    await audit(ctx, caseId, 'changed', 'plan:add-action');
    // Keyed by the action: the timeline (and the return) shows one addition however often it was sent.
    await deps.store.recordEvent({
      eventId: `plan-action.${added.actionId}`,
      caseId,
      type: 'plan-action-added',
      at: added.addedAt,
      detail: { area: added.area, reviewBy: added.reviewBy, by: added.addedBy },
    });
    return redirect(`/cases/${encodeURIComponent(caseId)}?saved=plan`);
  }

  /** The restorative justice section of the case page. */
  function rjView(support: CaseSupport, opened: Case, roles: readonly Role[]) {
    const rj = support.restorativeJustice;
    const excepted = RJ_EXCEPTED_OFFENCES.includes(opened.referral.offence);
    const status = rj
      ? {
          referred: 'Referred to the restorative justice service.',
          'awaiting-approval': `Awaiting a team leader's approval: ${sentence(opened.referral.offence).toLowerCase()} is offered restorative justice only as an exception.`,
          approved: `Approved as an exception by ${rj.decidedBy ?? 'a team leader'}; referred to the restorative justice service.`,
          'not-approved': `Not approved by ${rj.decidedBy ?? 'a team leader'}.`,
        }[rj.status]
      : undefined;
    return {
      status,
      excepted,
      canRequest: !rj && !support.closed && may(roles, 'cases:change'),
      canDecide: rj?.status === 'awaiting-approval' && may(roles, 'rj:approve'),
    };
  }

  async function rjRequestPost(ctx: Context, caseId: string): Promise<WebResponse> {
    const allowed = await guard(ctx, 'cases:change', caseId);
    if ('refused' in allowed) return allowed.refused;
    const { session } = allowed;
    const opened = await openCase(caseId);
    if (!opened) return caseNotFound(ctx, caseId);
    const admitted = ctx.request.form.admitted;
    if (admitted !== 'yes' && admitted !== 'no') {
      return casePage(ctx, caseId, {
        errors: [{ field: 'admitted', text: 'Say whether the offender has admitted guilt' }],
      });
    }
    try {
      const status = rjOnRequest(opened.referral.offence, admitted === 'yes');
      await deps.support.requestRestorativeJustice(caseId, {
        status,
        requestedBy: session.user,
        requestedAt: deps.clock.now(),
      });
    } catch (error) {
      if (error instanceof RjNotPossibleError) {
        return message(
          ctx,
          400,
          'Restorative justice cannot be offered',
          ['It needs the offender to have admitted guilt. Nothing was recorded.'],
          { href: `/cases/${encodeURIComponent(caseId)}`, text: 'Back to the case' },
        );
      }
      if (error instanceof RjStateError || error instanceof SupportClosedError) {
        return message(ctx, 409, 'Restorative justice was not recorded', [error.message]);
      }
      throw error;
    }
    await audit(ctx, caseId, 'changed', 'rj:request');
    return redirect(`/cases/${encodeURIComponent(caseId)}?saved=rj`);
  }

  async function rjDecisionPost(ctx: Context, caseId: string): Promise<WebResponse> {
    const allowed = await guard(ctx, 'rj:approve', caseId);
    if ('refused' in allowed) return allowed.refused;
    const { session } = allowed;
    if (!isCaseId(caseId)) return caseNotFound(ctx, caseId);
    const decision = ctx.request.form.decision;
    if (decision !== 'approve' && decision !== 'refuse') {
      return message(ctx, 400, 'Choose approve or do not approve', []);
    }
    try {
      await deps.support.decideRestorativeJustice(
        caseId,
        decision === 'approve',
        session.user,
        deps.clock.now(),
      );
    } catch (error) {
      if (error instanceof RjStateError)
        return message(ctx, 409, 'Nothing is awaiting approval', [error.message]);
      throw error;
    }
    await audit(ctx, caseId, 'changed', `rj:${decision}`);
    return redirect(`/cases/${encodeURIComponent(caseId)}?saved=rj-decision`);
  }

  /** The hardship fund section: this case's payments and what the year has left. */
  async function hardshipView(caseId: string) {
    if (!deps.hardship) return undefined;
    const year = financialYearOf(deps.clock.now());
    const [payments, spent] = await Promise.all([
      deps.hardship.paymentsOf(caseId),
      deps.hardship.spent(year),
    ]);
    return {
      year,
      left: pounds(Math.max(0, HARDSHIP_ANNUAL_BUDGET_PENCE - spent)),
      budget: pounds(HARDSHIP_ANNUAL_BUDGET_PENCE),
      payments: payments.map((p) => ({
        amount: pounds(p.amountPence),
        purpose: p.purpose,
        paid: `${localDateTime(p.paidAt)} by ${p.paidBy}`,
      })),
    };
  }

  async function hardshipPost(ctx: Context, caseId: string): Promise<WebResponse> {
    const allowed = await guard(ctx, 'cases:change', caseId);
    if ('refused' in allowed) return allowed.refused;
    const { session } = allowed;
    if (!deps.hardship || !isCaseId(caseId) || !(await deps.store.getCase(caseId))) {
      return caseNotFound(ctx, caseId);
    }
    const back = { href: `/cases/${encodeURIComponent(caseId)}`, text: 'Back to the case' };
    const now = deps.clock.now();
    const { form } = ctx.request;
    const entered = { amount: form.amount ?? '', purpose: form.purpose ?? '' };
    let input: HardshipPaymentInput;
    try {
      input = validateHardshipPayment(form.amount ?? '', form.purpose ?? '');
    } catch (error) {
      if (!(error instanceof InvalidHardshipPaymentError)) throw error;
      return casePage(ctx, caseId, {
        errors: error.errors.map((e) => ({
          field: e.field === 'amount' ? 'amount' : 'purpose',
          text: `${e.field === 'amount' ? 'Amount' : 'What it is for'} ${e.message}`,
        })),
        entered,
      });
    }
    const key = form[FORM_KEY_FIELD];
    // Drawn again, the page has a new key and keeps what was entered: sending it again pays.
    if (!isFormKey(key))
      return casePage(ctx, caseId, { errors: [{ field: 'amount', text: FORM_KEY_MESSAGE }], entered });
    // The form's key is the payment's id: the same form sent twice, even at once, pays and spends once.
    const payment: HardshipPayment = {
      ...input,
      paymentId: key,
      caseId,
      financialYear: financialYearOf(now),
      paidBy: session.user,
      paidAt: now,
    };
    try {
      await payHardship(
        { hardship: deps.hardship, audit: deps.audit, store: deps.store },
        payment,
        actorOf(ctx, session),
      );
    } catch (error) {
      if (error instanceof HardshipBudgetExceededError) {
        return message(
          ctx,
          409,
          'Not enough left in the hardship fund',
          [error.message, 'Nothing was paid.'],
          back,
        );
      }
      throw error;
    }
    return redirect(`/cases/${encodeURIComponent(caseId)}?saved=hardship`);
  }

  /**
   * Records an onward referral to an agency chosen from the kept list (an active one), never a name typed
   * here: the quarterly return counts it under the list's name for the agency (docs/reporting.md).
   */
  async function onwardReferralPost(ctx: Context, caseId: string): Promise<WebResponse> {
    const allowed = await guard(ctx, 'cases:change', caseId);
    if ('refused' in allowed) return allowed.refused;
    const { session } = allowed;
    if (!deps.agencies || !(await openCase(caseId))) return caseNotFound(ctx, caseId);
    const chosen = ctx.request.form.agency ?? '';
    const entered = { agency: chosen };
    const agency = isAgencyId(chosen) ? await deps.agencies.getAgency(chosen) : undefined;
    if (!agency?.active) {
      const text = chosen
        ? 'Choose a service from the list: the one sent is not on it'
        : 'Choose the service the victim is referred to';
      return casePage(ctx, caseId, { errors: [{ field: 'agency', text }], entered });
    }
    const key = ctx.request.form[FORM_KEY_FIELD];
    if (!isFormKey(key))
      return casePage(ctx, caseId, { errors: [{ field: 'agency', text: FORM_KEY_MESSAGE }], entered });
    // Keyed by the form: the referral is recorded (and counted) once however often the form is sent.
    await deps.store.recordEvent({
      eventId: `onward-referral.${key}`,
      caseId,
      type: 'onward-referral-made',
      at: deps.clock.now(),
      detail: { agencyId: agency.agencyId, service: agency.name, by: session.user },
    });
    await audit(ctx, caseId, 'changed', 'onward:refer');
    return redirect(`/cases/${encodeURIComponent(caseId)}?saved=onward`);
  }

  async function closePost(ctx: Context, caseId: string): Promise<WebResponse> {
    const allowed = await guard(ctx, 'cases:change', caseId);
    if ('refused' in allowed) return allowed.refused;
    const { session } = allowed;
    if (!isCaseId(caseId)) return caseNotFound(ctx, caseId);
    // A case closes once: closing it again finishes what the first attempt left undone (docs/web-app.md).
    try {
      await closeCase(deps, { caseId, ...actorOf(ctx, session) });
    } catch (error) {
      if (error instanceof SupportClosedError)
        return message(ctx, 409, 'The case cannot be closed', [error.message]);
      throw error;
    }
    return redirect(`/cases/${encodeURIComponent(caseId)}?saved=closed`);
  }

  /**
   * The case page. Given a problem with one of its small forms (restorative justice, target hardening,
   * onward referral, hardship), it is shown again with 400, a GOV.UK error summary linking to each field,
   * each field's message beside it, and what was entered kept.
   */
  async function casePage(ctx: Context, caseId: string, problem?: CaseFormProblem): Promise<WebResponse> {
    const allowed = await guard(ctx, 'cases:read', caseId);
    if ('refused' in allowed) return allowed.refused;
    const { session } = allowed;
    const opened = await openCase(caseId);
    if (!opened) return caseNotFound(ctx, caseId);
    await audit(ctx, caseId, 'viewed', 'case');
    const [timeline, tasks, support] = await Promise.all([
      deps.store.timeline(caseId),
      deps.tasks.listForCase(caseId),
      deps.support.getSupport(caseId),
    ]);
    const { referral } = opened;
    const victim = referral.victim;
    const address = victim.address
      ? [victim.address.line1, victim.address.line2, victim.address.town, victim.address.postcode]
          .filter(Boolean)
          .join(', ')
      : 'Not given';
    const openTasks = tasks.filter((task) => task.status === 'open');
    const targetHardening = referring
      ? await referralSection(referring, opened, session, { closed: support.closed !== undefined })
      : undefined;
    const saved = ctx.request.query.saved;
    const phoneNow =
      saved === 'target-hardening' && targetHardening?.referred?.phoneNow
        ? `Referral ${targetHardening.referred.referralNumber} recorded. ${phoneNowText(targetHardening.referred.referralNumber)}`
        : undefined;
    return render(
      ctx,
      'case',
      {
        title: `Case ${caseId}`,
        caseId,
        ...(problem
          ? {
              errorSummary: problem.errors.map((e) => ({ text: e.text, href: `#${e.field}` })),
              fieldErrors: Object.fromEntries(problem.errors.map((e) => [e.field, { text: e.text }])),
              entered: problem.entered ?? {},
            }
          : { fieldErrors: {}, entered: {} }),
        safetyFlags: safetyFlags(opened),
        victim: [
          {
            key: { text: 'Name' },
            value: { text: [victim.title, victim.forename, victim.surname].filter(Boolean).join(' ') },
          },
          { key: { text: 'Address' }, value: { text: address } },
          {
            key: { text: 'Phone' },
            value: { text: phonesOf(victim) },
          },
          { key: { text: 'E-mail' }, value: { text: victim.email ?? 'None given' } },
          { key: { text: 'Contact by' }, value: { text: sentence(referral.contactMethod) } },
        ],
        referral: [
          { key: { text: 'Received' }, value: { text: localDateTime(referral.receivedAt) } },
          { key: { text: 'From' }, value: { text: sentence(referral.source) } },
          { key: { text: 'Enhanced' }, value: { text: opened.triage.enhanced ? 'Yes' : 'No' } },
          { key: { text: 'Area' }, value: { text: sentence(referral.npa) } },
          {
            key: { text: 'First contact due' },
            value: { text: localDateTime(opened.deadlines.initialContactDue) },
          },
        ],
        support: supportView(support),
        rj: rjView(support, opened, session.roles),
        hardship: await hardshipView(caseId),
        // The onward referral's choices: the kept list's active agencies (none without the list).
        agencyOptions: deps.agencies
          ? await agencyOptions(deps.agencies, problem?.entered?.agency)
          : undefined,
        // Each form that records something has its own key, new at every drawing of the page.
        formKeys: { hardship: randomUUID(), onward: randomUUID() },
        targetHardening,
        canChange: may(session.roles, 'cases:change'),
        openTasks: openTasks.map((task) => ({
          taskId: task.taskId,
          text: `${TASK_NAMES[task.type]}${task.attempt > 1 ? ` ${task.attempt}` : ''}, due ${localDateTime(task.due)}`,
        })),
        timeline: newestFirst(timeline).map((event) => {
          const { label, text } = describeEvent(event);
          return {
            label: { text: label },
            text,
            datetime: { timestamp: event.at.toISOString(), type: 'datetime' },
          };
        }),
        ...(ctx.request.query.done
          ? { banner: 'Outcome recorded.' }
          : saved && !problem
            ? { banner: phoneNow ?? SAVED[saved] ?? 'Saved.' }
            : {}),
      },
      problem ? 400 : 200,
    );
  }

  async function route(ctx: Context): Promise<WebResponse> {
    const { method, path } = ctx.request;
    if (method === 'POST') {
      // Forms post only from this app: a session's form token, and no cross-site origin.
      if (!sameOrigin(ctx.request)) {
        return message(ctx, 403, 'Form refused', ['The form did not come from this service.']);
      }
      if (path !== '/sign-in' && (!ctx.session || !csrfMatches(ctx.session, ctx.request.form.csrf))) {
        return message(ctx, 403, 'Form refused', [
          'The form has expired or did not come from this service. Go back, reload the page and try again.',
        ]);
      }
    }
    let parts: string[];
    try {
      parts = path
        .split('/')
        .slice(1)
        .map((part) => decodeURIComponent(part));
    } catch {
      // Malformed percent-encoding (`%E0%A4%A`): no page has such an address.
      return message(ctx, 404, 'Page not found', ['There is no page at this address.']);
    }
    const [first, second, third] = parts;
    // A task id that cannot be one (too long for a key, wrong shape) names no task: not a database error.
    if (first === 'tasks' && second !== undefined && !isTaskId(second))
      return message(ctx, 404, 'Task not found', ['There is no task at this address.']);
    switch (
      `${method} /${first ?? ''}${second === undefined ? '' : '/*'}${third === undefined ? '' : `/${third}`}`
    ) {
      case 'GET /':
        if (!ctx.session) {
          return deps.cognito
            ? message(ctx, 200, 'Victim First casework', ['Sign in with your Victim First account.'], {
                href: '/sign-in',
                text: 'Sign in',
              })
            : signInPage(ctx);
        }
        if (may(ctx.session.roles, 'tasks:work')) return redirect('/tasks');
        // The contractor's portal: their target-hardening jobs, and nothing of Victim First's cases.
        if (jobPages && may(ctx.session.roles, 'jobs:work')) return redirect('/jobs');
        // The analyst's: the commissioner's quarterly returns.
        if (returnPages && may(ctx.session.roles, RETURN_READERS)) return redirect('/returns');
        // The administrator's: the list of onward-referral agencies.
        if (agencyPages && may(ctx.session.roles, AGENCY_KEEPERS)) return redirect('/agencies');
        return message(ctx, 200, `Signed in as ${ctx.session.name}`, [
          'There is nothing for your role in the casework app yet.',
        ]);
      case 'GET /sign-in': {
        if (ctx.session) return redirect('/');
        if (!deps.cognito) return signInPage(ctx);
        const { location, cookie } = deps.cognito.start();
        return redirect(location, [cookie]);
      }
      case 'GET /auth/*': {
        if (second !== 'callback' || !deps.cognito) {
          return message(ctx, 404, 'Page not found', ['If you typed the web address, check it is correct.']);
        }
        const result = await deps.cognito.finish(ctx.request.query, ctx.request.cookies);
        const clear = deps.cognito.clearAttemptCookie();
        if (result.ok) {
          const session = await deps.sessions.begin(result.person, deps.clock.now());
          return redirect('/', [deps.sessions.cookie(session), clear]);
        }
        // Cognito records the sign-in events themselves (threat protection's user event history).
        return result.failure === 'no-role'
          ? render(
              ctx,
              'message',
              {
                title: 'You have no role in this service',
                paragraphs: ['Your account is not in any team. Ask an administrator to add you.'],
              },
              403,
              [clear],
            )
          : render(
              ctx,
              'message',
              {
                title: 'Sign-in did not finish',
                paragraphs: ['It may have taken too long, or begun in another browser.'],
                link: { href: '/sign-in', text: 'Sign in again' },
              },
              400,
              [clear],
            );
      }
      case 'GET /signed-out':
        return message(ctx, 200, 'You have signed out', [], { href: '/sign-in', text: 'Sign in again' });
      case 'POST /sign-in': {
        const person = deps.localPeople?.find((p) => p.id === ctx.request.form.user);
        if (!deps.localPeople) return message(ctx, 404, 'Page not found', []);
        if (!person) return signInPage(ctx, 'Select who you are');
        // Someone else signing in at this browser ends the session it had.
        if (ctx.session) await deps.sessions.end(ctx.session);
        const session = await deps.sessions.begin(person, deps.clock.now());
        return redirect('/', [deps.sessions.cookie(session)]);
      }
      case 'POST /sign-out':
        // Ended on the server, not only cleared here: a copy of the cookie kept elsewhere is dead too.
        if (ctx.session) await deps.sessions.end(ctx.session);
        return redirect(deps.cognito ? deps.cognito.signOutUrl() : '/', [deps.sessions.clearCookie()]);
      case 'GET /tasks':
        return tasksPage(ctx);
      case 'GET /tasks/*':
        return taskPage(ctx, second ?? '');
      case 'POST /tasks/*/assign':
        return assignTaskPost(ctx, second ?? '');
      case 'POST /tasks/*/claim':
        return claimTaskPost(ctx, second ?? '');
      case 'POST /tasks/*/complete':
        return completeTaskPost(ctx, second ?? '');
      case 'GET /cases/*':
        return casePage(ctx, second ?? '');
      case 'GET /cases/*/assessment':
        return assessmentPage(ctx, second ?? '');
      case 'POST /cases/*/assessment':
        return saveAssessmentPost(ctx, second ?? '');
      case 'GET /cases/*/plan':
        return planPage(ctx, second ?? '');
      case 'POST /cases/*/plan':
        return addPlanActionPost(ctx, second ?? '');
      case 'POST /cases/*/restorative-justice':
        return rjRequestPost(ctx, second ?? '');
      case 'POST /cases/*/restorative-justice-decision':
        return rjDecisionPost(ctx, second ?? '');
      case 'POST /cases/*/hardship':
        return hardshipPost(ctx, second ?? '');
      case 'POST /cases/*/onward-referral':
        return onwardReferralPost(ctx, second ?? '');
      case 'POST /cases/*/close':
        return closePost(ctx, second ?? '');
      case 'POST /cases/*/target-hardening':
        if (!referring) break;
        return referPost(kit, referring, ctx, second ?? '', {
          open: openCase,
          closed: async (caseId) => (await deps.support.getSupport(caseId)).closed !== undefined,
        });
      case 'GET /jobs':
        if (!jobPages) break;
        return jobPages.jobsPage(ctx);
      case 'GET /jobs/*':
        if (!jobPages) break;
        return jobPages.jobPage(ctx, second ?? '');
      case 'POST /jobs/*/booking':
      case 'POST /jobs/*/visit':
      case 'POST /jobs/*/follow-up':
        if (!jobPages) break;
        return jobPages.recordPost(ctx, second ?? '', third as 'booking' | 'visit' | 'follow-up');
      case 'GET /returns':
        if (!returnPages) break;
        return returnPages.returnsPage(ctx);
      case 'GET /returns/*':
        if (!returnPages) break;
        return returnPages.download(ctx, second ?? '');
      case 'GET /agencies':
        if (!agencyPages) break;
        return agencyPages.agenciesPage(ctx);
      case 'POST /agencies':
        if (!agencyPages) break;
        return agencyPages.addPost(ctx);
      case 'GET /agencies/*':
        if (!agencyPages) break;
        return agencyPages.renamePage(ctx, second ?? '');
      case 'POST /agencies/*/rename':
        if (!agencyPages) break;
        return agencyPages.renamePost(ctx, second ?? '');
      case 'POST /agencies/*/retire':
      case 'POST /agencies/*/reinstate':
        if (!agencyPages) break;
        return agencyPages.activePost(ctx, second ?? '', third === 'reinstate');
    }
    return message(ctx, 404, 'Page not found', ['If you typed the web address, check it is correct.']);
  }

  return async (event: APIGatewayProxyEventV2): Promise<WebResponse> => {
    const nonce = newNonce();
    let request: WebRequest;
    try {
      request = webRequestOf(event);
    } catch (error) {
      if (error instanceof FormTooLargeError)
        return { statusCode: 413, headers: pageHeaders(nonce), body: 'The form is too large.' };
      throw error;
    }
    // The same for everyone: served before the session is read, so a page's stylesheets and scripts cost
    // no read of the session record and no check of the person's roles (web/session.ts `RoleCheck`).
    if (request.method === 'GET') {
      const asset = serveAsset(request.path);
      if (asset) return asset;
    }
    // A session whose roles are checked on this read comes back checked; the page renews its cookie.
    const session = await deps.sessions.fromCookies(request.cookies, deps.clock.now());
    return route({ request, session, nonce });
  };
}
