import { DateTime } from 'luxon';
import * as z from 'zod';
import { SERVICE_TIME_ZONE } from '../../../shared/domain/calendar.ts';
import { FOLLOW_UP_AFTER_MONTHS } from '../../../shared/domain/target-hardening.ts';
import { followUpExecutionName } from '../../../shared/domain/workflows.ts';
import type { Schedules } from '../../../shared/ports/schedules.ts';
import { InvalidStepInputError, stepInput } from '../../contact/contact-deps.ts';
import { lambdaHandler } from '../../lambda-handler.ts';
import { logger } from '../../logger.ts';
import { type JobDeps, JobIdSchema, jobNamed } from '../job-deps.ts';

const Input = z.object({ jobId: JobIdSchema });

export interface ScheduleFollowUpDeps extends JobDeps {
  readonly schedules: Schedules;
  /** The target-hardening state machine, which the schedule starts with `{ jobId, followUp: true }`. */
  readonly targetHardeningArn: string;
}

/** When a visit's follow-up falls: the same local time 12 months on (Leicester time). */
export function followUpAtFor(visitedAt: Date): Date {
  return DateTime.fromJSDate(visitedAt, { zone: SERVICE_TIME_ZONE })
    .plus({ months: FOLLOW_UP_AFTER_MONTHS })
    .toJSDate();
}

/**
 * Schedules a job's 12-month follow-up (docs/architecture.md, decisions: a wait longer than an execution may
 * live is a one-time schedule that starts a new execution). The schedule's name and the execution's name
 * both come from the job, so a step run twice schedules and starts one follow-up.
 */
export function createScheduleFollowUp(deps: ScheduleFollowUpDeps) {
  return lambdaHandler(async (payload: unknown): Promise<{ followUpAt: string; status: string }> => {
    const input = stepInput(Input, payload);
    const job = await jobNamed(deps.jobs, input.jobId);
    if (job.visit?.visit.outcome !== 'visited')
      throw new InvalidStepInputError(`job ${job.jobId} has no visit to follow up`);
    const followUpAt = followUpAtFor(job.visit.visitedAt);
    const status = await deps.schedules.scheduleExecution({
      name: `${job.jobId}-follow-up`,
      at: followUpAt,
      stateMachineArn: deps.targetHardeningArn,
      executionName: followUpExecutionName(job.jobId),
      input: { jobId: job.jobId, followUp: true },
    });
    await deps.jobs.setStatus(job.jobId, 'visited', followUpAt);
    logger.info('follow-up scheduled', { jobId: job.jobId, status });
    return { followUpAt: followUpAt.toISOString(), status };
  });
}
