import {
  type Milestone,
  type MilestoneDetails,
  MilestoneNotFoundError,
  reEngagementAt,
  reEngagementDue,
  reEngagementExecutionName,
  reEngagementReason,
  reEngagementScheduleName,
} from '../domain/milestone.ts';
import type { AuditLog } from '../ports/audit-log.ts';
import type { CaseStore } from '../ports/case-store.ts';
import type { MilestoneStore } from '../ports/milestones.ts';
import type { Schedules } from '../ports/schedules.ts';
import type { Actor } from './case-actions.ts';

export interface ReEngagementDeps {
  readonly milestones: MilestoneStore;
  readonly schedules: Pick<Schedules, 'scheduleExecution' | 'cancelSchedule'>;
  /** The re-engagement state machine the schedules start. */
  readonly reEngagementArn: string;
  readonly audit: Pick<AuditLog, 'record'>;
  readonly store: Pick<CaseStore, 'recordEvent'>;
}

/** The milestone's timeline event: codes, dates and instants only. */
function milestoneDetail(milestone: Milestone, by: string): Record<string, string | number | boolean> {
  return {
    number: milestone.number,
    kind: milestone.kind,
    date: milestone.date,
    consent: milestone.consent,
    ...(milestone.reEngageAt ? { reEngageAt: milestone.reEngageAt.toISOString() } : {}),
    by,
  };
}

const auditOf = (actor: Actor) => ({
  user: actor.by,
  role: actor.role,
  ...(actor.requestId === undefined ? {} : { requestId: actor.requestId }),
});

/**
 * Records a criminal justice milestone on a case, open or closed (docs/service-rules.md, re-engagement), and,
 * with the victim's consent and the date still ahead, the one-time schedule that raises the re-engagement
 * call before it. Every step is keyed by the form's key: the same form sent again records one milestone,
 * one schedule, one audit entry and one timeline event, finishing whatever an interrupted first attempt
 * left undone.
 */
export async function recordMilestone(
  deps: ReEngagementDeps,
  request: { caseId: string; milestoneId: string; details: MilestoneDetails; at: Date },
  actor: Actor,
): Promise<Milestone> {
  const { caseId, milestoneId, details, at } = request;
  const reEngageAt = reEngagementAt(details, at);
  const { milestone } = await deps.milestones.record({
    caseId,
    milestoneId,
    ...details,
    recordedBy: actor.by,
    recordedAt: at,
    ...(reEngageAt ? { reEngageAt } : {}),
  });
  // A milestone withdrawn between the first attempt and this retry keeps its schedule cancelled.
  if (milestone.reEngageAt && !milestone.withdrawn) {
    await deps.schedules.scheduleExecution({
      name: reEngagementScheduleName(caseId, milestone.number),
      at: milestone.reEngageAt,
      stateMachineArn: deps.reEngagementArn,
      executionName: reEngagementExecutionName(caseId, milestone.number),
      input: {
        caseId,
        number: milestone.number,
        due: reEngagementDue(milestone.date).toISOString(),
        why: reEngagementReason(milestone),
      },
    });
  }
  await deps.audit.record({
    caseId,
    ...auditOf(actor),
    action: 'changed',
    what: 'milestone:record',
    at: milestone.recordedAt,
    entryId: `milestone.${milestone.number}`,
  });
  await deps.store.recordEvent({
    eventId: `milestone.${milestone.number}`,
    caseId,
    type: 'milestone-recorded',
    at: milestone.recordedAt,
    detail: milestoneDetail(milestone, milestone.recordedBy),
  });
  return milestone;
}

/**
 * Withdraws a milestone (the hearing adjourned, the charge dropped): its schedule is cancelled first, so no
 * call is raised after the milestone reads withdrawn, then the milestone is marked, audited and put on the
 * timeline. Withdrawing again finishes an interrupted first attempt and changes nothing more. A call the
 * schedule already raised stays with the caseworker, who records it as not needed.
 */
export async function withdrawMilestone(
  deps: ReEngagementDeps,
  request: { caseId: string; number: number; reason: string; at: Date },
  actor: Actor,
): Promise<Milestone> {
  const { caseId, number } = request;
  const current = await deps.milestones.get(caseId, number);
  if (!current) throw new MilestoneNotFoundError(`case ${caseId} has no milestone ${number}`);
  if (current.reEngageAt) await deps.schedules.cancelSchedule(reEngagementScheduleName(caseId, number));
  const withdrawn = await deps.milestones.withdraw(caseId, number, {
    by: actor.by,
    at: request.at,
    reason: request.reason,
  });
  const first = withdrawn.withdrawn ?? { by: actor.by, at: request.at };
  await deps.audit.record({
    caseId,
    ...auditOf(actor),
    action: 'changed',
    what: 'milestone:withdraw',
    at: first.at,
    entryId: `milestone-withdrawn.${number}`,
  });
  await deps.store.recordEvent({
    eventId: `milestone-withdrawn.${number}`,
    caseId,
    type: 'milestone-withdrawn',
    at: first.at,
    detail: milestoneDetail(withdrawn, first.by),
  });
  return withdrawn;
}
