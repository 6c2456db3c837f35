import {
  addCalendarDays,
  InvalidCalendarInputError,
  localDateOf,
  nthWorkingDayAfter,
  startOfLocalDay,
} from './calendar.ts';
import { CONTACT_METHODS, type ContactMethod, contactPathFor } from './contact-method.ts';

/** Rule 1 (docs/service-rules.md): telephone path — three call attempts within 48 hours of receipt. */
export const TELEPHONE_HOURS = 48;

/** Rules 1 and 4 (docs/service-rules.md): an enhanced victim's telephone path — within 24 hours. */
export const ENHANCED_TELEPHONE_HOURS = 24;

/** Rule 3 (docs/service-rules.md): in-person path — the home visit within 5 working days. */
export const HOME_VISIT_WORKING_DAYS = 5;

/** Rule 3 (docs/service-rules.md): in-person path — the second home visit within 10 working days (6–10). */
export const SECOND_HOME_VISIT_WORKING_DAYS = 10;

const MILLISECONDS_PER_HOUR = 3_600_000;

/** The contractual deadlines that follow from the contact method a victim chose (docs/service-rules.md). */
export type ContactDeadlines = {
  initialContactDue: Date;
  homeVisitDue?: Date;
  secondHomeVisitDue?: Date;
};

/** What contactDeadlines needs to know about a referral. */
export type ContactDeadlinesInput = {
  receivedAt: Date;
  method: ContactMethod;
  enhanced: boolean;
};

function assertReceivedAt(receivedAt: unknown): asserts receivedAt is Date {
  if (!(receivedAt instanceof Date) || Number.isNaN(receivedAt.getTime())) {
    throw new InvalidCalendarInputError(`receivedAt must be a valid Date (got ${String(receivedAt)})`);
  }
}

/**
 * "Within N working days" (docs/service-rules.md): 00:00 local on the day after the Nth working day after
 * the day of receipt.
 */
export function dueWithinWorkingDays(receivedAt: Date, n: number): Date {
  assertReceivedAt(receivedAt);
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
    throw new InvalidCalendarInputError(
      `working days must be a whole number of 0 or more (got ${String(n)})`,
    );
  }
  // docs/service-rules.md: the day of receipt D is the Europe/London date of receivedAt; D never counts.
  const nthWorkingDay = nthWorkingDayAfter(localDateOf(receivedAt), n);
  return startOfLocalDay(addCalendarDays(nthWorkingDay, 1));
}

/** "On the day received" (docs/service-rules.md): 00:00 local on the day after the day of receipt. */
export function dueOnTheDay(receivedAt: Date): Date {
  assertReceivedAt(receivedAt);
  return startOfLocalDay(addCalendarDays(localDateOf(receivedAt), 1));
}

/** "Within H hours" (docs/service-rules.md): receivedAt plus H elapsed hours, whatever the day or clocks. */
export function dueWithinHours(receivedAt: Date, hours: number): Date {
  assertReceivedAt(receivedAt);
  if (typeof hours !== 'number' || !Number.isFinite(hours) || hours < 0) {
    throw new InvalidCalendarInputError(`hours must be a finite number of 0 or more (got ${String(hours)})`);
  }
  const due = new Date(receivedAt.getTime() + hours * MILLISECONDS_PER_HOUR);
  if (Number.isNaN(due.getTime())) {
    throw new InvalidCalendarInputError(
      `${hours} hours after ${receivedAt.toISOString()} is beyond the Date range`,
    );
  }
  return due;
}

/**
 * The deadlines for a referral's first contact and, on the in-person path, its home visits
 * (docs/service-rules.md).
 */
export function contactDeadlines(input: ContactDeadlinesInput): ContactDeadlines {
  const { receivedAt, method, enhanced } = input;
  assertReceivedAt(receivedAt);
  if (!(CONTACT_METHODS as readonly unknown[]).includes(method)) {
    throw new InvalidCalendarInputError(
      `method must be one of ${CONTACT_METHODS.join(', ')} (got ${JSON.stringify(method)})`,
    );
  }
  if (typeof enhanced !== 'boolean') {
    throw new InvalidCalendarInputError(`enhanced must be true or false (got ${String(enhanced)})`);
  }
  // docs/service-rules.md: enhanced status shortens only the telephone deadline (48 h → 24 h). Written and
  // in-person notices are already due on the day received, i.e. by the next local midnight, which is within
  // 24 h of receipt on every day of 24 h or less. The one exception is the day the clocks go back (25 h long,
  // e.g. Sun 25 Oct 2026): a receipt in its first local hour gets up to 25 h. The rules keep the
  // on-the-day rule there too, so this function does not take the earlier of the two.
  switch (contactPathFor(method)) {
    case 'telephone':
      return {
        initialContactDue: dueWithinHours(receivedAt, enhanced ? ENHANCED_TELEPHONE_HOURS : TELEPHONE_HOURS),
      };
    case 'written':
      // Rule 2 (docs/service-rules.md): email, post or SMS — the message goes out on the day received.
      return { initialContactDue: dueOnTheDay(receivedAt) };
    case 'in-person':
      // Rule 3 (docs/service-rules.md): the letter/SMS naming the visit on the day, then visits within 5 and
      // 10 working days.
      return {
        initialContactDue: dueOnTheDay(receivedAt),
        homeVisitDue: dueWithinWorkingDays(receivedAt, HOME_VISIT_WORKING_DAYS),
        secondHomeVisitDue: dueWithinWorkingDays(receivedAt, SECOND_HOME_VISIT_WORKING_DAYS),
      };
  }
}
