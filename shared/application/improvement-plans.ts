import { localDateOf, nthWorkingDayAfter, startOfLocalDay } from '../domain/calendar.ts';
import { type ImprovementPlan, type PlanAction, planIdFor } from '../domain/outcomes/improvement-plans.ts';
import { missesTarget, TARGET_DEFINITIONS, TARGET_MEASURES } from '../domain/outcomes/targets.ts';
import type { QuarterlyReturn } from '../domain/reporting/quarterly-return.ts';
import { PAGE_TASK_TOKEN_PREFIX } from '../domain/rj-process.ts';
import { TaskNotOpenError, taskIdFor } from '../domain/task.ts';
import type { AuditLog } from '../ports/audit-log.ts';
import type { OutcomeStore } from '../ports/outcomes.ts';
import type { TaskStore } from '../ports/task-store.ts';

/** A team leader has this many working days to write the plan. */
export const PLAN_WORKING_DAYS = 10;

export interface RaisePlanDeps {
  readonly outcomes: Pick<OutcomeStore, 'raisePlan' | 'getPlan'>;
  readonly tasks: Pick<TaskStore, 'createTask'>;
}

/**
 * For each outcome the return shows below its target, raises an improvement plan and the team leaders'
 * task to write it (docs/outcomes.md). One plan and one task per quarter and measure: a return produced
 * again raises nothing new.
 */
export async function raiseImprovementPlans(
  report: QuarterlyReturn,
  at: Date,
  deps: RaisePlanDeps,
): Promise<ImprovementPlan[]> {
  const raised: ImprovementPlan[] = [];
  for (const measure of TARGET_MEASURES) {
    const figure = report.measures.find((m) => m.id === TARGET_DEFINITIONS[measure].measureId);
    if (!figure || !missesTarget(figure.percentage, figure.target)) continue;
    const planId = planIdFor(report.quarter, measure);
    const taskId = taskIdFor(planId, 'improvement-plan', 1);
    await deps.outcomes.raisePlan({
      planId,
      quarter: report.quarter,
      measure,
      value: figure.percentage as number,
      target: figure.target as number,
      raisedAt: at,
      taskId,
    });
    // As first raised: the task's due date comes from the plan's first raising.
    const plan = (await deps.outcomes.getPlan(planId)) as ImprovementPlan;
    await deps.tasks.createTask({
      taskId,
      caseId: planId,
      type: 'improvement-plan',
      queue: 'team-leaders',
      priority: 2,
      // The end of the tenth working day after it was raised (Leicester time).
      due: startOfLocalDay(nthWorkingDayAfter(localDateOf(plan.raisedAt), PLAN_WORKING_DAYS + 1)),
      attempt: 1,
      token: `${PAGE_TASK_TOKEN_PREFIX}${taskId}`,
      createdAt: plan.raisedAt,
      reason: `${TARGET_DEFINITIONS[measure].label}: ${plan.value}% in ${plan.quarter}, against a target of ${plan.target}%`,
    });
    raised.push(plan);
  }
  return raised;
}

export interface PlanActionDeps {
  readonly outcomes: Pick<OutcomeStore, 'addAction' | 'markActionDone' | 'listActions' | 'getPlan'>;
  readonly tasks: Pick<TaskStore, 'complete' | 'getTask'>;
  readonly audit: Pick<AuditLog, 'record'>;
}

interface Actor {
  readonly by: string;
  readonly role: string;
  readonly requestId?: string | undefined;
}

const auditOf = (actor: Actor) => ({
  user: actor.by,
  role: actor.role,
  ...(actor.requestId === undefined ? {} : { requestId: actor.requestId }),
});

/** Adds an action to a plan, keyed by the form's key: sent again it adds one action and one audit entry. */
export async function addPlanAction(deps: PlanActionDeps, action: PlanAction, actor: Actor): Promise<void> {
  await deps.outcomes.addAction(action);
  await deps.audit.record({
    caseId: action.planId,
    ...auditOf(actor),
    action: 'changed',
    what: 'plan:action-add',
    at: action.addedAt,
    entryId: `action.${action.actionId}`,
  });
}

/** Marks an action done, once; audited once. Undefined: the plan has no such action. */
export async function markPlanActionDone(
  deps: PlanActionDeps,
  request: { planId: string; actionId: string; at: Date },
  actor: Actor,
): Promise<PlanAction | undefined> {
  const done = await deps.outcomes.markActionDone(request.planId, request.actionId, actor.by, request.at);
  if (!done?.doneAt) return done;
  await deps.audit.record({
    caseId: request.planId,
    ...auditOf(actor),
    action: 'changed',
    what: 'plan:action-done',
    at: done.doneAt,
    entryId: `action-done.${request.actionId}`,
  });
  return done;
}

/** The plan has no action yet: there is nothing to call written. */
export class PlanHasNoActionsError extends Error {
  override name = 'PlanHasNoActionsError';
}

/**
 * The team leader says the plan is written (it has at least one action): the task asking for it is
 * completed. Sent again, or with the task already done, it changes nothing.
 */
export async function markPlanWritten(
  deps: PlanActionDeps,
  plan: ImprovementPlan,
  at: Date,
  actor: Actor,
): Promise<void> {
  if ((await deps.outcomes.listActions(plan.planId)).length === 0)
    throw new PlanHasNoActionsError('Add at least one action before saying the plan is written');
  try {
    await deps.tasks.complete(plan.taskId, actor.by, { outcome: 'written' }, at);
  } catch (error) {
    if (!(error instanceof TaskNotOpenError)) throw error;
    return;
  }
  await deps.audit.record({
    caseId: plan.planId,
    ...auditOf(actor),
    action: 'changed',
    what: 'plan:written',
    at,
    entryId: 'plan-written',
  });
}
