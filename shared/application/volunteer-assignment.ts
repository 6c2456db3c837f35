import {
  assignmentProblems,
  type VolunteerAssignment,
  VolunteerAssignmentRefusedError,
} from '../domain/volunteering.ts';
import type { AuditLog } from '../ports/audit-log.ts';
import type { CaseOwners } from '../ports/case-owners.ts';
import type { CaseStore } from '../ports/case-store.ts';
import type { Clock } from '../ports/clock.ts';
import type { SupportStore } from '../ports/support-store.ts';
import type { VolunteerAssignments } from '../ports/volunteer-assignments.ts';
import type { Actor } from './case-actions.ts';

export interface VolunteerAssignmentDeps {
  readonly volunteers: VolunteerAssignments;
  readonly owners: Pick<CaseOwners, 'getOwner'>;
  readonly support: Pick<SupportStore, 'getSupport'>;
  readonly audit: Pick<AuditLog, 'record'>;
  readonly store: Pick<CaseStore, 'recordEvent'>;
  readonly clock: Clock;
}

/** A team leader's assignment as the page sends it: the form's key, the case and the volunteer. */
export interface VolunteerRequest extends Actor {
  readonly caseId: string;
  readonly volunteer: string;
  /** The form's idempotency key: the assignment's id, which keys every step. */
  readonly assignmentId: string;
}

/** The audit entry and timeline event of an assignment or its end: codes and ids only. */
async function recordStep(
  deps: Pick<VolunteerAssignmentDeps, 'audit' | 'store'>,
  actor: Actor,
  kind: 'assigned' | 'unassigned',
  assignment: VolunteerAssignment,
  by: string,
  at: Date,
): Promise<void> {
  const key = `volunteer-${kind}.${assignment.assignmentId}`;
  await deps.audit.record({
    caseId: assignment.caseId,
    user: by,
    role: actor.role,
    action: 'changed',
    what: kind === 'assigned' ? 'volunteer:assign' : 'volunteer:unassign',
    at,
    entryId: key,
    ...(actor.requestId === undefined ? {} : { requestId: actor.requestId }),
  });
  await deps.store.recordEvent({
    eventId: key,
    caseId: assignment.caseId,
    type: kind === 'assigned' ? 'volunteer-assigned' : 'volunteer-unassigned',
    at,
    detail: { volunteer: assignment.volunteer, by },
  });
}

/**
 * Assigns a volunteer to a case (docs/web-app.md, actions that write more than once): the assignment, its
 * audit entry (`volunteer-assigned.<id>`) and timeline event, each keyed by the form's key and written at the
 * time of the first, so the same form sent again finishes what a failure left and records each once. A case
 * closed, or in support for a month or less, is refused (VolunteerAssignmentRefusedError) with nothing
 * written. Answers `already-assigned` with the assignment kept when the volunteer had the case by another form.
 */
export async function assignVolunteer(
  deps: VolunteerAssignmentDeps,
  request: VolunteerRequest,
): Promise<{ readonly status: 'assigned' | 'already-assigned'; readonly assignment: VolunteerAssignment }> {
  const { caseId, volunteer, assignmentId } = request;
  const [support, owner, current] = await Promise.all([
    deps.support.getSupport(caseId),
    deps.owners.getOwner(caseId),
    deps.volunteers.forCase(caseId),
  ]);
  const sameForm = current.find((a) => a.assignmentId === assignmentId && a.volunteer === volunteer);
  const problems = assignmentProblems({
    volunteer,
    known: true,
    alreadyAssigned: false,
    support,
    owner,
    now: deps.clock.now(),
  });
  const [problem] = problems;
  if (problem && !sameForm) throw new VolunteerAssignmentRefusedError(problem.message);
  const result = await deps.volunteers.assign({
    caseId,
    volunteer,
    assignmentId,
    by: request.by,
    at: deps.clock.now(),
  });
  if (result.assignment.assignmentId !== assignmentId)
    return { status: 'already-assigned', assignment: result.assignment };
  const kept = result.assignment;
  await recordStep(deps, request, 'assigned', kept, kept.by, kept.at);
  return { status: 'assigned', assignment: kept };
}

/**
 * Ends a volunteer's assignment to a case: the assignment kept as ended, its audit entry
 * (`volunteer-unassigned.<id>`) and timeline event, keyed by the assignment's id and written at the time it
 * first ended, so sent again it records each once. `not-found` when the case does not have that assignment.
 */
export async function unassignVolunteer(
  deps: Pick<VolunteerAssignmentDeps, 'volunteers' | 'audit' | 'store' | 'clock'>,
  request: VolunteerRequest,
): Promise<'unassigned' | 'not-found'> {
  const result = await deps.volunteers.end(request.caseId, request.volunteer, request.assignmentId, {
    by: request.by,
    at: deps.clock.now(),
  });
  if (result.status === 'not-found') return 'not-found';
  const { ended } = result.assignment;
  if (!ended) return 'not-found';
  await recordStep(deps, request, 'unassigned', result.assignment, ended.by, ended.at);
  return 'unassigned';
}

/**
 * Closing a case ends its volunteers' assignments (docs/service-rules.md, "Volunteers"): each leaves its
 * volunteer's list, ended by the person who closed the case, with its audit entry and timeline event as
 * when a team leader ends one. Sent again after the case closed, it finds none left to end.
 */
export async function endVolunteeringOnClosure(
  deps: Pick<VolunteerAssignmentDeps, 'volunteers' | 'audit' | 'store' | 'clock'>,
  request: Actor & { readonly caseId: string },
): Promise<number> {
  const current = await deps.volunteers.forCase(request.caseId);
  for (const assignment of current)
    await unassignVolunteer(deps, {
      ...request,
      volunteer: assignment.volunteer,
      assignmentId: assignment.assignmentId,
    });
  return current.length;
}
