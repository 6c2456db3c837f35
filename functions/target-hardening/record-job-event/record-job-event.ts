import * as z from 'zod';
import { stepInput } from '../../contact/contact-deps.ts';
import { lambdaHandler } from '../../lambda-handler.ts';
import { logger } from '../../logger.ts';
import { type JobDeps, JobIdSchema, jobNamed } from '../job-deps.ts';

export const JOB_EVENT_TYPES = [
  'deadline-at-risk',
  'deadline-breached',
  'items-withheld',
  'job-ended',
  'follow-up-missed',
] as const;

const Input = z.object({
  jobId: JobIdSchema,
  eventId: z.string().regex(/^[a-z0-9.-]{1,80}$/, 'must be a lower-case event id'),
  type: z.enum(JOB_EVENT_TYPES),
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  status: z.enum(['not-attended', 'refused', 'closed']).optional(),
});

/**
 * Records what happened on a job (docs/service-rules.md, rule 13: an alert before a deadline is missed, a
 * breach with its reason; how the job ended), once per event id, and the job's status when the event ends
 * it.
 */
export function createRecordJobEvent(deps: JobDeps) {
  return lambdaHandler(async (payload: unknown): Promise<{ status: 'recorded' | 'duplicate' }> => {
    const input = stepInput(Input, payload);
    await jobNamed(deps.jobs, input.jobId);
    const status = await deps.jobs.recordEvent(input.jobId, {
      eventId: input.eventId,
      type: input.type,
      at: deps.clock.now(),
      ...(input.detail ? { detail: input.detail } : {}),
    });
    // Counted once, when first recorded: a retried step finds the event already there.
    if (status === 'recorded' && input.type === 'deadline-breached')
      deps.metrics?.deadlineBreached(String(input.detail?.rule ?? ''));
    if (input.status) await deps.jobs.setStatus(input.jobId, input.status);
    logger.info('job event recorded', { jobId: input.jobId, type: input.type, status });
    return { status };
  });
}
