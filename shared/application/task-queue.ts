import { isPageTaskToken } from '../domain/rj-process.ts';
import { type Task, TaskNotFoundError, TaskNotOpenError, validateOutcome } from '../domain/task.ts';
import { TaskTokenRefusedError } from '../domain/workflows.ts';
import type { CaseStore } from '../ports/case-store.ts';
import type { Clock } from '../ports/clock.ts';
import type { TaskStore } from '../ports/task-store.ts';
import type { TaskResponses } from '../ports/workflows.ts';
import { afterTaskCompleted, type LongCaseDeps, outcomeProblems } from './long-cases.ts';

export interface TaskQueueDeps extends Omit<LongCaseDeps, 'store'> {
  readonly tasks: TaskStore;
  readonly workflows: TaskResponses;
  readonly store: CaseStore;
  readonly clock: Clock;
}

/** The outcome does not fit the task's type; each field says why. */
export class InvalidOutcomeError extends Error {
  override name = 'InvalidOutcomeError';
  readonly errors: ReadonlyArray<{ field: string; message: string }>;
  constructor(errors: ReadonlyArray<{ field: string; message: string }>) {
    super(errors.map((e) => `${e.field} ${e.message}`).join('; '));
    this.errors = errors;
  }
}

/**
 * Records a task's outcome and moves its workflow on (SendTaskSuccess with the outcome: docs/architecture.md,
 * decisions).
 * Exactly one of two people completing the same task succeeds; the other is told who did. The same person
 * completing it again (a double click, or a retry after the workflow could not be reached) re-sends the
 * recorded outcome, so the workflow hears it exactly once. A task whose deadline has passed is refused and
 * left with the team leader it was escalated to.
 */
export async function completeTask(
  taskId: string,
  user: string,
  body: unknown,
  deps: TaskQueueDeps,
): Promise<Task> {
  const task = await deps.tasks.getTask(taskId);
  if (!task) throw new TaskNotFoundError(`task ${taskId} does not exist`);
  // A task no workflow waits on is done on the page it links to, which records what the task decides.
  if (isPageTaskToken(await deps.tasks.tokenOf(taskId)))
    throw new InvalidOutcomeError([
      { field: 'outcome', message: 'is recorded on the page the task links to' },
    ]);
  const checked = validateOutcome(task.type, body);
  if (!checked.ok) throw new InvalidOutcomeError(checked.errors);
  const at = deps.clock.now();
  // A plan review's next date is checked against today before anything is written.
  const problems = outcomeProblems(task, checked.outcome, at, deps);
  if (problems.length > 0) throw new InvalidOutcomeError(problems);
  // The store's conditional write picks the one winner before the workflow hears anything.
  let completed: Task;
  let resend = false;
  try {
    completed = await deps.tasks.complete(taskId, user, checked.outcome, at);
  } catch (error) {
    if (!(error instanceof TaskNotOpenError)) throw error;
    const current = await deps.tasks.getTask(taskId);
    if (current?.status !== 'completed' || current.completedBy !== user || current.outcome === undefined)
      throw error;
    completed = current;
    resend = true;
  }
  const token = await deps.tasks.tokenOf(taskId);
  if (!token) throw new TaskNotOpenError(`task ${taskId} is not waiting for an outcome`);
  try {
    await deps.workflows.sendTaskSuccess(token, completed.outcome);
  } catch (error) {
    if (!(error instanceof TaskTokenRefusedError)) throw error;
    // Already heard: this was the same person completing it again. The first completion may have stopped
    // between the workflow hearing it and the timeline recording it, so the event is recorded below (once).
    if (!(resend && error.reason === 'unknown')) {
      await deps.tasks.markTimedOut(taskId, at, true);
      throw new TaskNotOpenError(`task ${taskId} passed its deadline and was escalated to a team leader`);
    }
  }
  await deps.store.recordEvent({
    eventId: `task.${taskId}`,
    caseId: task.caseId,
    type: 'task-completed',
    at: completed.completedAt ?? at,
    detail: { taskId, taskType: task.type, outcome: completed.outcome?.outcome ?? '', by: user },
  });
  // What the outcome starts next (a plan review's next review, a reassessment's next mark), once.
  await afterTaskCompleted(deps, completed);
  return completed;
}
