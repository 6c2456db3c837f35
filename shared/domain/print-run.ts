import { DateTime } from 'luxon';
import {
  isWorkingDay,
  type LocalDate,
  localDateOf,
  nthWorkingDayAfter,
  SERVICE_TIME_ZONE,
} from './calendar.ts';

/**
 * The daily print-and-post run. Each working day at 16:00 (Europe/London) the day's manifest is built and
 * handed to the print provider, leaving time to print and post the same day, so a letter "on the day
 * received" (spec: written contact on the day) is posted that day when it is ready before the cut-off.
 */
export const PRINT_MANIFEST_TIME = { hour: 16, minute: 0 } as const;

/**
 * Letters stored from this time on go to the next run: ten minutes before the manifest is built, so a
 * letter being written as the manifest is listed is never missed by both runs.
 */
export const LETTER_CUT_OFF = { hour: 15, minute: 50 } as const;

/**
 * The print run (its local date) that posts a letter stored at `storedAt`: that day's run when it is a
 * working day and the letter is ready before the cut-off, otherwise the next working day's.
 */
export function printRunDateFor(storedAt: Date): LocalDate {
  const today = localDateOf(storedAt);
  const local = DateTime.fromJSDate(storedAt, { zone: SERVICE_TIME_ZONE });
  const beforeCutOff =
    local.hour < LETTER_CUT_OFF.hour ||
    (local.hour === LETTER_CUT_OFF.hour && local.minute < LETTER_CUT_OFF.minute);
  return isWorkingDay(today) && beforeCutOff ? today : nthWorkingDayAfter(today, 1);
}
