// What the workflows' executions are named, and how a refused task token is told (shared/ports/workflows.ts).

/** A job's 12-month follow-up execution name (started by a one-time schedule). */
export const followUpExecutionName = (jobId: string) => `${jobId}.follow-up`;

/** A support review's execution name: the case, the action's number and, after the first, the review's. */
export const supportReviewName = (caseId: string, actionNumber: number, review = 1) =>
  review === 1 ? `${caseId}.review.${actionNumber}` : `${caseId}.review.${actionNumber}.${review}`;

/** A support review's input: ids, numbers and an instant only (the review number from the second on). */
export const supportReviewInput = (caseId: string, actionNumber: number, reviewAt: Date, review = 1) => ({
  caseId,
  actionNumber,
  reviewAt: reviewAt.toISOString(),
  ...(review === 1 ? {} : { review }),
});

/** A long case's check on the support-review state machine: the check names the task type it raises. */
export const caseCheckInput = (caseId: string, check: string, number: number, at: Date) => ({
  caseId,
  check,
  number,
  reviewAt: at.toISOString(),
});

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
