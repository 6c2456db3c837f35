import type { AuditEntry } from '../domain/audit.ts';
import { SupportClosedError } from '../domain/case-support.ts';
import { HARDSHIP_ANNUAL_BUDGET_PENCE, type HardshipPayment, pounds } from '../domain/hardship-fund.ts';
import type { Task } from '../domain/task.ts';
import type { AuditLog } from '../ports/audit-log.ts';
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
}

/**
 * Closes the case's support, audits it and puts it on the timeline. A case closes once: closing a closed
 * case is the same action again, answered with the stored closure (who and when) after recording whatever
 * of its audit entry and event is missing. A case without its closing assessment is refused
 * (SupportClosedError).
 */
export async function closeCase(
  deps: CloseCaseDeps,
  request: Actor & { readonly caseId: string },
): Promise<{ readonly by: string; readonly at: Date }> {
  const { caseId } = request;
  let closure = { by: request.by, at: deps.clock.now() };
  try {
    await deps.support.closeSupport(caseId, closure.by, closure.at);
  } catch (error) {
    if (!(error instanceof SupportClosedError)) throw error;
    const kept = (await deps.support.getSupport(caseId)).closed;
    if (!kept) throw error;
    closure = kept;
  }
  await deps.audit.record(
    changed(request, {
      caseId,
      user: closure.by,
      what: 'case:close',
      at: closure.at,
      entryId: 'case-close',
    }),
  );
  await deps.store.recordEvent({
    eventId: 'support-closed',
    caseId,
    type: 'support-closed',
    at: closure.at,
    detail: { by: closure.by },
  });
  return closure;
}

export interface PayHardshipDeps {
  readonly hardship: Pick<HardshipFund, 'pay' | 'paymentsOf'>;
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
  let paid = payment;
  if ((await deps.hardship.pay(payment, HARDSHIP_ANNUAL_BUDGET_PENCE)) === 'already-paid') {
    paid =
      (await deps.hardship.paymentsOf(payment.caseId)).find((p) => p.paymentId === payment.paymentId) ??
      payment;
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
    detail: { amount: pounds(paid.amountPence), by: paid.paidBy },
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
