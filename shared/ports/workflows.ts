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

/** A job's 12-month follow-up execution name (started by a one-time schedule). */
export const followUpExecutionName = (jobId: string) => `${jobId}.follow-up`;

/** A support review's execution name: the case and the action's number. */
export const supportReviewName = (caseId: string, actionNumber: number) => `${caseId}.review.${actionNumber}`;

/** What a function that answers task tokens needs: the token names its execution. */
export type TaskResponses = Pick<Workflows, 'sendTaskSuccess' | 'sendTaskFailure'>;

/** The workflow no longer waits on this token: the task timed out, was already answered, or never existed. */
export class TaskTokenRefusedError extends Error {
  override name = 'TaskTokenRefusedError';
  readonly reason: 'timed-out' | 'unknown';
  constructor(reason: 'timed-out' | 'unknown', message: string) {
    super(message);
    this.reason = reason;
  }
}

const REFUSALS: Record<string, TaskTokenRefusedError['reason']> = {
  TaskTimedOut: 'timed-out',
  TaskDoesNotExist: 'unknown',
  InvalidToken: 'unknown',
};

/**
 * Runs an answer to a task token, turning Step Functions' refusals (`TaskTimedOut`, `TaskDoesNotExist`,
 * `InvalidToken`, by error name, from AWS or the local engine alike) into a TaskTokenRefusedError.
 */
export async function answerTaskToken(send: () => Promise<unknown>): Promise<void> {
  try {
    await send();
  } catch (error) {
    const name = (error as Error).name;
    const reason = REFUSALS[name];
    if (reason) throw new TaskTokenRefusedError(reason, `the workflow refused the task token (${name})`);
    throw error;
  }
}
