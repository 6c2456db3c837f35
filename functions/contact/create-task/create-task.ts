import * as z from 'zod';
import { QUEUES, TASK_TYPES, taskIdFor } from '../../../shared/domain/task.ts';
import { lambdaHandler } from '../../lambda-handler.ts';
import { logger } from '../../logger.ts';
import { type ContactDeps, stepInput } from '../contact-deps.ts';

/** A long case's check fell due on a closed case: the workflow ends without a task. */
export class CaseClosedError extends Error {
  override name = 'CaseClosedError';
}

const Input = z.object({
  taskToken: z.string().min(1),
  caseId: z.string().min(1),
  type: z.enum(TASK_TYPES),
  queue: z.enum(QUEUES),
  priority: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  due: z.iso.datetime({ offset: true }),
  // Call attempts and visits count to three; a support plan's reviews are numbered by its actions (a
  // thousand more for each later review of the same action); a long case's checks by their number.
  attempt: z.int().min(1).max(999_999),
  // A long case's check: raised only while the case's support is open.
  whileOpen: z.boolean().optional(),
  reason: z.string().max(200).optional(),
  voicemailAllowed: z.boolean().optional(),
  // A booked web chat's task: given to the case's caseworker when it has one, else left in the queue.
  forOwner: z.boolean().optional(),
});

/**
 * A caseworker or team-leader task (lambda:invoke.waitForTaskToken: docs/architecture.md, decisions). Writes
 * the task with its token; the workflow waits until the task API sends the outcome. A re-run step refreshes
 * the same task.
 */
export function createCreateTask(deps: ContactDeps) {
  return lambdaHandler(async (payload: unknown): Promise<{ taskId: string }> => {
    const input = stepInput(Input, payload);
    const taskId = taskIdFor(input.caseId, input.type, input.attempt);
    // What the queue filters on comes from the case, not the workflow: its history holds ids and codes only.
    const opened = await deps.store.getCase(input.caseId);
    if (input.whileOpen && (!opened || (await deps.support?.getSupport(input.caseId))?.closed)) {
      logger.info('task not raised: the case is closed', { caseId: input.caseId, type: input.type });
      throw new CaseClosedError(`case ${input.caseId} is closed: no ${input.type} task`);
    }
    const result = await deps.tasks.createTask({
      taskId,
      caseId: input.caseId,
      type: input.type,
      queue: input.queue,
      priority: input.priority,
      due: new Date(input.due),
      attempt: input.attempt,
      token: input.taskToken,
      createdAt: deps.clock.now(),
      ...(input.reason === undefined ? {} : { reason: input.reason }),
      ...(input.voicemailAllowed === undefined ? {} : { voicemailAllowed: input.voicemailAllowed }),
      ...(opened ? { enhanced: opened.triage.enhanced, area: opened.referral.npa } : {}),
    });
    // Given once: a re-run step whose first run stopped before this gives it now; one claimed meanwhile stays.
    if (input.forOwner && result !== 'already-closed') {
      const owner = (await deps.owners?.getOwner(input.caseId))?.owner;
      const task = owner === undefined ? undefined : await deps.tasks.getTask(taskId);
      if (owner !== undefined && task?.status === 'open' && task.assignee === undefined)
        await deps.tasks.assign(taskId, owner, deps.clock.now());
    }
    logger.info('task created', { taskId, result });
    return { taskId };
  });
}
