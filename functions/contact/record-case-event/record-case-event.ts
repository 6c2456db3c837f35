import * as z from 'zod';
import { lambdaHandler } from '../../lambda-handler.ts';
import { logger } from '../../logger.ts';
import { taskTypeOfTaskId } from '../../operations-metrics.ts';
import { type ContactDeps, stepInput } from '../contact-deps.ts';

const Input = z.object({
  caseId: z.string().min(1),
  eventId: z.string().min(1).max(120),
  type: z.enum(['deadline-at-risk', 'deadline-breached', 'task-timed-out', 'contact-path-completed']),
  detail: z.record(z.string(), z.union([z.string().max(300), z.number(), z.boolean()])).default({}),
  /** When a task's deadline passed, the task leaves the queues too. */
  timedOutTaskId: z.string().optional(),
});

interface RecordCaseEventResult {
  eventId: string;
  status: 'recorded' | 'duplicate';
}

/**
 * Records a happening on the case timeline: an at-risk alert, a breach with its rule and reason
 * (docs/service-rules.md, rule 13), a timed-out task, the end of the path. Recording it twice records it
 * once.
 */
export function createRecordCaseEvent(deps: ContactDeps) {
  return lambdaHandler(async (payload: unknown): Promise<RecordCaseEventResult> => {
    const input = stepInput(Input, payload);
    const at = deps.clock.now();
    if (input.timedOutTaskId) await deps.tasks.markTimedOut(input.timedOutTaskId, at);
    const status = await deps.store.recordEvent({
      eventId: input.eventId,
      caseId: input.caseId,
      type: input.type,
      at,
      detail: input.detail,
    });
    // Counted once, when first recorded: a retried step finds the event already there.
    if (status === 'recorded') {
      if (input.type === 'deadline-breached') deps.metrics?.deadlineBreached(String(input.detail.rule ?? ''));
      if (input.timedOutTaskId) deps.metrics?.taskTimedOut(taskTypeOfTaskId(input.timedOutTaskId));
    }
    logger.info('case event recorded', { caseId: input.caseId, eventId: input.eventId, status });
    return { eventId: input.eventId, status };
  });
}
