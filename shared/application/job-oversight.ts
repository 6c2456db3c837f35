import type { FieldError } from '../domain/field-errors.ts';
import { validateWith } from '../domain/target-hardening.ts';
import { type Job, JobNotFoundError } from '../domain/target-hardening-jobs.ts';
import {
  type ContractorRequest,
  ContractorRequestSchema,
  DecisionSchema,
  FindingSchema,
  OversightRefusedError,
} from '../domain/target-hardening-oversight.ts';
import type { AuditLog } from '../ports/audit-log.ts';
import type { Clock } from '../ports/clock.ts';
import type { ThJobStore } from '../ports/target-hardening.ts';
import type { ThOversightStore } from '../ports/target-hardening-oversight.ts';
import type { Actor } from './case-actions.ts';

// Guarantees, requests for work outside the contract and inspections (docs/target-hardening.md) as actions
// that write more than once (docs/web-app.md): the record, the job's event and the audit entry, each keyed
// (by the form's key, or the job), so a retry completes what the first attempt did not and records once.

export interface OversightDeps {
  readonly oversight: ThOversightStore;
  readonly jobs: Pick<ThJobStore, 'getJob' | 'recordEvent'>;
  readonly audit: Pick<AuditLog, 'record'>;
  readonly clock: Clock;
}

/** What was entered cannot be recorded: every problem, named by field. Nothing was written. */
export class OversightInputError extends Error {
  override name = 'OversightInputError';
  constructor(readonly errors: readonly FieldError[]) {
    super(errors.map((e) => `${e.field} ${e.message}`).join('; '));
  }
}

function valid<T>(result: { ok: true; value: T } | { ok: false; errors: FieldError[] }): T {
  if (!result.ok) throw new OversightInputError(result.errors);
  return result.value;
}

/** A job whose visit was made (not refused): only its works can be guaranteed, added to or inspected. */
async function visitedJob(deps: OversightDeps, jobId: string): Promise<Job> {
  const job = await deps.jobs.getJob(jobId);
  if (!job) throw new JobNotFoundError(jobId);
  if (job.visit?.visit.outcome !== 'visited')
    throw new OversightRefusedError(`job ${jobId} has no visit with works recorded`);
  return job;
}

async function keep(
  deps: OversightDeps,
  jobId: string,
  entryId: string,
  type: string,
  what: string,
  at: Date,
  actor: Actor,
  detail: Record<string, unknown>,
): Promise<void> {
  await deps.jobs.recordEvent(jobId, { eventId: entryId, type, at, detail });
  await deps.audit.record({
    caseId: jobId,
    user: actor.by,
    role: actor.role,
    action: 'changed',
    what,
    at,
    entryId,
    ...(actor.requestId === undefined ? {} : { requestId: actor.requestId }),
  });
}

/** The contractor records a guarantee given, or a victim's request for work outside the contract. */
export async function recordContractorRequest(
  deps: OversightDeps,
  request: Actor & { readonly jobId: string; readonly formKey: string; readonly input: unknown },
): Promise<ContractorRequest> {
  const details = valid(validateWith(ContractorRequestSchema, request.input));
  const job = await visitedJob(deps, request.jobId);
  const now = deps.clock.now();
  await deps.oversight.recordRequest({
    requestId: request.formKey,
    jobId: job.jobId,
    details,
    recordedBy: request.by,
    recordedAt: now,
  });
  // A retry finds the first attempt's record: its time and kind are kept, whatever this one said.
  const held = (await deps.oversight.getRequest(request.formKey)) as ContractorRequest;
  if (held.jobId !== job.jobId) throw new OversightRefusedError('the form belongs to another job');
  const type = held.details.kind === 'guarantee' ? 'guarantee-recorded' : 'extra-work-requested';
  await keep(
    deps,
    job.jobId,
    `oversight.${held.requestId}`,
    type,
    `job:${held.details.kind}`,
    held.recordedAt,
    request,
    {
      requestId: held.requestId,
      by: request.by,
    },
  );
  return held;
}

/** The commissioner's office agrees or refuses a guarantee or a request for work outside the contract. */
export async function decideContractorRequest(
  deps: OversightDeps,
  request: Actor & { readonly recordId: string; readonly input: unknown },
): Promise<ContractorRequest> {
  const input = valid(validateWith(DecisionSchema, request.input));
  const held = await deps.oversight.getRequest(request.recordId);
  if (!held) throw new OversightRefusedError(`no request ${request.recordId}`);
  await deps.oversight.decideRequest(request.recordId, {
    ...input,
    by: request.by,
    at: deps.clock.now(),
  });
  const decided = (await deps.oversight.getRequest(request.recordId)) as ContractorRequest;
  const decision = decided.decision as NonNullable<ContractorRequest['decision']>;
  await keep(
    deps,
    held.jobId,
    `oversight.${held.requestId}.decision`,
    `${held.details.kind}-${decision.outcome}`,
    `job:${held.details.kind}:decision`,
    decision.at,
    request,
    { requestId: held.requestId, outcome: decision.outcome, by: request.by },
  );
  return decided;
}

/** The analyst chooses completed jobs to inspect; a job chosen already stays as it was. */
export async function chooseForInspection(
  deps: OversightDeps,
  request: Actor & { readonly jobIds: readonly string[] },
): Promise<void> {
  if (request.jobIds.length === 0)
    throw new OversightInputError([{ field: 'jobs', message: 'choose at least one job' }]);
  for (const jobId of request.jobIds) await visitedJob(deps, jobId);
  for (const jobId of request.jobIds) {
    await deps.oversight.chooseForInspection(jobId, request.by, deps.clock.now());
    const chosen = await deps.oversight.getInspection(jobId);
    if (!chosen) continue;
    await keep(
      deps,
      jobId,
      'inspection.chosen',
      'inspection-chosen',
      'job:inspection',
      chosen.chosenAt,
      request,
      {
        by: chosen.chosenBy,
      },
    );
  }
}

/** The analyst records the inspection's finding. */
export async function recordInspectionFinding(
  deps: OversightDeps,
  request: Actor & { readonly jobId: string; readonly input: unknown },
): Promise<void> {
  const input = valid(validateWith(FindingSchema, request.input));
  await deps.oversight.recordFinding(request.jobId, { ...input, by: request.by, at: deps.clock.now() });
  const finding = (await deps.oversight.getInspection(request.jobId))?.finding;
  if (!finding) return;
  await keep(
    deps,
    request.jobId,
    'inspection.finding',
    'inspection-recorded',
    'job:inspection:finding',
    finding.at,
    request,
    { result: finding.result, by: request.by },
  );
}
