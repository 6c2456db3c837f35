import type { Allocation, CaseOwner } from '../domain/case-ownership.ts';

/**
 * Who owns each case (docs/data-model.md: the owner record and the allocation history): the cases waiting
 * for allocation, each caseworker's open caseload, and every allocation kept. Listings are read from an
 * index, never by scanning.
 */
export interface CaseOwners {
  /** Who owns the case now and where it stands; undefined for a case never waiting, allocated or closed. */
  getOwner(caseId: string): Promise<CaseOwner | undefined>;
  /**
   * The case's contact path ended in further support: it waits for allocation, unless it already has an
   * owner record (allocated early, closed, or waiting already), which is left as it is.
   */
  awaitAllocation(caseId: string, at: Date): Promise<'waiting' | 'unchanged'>;
  /**
   * Gives the case to a caseworker as its allocation number `n` (the case's next), keeping the allocation in
   * its history and moving the case onto their caseload, both or neither. The same allocation sent again
   * (number `n` already given to the same caseworker) is `already-allocated`, answered with the one kept.
   * A different allocation under `n`, or an `n` that is not the next, is refused (AllocationConflictError);
   * so is a closed case (CaseClosedForAllocationError).
   */
  allocate(
    allocation: Allocation,
  ): Promise<{ readonly status: 'allocated' | 'already-allocated'; readonly allocation: Allocation }>;
  /**
   * The case's support was closed: it leaves its owner's open caseload (and the unallocated list), and is
   * never listed as waiting again. Closing it again changes nothing.
   */
  markClosed(caseId: string, at: Date): Promise<void>;
  /**
   * The case's support was opened again: it goes back onto its owner's open caseload, or, with no owner,
   * waits for allocation again (since `at`, if it never waited). A case not closed is `unchanged`.
   */
  markReopened(caseId: string, at: Date): Promise<'reopened' | 'unchanged'>;
  /** The case's allocations, the first first. */
  allocations(caseId: string): Promise<Allocation[]>;
  /** A caseworker's open cases, the longest held first. */
  caseload(user: string): Promise<CaseOwner[]>;
  /** The cases waiting for allocation, the longest waiting first. */
  unallocated(): Promise<CaseOwner[]>;
}
