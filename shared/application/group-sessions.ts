import { isCaseId } from '../domain/audit.ts';
import type { LocalDate } from '../domain/calendar.ts';
import type { GroupSession, GroupSessionRecord } from '../domain/group-session.ts';
import { ageOn } from '../domain/triage.ts';
import type { AuditLog } from '../ports/audit-log.ts';
import type { CaseStore } from '../ports/case-store.ts';
import type { GroupSessions } from '../ports/group-sessions.ts';
import type { SupportStore } from '../ports/support-store.ts';
import type { Actor } from './case-actions.ts';

export interface GroupSessionDeps {
  readonly sessions: GroupSessions;
  readonly store: Pick<CaseStore, 'getCase' | 'recordEvent'>;
  readonly support: Pick<SupportStore, 'getSupport'>;
  readonly audit: Pick<AuditLog, 'record'>;
}

/** Why a case reference cannot be recorded at a session. */
export type AttendeeProblem = 'not-a-case' | 'closed' | 'not-under-18';

/** Some case references cannot be recorded at the session: nothing is written. */
export class InvalidAttendeesError extends Error {
  override name = 'InvalidAttendeesError';
  constructor(
    readonly problems: ReadonlyArray<{ readonly caseId: string; readonly problem: AttendeeProblem }>,
  ) {
    super(`attendees refused: ${problems.map((p) => `${p.caseId} ${p.problem}`).join('; ')}`);
  }
}

/**
 * Each case reference checked for a session on `date`: a case of this service, open, and a victim under
 * 18 on that day (from date of birth, or the age stated at referral). Answers the problems, none if all
 * may attend.
 */
export async function checkAttendees(
  deps: Pick<GroupSessionDeps, 'store' | 'support'>,
  caseIds: readonly string[],
  date: LocalDate,
): Promise<Array<{ caseId: string; problem: AttendeeProblem }>> {
  const checked = await Promise.all(
    caseIds.map(async (caseId): Promise<{ caseId: string; problem: AttendeeProblem } | undefined> => {
      const opened =
        isCaseId(caseId) && caseId.startsWith('VF-') ? await deps.store.getCase(caseId) : undefined;
      if (!opened) return { caseId, problem: 'not-a-case' };
      if ((await deps.support.getSupport(caseId)).closed) return { caseId, problem: 'closed' };
      const age = ageOn(opened.referral.victim, date);
      if (age === undefined || age >= 18) return { caseId, problem: 'not-under-18' };
      return undefined;
    }),
  );
  return checked.filter((c) => c !== undefined);
}

/**
 * One young person at the session, each step keyed by the session and the case: the attendance once, its
 * audit entry (`group-session.<sessionId>`) and its timeline event (`group-session.<sessionId>`, at the
 * session's recording; ids and the date only).
 */
async function attend(
  deps: GroupSessionDeps,
  session: GroupSession,
  caseId: string,
  actor: Actor,
  at: Date,
): Promise<void> {
  await deps.sessions.recordAttendance({
    sessionId: session.sessionId,
    caseId,
    date: session.date,
    recordedBy: actor.by,
    recordedAt: at,
  });
  // As first recorded (a repeat finishes what the first left undone, and changes nothing else).
  const kept = (await deps.sessions.get(session.sessionId))?.attendees.find((a) => a.caseId === caseId);
  const by = kept?.recordedBy ?? actor.by;
  const when = kept?.recordedAt ?? at;
  await deps.audit.record({
    caseId,
    user: by,
    role: actor.role,
    action: 'changed',
    what: 'group-session:attend',
    at: when,
    entryId: `group-session.${session.sessionId}`,
    ...(actor.requestId === undefined ? {} : { requestId: actor.requestId }),
  });
  await deps.store.recordEvent({
    eventId: `group-session.${session.sessionId}`,
    caseId,
    type: 'group-session-attended',
    at: when,
    detail: { sessionId: session.sessionId, date: session.date, by },
  });
}

/**
 * Records a group session with the young people who attended (docs/service-rules.md): every case checked
 * first (InvalidAttendeesError, nothing written), then the session once (its id is the form's key: sent
 * twice, one session, the first one's details), then each young person once.
 */
export async function recordGroupSession(
  deps: GroupSessionDeps,
  session: GroupSession,
  caseIds: readonly string[],
  actor: Actor,
): Promise<GroupSessionRecord> {
  const problems = await checkAttendees(deps, caseIds, session.date);
  if (problems.length > 0) throw new InvalidAttendeesError(problems);
  await deps.sessions.record(session);
  const kept = (await deps.sessions.get(session.sessionId))?.session ?? session;
  for (const caseId of caseIds) await attend(deps, kept, caseId, actor, kept.recordedAt);
  return (await deps.sessions.get(session.sessionId)) as GroupSessionRecord;
}

/**
 * Adds young people to a recorded session: each checked on the session's day first (nothing written if any
 * is refused), one already recorded at it is left as it is.
 */
export async function addAttendees(
  deps: GroupSessionDeps,
  session: GroupSession,
  caseIds: readonly string[],
  actor: Actor,
  at: Date,
): Promise<GroupSessionRecord> {
  const problems = await checkAttendees(deps, caseIds, session.date);
  if (problems.length > 0) throw new InvalidAttendeesError(problems);
  for (const caseId of caseIds) await attend(deps, session, caseId, actor, at);
  return (await deps.sessions.get(session.sessionId)) as GroupSessionRecord;
}
