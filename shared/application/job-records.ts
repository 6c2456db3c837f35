import { type Job, type JobStage, recordedAt } from '../domain/target-hardening-jobs.ts';
import { TaskTokenRefusedError } from '../domain/workflows.ts';
import type { AuditLog } from '../ports/audit-log.ts';
import type { TaskResponses } from '../ports/workflows.ts';
import type { Actor } from './case-actions.ts';
import { answerFor, type JobActionDeps, recordBooking, recordFollowUp, recordVisit } from './job-actions.ts';

// The contractor's job records (docs/target-hardening.md: booking, visit, follow-up) as an action that writes
// more than once (docs/web-app.md): the record on the job, the job's workflow answered, and the audit entry.
// Each step is keyed by the job and its stage, so a retry completes what the first attempt did not: the
// same record found stored answers with the token its stage was answered with (a different one is
// refused), the workflow's "already heard" answers are done, and the audit entry has the stage's `entryId`
// at the time the record was stored.

export interface RecordOnJobDeps extends JobActionDeps {
  readonly audit: Pick<AuditLog, 'record'>;
}

const RECORD = { booking: recordBooking, visit: recordVisit, 'follow-up': recordFollowUp } as const;

/**
 * Records the contractor's booking call, visit or follow-up call on the job (validated as job-actions
 * validates it: JobInputError), answers the job's workflow with it and audits it as `job:<stage>`.
 *
 * 1. The record: the store's condition (the job still waits at the stage on the same token) picks the one
 *    writer, and the job keeps the token it answered. A retry that finds this record already on the job,
 *    by the same person, is answered with that token and writes nothing; a different record for a stage
 *    already recorded, or for a job that has moved on, is refused (JobNotWaitingError).
 * 2. The workflow, answered with that token, on the first attempt and on every retry. Its refusal
 *    (TaskTokenRefusedError: the token was answered already, or its wait timed out as the record landed) is
 *    done: the workflow heard it, or its next wait finds the record (await-job, docs/target-hardening.md).
 * 3. The audit entry, `entryId` `job.<stage>` at the time the record was stored, so it is kept once.
 */
export async function recordOnJob(
  deps: RecordOnJobDeps,
  request: Actor & { readonly jobId: string; readonly stage: JobStage; readonly input: unknown },
): Promise<Job> {
  const { jobId, stage } = request;
  let token: string | undefined;
  // job-actions validates and writes the record; the answer it would send is kept for step 2 instead.
  const keepingTheToken: TaskResponses = {
    sendTaskSuccess: async (taskToken) => {
      token = taskToken;
    },
    sendTaskFailure: (taskToken, error, cause) => deps.workflows.sendTaskFailure(taskToken, error, cause),
  };
  const job = await RECORD[stage]({ ...deps, workflows: keepingTheToken }, jobId, request.input, request.by);
  if (token !== undefined) {
    try {
      await deps.workflows.sendTaskSuccess(token, answerFor(job, stage));
    } catch (error) {
      if (!(error instanceof TaskTokenRefusedError)) throw error;
    }
  }
  await deps.audit.record({
    caseId: job.jobId,
    user: request.by,
    role: request.role,
    action: 'changed',
    what: `job:${stage}`,
    at: recordedAt(job, stage) ?? deps.clock.now(),
    entryId: `job.${stage}`,
    ...(request.requestId === undefined ? {} : { requestId: request.requestId }),
  });
  return job;
}
