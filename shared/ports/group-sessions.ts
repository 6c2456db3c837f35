import type { LocalDate } from '../domain/calendar.ts';
import type { GroupAttendance, GroupSession, GroupSessionRecord } from '../domain/group-session.ts';

/** Young people's group sessions and who attended them (docs/data-model.md, group sessions). */
export interface GroupSessions {
  /** Records the session once: a session id already kept is `already-recorded`, and changes nothing. */
  record(session: GroupSession): Promise<'recorded' | 'already-recorded'>;
  /** Records one young person at a session once: the same case again is `already-recorded`. */
  recordAttendance(attendance: GroupAttendance): Promise<'recorded' | 'already-recorded'>;
  /** A session with its attendees (by case reference). */
  get(sessionId: string): Promise<GroupSessionRecord | undefined>;
  /**
   * The sessions held on the local days `[from, to)`, newest first, each with its attendees: read month by
   * month from the index of sessions by month, never by a Scan.
   */
  listHeld(from: LocalDate, to: LocalDate): Promise<GroupSessionRecord[]>;
}
