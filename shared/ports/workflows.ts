import type { CaseCheck } from '../domain/long-cases.ts';

/**
 * The referral workflows: Step Functions in AWS, the project's durable engine on one machine. The same
 * operations, so the functions cannot tell which they run against.
 */
export interface Workflows {
  /** Starts the contact path of a referral; execution name = referral id, so starting twice is harmless. */
  startContactPath(referralId: string, caseId: string): Promise<'started' | 'already-started'>;
  /** Resumes the workflow waiting on a task with the task's outcome. */
  sendTaskSuccess(taskToken: string, output: unknown): Promise<void>;
  /** Resumes the workflow waiting on a task with a failure. */
  sendTaskFailure(taskToken: string, error: string, cause: string): Promise<void>;
}

/**
 * Starts the review of a support plan action: one execution per case, action number and review number (the
 * first when not given; harmless twice).
 */
export interface SupportReviews {
  startSupportReview(
    caseId: string,
    actionNumber: number,
    reviewAt: Date,
    review?: number,
  ): Promise<'started' | 'already-started'>;
}

/**
 * Starts a check on a long case (a reassessment at a six-month mark, the dependency check after a month) on
 * the support-review state machine: one execution per case, check and number (harmless twice).
 */
export interface CaseChecks {
  startCaseCheck(
    caseId: string,
    check: CaseCheck,
    number: number,
    at: Date,
  ): Promise<'started' | 'already-started'>;
}

/**
 * Starts a self-referrer's booked web chat (docs/web-chat.md): its confirmation on a safe channel, then its
 * task at the slot. One execution per case (`<caseId>.web-chat`), so starting twice is harmless.
 */
export interface WebChatBookings {
  startWebChat(caseId: string, booking: WebChatBookingInput): Promise<'started' | 'already-started'>;
}

/** A web chat execution's input: when, and the channel it is confirmed on (none: no safe one). */
export interface WebChatBookingInput {
  readonly chatAt: Date;
  readonly channel?: 'email' | 'sms';
}

/** Starts a target-hardening job's workflow; execution name = job id, so starting twice is harmless. */
export interface TargetHardeningJobs {
  startTargetHardening(jobId: string): Promise<'started' | 'already-started'>;
}

/** What a function that answers task tokens needs: the token names its execution. */
export type TaskResponses = Pick<Workflows, 'sendTaskSuccess' | 'sendTaskFailure'>;

/** A complaint clock's input: the complaint and its warnings' and deadlines' instants (ISO). */
export interface ComplaintClockInput {
  readonly complaintId: string;
  readonly acknowledgeWarnAt: string;
  readonly acknowledgeBy: string;
  readonly respondWarnAt: string;
  readonly respondBy: string;
}

/** Starts a complaint's clock (docs/complaints.md); execution name = complaint id, so twice is harmless. */
export interface ComplaintClocks {
  startComplaintClock(input: ComplaintClockInput): Promise<'started' | 'already-started'>;
}
