import * as z from 'zod';
import type { LocalDate } from './calendar.ts';

/**
 * Young people's group support sessions (children and young people as parallel provision): a session on a
 * day, at a venue, with a title or theme, and the young people who attended it — each an open case of a
 * victim under 18 on the session's day, recorded once per session (docs/service-rules.md).
 */
export interface GroupSession {
  /** The recording form's key: the same form sent twice records one session. */
  readonly sessionId: string;
  /** The day it was held (Leicester). */
  readonly date: LocalDate;
  readonly venue: string;
  readonly title: string;
  readonly recordedBy: string;
  readonly recordedAt: Date;
}

/** One young person at one session: their case, once per session. */
export interface GroupAttendance {
  readonly sessionId: string;
  readonly caseId: string;
  /** The session's day, kept with the attendance so a period's attendance is read with its sessions. */
  readonly date: LocalDate;
  readonly recordedBy: string;
  readonly recordedAt: Date;
}

/** A session with everyone recorded at it (by case reference). */
export interface GroupSessionRecord {
  readonly session: GroupSession;
  readonly attendees: readonly GroupAttendance[];
}

export const GROUP_SESSION_TEXT_MAX = 200;

/** At most this many young people are recorded at a session in one go (a form's worth). */
export const GROUP_SESSION_ATTENDEES_MAX = 30;

const text = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `Enter the session’s ${what}`)
    .max(GROUP_SESSION_TEXT_MAX, `The ${what} must be ${GROUP_SESSION_TEXT_MAX} characters or fewer`);

/** What a caseworker enters about a session (the attendees are checked against their cases apart). */
export const GroupSessionDetailsSchema = z.strictObject({
  title: text('title or theme'),
  venue: text('venue'),
});

/** The case references typed into the form: one a line (or separated by commas or spaces), each once. */
export const caseReferencesIn = (typed: string): string[] => [
  ...new Set(
    typed
      .split(/[\s,;]+/)
      .map((reference) => reference.trim().toUpperCase())
      .filter(Boolean),
  ),
];

/** Sessions newest first, then by title. */
export const newestSessionFirst = (a: GroupSession, b: GroupSession) =>
  b.date.localeCompare(a.date) || a.title.localeCompare(b.title) || a.sessionId.localeCompare(b.sessionId);

/** Who attended, in the order of their case references. */
export const byCaseId = (a: GroupAttendance, b: GroupAttendance) => a.caseId.localeCompare(b.caseId);
