import { DateTime } from 'luxon';
import { SERVICE_TIME_ZONE } from './calendar.ts';

// Long cases (docs/service-rules.md, long cases): every plan review sets the next, a case open six months
// is reassessed (and every six months after), and a case supported for a month has its dependency checked.

/** The next review is offered this many weeks on, and may be set at most this many months ahead. */
export const NEXT_REVIEW_DEFAULT_WEEKS = 4;
export const NEXT_REVIEW_MAX_MONTHS = 3;

/**
 * A plan review's task attempt: the action's number, and a thousand more for each review after the first,
 * so the first review keeps the task id it always had and each later one is its own task.
 */
const REVIEW_STRIDE = 1000;
export const MAX_PLAN_ACTIONS = REVIEW_STRIDE - 1;
export const MAX_REVIEWS = 999;

export function planReviewAttempt(actionNumber: number, review: number): number {
  return actionNumber + REVIEW_STRIDE * (review - 1);
}

/** The action and review a plan-review task's attempt names. */
export function planReviewOf(attempt: number): { actionNumber: number; review: number } {
  return { actionNumber: attempt % REVIEW_STRIDE, review: Math.floor(attempt / REVIEW_STRIDE) + 1 };
}

/** Today in Leicester as yyyy-mm-dd. */
const isoDay = (date: DateTime) => date.toISODate() ?? '';

/** The next review date the form offers: four weeks on from today. */
export function defaultNextReview(today: string): string {
  return isoDay(DateTime.fromISO(today).plus({ weeks: NEXT_REVIEW_DEFAULT_WEEKS }));
}

/**
 * Why a review's outcome cannot set its next review, or undefined when it can: an outcome other than done
 * needs a date after today and at most three months ahead; a done action needs none.
 */
export function nextReviewProblem(
  outcome: { outcome: string; nextReviewAt?: string | undefined },
  today: string,
): { field: 'nextReviewAt'; message: string } | undefined {
  if (outcome.outcome === 'done') {
    return outcome.nextReviewAt === undefined
      ? undefined
      : { field: 'nextReviewAt', message: 'is not set for an action that is done' };
  }
  if (outcome.nextReviewAt === undefined) return { field: 'nextReviewAt', message: 'is required' };
  const date = DateTime.fromISO(outcome.nextReviewAt);
  const from = DateTime.fromISO(today);
  if (!date.isValid) return { field: 'nextReviewAt', message: 'must be a real date' };
  if (date <= from) return { field: 'nextReviewAt', message: 'must be in the future' };
  if (date > from.plus({ months: NEXT_REVIEW_MAX_MONTHS }))
    return { field: 'nextReviewAt', message: `must be within ${NEXT_REVIEW_MAX_MONTHS} months` };
  return undefined;
}

/** A review's instant: 09:00 in Leicester on its date (as a plan action's first review). */
export const reviewInstant = (date: string): Date =>
  DateTime.fromISO(date, { zone: SERVICE_TIME_ZONE }).set({ hour: 9 }).toJSDate();

/** The checks on a long case, each a caseworker task raised on its date while the case is open. */
export const CASE_CHECKS = ['reassessment', 'dependency-check'] as const;
export type CaseCheck = (typeof CASE_CHECKS)[number];

export const REASSESSMENT_EVERY_MONTHS = 6;
export const DEPENDENCY_CHECK_AFTER_MONTHS = 1;

/** The nth six-month mark of a case: n × 6 months after it was received, at 09:00 in Leicester. */
export function reassessmentMark(receivedAt: Date, n: number): Date {
  return DateTime.fromJSDate(receivedAt, { zone: SERVICE_TIME_ZONE })
    .plus({ months: REASSESSMENT_EVERY_MONTHS * n })
    .set({ hour: 9, minute: 0, second: 0, millisecond: 0 })
    .toJSDate();
}

/** The first six-month mark after an instant (its number). */
export function nextReassessment(receivedAt: Date, after: Date): number {
  let n = 1;
  while (reassessmentMark(receivedAt, n) <= after) n++;
  return n;
}

/** The dependency check: a month after the case entered further support (its allocation), at 09:00. */
export function dependencyCheckAt(supportedFrom: Date): Date {
  return DateTime.fromJSDate(supportedFrom, { zone: SERVICE_TIME_ZONE })
    .plus({ months: DEPENDENCY_CHECK_AFTER_MONTHS })
    .set({ hour: 9, minute: 0, second: 0, millisecond: 0 })
    .toJSDate();
}

/** A case check's execution name: the case, the check and its number. */
export const caseCheckName = (caseId: string, check: CaseCheck, number: number) =>
  `${caseId}.${check}.${number}`;
