// The 0800 line (docs/web-app.md, "The 0800 line"): a call from a number a victim gave is matched to their
// case while it rings, and logged on that case as a telephone contact once it ends. What is kept between the
// two is the match, by Amazon Connect's contact id: ids only, never the calling number.

/** A ringing call matched to a case: kept until its contact events log it. */
export interface MatchedCall {
  /** Amazon Connect's contact id (locally, a random UUID): the call's idempotency key. */
  readonly contactId: string;
  readonly caseId: string;
  /** The case's caseworker when the call came in; absent while the case waits for allocation. */
  readonly caseworker?: string;
  readonly matchedAt: Date;
}

/** The longest a call is counted as (shared/domain/contact-log.ts, CONTACT_MINUTES_MAX). */
const MOST_MINUTES = 600;

/**
 * A call's length as the contact log counts it: whole minutes, rounded up, at least one (a call that
 * reached a person took some of their time), at most ten hours.
 */
export function callMinutes(connectedAt: Date, endedAt: Date): number {
  const minutes = Math.ceil((endedAt.getTime() - connectedAt.getTime()) / 60_000);
  return Math.min(MOST_MINUTES, Math.max(1, minutes));
}
