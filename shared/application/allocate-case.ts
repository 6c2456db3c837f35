import type { AuditEntry } from '../domain/audit.ts';
import type { Allocation } from '../domain/case-ownership.ts';
import type { AuditLog } from '../ports/audit-log.ts';
import type { CaseOwners } from '../ports/case-owners.ts';
import type { CaseStore } from '../ports/case-store.ts';
import type { Clock } from '../ports/clock.ts';
import type { Actor } from './case-actions.ts';

export interface AllocateCaseDeps {
  readonly owners: Pick<CaseOwners, 'allocate'>;
  readonly audit: Pick<AuditLog, 'record'>;
  readonly store: Pick<CaseStore, 'recordEvent'>;
  readonly clock: Clock;
}

/** A team leader's allocation as the page sends it: the case's next allocation number and who gets it. */
export interface AllocationRequest extends Actor {
  readonly caseId: string;
  /** The allocation's number: the case's next as the page was drawn, which keys every step. */
  readonly n: number;
  readonly to: string;
  /** Who has the case now (a reallocation), as read when the allocation was sent. */
  readonly from?: string | undefined;
  /** Why an owned case moves; the caller has checked it is there when `from` is. */
  readonly reason?: string | undefined;
  /** The caseworker chosen is the one suggested first. */
  readonly suggested: boolean;
}

/**
 * Allocates a case to a caseworker (docs/web-app.md, actions that write more than once): the allocation with
 * the owner record, the audit entry and the timeline event, each keyed by the allocation's number, so the
 * same allocation sent again — a double click, a retry after a failure at any step — records each exactly
 * once, at the time of the first. Refuses a closed case (CaseClosedForAllocationError) and an allocation
 * whose number another allocation took meanwhile (AllocationConflictError). The reason's text stays on the
 * allocation; the timeline says only whether there was one.
 */
export async function allocateCase(deps: AllocateCaseDeps, request: AllocationRequest): Promise<Allocation> {
  const reason = request.reason?.trim();
  const { allocation } = await deps.owners.allocate({
    caseId: request.caseId,
    n: request.n,
    to: request.to,
    ...(request.from === undefined ? {} : { from: request.from }),
    by: request.by,
    at: deps.clock.now(),
    ...(reason ? { reason } : {}),
    suggested: request.suggested,
  });
  const entry: AuditEntry = {
    caseId: allocation.caseId,
    user: allocation.by,
    role: request.role,
    action: 'changed',
    what: 'case:allocate',
    at: allocation.at,
    entryId: `allocation.${allocation.n}`,
    ...(request.requestId === undefined ? {} : { requestId: request.requestId }),
  };
  await deps.audit.record(entry);
  await deps.store.recordEvent({
    eventId: `allocation.${allocation.n}`,
    caseId: allocation.caseId,
    type: 'case-allocated',
    at: allocation.at,
    detail: {
      to: allocation.to,
      by: allocation.by,
      reason: allocation.from === undefined ? 'none' : 'reallocated',
      suggested: allocation.suggested,
    },
  });
  return allocation;
}
