// What the workflows' executions are named, and how a refused task token is told (shared/ports/workflows.ts).

/** A job's 12-month follow-up execution name (started by a one-time schedule). */
export const followUpExecutionName = (jobId: string) => `${jobId}.follow-up`;

/** A support review's execution name: the case and the action's number. */
export const supportReviewName = (caseId: string, actionNumber: number) => `${caseId}.review.${actionNumber}`;

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
