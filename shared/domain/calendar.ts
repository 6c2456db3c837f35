import { DateTime } from 'luxon';
import { BANK_HOLIDAYS_BY_YEAR, FIRST_TABLE_YEAR, LAST_TABLE_YEAR } from './bank-holidays.generated.ts';

/** The time zone every calendar rule is evaluated in (docs/service-rules.md: every calendar rule). */
export const SERVICE_TIME_ZONE = 'Europe/London';

/** A calendar date in Europe/London written 'YYYY-MM-DD', with no time and no zone. */
export type LocalDate = string;

/** ISO weekday number: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** One day's opening times as local clock times 'HH:mm'; the service is open from `opens` until just before `closes`. */
export interface ServiceSession {
  readonly opens: string;
  readonly closes: string;
}

/** When the service calls, chats and visits: a session per ISO weekday (null = closed) and the bank-holiday rule. */
export interface ServiceHours {
  readonly weekdays: Readonly<Record<IsoWeekday, ServiceSession | null>>;
  readonly closedOnBankHolidays: boolean;
}

/** A half-open interval [opens, closes) of UTC instants during which the service is open. */
export interface ServiceWindow {
  readonly opens: Date;
  readonly closes: Date;
}

/** Raised when a calendar rule is given an invalid date, instant, count or service-hours table. */
export class InvalidCalendarInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidCalendarInputError';
  }
}

/**
 * docs/service-rules.md: Mon, Tue, Thu, Fri, Sat 09:00–18:00; Wed 09:00–20:00; closed Sundays and bank
 * holidays.
 */
export const DEFAULT_SERVICE_HOURS: ServiceHours = Object.freeze({
  weekdays: Object.freeze({
    1: Object.freeze({ opens: '09:00', closes: '18:00' }),
    2: Object.freeze({ opens: '09:00', closes: '18:00' }),
    3: Object.freeze({ opens: '09:00', closes: '20:00' }),
    4: Object.freeze({ opens: '09:00', closes: '18:00' }),
    5: Object.freeze({ opens: '09:00', closes: '18:00' }),
    6: Object.freeze({ opens: '09:00', closes: '18:00' }),
    7: null,
  }),
  closedOnBankHolidays: true,
});

const LOCAL_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const CLOCK_TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;
const ISO_WEEKDAYS: readonly IsoWeekday[] = [1, 2, 3, 4, 5, 6, 7];
// A service open on at least one weekday always opens within a year; the bound only stops a runaway loop.
const MAX_DAYS_TO_NEXT_OPENING = 366;

function describe(value: unknown): string {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}

function assertInstant(instant: unknown, what: string): asserts instant is Date {
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) {
    throw new InvalidCalendarInputError(`${what} must be a valid Date (got ${describe(instant)})`);
  }
}

function assertWholeNumber(n: unknown, what: string, min: number): asserts n is number {
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < min) {
    const bound = min === 0 ? 'a whole number of 0 or more' : 'a whole number';
    throw new InvalidCalendarInputError(`${what} must be ${bound} (got ${describe(n)})`);
  }
}

function isoDateOf(dateTime: DateTime, what: string): LocalDate {
  const iso = dateTime.isValid ? dateTime.toISODate() : null;
  if (iso === null || !LOCAL_DATE_PATTERN.test(iso)) {
    throw new InvalidCalendarInputError(`${what} falls outside the years 0000–9999`);
  }
  return iso;
}

// Local midnight of a LocalDate in Europe/London. Midnight always exists there: the clocks change at
// 01:00 UTC (01:00 GMT in March, 02:00 BST in October), never across 00:00 local.
function localMidnight(date: unknown, what = 'date'): DateTime {
  if (typeof date !== 'string' || !LOCAL_DATE_PATTERN.test(date)) {
    throw new InvalidCalendarInputError(
      `${what} must be a calendar date written YYYY-MM-DD (got ${describe(date)})`,
    );
  }
  const midnight = DateTime.fromISO(date, { zone: SERVICE_TIME_ZONE });
  if (!midnight.isValid) {
    throw new InvalidCalendarInputError(`${what} ${date} is not a real calendar date`);
  }
  return midnight;
}

function localMidnightOfInstant(instant: Date): DateTime {
  return DateTime.fromJSDate(instant, { zone: SERVICE_TIME_ZONE }).startOf('day');
}

/** The Europe/London calendar date an instant falls on (docs/service-rules.md: day of receipt D). */
export function localDateOf(instant: Date): LocalDate {
  assertInstant(instant, 'instant');
  return isoDateOf(DateTime.fromJSDate(instant, { zone: SERVICE_TIME_ZONE }), 'instant');
}

/** The UTC instant at which a Europe/London calendar date begins (its local midnight). */
export function startOfLocalDay(date: LocalDate): Date {
  return localMidnight(date).toJSDate();
}

/** The calendar date n days after (or, for negative n, before) a date. */
export function addCalendarDays(date: LocalDate, n: number): LocalDate {
  localMidnight(date);
  assertWholeNumber(n, 'number of days', Number.MIN_SAFE_INTEGER);
  // Date-only arithmetic in UTC so a clock change can never turn "one day" into 23 or 25 hours.
  return isoDateOf(DateTime.fromISO(date, { zone: 'utc' }).plus({ days: n }), `${date} plus ${n} days`);
}

/** The ISO weekday (1 = Monday … 7 = Sunday) of a calendar date. */
export function isoWeekdayOf(date: LocalDate): IsoWeekday {
  return localMidnight(date).weekday as IsoWeekday;
}

const bankHolidaysByYear = new Map<number, ReadonlySet<LocalDate>>();

// docs/service-rules.md: bank holidays come from date-holidays (GB / ENG, type 'public'), never a
// hand-written list. The functions read them from a table that scripts/bank-holidays.ts writes from
// date-holidays, so the library (and the moment-timezone and astronomia it brings) stays out of every bundle;
// a test fails when the table and the library disagree (docs/decisions.md). Substitute days (Mon 28 Dec 2026
// for Boxing Day) are there, and so is the weekend date they replace (Sat 26 Dec 2026): the service does not
// open on Christmas Day because it fell on a Saturday, and a weekend date never changes a working day.
function bankHolidaySet(year: number): ReadonlySet<LocalDate> {
  const cached = bankHolidaysByYear.get(year);
  if (cached !== undefined) return cached;
  const days = BANK_HOLIDAYS_BY_YEAR[year];
  if (days === undefined) {
    throw new InvalidCalendarInputError(
      `bank holidays are known for ${FIRST_TABLE_YEAR} to ${LAST_TABLE_YEAR} only (got a date in ${year})`,
    );
  }
  const set: ReadonlySet<LocalDate> = new Set(days.split(' ').map((day) => `${year}-${day}`));
  bankHolidaysByYear.set(year, set);
  return set;
}

function isBankHolidayOn(midnight: DateTime): boolean {
  return bankHolidaySet(midnight.year).has(isoDateOf(midnight, 'date'));
}

function isWorkingDayOn(midnight: DateTime): boolean {
  // docs/service-rules.md: a working day is Monday–Friday that is not an England & Wales bank holiday.
  return midnight.weekday <= 5 && !isBankHolidayOn(midnight);
}

/** The England & Wales bank holidays in a year, in date order (date-holidays' 'public' days, 2000–2100). */
export function bankHolidaysIn(year: number): readonly LocalDate[] {
  assertWholeNumber(year, 'year', 0);
  return [...bankHolidaySet(year)];
}

/** Whether a date is an England & Wales bank holiday, substitute days included. */
export function isBankHoliday(date: LocalDate): boolean {
  return isBankHolidayOn(localMidnight(date));
}

/** Whether a date is a working day: Monday–Friday and not a bank holiday (docs/service-rules.md). */
export function isWorkingDay(date: LocalDate): boolean {
  return isWorkingDayOn(localMidnight(date));
}

/** The nth working day after a date; the date itself never counts, and n = 0 gives the date back. */
export function nthWorkingDayAfter(date: LocalDate, n: number): LocalDate {
  localMidnight(date);
  assertWholeNumber(n, 'number of working days', 0);
  // Step in UTC date-only arithmetic; only the weekday and the date string matter here.
  let day = DateTime.fromISO(date, { zone: 'utc' });
  let counted = 0;
  while (counted < n) {
    day = day.plus({ days: 1 });
    if (day.weekday <= 5 && !bankHolidaySet(day.year).has(isoDateOf(day, 'working day'))) counted += 1;
  }
  return isoDateOf(day, 'working day');
}

/** The nth working day before a date; the date itself never counts, and n = 0 gives the date back. */
export function nthWorkingDayBefore(date: LocalDate, n: number): LocalDate {
  localMidnight(date);
  assertWholeNumber(n, 'number of working days', 0);
  let day = DateTime.fromISO(date, { zone: 'utc' });
  let counted = 0;
  while (counted < n) {
    day = day.minus({ days: 1 });
    if (day.weekday <= 5 && !bankHolidaySet(day.year).has(isoDateOf(day, 'working day'))) counted += 1;
  }
  return isoDateOf(day, 'working day');
}

function assertServiceHours(hours: unknown): asserts hours is ServiceHours {
  if (typeof hours !== 'object' || hours === null) {
    throw new InvalidCalendarInputError(
      'service hours must be an object with weekdays and closedOnBankHolidays',
    );
  }
  const { weekdays, closedOnBankHolidays } = hours as Partial<ServiceHours>;
  if (typeof closedOnBankHolidays !== 'boolean') {
    throw new InvalidCalendarInputError(
      `service hours closedOnBankHolidays must be true or false (got ${describe(closedOnBankHolidays)})`,
    );
  }
  if (typeof weekdays !== 'object' || weekdays === null) {
    throw new InvalidCalendarInputError('service hours must give a session or null for each ISO weekday 1–7');
  }
  for (const weekday of ISO_WEEKDAYS) {
    const session: unknown = weekdays[weekday];
    if (session === null) continue;
    if (typeof session !== 'object') {
      throw new InvalidCalendarInputError(
        `service hours for ISO weekday ${weekday} must be a session or null`,
      );
    }
    const { opens, closes } = session as Partial<ServiceSession>;
    for (const [label, time] of [
      ['opens', opens],
      ['closes', closes],
    ] as const) {
      if (typeof time !== 'string' || !CLOCK_TIME_PATTERN.test(time)) {
        throw new InvalidCalendarInputError(
          `service hours for ISO weekday ${weekday}: ${label} must be a clock time HH:mm (got ${describe(time)})`,
        );
      }
    }
    // Zero-padded HH:mm strings order the same way as the times they name.
    if ((opens as string) >= (closes as string)) {
      throw new InvalidCalendarInputError(
        `service hours for ISO weekday ${weekday}: opens ${opens} must be before closes ${closes}`,
      );
    }
  }
}

function atClockTime(midnight: DateTime, clockTime: string): DateTime {
  const [hour, minute] = clockTime.split(':').map(Number);
  // A time inside the spring-forward gap moves forward by an hour; 09:00–20:00 is never affected.
  return midnight.set({ hour: hour ?? 0, minute: minute ?? 0 });
}

function windowOn(midnight: DateTime, hours: ServiceHours): ServiceWindow | null {
  if (hours.closedOnBankHolidays && isBankHolidayOn(midnight)) return null;
  const session = hours.weekdays[midnight.weekday as IsoWeekday];
  if (session === null) return null;
  const opens = atClockTime(midnight, session.opens).toJSDate();
  const closes = atClockTime(midnight, session.closes).toJSDate();
  // Only possible when a whole session sits inside a clock-change gap, so there is nothing to open.
  if (closes.getTime() <= opens.getTime()) return null;
  return { opens, closes };
}

/** The service's opening window on a date as UTC instants, or null when it is closed all day. */
export function serviceWindowOn(
  date: LocalDate,
  hours: ServiceHours = DEFAULT_SERVICE_HOURS,
): ServiceWindow | null {
  const midnight = localMidnight(date);
  assertServiceHours(hours);
  return windowOn(midnight, hours);
}

/** Whether the service is open at an instant (opening time inclusive, closing time exclusive). */
export function isWithinServiceHours(instant: Date, hours: ServiceHours = DEFAULT_SERVICE_HOURS): boolean {
  assertInstant(instant, 'instant');
  assertServiceHours(hours);
  // Sessions are same-day clock times, so only the instant's own local day can contain it.
  const window = windowOn(localMidnightOfInstant(instant), hours);
  const t = instant.getTime();
  return window !== null && window.opens.getTime() <= t && t < window.closes.getTime();
}

/** The first instant at or after `instant` when the service is open (an equal instant if already open). */
export function nextServiceOpening(instant: Date, hours: ServiceHours = DEFAULT_SERVICE_HOURS): Date {
  assertInstant(instant, 'instant');
  assertServiceHours(hours);
  const t = instant.getTime();
  let midnight = localMidnightOfInstant(instant);
  for (let day = 0; day < MAX_DAYS_TO_NEXT_OPENING; day += 1) {
    const window = windowOn(midnight, hours);
    if (window !== null && t < window.closes.getTime()) {
      return window.opens.getTime() > t ? window.opens : new Date(t);
    }
    // Calendar-day step in the service zone keeps local midnight across clock changes.
    midnight = midnight.plus({ days: 1 });
  }
  throw new InvalidCalendarInputError(
    `the service hours never open in the ${MAX_DAYS_TO_NEXT_OPENING} days from ${instant.toISOString()}`,
  );
}

/** The service's opening windows that overlap [from, to), each clipped to [from, to), in time order. */
export function serviceWindowsBetween(
  from: Date,
  to: Date,
  hours: ServiceHours = DEFAULT_SERVICE_HOURS,
): ServiceWindow[] {
  assertInstant(from, 'from');
  assertInstant(to, 'to');
  assertServiceHours(hours);
  if (to.getTime() < from.getTime()) {
    throw new InvalidCalendarInputError(
      `to (${to.toISOString()}) must not be before from (${from.toISOString()})`,
    );
  }
  const windows: ServiceWindow[] = [];
  const start = from.getTime();
  const end = to.getTime();
  let midnight = localMidnightOfInstant(from);
  while (midnight.toMillis() < end) {
    const window = windowOn(midnight, hours);
    if (window !== null) {
      const opens = Math.max(window.opens.getTime(), start);
      const closes = Math.min(window.closes.getTime(), end);
      if (opens < closes) windows.push({ opens: new Date(opens), closes: new Date(closes) });
    }
    midnight = midnight.plus({ days: 1 });
  }
  return windows;
}
