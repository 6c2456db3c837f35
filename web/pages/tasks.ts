import { finishTask } from '../../shared/application/case-actions.ts';
import { InvalidOutcomeError } from '../../shared/application/task-queue.ts';
import { reasonsSentence, suggestAllocation } from '../../shared/domain/allocation.ts';
import { localDateOf } from '../../shared/domain/calendar.ts';
import type { Case } from '../../shared/domain/case.ts';
import { isPlanId } from '../../shared/domain/outcomes/improvement-plans.ts';
import { NEIGHBOURHOOD_POLICING_AREAS } from '../../shared/domain/referral-codes.ts';
import { may, mayWorkQueue, mayWorkTask, workableQueues } from '../../shared/domain/roles.ts';
import {
  type Queue,
  TASK_TYPES,
  type Task,
  TaskAlreadyClaimedError,
  TaskNotFoundError,
  TaskNotOpenError,
  type TaskType,
} from '../../shared/domain/task.ts';
import type { WebAppDeps } from '../deps.ts';
import { redirect, type WebResponse } from '../http.ts';
import type { Session } from '../session.ts';
import { dueIn, localDateTime } from '../views.ts';
import {
  type EarlierCase,
  earlierCases,
  earlierCaseworkers,
  reopenNotice,
  riskProfile,
} from './case-picture.ts';
import { CASE_REOPENERS } from './closure.ts';
import { actorOf, type PageKit, type SignedInContext } from './page-kit.ts';
import { formFor, outcomeFromForm, taskTitle } from './task-forms.ts';
import { PRIORITY_NAMES, phonesOf, safetyFlags, sentence, TASK_NAMES } from './wording.ts';

/** Outcome fields as the error summary names them (others by their own name). */
const OUTCOME_FIELDS: Readonly<Record<string, string>> = {
  outcome: 'Outcome',
  nextReviewAt: 'Next review date',
};

/** At most this many tasks on one queue page; filters narrow it. */
const QUEUE_PAGE_ROWS = 200;
/** How far down a queue a filtered page reads to fill itself: the whole queue at the service's size. */
const QUEUE_READ_LIMIT = 20_000;
/** Index entries read at once for a filtered page (well inside DynamoDB's 1 MB a query). */
const QUEUE_SEARCH_READ = 2_000;

/**
 * The task pages: the team queue and each person's own tasks, one task with its form, taking the outcome,
 * claiming a task and a team leader giving it to a caseworker (docs/web-app.md).
 */
export function createTaskPages(kit: PageKit, deps: WebAppDeps) {
  const QUEUE_NAMES: Readonly<Record<Queue, string>> = {
    caseworkers: 'caseworkers’ queue',
    'team-leaders': 'team leaders’ queue',
  };

  /** The refusal of a queue the person's role does not work (the same rule as the task API's). */
  const queueRefused = (ctx: SignedInContext, queue: Queue) =>
    kit.message(ctx, 403, 'You cannot open this queue', [
      `The ${QUEUE_NAMES[queue]} is worked by team leaders. Your role does not give access to it.`,
    ]);

  /**
   * The task, when the person's role works the queue it sits in (shared/domain/roles.ts, as the task API
   * asks); otherwise the answer to give: not found, or a refusal recorded in the case's audit.
   */
  const workableTask = async (
    ctx: SignedInContext,
    session: Session,
    taskId: string,
  ): Promise<{ readonly task: Task } | { readonly refused: WebResponse }> => {
    const task = await deps.tasks.getTask(taskId);
    if (!task)
      return {
        refused: kit.message(ctx, 404, 'Task not found', [`There is no task ${taskId}.`], {
          href: '/tasks',
          text: 'Back to the queue',
        }),
      };
    if (mayWorkTask(session.roles, task)) return { task };
    await kit.audit(ctx, task.caseId, 'refused', 'task');
    return {
      refused: kit.message(ctx, 403, 'You cannot open this task', [
        `It waits in the ${QUEUE_NAMES[task.queue]}. Your role does not give access to it.`,
      ]),
    };
  };

  /** Whether a task may be given to a caseworker: only one from a queue a caseworker works. */
  const allocatable = (task: Task) => mayWorkQueue(['caseworker'], task.queue);

  async function tasksPage(ctx: SignedInContext): Promise<WebResponse> {
    const { session } = ctx;
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
    return kit.render(ctx, 'tasks', {
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
        caseHref: caseHref(task.caseId),
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
    ctx: SignedInContext,
    taskId: string,
    form?: { values: Record<string, string>; errors: Array<{ field: string; message: string }> },
  ): Promise<WebResponse> {
    const { session } = ctx;
    const workable = await workableTask(ctx, session, taskId);
    if ('refused' in workable) return workable.refused;
    const { task } = workable;
    const opened = await deps.store.getCase(task.caseId);
    await kit.audit(ctx, task.caseId, 'viewed', 'task');
    const [earlier, support] = opened
      ? await Promise.all([earlierCases(deps, opened), deps.support.getSupport(opened.caseId)])
      : [[], undefined];
    // Beside the field, the same words as the error summary: "Next review date must be in the future".
    const errorText = (e: { field: string; message: string }) =>
      `${OUTCOME_FIELDS[e.field] ?? e.field} ${e.message}`;
    const errors = Object.fromEntries((form?.errors ?? []).map((e) => [e.field, errorText(e)]));
    const now = deps.clock.now();
    const due = dueIn(task.due, now);
    const closedText =
      task.status === 'completed'
        ? `Completed by ${task.completedBy ?? 'someone'} on ${task.completedAt ? localDateTime(task.completedAt) : 'an earlier day'}.`
        : 'Its deadline passed and it was escalated.';
    return kit.render(
      ctx,
      'task',
      {
        title: taskTitle(task),
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
          // A booked web chat: the chat itself is on the case's web chat page (docs/web-chat.md).
          ...(task.type === 'web-chat'
            ? [
                {
                  key: { text: 'Web chat' },
                  value: {
                    html: `<a class="govuk-link" href="/cases/${encodeURIComponent(task.caseId)}/web-chat">Open the chat</a>`,
                  },
                },
              ]
            : []),
          {
            key: { text: isPlanId(task.caseId) ? 'Improvement plan' : 'Case' },
            value: {
              html: `<a class="govuk-link" href="${caseHref(task.caseId)}">${task.caseId}</a>`,
            },
          },
        ],
        // The whole picture before a call: what intake stored that the caller needs (docs/web-app.md).
        ...(opened
          ? (() => {
              const profile = riskProfile(opened, now);
              return {
                profile: profile.rows,
                underEighteen: profile.underEighteen,
                earlierCases: earlier,
                // A new referral for a victim whose earlier case is closed: reopen that one (docs/web-app.md).
                reopenNotice: reopenNotice(opened, earlier, {
                  canReopen: may(session.roles, CASE_REOPENERS),
                  closed: support?.closed !== undefined,
                }),
              };
            })()
          : {}),
        form: formFor(task, localDateOf(now)),
        allocation:
          task.status === 'open' && opened && may(session.roles, 'tasks:allocate') && allocatable(task)
            ? await allocationFor(task, opened, earlier)
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
                text: errorText(e),
                href: `#${e.field === 'outcome' ? 'outcome' : e.field}`,
              })),
            }
          : {}),
      },
      form?.errors.length ? 400 : 200,
    );
  }

  async function completeTaskPost(ctx: SignedInContext, taskId: string): Promise<WebResponse> {
    const { session } = ctx;
    const workable = await workableTask(ctx, session, taskId);
    if ('refused' in workable) return workable.refused;
    const { task } = workable;
    try {
      await finishTask(deps, {
        taskId,
        outcome: outcomeFromForm(task, ctx.request.form),
        ...actorOf(ctx),
      });
    } catch (error) {
      if (error instanceof InvalidOutcomeError)
        return taskPage(ctx, taskId, { values: { ...ctx.request.form }, errors: [...error.errors] });
      if (error instanceof TaskNotOpenError || error instanceof TaskAlreadyClaimedError) {
        return kit.message(
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
      if (error instanceof TaskNotFoundError) return kit.message(ctx, 404, 'Task not found', [error.message]);
      throw error;
    }
    return redirect(`/cases/${encodeURIComponent(task.caseId)}?done=${encodeURIComponent(taskId)}`);
  }

  /** The caseworkers a team leader may give the task to, best first, each with the reasons. */
  async function allocationFor(task: Task, opened: Case, earlier: readonly EarlierCase[]) {
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
        earlierCaseworkers: earlierCaseworkers(earlier),
      },
      staff,
      caseloads,
      sentence,
    );
    return suggestions.map((suggestion, index) => ({
      value: suggestion.member.id,
      text: `${suggestion.member.name}${index === 0 ? ' (suggested)' : ''}`,
      hint: { text: reasonsSentence(suggestion.reasons) },
      checked: task.assignee === suggestion.member.id,
    }));
  }

  async function assignTaskPost(ctx: SignedInContext, taskId: string): Promise<WebResponse> {
    const to = ctx.request.form.user ?? '';
    const member = (await deps.staff?.caseworkers())?.find((m) => m.id === to);
    const task = await deps.tasks.getTask(taskId);
    if (task && !allocatable(task)) {
      return kit.message(ctx, 400, 'This task stays with the team leaders', [
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
      await kit.audit(ctx, task.caseId, 'changed', 'task:assign');
      return redirect(`/tasks/${encodeURIComponent(taskId)}?assigned=${encodeURIComponent(member.name)}`);
    } catch (error) {
      if (error instanceof TaskNotOpenError) {
        return kit.message(ctx, 409, 'This task has already been dealt with', [error.message]);
      }
      if (error instanceof TaskNotFoundError) return kit.message(ctx, 404, 'Task not found', [error.message]);
      throw error;
    }
  }

  async function claimTaskPost(ctx: SignedInContext, taskId: string): Promise<WebResponse> {
    const { session } = ctx;
    const workable = await workableTask(ctx, session, taskId);
    if ('refused' in workable) return workable.refused;
    try {
      const task = await deps.tasks.claim(taskId, session.user, deps.clock.now());
      await kit.audit(ctx, task.caseId, 'changed', 'task:claim');
      return redirect(`/tasks/${encodeURIComponent(taskId)}?claimed=yes`);
    } catch (error) {
      if (error instanceof TaskAlreadyClaimedError || error instanceof TaskNotOpenError) {
        return kit.message(ctx, 409, 'Someone else has this task', [error.message], {
          href: '/tasks',
          text: 'Back to the queue',
        });
      }
      if (error instanceof TaskNotFoundError) return kit.message(ctx, 404, 'Task not found', [error.message]);
      throw error;
    }
  }

  return {
    queue: tasksPage,
    task: taskPage,
    complete: completeTaskPost,
    assign: assignTaskPost,
    claim: claimTaskPost,
  };
}

/** A task's case, or for a missed target's task its improvement plan (shared/domain/outcomes). */
const caseHref = (caseId: string) =>
  isPlanId(caseId)
    ? `/improvement-plans/${encodeURIComponent(caseId)}`
    : `/cases/${encodeURIComponent(caseId)}`;
