import * as z from 'zod';
import { closeAtContactPathEnd } from '../../../shared/application/case-actions.ts';
import { CONTACT_PATH_CLOSURES } from '../../../shared/domain/case-support.ts';
import { lambdaHandler } from '../../lambda-handler.ts';
import { logger } from '../../logger.ts';
import { taskTypeOfTaskId } from '../../operations-metrics.ts';
import { type ContactDeps, stepInput } from '../contact-deps.ts';

const Input = z.object({
  caseId: z.string().min(1),
  eventId: z.string().min(1).max(120),
  type: z.enum([
    'deadline-at-risk',
    'deadline-breached',
    'task-timed-out',
    'contact-path-completed',
    'web-chat-not-confirmed',
  ]),
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
 * (docs/service-rules.md, rule 13), a timed-out task, the end of the path (in further support, the case
 * then waits for allocation; ended initial contact only, declined, not contactable or passed to another
 * service, the case is closed with that reason). Recording it twice records it once.
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
    // A path ending in further support leaves the case waiting for a team leader to allocate it (once,
    // and never over an owner already given or a closure: shared/ports/case-owners.ts). Done whatever the
    // event's status, so a retry after the event landed still lists the case.
    if (input.type === 'contact-path-completed' && input.detail.result === 'further-support')
      await deps.owners?.awaitAllocation(input.caseId, at);
    // A path ending initial contact only, declined, not contactable or passed to another service closes its
    // case with that reason (by the service itself). Done whatever the event's status, so a retry after the
    // event landed still closes it; a retry after the closure finds it and closes nothing more.
    const result = input.type === 'contact-path-completed' ? String(input.detail.result ?? '') : '';
    if (CONTACT_PATH_CLOSURES.some((reason) => reason === result)) {
      if (!deps.support) throw new Error('record-case-event closes cases: it needs the support store');
      const closing = await closeAtContactPathEnd(
        { support: deps.support, store: deps.store, ...(deps.owners ? { owners: deps.owners } : {}) },
        { caseId: input.caseId, result, at },
      );
      logger.info('case closed at the end of its contact path', { caseId: input.caseId, result, closing });
    }
    // Counted once, when first recorded: a retried step finds the event already there.
    if (status === 'recorded') {
      if (input.type === 'deadline-breached') deps.metrics?.deadlineBreached(String(input.detail.rule ?? ''));
      if (input.timedOutTaskId) deps.metrics?.taskTimedOut(taskTypeOfTaskId(input.timedOutTaskId));
    }
    logger.info('case event recorded', { caseId: input.caseId, eventId: input.eventId, status });
    return { eventId: input.eventId, status };
  });
}
