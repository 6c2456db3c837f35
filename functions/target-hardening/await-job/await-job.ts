import * as z from 'zod';
import { answerFor } from '../../../shared/application/job-actions.ts';
import type { TaskResponses } from '../../../shared/ports/workflows.ts';
import { stepInput } from '../../contact/contact-deps.ts';
import { lambdaHandler } from '../../lambda-handler.ts';
import { logger } from '../../logger.ts';
import { type JobDeps, JobIdSchema, jobNamed } from '../job-deps.ts';

const Input = z.object({
  taskToken: z.string().min(1),
  jobId: JobIdSchema,
  stage: z.enum(['booking', 'visit', 'follow-up']),
  due: z.iso.datetime({ offset: true }),
});

export interface AwaitJobDeps extends JobDeps {
  readonly workflows: TaskResponses;
}

/**
 * A target-hardening workflow's wait for the contractor (a lambda:invoke.waitForTaskToken step): keeps the
 * step's token on the job, where the contractor portal finds it when the booking, visit or follow-up is
 * recorded. A wait re-entered after an alert replaces the token. When what it waits for was recorded just as
 * the previous wait timed out (the portal's answer then refused), it answers at once with the record.
 */
export function createAwaitJob(deps: AwaitJobDeps) {
  return lambdaHandler(async (payload: unknown): Promise<{ waiting: boolean }> => {
    const input = stepInput(Input, payload);
    const recorded = answerFor(await jobNamed(deps.jobs, input.jobId), input.stage);
    if (recorded) {
      await deps.workflows.sendTaskSuccess(input.taskToken, recorded);
      logger.info('already recorded', { jobId: input.jobId, stage: input.stage });
      return { waiting: false };
    }
    await deps.jobs.waitFor(input.jobId, input.stage, new Date(input.due), input.taskToken);
    logger.info('waiting for the contractor', { jobId: input.jobId, stage: input.stage });
    return { waiting: true };
  });
}
