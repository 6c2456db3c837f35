import { DateTime } from 'luxon';
import { SERVICE_TIME_ZONE } from '../calendar.ts';
import type { Quarter } from './quarters.ts';

// When each quarterly return is due, and whether it was submitted in time (docs/reporting.md, "Submitting
// the return"): due no more than one month after the quarter ends, a reminder in the last week before.

/** Days before a return is due that its reminder starts showing (and is sent). */
export const RETURN_REMINDER_DAYS = 7;

/** A return marked as submitted to the commissioner's office: by whom, and when. */
export interface ReturnSubmission {
  /** `2026/27-Q2`. */
  readonly quarter: string;
  readonly submittedBy: string;
  readonly submittedAt: Date;
}

/** The instant a quarter's return is due by: one month after the quarter ends, Leicester time. */
export const returnDueAt = (quarter: Pick<Quarter, 'to'>): Date =>
  DateTime.fromJSDate(quarter.to, { zone: SERVICE_TIME_ZONE }).plus({ months: 1 }).toJSDate();

/** The last day a return may be submitted on, as people write it: "31 October 2026". */
export const returnDueDay = (quarter: Pick<Quarter, 'to'>): string =>
  DateTime.fromJSDate(returnDueAt(quarter), { zone: SERVICE_TIME_ZONE })
    .minus({ days: 1 })
    .toFormat('d LLLL yyyy');

/** When the reminder for an unsubmitted return starts: a week before it is due. */
export const returnReminderAt = (quarter: Pick<Quarter, 'to'>): Date =>
  DateTime.fromJSDate(returnDueAt(quarter), { zone: SERVICE_TIME_ZONE })
    .minus({ days: RETURN_REMINDER_DAYS })
    .toJSDate();

/**
 * Where a quarter's return stands at `now`: `open` while the quarter runs, then `due` until its reminder,
 * `due-soon` in its last week, `overdue` after; `submitted` (or `submitted-late`, after it was due) once
 * marked.
 */
export type ReturnStanding = 'open' | 'due' | 'due-soon' | 'overdue' | 'submitted' | 'submitted-late';

export function returnStanding(
  quarter: Pick<Quarter, 'to'>,
  submission: Pick<ReturnSubmission, 'submittedAt'> | undefined,
  now: Date,
): ReturnStanding {
  const due = returnDueAt(quarter).getTime();
  if (submission) return submission.submittedAt.getTime() < due ? 'submitted' : 'submitted-late';
  if (now.getTime() < quarter.to.getTime()) return 'open';
  if (now.getTime() >= due) return 'overdue';
  return now.getTime() >= returnReminderAt(quarter).getTime() ? 'due-soon' : 'due';
}
