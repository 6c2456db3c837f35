import type { ThReferral } from '../domain/target-hardening-jobs.ts';
import type { ThReferralDetails } from '../domain/target-hardening-referral.ts';
import type { AuditLog } from '../ports/audit-log.ts';
import type { CaseStore } from '../ports/case-store.ts';
import type { Clock } from '../ports/clock.ts';
import type { ThJobStore, ThReferralStore } from '../ports/target-hardening.ts';
import type { TargetHardeningJobs } from '../ports/workflows.ts';
import type { Actor } from './case-actions.ts';

export interface ReferForTargetHardeningDeps {
  /** The referral is recorded and its job made; the web app hands over its one object for the stores. */
  readonly jobs: Pick<ThReferralStore, 'recordReferral'> & Pick<ThJobStore, 'createJob'>;
  readonly workflows: TargetHardeningJobs;
  readonly store: Pick<CaseStore, 'recordEvent'>;
  readonly audit: Pick<AuditLog, 'record'>;
  readonly clock: Clock;
}

/**
 * Refers a case's victim for target hardening (docs/target-hardening.md): the referral, a standard one's job
 * and its workflow, the timeline event and the audit entry. A case is referred once, so each step is keyed
 * by the case's referral (docs/web-app.md, actions that write more than once): the store answers the same
 * case again with the first referral and the referral's first job, the workflow is named after the job, the
 * event after the referral number, and the audit entry after it too, at the time the referral was received.
 */
export async function referForTargetHardening(
  deps: ReferForTargetHardeningDeps,
  request: Actor & { readonly caseId: string; readonly details: ThReferralDetails },
): Promise<{ readonly referral: ThReferral; readonly jobId?: string }> {
  const { caseId } = request;
  // The same case again is the same referral (the store keys it by service and case): nothing is made twice.
  const now = deps.clock.now();
  const { referral } = await deps.jobs.recordReferral(request.details, now, caseId);
  const at = referral.receivedAt;
  let jobId: string | undefined;
  if (referral.details.urgency === 'standard') {
    const { job } = await deps.jobs.createJob(referral.referralNumber, 'standard', now);
    await deps.workflows.startTargetHardening(job.jobId);
    jobId = job.jobId;
  }
  await deps.store.recordEvent({
    eventId: `target-hardening.${referral.referralNumber}`,
    caseId,
    type: 'target-hardening-referred',
    at,
    detail: {
      referralNumber: referral.referralNumber,
      urgency: referral.details.urgency,
      ...(jobId ? { jobId } : {}),
      by: request.by,
    },
  });
  await deps.audit.record({
    caseId,
    user: request.by,
    role: request.role,
    action: 'changed',
    what: 'job:refer',
    at,
    entryId: `target-hardening.${referral.referralNumber}`,
    ...(request.requestId === undefined ? {} : { requestId: request.requestId }),
  });
  return { referral, ...(jobId ? { jobId } : {}) };
}
