import { DateTime } from 'luxon';
import { SERVICE_TIME_ZONE } from '../calendar.ts';

/** A calendar month in Leicester time, `[from, to)`: the monthly catch-up summary's period. */
export interface Month {
  /** `2026-05`. */
  readonly name: string;
  readonly from: Date;
  readonly to: Date;
}

export class InvalidMonthError extends Error {
  override name = 'InvalidMonthError';
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** Reads `2026-05`; refuses anything else, saying what it expects. */
export function parseMonth(text: string): Month {
  const match = MONTH.exec(text.trim());
  if (!match) throw new InvalidMonthError(`must be a month such as 2026-05 (May 2026), got "${text}"`);
  const from = DateTime.fromObject(
    { year: Number(match[1]), month: Number(match[2]), day: 1 },
    { zone: SERVICE_TIME_ZONE },
  );
  return { name: from.toFormat('yyyy-MM'), from: from.toJSDate(), to: from.plus({ months: 1 }).toJSDate() };
}

/** The month an instant falls in. */
export const monthOf = (at: Date): Month =>
  parseMonth(DateTime.fromJSDate(at, { zone: SERVICE_TIME_ZONE }).toFormat('yyyy-MM'));

/** The month before this one. */
export const previousMonth = (month: Month): Month => monthOf(new Date(month.from.getTime() - 1));

/** "May 2026". */
export const monthTitle = (month: Month): string =>
  DateTime.fromJSDate(month.from, { zone: SERVICE_TIME_ZONE }).toFormat('LLLL yyyy');

/** The local dates of the month, `2026-05-01` to `2026-05-31`. */
export function monthDays(month: Month): string[] {
  const days: string[] = [];
  for (
    let day = DateTime.fromJSDate(month.from, { zone: SERVICE_TIME_ZONE });
    day.toJSDate() < month.to;
    day = day.plus({ days: 1 })
  )
    days.push(day.toISODate() as string);
  return days;
}
