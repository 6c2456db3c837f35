import type { ReturnSubmission } from '../domain/reporting/return-timeliness.ts';

/**
 * Which quarterly returns were submitted to the commissioner's office, by whom and when
 * (docs/reporting.md, "Submitting the return"). A return is marked once: marking it again, by anyone,
 * answers the first marking and changes nothing.
 */
export interface ReturnSubmissions {
  markSubmitted(
    submission: ReturnSubmission,
  ): Promise<{ readonly status: 'submitted' | 'already-submitted'; readonly submission: ReturnSubmission }>;
  /** Every submission, the newest quarter first. */
  list(): Promise<ReturnSubmission[]>;
}
