import type { AuditEntry } from '../domain/audit.ts';
import {
  type Closure,
  type ClosureGiven,
  CONTACT_PATH_CLOSURES,
  changeCount,
  closureReasonOf,
  type Reopening,
  SUPPORT_CLOSED_BY_SYSTEM,
  SupportClosedError,
  SupportOpenError,
  sameClosure,
  sameReopening,
  supportChanges,
  validateReopening,
} from '../domain/case-support.ts';
import { HARDSHIP_ANNUAL_BUDGET_PENCE, type HardshipPayment, pounds } from '../domain/hardship-fund.ts';
import type { Task } from '../domain/task.ts';
import type { AuditLog } from '../ports/audit-log.ts';
import type { CaseOwners } from '../ports/case-owners.ts';
import type { CaseStore } from '../ports/case-store.ts';
import type { Clock } from '../ports/clock.ts';
import type { HardshipFund } from '../ports/hardship-fund.ts';
import type { SupportStore } from '../ports/support-store.ts';
import { completeTask, type TaskQueueDeps } from './task-queue.ts';

// The case actions that write more than once (docs/web-app.md, actions that write more than once). Each
// step is keyed by the action, so a retry after a failure at any step completes the rest exactly once:
// the first write's own condition answers a repeat with what it stored, the audit entry has the action's
// `entryId` and the time of its first write, and the timeline event has the action's `eventId`.

/** Who acts, as the audit log records them. */
export interface Actor {
  /** The signed-in person's id. */
  readonly by: string;
  /** The role they act in, as the audit log writes it (`caseworker`, `caseworker+team-leader`). */
  readonly role: string;
  /** The request, to join the audit entry to the service's logs. */
  readonly requestId?: string | undefined;
}

const changed = (
  actor: Actor,
  entry: Pick<AuditEntry, 'caseId' | 'user' | 'what' | 'at' | 'entryId'>,
): AuditEntry => ({
  ...entry,
  role: actor.role,
  action: 'changed',
  ...(actor.requestId === undefined ? {} : { requestId: actor.requestId }),
});

export interface CloseCaseDeps {
  readonly support: Pick<SupportStore, 'closeSupport' | 'getSupport'>;
  readonly audit: Pick<AuditLog, 'record'>;
  readonly store: Pick<CaseStore, 'recordEvent'>;
  readonly clock: Clock;
  /** The case leaves its owner's open caseload (shared/ports/case-owners.ts). */
  readonly owners?: Pick<CaseOwners, 'markClosed'>;
}

// A case may be closed and reopened more than once: the nth closure and reopening are keyed n. The first
// closure keeps the keys closures had before reopening was built, so none is recorded twice.
const closureKeys = (n: number) =>
  n === 1
    ? { entryId: 'case-close', eventId: 'support-closed' }
    : { entryId: `case-close.${n}`, eventId: `support-closed.${n}` };
const reopeningKeys = (n: number) => ({ entryId: `case-reopen.${n}`, eventId: `support-reopened.${n}` });

/** The closure's timeline event: who and the reason's code (never other's words, which may name people). */
const closedEvent = (caseId: string, closure: Closure, n: number) => ({
  eventId: closureKeys(n).eventId,
  caseId,
  type: 'support-closed' as const,
  at: closure.at,
  detail: { by: closure.by, reason: closureReasonOf(closure) },
});

/**
 * Closes the case's support for the reason given (docs/web-app.md: closing needs the closing assessment only
 * for support completed), audits it and puts it on the timeline. Without a reason it is support completed,
 * as the case page's form sent before reasons were asked for. Closing a closed case again — the same person,
 * for the same reason — is the same action, answered with the stored closure after recording whatever of
 * its audit entry and event is missing; any other closure of a closed case, or support completed without
 * the closing assessment, is refused (SupportClosedError).
 */
export async function closeCase(
  deps: CloseCaseDeps,
  request: Actor & { readonly caseId: string; readonly given?: ClosureGiven },
): Promise<Closure> {
  const { caseId, given } = request;
  let closure: Closure = {
    by: request.by,
    at: deps.clock.now(),
    ...(given ? { reason: given.reason } : {}),
    ...(given?.reasonText === undefined ? {} : { reasonText: given.reasonText }),
  };
  try {
    await deps.support.closeSupport(caseId, closure.by, closure.at, given);
  } catch (error) {
    if (!(error instanceof SupportClosedError)) throw error;
    const kept = (await deps.support.getSupport(caseId)).closed;
    if (!kept || !sameClosure(kept, closure, false)) throw error;
    closure = kept;
  }
  await deps.owners?.markClosed(caseId, closure.at);
  const n = changeCount(await deps.support.getSupport(caseId), 'closed');
  await deps.audit.record(
    changed(request, {
      caseId,
      user: closure.by,
      what: 'case:close',
      at: closure.at,
      entryId: closureKeys(n).entryId,
    }),
  );
  await deps.store.recordEvent(closedEvent(caseId, closure, n));
  return closure;
}

export interface ReopenCaseDeps {
  readonly support: Pick<SupportStore, 'reopen' | 'getSupport'>;
  readonly audit: Pick<AuditLog, 'record'>;
  readonly store: Pick<CaseStore, 'recordEvent'>;
  readonly clock: Clock;
  /** The case goes back onto its owner's open caseload, or waits for allocation (shared/ports/case-owners.ts). */
  readonly owners?: Pick<CaseOwners, 'markReopened'>;
}

/**
 * Opens a closed case again for the reason given (required: InvalidClosureError), audits it and puts it on
 * the timeline, each keyed by the reopening's number. Reopening it again — the same person, for the same
 * reason — is the same action, answered with the stored reopening after recording whatever of its audit
 * entry and event is missing; a case that is not closed is refused (SupportOpenError).
 */
export async function reopenCase(
  deps: ReopenCaseDeps,
  request: Actor & { readonly caseId: string; readonly reason: string },
): Promise<Reopening> {
  const { caseId } = request;
  let reopening: Reopening = {
    by: request.by,
    at: deps.clock.now(),
    reason: validateReopening(request.reason),
  };
  try {
    await deps.support.reopen(caseId, reopening);
  } catch (error) {
    if (!(error instanceof SupportOpenError)) throw error;
    const kept = (await deps.support.getSupport(caseId)).reopened;
    if (!kept || !sameReopening(kept, reopening, false)) throw error;
    reopening = kept;
  }
  await deps.owners?.markReopened(caseId, reopening.at);
  const n = changeCount(await deps.support.getSupport(caseId), 'reopened');
  const keys = reopeningKeys(n);
  await deps.audit.record(
    changed(request, {
      caseId,
      user: reopening.by,
      what: 'case:reopen',
      at: reopening.at,
      entryId: keys.entryId,
    }),
  );
  // The reason is the caseworker's words: it stays with the support record, not on the timeline.
  await deps.store.recordEvent({
    eventId: keys.eventId,
    caseId,
    type: 'support-reopened',
    at: reopening.at,
    detail: { by: reopening.by },
  });
  return reopening;
}

export interface CloseAtPathEndDeps {
  readonly support: Pick<SupportStore, 'closeSupport' | 'getSupport'>;
  readonly store: Pick<CaseStore, 'recordEvent'>;
  /** A case a team leader allocated early leaves its owner's open caseload (shared/ports/case-owners.ts). */
  readonly owners?: Pick<CaseOwners, 'markClosed'>;
}

/**
 * The case closed by the service when its contact path ends initial contact only, declined, not contactable
 * or passed to another service, with that reason, and put on the timeline. Run again (a retried step), it
 * finds its closure and closes nothing more. A case a caseworker has closed already is left as they closed it.
 */
export async function closeAtContactPathEnd(
  deps: CloseAtPathEndDeps,
  ending: { readonly caseId: string; readonly result: string; readonly at: Date },
): Promise<'closed' | 'not-closing' | 'already-closed'> {
  const { caseId, at } = ending;
  const reason = CONTACT_PATH_CLOSURES.find((r) => r === ending.result);
  if (!reason) return 'not-closing';
  const ours = (closure: Closure) =>
    closure.by === SUPPORT_CLOSED_BY_SYSTEM && closureReasonOf(closure) === reason;
  /** This path's closure, if it is in the case's history, with its number among the closures. */
  const found = async () => {
    const closures = supportChanges(await deps.support.getSupport(caseId)).filter(
      (c) => c.change === 'closed',
    );
    const index = closures.findIndex(ours);
    return index < 0 ? undefined : { closure: closures[index] as Closure, n: index + 1 };
  };
  let closed = await found();
  if (!closed) {
    try {
      await deps.support.closeSupport(caseId, SUPPORT_CLOSED_BY_SYSTEM, at, { reason });
    } catch (error) {
      if (!(error instanceof SupportClosedError)) throw error;
    }
    closed = await found();
    if (!closed) return 'already-closed';
  }
  await deps.owners?.markClosed(caseId, closed.closure.at);
  await deps.store.recordEvent(closedEvent(caseId, closed.closure, closed.n));
  return 'closed';
}

export interface PayHardshipDeps {
  readonly hardship: Pick<HardshipFund, 'pay' | 'paymentsOf'>;
  readonly support: Pick<SupportStore, 'getSupport'>;
  readonly audit: Pick<AuditLog, 'record'>;
  readonly store: Pick<CaseStore, 'recordEvent'>;
}

/**
 * Pays a hardship payment from its year's budget, audits it and puts it on the timeline, all keyed by the
 * payment's id (the form's key): the same form again pays and spends once, and records one audit entry and
 * one event, as the first time. Throws HardshipBudgetExceededError when the year has not enough left.
 */
export async function payHardship(
  deps: PayHardshipDeps,
  payment: HardshipPayment,
  actor: Pick<Actor, 'role' | 'requestId'>,
): Promise<HardshipPayment> {
  const earlier = async () =>
    (await deps.hardship.paymentsOf(payment.caseId)).find((p) => p.paymentId === payment.paymentId);
  let paid = payment;
  if ((await deps.support.getSupport(payment.caseId)).closed) {
    // A closed case takes no new payment; one paid before it closed (this form sent again) is finished.
    const kept = await earlier();
    if (!kept)
      throw new SupportClosedError(`Case ${payment.caseId} is closed: no payment can be made on it.`);
    paid = kept;
  } else if ((await deps.hardship.pay(payment, HARDSHIP_ANNUAL_BUDGET_PENCE)) === 'already-paid') {
    paid = (await earlier()) ?? payment;
  }
  await deps.audit.record(
    changed(
      { by: paid.paidBy, ...actor },
      {
        caseId: paid.caseId,
        user: paid.paidBy,
        what: 'hardship:pay',
        at: paid.paidAt,
        entryId: `hardship.${paid.paymentId}`,
      },
    ),
  );
  // Keyed by the payment: one timeline entry (and one in the return) however often it was sent.
  await deps.store.recordEvent({
    eventId: `hardship.${paid.paymentId}`,
    caseId: paid.caseId,
    type: 'hardship-payment',
    at: paid.paidAt,
    detail: { amount: pounds(paid.amountPence), amountPence: paid.amountPence, by: paid.paidBy },
  });
  return paid;
}

export interface FinishTaskDeps extends TaskQueueDeps {
  readonly audit: Pick<AuditLog, 'record'>;
}

/**
 * Completes a task (completeTask: the outcome, the workflow told once, the timeline event keyed by the task)
 * and audits it under the task's id at the time it was completed: the same person completing it again
 * finishes whatever the first attempt did not, and records one audit entry.
 */
export async function finishTask(
  deps: FinishTaskDeps,
  request: Actor & { readonly taskId: string; readonly outcome: unknown },
): Promise<Task> {
  const completed = await completeTask(request.taskId, request.by, request.outcome, deps);
  await deps.audit.record(
    changed(request, {
      caseId: completed.caseId,
      user: completed.completedBy ?? request.by,
      what: 'task:complete',
      at: completed.completedAt ?? deps.clock.now(),
      entryId: `task.${completed.taskId}`,
    }),
  );
  return completed;
}
