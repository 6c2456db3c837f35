import { randomUUID } from 'node:crypto';
import {
  addPlanAction,
  markPlanActionDone,
  markPlanWritten,
  PlanHasNoActionsError,
} from '../../shared/application/improvement-plans.ts';
import { localDateOf } from '../../shared/domain/calendar.ts';
import { FORM_KEY_FIELD, FORM_KEY_MESSAGE, isFormKey } from '../../shared/domain/form-key.ts';
import {
  type ImprovementPlan,
  isPlanId,
  readActionForm,
} from '../../shared/domain/outcomes/improvement-plans.ts';
import { TARGET_DEFINITIONS } from '../../shared/domain/outcomes/targets.ts';
import type { AuditLog } from '../../shared/ports/audit-log.ts';
import type { Clock } from '../../shared/ports/clock.ts';
import type { OutcomeStore } from '../../shared/ports/outcomes.ts';
import type { TaskStore } from '../../shared/ports/task-store.ts';
import { redirect, type WebResponse } from '../http.ts';
import { actorOf, type PageContext, type PageKit, type SignedInContext } from './page-kit.ts';

export interface PlanPagesDeps {
  readonly outcomes: OutcomeStore;
  readonly tasks: Pick<TaskStore, 'complete' | 'getTask'>;
  readonly audit: Pick<AuditLog, 'record'>;
  readonly clock: Clock;
}

const BACK = { href: '/improvement-plans', text: 'Back to the improvement plans' };
const longDate = (iso: string) =>
  new Date(`${iso}T12:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });

const SAVED: Readonly<Record<string, string>> = {
  added: 'Action added.',
  done: 'Action marked as done.',
  written: 'The plan is written: the task asking for it is done. Mark each action done as it is done.',
};

/**
 * The team leaders' improvement plans (docs/outcomes.md): a missed target's plan, written as actions with
 * owners and dates and tracked to done. Saying the plan is written completes the task that asked for it.
 */
export function createImprovementPlanPages(kit: PageKit, deps: PlanPagesDeps) {
  async function plansPage(ctx: PageContext): Promise<WebResponse> {
    const plans = await deps.outcomes.listPlans();
    const rows = await Promise.all(
      plans.map(async (plan) => {
        const actions = await deps.outcomes.listActions(plan.planId);
        return {
          ...describe(plan),
          href: `/improvement-plans/${encodeURIComponent(plan.planId)}`,
          open: actions.filter((a) => !a.doneAt).length,
          total: actions.length,
        };
      }),
    );
    return kit.render(ctx, 'improvement-plans', { title: 'Improvement plans', rows });
  }

  async function planPage(
    ctx: PageContext,
    planId: string,
    problem?: { errors: ReadonlyArray<{ field: string; message: string }>; entered: Record<string, string> },
  ): Promise<WebResponse> {
    const plan = isPlanId(planId) ? await deps.outcomes.getPlan(planId) : undefined;
    if (!plan) return notFound(ctx);
    const [actions, task] = await Promise.all([
      deps.outcomes.listActions(planId),
      deps.tasks.getTask(plan.taskId),
    ]);
    await kit.audit(ctx, planId, 'viewed', 'plan');
    const today = localDateOf(deps.clock.now());
    const saved = ctx.request.query.saved;
    const errors = Object.fromEntries((problem?.errors ?? []).map((e) => [e.field, { text: e.message }]));
    return kit.render(
      ctx,
      'improvement-plan',
      {
        title: `Improvement plan: ${TARGET_DEFINITIONS[plan.measure].label}`,
        plan: describe(plan),
        written: task?.status === 'completed',
        actions: actions.map((a) => ({
          ...a,
          dueText: longDate(a.due),
          overdue: !a.doneAt && a.due < today,
          doneText: a.doneAt ? `Done ${longDate(localDateOf(a.doneAt))} by ${a.doneBy}` : undefined,
          doneAction: `/improvement-plans/${encodeURIComponent(planId)}/actions/${encodeURIComponent(a.actionId)}/done`,
        })),
        formKey: randomUUID(),
        entered: problem?.entered ?? {},
        errors,
        ...(problem
          ? {
              errorSummary: problem.errors.map((e) => ({
                text: e.message,
                href: e.field === 'due' ? '#due-day' : e.field === 'plan' ? '#add-action' : `#${e.field}`,
              })),
            }
          : saved && SAVED[saved]
            ? { banner: SAVED[saved] }
            : {}),
      },
      problem ? 400 : 200,
    );
  }

  async function addActionPost(ctx: SignedInContext, planId: string): Promise<WebResponse> {
    const plan = isPlanId(planId) ? await deps.outcomes.getPlan(planId) : undefined;
    if (!plan) return notFound(ctx);
    const form = ctx.request.form;
    const entered = Object.fromEntries(
      ['description', 'owner', 'due-day', 'due-month', 'due-year'].map((k) => [k, form[k] ?? '']),
    );
    const read = readActionForm(form, localDateOf(deps.clock.now()));
    if (!read.ok) return planPage(ctx, planId, { errors: read.errors, entered });
    const key = form[FORM_KEY_FIELD];
    if (!isFormKey(key))
      return planPage(ctx, planId, {
        errors: [{ field: 'description', message: FORM_KEY_MESSAGE }],
        entered,
      });
    await addPlanAction(
      deps,
      {
        actionId: key,
        planId,
        description: read.description,
        owner: read.owner,
        due: read.due,
        addedBy: ctx.session.user,
        addedAt: deps.clock.now(),
      },
      actorOf(ctx),
    );
    return redirect(`/improvement-plans/${encodeURIComponent(planId)}?saved=added`);
  }

  async function donePost(ctx: SignedInContext, planId: string, actionId: string): Promise<WebResponse> {
    if (!isPlanId(planId) || !isFormKey(actionId)) return notFound(ctx);
    const done = await markPlanActionDone(deps, { planId, actionId, at: deps.clock.now() }, actorOf(ctx));
    if (!done) return notFound(ctx);
    return redirect(`/improvement-plans/${encodeURIComponent(planId)}?saved=done`);
  }

  async function writtenPost(ctx: SignedInContext, planId: string): Promise<WebResponse> {
    const plan = isPlanId(planId) ? await deps.outcomes.getPlan(planId) : undefined;
    if (!plan) return notFound(ctx);
    try {
      await markPlanWritten(deps, plan, deps.clock.now(), actorOf(ctx));
    } catch (error) {
      if (error instanceof PlanHasNoActionsError)
        return planPage(ctx, planId, {
          errors: [{ field: 'description', message: error.message }],
          entered: {},
        });
      throw error;
    }
    return redirect(`/improvement-plans/${encodeURIComponent(planId)}?saved=written`);
  }

  const notFound = (ctx: PageContext) =>
    kit.message(ctx, 404, 'Improvement plan not found', ['There is no such improvement plan.'], BACK);

  return { plansPage, planPage, addActionPost, donePost, writtenPost };
}

function describe(plan: ImprovementPlan) {
  return {
    planId: plan.planId,
    quarter: plan.quarter,
    label: TARGET_DEFINITIONS[plan.measure].label,
    lot: TARGET_DEFINITIONS[plan.measure].lot,
    value: plan.value,
    target: plan.target,
  };
}
