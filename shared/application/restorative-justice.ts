import type { Case } from '../domain/case.ts';
import type { MhTriageOutcome, MhTriageReferral } from '../domain/mh-triage.ts';
import {
  needsException,
  PAGE_TASK_TOKEN_PREFIX,
  type RjCriterion,
  type RjCriterionAnswer,
  type RjOffer,
  type RjOutcome,
  type RjProcess,
  type RjStage,
} from '../domain/rj-process.ts';
import { TaskNotOpenError, taskIdFor } from '../domain/task.ts';
import type { AuditLog } from '../ports/audit-log.ts';
import type { CaseStore } from '../ports/case-store.ts';
import type { MhTriageStore, RjProcessStore } from '../ports/rj-process.ts';
import type { TaskStore } from '../ports/task-store.ts';
import type { Actor } from './case-actions.ts';

export interface RjDeps {
  readonly rj: RjProcessStore;
  readonly tasks: Pick<TaskStore, 'createTask' | 'complete' | 'getTask'>;
  readonly audit: Pick<AuditLog, 'record'>;
  readonly store: Pick<CaseStore, 'recordEvent'>;
}

/** A team leader has a week to decide on an exception (the task's due date in their queue). */
const DECISION_DAYS = 7;

const auditOf = (actor: Actor) => ({
  user: actor.by,
  role: actor.role,
  ...(actor.requestId === undefined ? {} : { requestId: actor.requestId }),
});

/**
 * Records the restorative justice offer on a case and, for an excepted offence that goes ahead, raises the
 * team leader's exception task (no workflow waits on it: its decision page completes it). Keyed by the
 * form's key: sent again, it records one offer, one task, one audit entry and one timeline event.
 */
export async function recordRjOffer(
  deps: RjDeps,
  request: { opened: Case; offerId: string; offer: Omit<RjOffer, 'by' | 'at'>; at: Date },
  actor: Actor,
): Promise<RjProcess> {
  const { opened, offerId, at } = request;
  const { caseId } = opened;
  const taskId = taskIdFor(caseId, 'rj-exception-decision', 1);
  const excepted = needsException(opened.referral.offence, request.offer.result);
  const { process } = await deps.rj.recordOffer({
    caseId,
    offerId,
    offer: { ...request.offer, by: actor.by, at },
    ...(excepted ? { exception: { taskId, raisedAt: at } } : {}),
  });
  if (process.exception && !process.exception.decision) {
    const raisedAt = process.exception.raisedAt;
    await deps.tasks.createTask({
      taskId,
      caseId,
      type: 'rj-exception-decision',
      queue: 'team-leaders',
      priority: 2,
      due: new Date(raisedAt.getTime() + DECISION_DAYS * 24 * 3600 * 1000),
      attempt: 1,
      token: `${PAGE_TASK_TOKEN_PREFIX}${taskId}`,
      createdAt: raisedAt,
      reason: 'Restorative justice for an excepted offence: decide against the three criteria',
      enhanced: opened.triage.enhanced,
      area: opened.referral.npa,
    });
  }
  const { offer } = process;
  await deps.audit.record({
    caseId,
    ...auditOf(actor),
    action: 'changed',
    what: 'rj:offer',
    at: offer.at,
    entryId: 'rj-offer',
  });
  await deps.store.recordEvent({
    eventId: 'rj-offer',
    caseId,
    type: 'rj-offer-recorded',
    at: offer.at,
    detail: {
      result: offer.result,
      victimInitiated: offer.victimInitiated,
      offenderAdmitted: offer.offenderAdmitted,
      ...(offer.type ? { type: offer.type } : {}),
      exception: process.exception !== undefined,
      by: offer.by,
    },
  });
  return process;
}

/**
 * A team leader's exception decision against the three criteria: recorded on the process, then the task
 * completed, audited and put on the timeline. Sent again, it finishes what an interrupted first left undone.
 */
export async function decideRjException(
  deps: RjDeps,
  request: {
    caseId: string;
    criteria: Readonly<Record<RjCriterion, RjCriterionAnswer>>;
    approved: boolean;
    at: Date;
  },
  actor: Actor,
): Promise<RjProcess> {
  const { caseId, criteria, approved, at } = request;
  const { process } = await deps.rj.decide(caseId, { criteria, approved, by: actor.by, at });
  const exception = process.exception;
  const decision = exception?.decision;
  if (!exception || !decision) throw new Error(`case ${caseId} has no exception decision`);
  const outcome = { outcome: decision.approved ? ('approved' as const) : ('not-approved' as const) };
  try {
    await deps.tasks.complete(exception.taskId, decision.by, outcome, decision.at);
  } catch (error) {
    // Completed by the first attempt, or not there (an exception raised before its task): nothing to do.
    if (!(error instanceof TaskNotOpenError) && (await deps.tasks.getTask(exception.taskId))) throw error;
  }
  await deps.audit.record({
    caseId,
    ...auditOf(actor),
    action: 'changed',
    what: `rj:${decision.approved ? 'approve' : 'refuse'}`,
    at: decision.at,
    entryId: 'rj-exception',
  });
  await deps.store.recordEvent({
    eventId: `task.${exception.taskId}`,
    caseId,
    type: 'task-completed',
    at: decision.at,
    detail: {
      taskId: exception.taskId,
      taskType: 'rj-exception-decision',
      outcome: outcome.outcome,
      by: decision.by,
    },
  });
  await deps.store.recordEvent({
    eventId: 'rj-exception',
    caseId,
    type: 'rj-exception-decided',
    at: decision.at,
    detail: { approved: decision.approved, by: decision.by },
  });
  return process;
}

/** The next stage of the process (and at the outcome stage, the outcome), keyed by the form's key. */
export async function recordRjStage(
  deps: Pick<RjDeps, 'rj' | 'audit' | 'store'>,
  request: { caseId: string; entryId: string; stage: RjStage; outcome?: RjOutcome; at: Date },
  actor: Actor,
): Promise<RjProcess> {
  const { caseId, entryId, stage, outcome, at } = request;
  const { process } = await deps.rj.recordStage(caseId, {
    entryId,
    stage,
    ...(outcome ? { outcome } : {}),
    by: actor.by,
    at,
  });
  const entry = process.stages.find((s) => s.entryId === entryId) ?? { stage, by: actor.by, at };
  await deps.audit.record({
    caseId,
    ...auditOf(actor),
    action: 'changed',
    what: `rj:stage:${entry.stage}`,
    at: entry.at,
    entryId: `rj-stage.${entry.stage}`,
  });
  await deps.store.recordEvent({
    eventId: `rj-stage.${entry.stage}`,
    caseId,
    type: 'rj-stage-recorded',
    at: entry.at,
    detail: {
      stage: entry.stage,
      ...('outcome' in entry && entry.outcome ? { outcome: entry.outcome } : {}),
      by: entry.by,
    },
  });
  return process;
}

export interface MhTriageDeps {
  readonly triage: MhTriageStore;
  readonly audit: Pick<AuditLog, 'record'>;
  readonly store: Pick<CaseStore, 'recordEvent'>;
}

/** A referral to the co-located mental health nurses, keyed by the form's key. */
export async function referToMhTriage(
  deps: MhTriageDeps,
  request: Omit<MhTriageReferral, 'triage' | 'by'>,
  actor: Actor,
): Promise<MhTriageReferral> {
  const { referral } = await deps.triage.refer({ ...request, by: actor.by });
  await deps.audit.record({
    caseId: referral.caseId,
    ...auditOf(actor),
    action: 'changed',
    what: 'mh-triage:refer',
    at: referral.at,
    entryId: `mh-triage.${referral.referralId}`,
  });
  await deps.store.recordEvent({
    eventId: `mh-triage.${referral.referralId}`,
    caseId: referral.caseId,
    type: 'mh-triage-referred',
    at: referral.at,
    detail: {
      referralId: referral.referralId,
      reason: referral.reason,
      urgency: referral.urgency,
      by: referral.by,
    },
  });
  return referral;
}

/** The nurse's triage outcome on a referral: the first recorded is kept. */
export async function recordMhTriageOutcome(
  deps: MhTriageDeps,
  request: { caseId: string; referralId: string; outcome: MhTriageOutcome; at: Date },
  actor: Actor,
): Promise<{ referral: MhTriageReferral; result: 'recorded' | 'already-recorded' }> {
  const { caseId, referralId, outcome, at } = request;
  const done = await deps.triage.recordOutcome(caseId, referralId, { outcome, by: actor.by, at });
  const triage = done.referral.triage;
  if (!triage) throw new Error(`referral ${referralId} has no outcome`);
  await deps.audit.record({
    caseId,
    ...auditOf(actor),
    action: 'changed',
    what: 'mh-triage:outcome',
    at: triage.at,
    entryId: `mh-triage-outcome.${referralId}`,
  });
  await deps.store.recordEvent({
    eventId: `mh-triage-outcome.${referralId}`,
    caseId,
    type: 'mh-triage-outcome',
    at: triage.at,
    detail: { referralId, outcome: triage.outcome, by: triage.by },
  });
  return done;
}
