import * as z from 'zod';
import { JOB_ID } from '../../shared/domain/target-hardening.ts';
import { type Job, JobNotFoundError } from '../../shared/domain/target-hardening-jobs.ts';
import type { Clock } from '../../shared/ports/clock.ts';
import type { ThJobStore } from '../../shared/ports/target-hardening.ts';
import type { OperationsMetrics } from '../operations-metrics.ts';

/** What the target-hardening functions are given: built once per cold start in AWS, once per process locally. */
export interface JobDeps {
  readonly jobs: ThJobStore;
  readonly clock: Clock;
  /** Counts for the operations alarms (AWS only; the local system counts nothing). */
  readonly metrics?: OperationsMetrics;
}

export const JobIdSchema = z.string().regex(JOB_ID, 'must be a job reference such as TH-1042');

/** The job a step names; a workflow started for a job that was never made is a defect. */
export async function jobNamed(jobs: Pick<ThJobStore, 'getJob'>, jobId: string): Promise<Job> {
  const job = await jobs.getJob(jobId);
  if (!job) throw new JobNotFoundError(jobId);
  return job;
}
