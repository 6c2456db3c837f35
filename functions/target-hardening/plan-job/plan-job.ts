import * as z from 'zod';
import { stepInput } from '../../contact/contact-deps.ts';
import { lambdaHandler } from '../../lambda-handler.ts';
import { logger } from '../../logger.ts';
import { type JobDeps, JobIdSchema, jobNamed } from '../job-deps.ts';

/** After the deadline is missed, how long the job stays open for a late visit before it is closed as not attended. */
export const LATE_VISIT_WINDOW_MS = 14 * 24 * 60 * 60 * 1000;

const Input = z.object({ jobId: JobIdSchema, followUp: z.boolean().default(false) });

/** The job's workflow plan: its kind and its deadlines (ids, codes and instants only). */
export interface JobPlan {
  readonly jobId: string;
  readonly kind: 'standard' | 'emergency';
  readonly followUp: boolean;
  readonly alertAt: string;
  readonly attendBy: string;
  readonly closeBy: string;
}

/** Reads a job's kind and deadlines for its workflow: the first step of every target-hardening execution. */
export function createPlanJob(deps: JobDeps) {
  return lambdaHandler(async (payload: unknown): Promise<JobPlan> => {
    const input = stepInput(Input, payload);
    const job = await jobNamed(deps.jobs, input.jobId);
    logger.info('job planned', { jobId: job.jobId, kind: job.kind, followUp: input.followUp });
    return {
      jobId: job.jobId,
      kind: job.kind,
      followUp: input.followUp,
      alertAt: job.alertAt.toISOString(),
      attendBy: job.attendBy.toISOString(),
      closeBy: new Date(job.attendBy.getTime() + LATE_VISIT_WINDOW_MS).toISOString(),
    };
  });
}
