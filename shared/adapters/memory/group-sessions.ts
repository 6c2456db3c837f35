import type { LocalDate } from '../../domain/calendar.ts';
import {
  byCaseId,
  type GroupAttendance,
  type GroupSession,
  type GroupSessionRecord,
  newestSessionFirst,
} from '../../domain/group-session.ts';
import type { GroupSessions } from '../../ports/group-sessions.ts';
import { kept } from './kept.ts';

/**
 * Group sessions in memory: the DynamoDB store's twin, held to the same contract
 * (test/contract/group-sessions.test.ts).
 */
export class InMemoryGroupSessions implements GroupSessions {
  private readonly sessions = new Map<
    string,
    { session: GroupSession; attendees: Map<string, GroupAttendance> }
  >();

  async record(session: GroupSession): Promise<'recorded' | 'already-recorded'> {
    const copy = kept(session);
    if (this.sessions.has(session.sessionId)) return 'already-recorded';
    this.sessions.set(session.sessionId, { session: copy, attendees: new Map() });
    return 'recorded';
  }

  async recordAttendance(attendance: GroupAttendance): Promise<'recorded' | 'already-recorded'> {
    const copy = kept(attendance);
    const held = this.sessions.get(attendance.sessionId);
    if (!held) throw new Error(`group session ${attendance.sessionId} is not recorded`);
    if (held.attendees.has(attendance.caseId)) return 'already-recorded';
    held.attendees.set(attendance.caseId, copy);
    return 'recorded';
  }

  async get(sessionId: string): Promise<GroupSessionRecord | undefined> {
    const held = this.sessions.get(sessionId);
    return held && this.recordOf(held);
  }

  async listHeld(from: LocalDate, to: LocalDate): Promise<GroupSessionRecord[]> {
    return [...this.sessions.values()]
      .filter(({ session }) => session.date >= from && session.date < to)
      .map((held) => this.recordOf(held))
      .sort((a, b) => newestSessionFirst(a.session, b.session));
  }

  private recordOf(held: {
    session: GroupSession;
    attendees: Map<string, GroupAttendance>;
  }): GroupSessionRecord {
    return { session: kept(held.session), attendees: [...held.attendees.values()].map(kept).sort(byCaseId) };
  }
}
