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

/** Starts the review of a support plan action: one execution per case and action number (harmless twice). */
export interface SupportReviews {
  startSupportReview(
    caseId: string,
    actionNumber: number,
    reviewAt: Date,
  ): Promise<'started' | 'already-started'>;
}

/** Starts a target-hardening job's workflow; execution name = job id, so starting twice is harmless. */
export interface TargetHardeningJobs {
  startTargetHardening(jobId: string): Promise<'started' | 'already-started'>;
}

/** What a function that answers task tokens needs: the token names its execution. */
export type TaskResponses = Pick<Workflows, 'sendTaskSuccess' | 'sendTaskFailure'>;
