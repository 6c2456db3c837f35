import type { FieldError } from './field-errors.ts';

// Every case has an owner (docs/service-rules.md, "Allocation"): once its contact path ends in further
// support it waits, unallocated, until a team leader gives it to a caseworker; each allocation is kept, and
// a closed case leaves its owner's open caseload.

/** Who owns a case now, and where it stands: waiting for allocation, owned, or closed. */
export interface CaseOwner {
  readonly caseId: string;
  /** The caseworker who owns it now; absent while it waits. */
  readonly owner?: string;
  /** When the current owner was given it. */
  readonly allocatedAt?: Date;
  /** How many allocations it has had: the next is number `allocations + 1`. */
  readonly allocations: number;
  /** When it began to wait for allocation (the end of its contact path in further support). */
  readonly waitingSince?: Date;
  /** When its support was closed: it is then on nobody's open caseload and is not allocated again. */
  readonly closedAt?: Date;
}

/** One allocation of a case, kept for good: the case's allocation history, numbered from 1. */
export interface Allocation {
  readonly caseId: string;
  readonly n: number;
  /** The caseworker given the case. */
  readonly to: string;
  /** The caseworker who had it before (a reallocation). */
  readonly from?: string;
  /** The team leader who allocated it. */
  readonly by: string;
  readonly at: Date;
  /** Why an owned case was moved (required then; none for a first allocation). Never on the timeline. */
  readonly reason?: string;
  /** The caseworker given it was the one suggested first. */
  readonly suggested: boolean;
}

/** Where a case stands for allocation. */
export type OwnerStatus = 'not-waiting' | 'unallocated' | 'allocated' | 'closed';

export const ownerStatus = (owner: CaseOwner | undefined): OwnerStatus =>
  owner?.closedAt
    ? 'closed'
    : owner?.owner
      ? 'allocated'
      : owner?.waitingSince
        ? 'unallocated'
        : 'not-waiting';

/** The longest reason for a reallocation a team leader may write. */
export const REASON_MAX = 500;

/**
 * What is wrong with an allocation as a team leader sent it: a caseworker must be chosen, not the one who
 * has it already, and moving an owned case needs its reason. Each problem names its field.
 */
export function allocationProblems(input: {
  readonly to: string | undefined;
  readonly known: boolean;
  readonly owner: string | undefined;
  readonly reason: string | undefined;
}): FieldError[] {
  const problems: FieldError[] = [];
  if (!input.to || !input.known)
    problems.push({ field: 'to', message: 'Choose a caseworker to give the case to' });
  else if (input.to === input.owner)
    problems.push({ field: 'to', message: 'The case is already theirs: choose another caseworker' });
  if (input.owner !== undefined) {
    const reason = (input.reason ?? '').trim();
    if (reason === '')
      problems.push({ field: 'reason', message: 'Enter why the case is moving to another caseworker' });
    else if (reason.length > REASON_MAX)
      problems.push({
        field: 'reason',
        message: `Why the case is moving must be ${REASON_MAX} characters or fewer`,
      });
    else if (/(?![\t\n\r])\p{Cc}/u.test(reason))
      problems.push({
        field: 'reason',
        message: 'Why the case is moving may not contain control characters',
      });
  }
  return problems;
}

/** The case is closed: it is on nobody's caseload and cannot be allocated. */
export class CaseClosedForAllocationError extends Error {
  override name = 'CaseClosedForAllocationError';
}

/**
 * The allocation's number is not the case's next: someone allocated the case since the page was drawn (the
 * number is taken by a different allocation, `kept`), or the number was never the next one.
 */
export class AllocationConflictError extends Error {
  override name = 'AllocationConflictError';
  constructor(
    message: string,
    readonly kept?: Allocation,
  ) {
    super(message);
  }
}
