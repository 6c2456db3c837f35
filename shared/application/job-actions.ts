import type { FieldError } from '../domain/field-errors.ts';
import {
  BookingSchema,
  checkItems,
  FollowUpSchema,
  ItemsRefusedError,
  type ProductLimits,
  poundsOf,
  productBudgetYearOf,
  serviceLevelFor,
  VisitSchema,
  validateWith,
} from '../domain/target-hardening.ts';
import {
  type Job,
  JobNotFoundError,
  type JobStage,
  ProductBudgetExceededError,
} from '../domain/target-hardening-jobs.ts';
import { TaskTokenRefusedError } from '../domain/workflows.ts';
import type { Clock } from '../ports/clock.ts';
import type { ThJobStore } from '../ports/target-hardening.ts';
import type { TaskResponses } from '../ports/workflows.ts';

/**
 * What the contractor records on a job (booking, visit, follow-up) and how each answer resumes the job's
 * workflow. The portal calls these through recordOnJob (job-records.ts); the workflow's wait step uses
 * `answerFor` when what it waits for was recorded before it began waiting (a record that raced a deadline).
 * The same record sent again by the same person resumes the workflow again with the token the record
 * answered (the job store keeps it), and writes nothing else.
 */
export interface JobActionDeps {
  readonly jobs: ThJobStore;
  readonly workflows: TaskResponses;
  readonly clock: Clock;
  readonly limits: ProductLimits;
}

/** What the contractor entered cannot be recorded: every problem, named by field. */
export class JobInputError extends Error {
  override name = 'JobInputError';
  constructor(readonly errors: readonly FieldError[]) {
    super(errors.map((e) => `${e.field} ${e.message}`).join('; '));
  }
}

/** The answer a job's workflow is resumed with: codes and flags only, never what the contractor wrote. */
export function answerFor(job: Job, stage: JobStage): Record<string, unknown> | undefined {
  switch (stage) {
    case 'booking':
      return job.booking ? { outcome: job.booking.outcome } : undefined;
    case 'visit': {
      const recorded = job.visit;
      if (!recorded) return undefined;
      if (recorded.visit.outcome === 'refused') return { outcome: 'refused' };
      return {
        outcome: 'visited',
        level: recorded.level,
        neededMoreThanAllowed: recorded.visit.neededMoreThanAllowed,
        additionalNeeds: Boolean(recorded.visit.additionalNeeds) && job.consentToFeedback,
      };
    }
    case 'follow-up':
      return job.followUp ? { outcome: job.followUp.result.outcome } : undefined;
  }
}

async function resume(deps: JobActionDeps, jobId: string, stage: JobStage, token: string): Promise<void> {
  const job = await deps.jobs.getJob(jobId);
  if (!job) throw new JobNotFoundError(jobId);
  try {
    await deps.workflows.sendTaskSuccess(token, answerFor(job, stage));
  } catch (error) {
    // Already heard (a record sent again), or the deadline passed as it was recorded: the workflow's next
    // wait finds the record and goes on.
    if (!(error instanceof TaskTokenRefusedError)) throw error;
  }
}

function valid<T>(result: { ok: true; value: T } | { ok: false; errors: FieldError[] }): T {
  if (!result.ok) throw new JobInputError(result.errors);
  return result.value;
}

/** The contractor phoned the victim: a visit booked, or the service refused. */
export async function recordBooking(
  deps: JobActionDeps,
  jobId: string,
  input: unknown,
  by: string,
): Promise<Job> {
  const booking = valid(validateWith(BookingSchema, input));
  const now = deps.clock.now();
  if (booking.outcome === 'booked' && new Date(booking.visitAt).getTime() < now.getTime() - 60 * 60 * 1000)
    throw new JobInputError([{ field: 'visitAt', message: 'must be in the future' }]);
  const token = await deps.jobs.recordBooking(jobId, booking, by, now);
  await resume(deps, jobId, 'booking', token);
  return (await deps.jobs.getJob(jobId)) as Job;
}

/**
 * The visit: the home security assessment sets the service level with the victim's vulnerability; items are
 * checked against the level and the price per property, and their cost spent from the year's budget in the
 * same write as the visit.
 */
export async function recordVisit(
  deps: JobActionDeps,
  jobId: string,
  input: unknown,
  by: string,
): Promise<Job> {
  const visit = valid(validateWith(VisitSchema, input));
  const job = await deps.jobs.getJob(jobId);
  if (!job) throw new JobNotFoundError(jobId);
  const now = deps.clock.now();
  let level: 1 | 2 | 3 | undefined;
  let costPence = 0;
  if (visit.outcome === 'visited') {
    level = serviceLevelFor(visit.assessmentScore, job.victim.vulnerabilities.length);
    try {
      costPence = checkItems(level, visit.items, deps.limits);
    } catch (error) {
      if (error instanceof ItemsRefusedError)
        throw new JobInputError([{ field: error.field, message: error.message }]);
      throw error;
    }
  }
  let token: string;
  try {
    token = await deps.jobs.recordVisit(
      jobId,
      { visitedAt: now, recordedBy: by, visit, ...(level ? { level } : {}), costPence },
      deps.limits.annualBudgetPence,
    );
  } catch (error) {
    if (error instanceof ProductBudgetExceededError)
      throw new JobInputError([
        {
          field: 'items',
          message: `come to ${poundsOf(costPence)}, but the ${productBudgetYearOf(now)} product budget has ${poundsOf(error.leftPence)} left`,
        },
      ]);
    throw error;
  }
  await resume(deps, jobId, 'visit', token);
  return (await deps.jobs.getJob(jobId)) as Job;
}

/** The 12-month follow-up call. */
export async function recordFollowUp(
  deps: JobActionDeps,
  jobId: string,
  input: unknown,
  by: string,
): Promise<Job> {
  const followUp = valid(validateWith(FollowUpSchema, input));
  const token = await deps.jobs.recordFollowUp(jobId, followUp, by, deps.clock.now());
  await resume(deps, jobId, 'follow-up', token);
  return (await deps.jobs.getJob(jobId)) as Job;
}
