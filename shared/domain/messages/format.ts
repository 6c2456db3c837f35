import { DateTime } from 'luxon';
import { SERVICE_TIME_ZONE } from '../calendar.ts';

const local = (instant: Date) => DateTime.fromJSDate(instant, { zone: SERVICE_TIME_ZONE }).setLocale('en-GB');

/** A clock time as GOV.UK writes it, in Europe/London: "10am", "2:30pm", "midday", "midnight". */
export function formatTime(instant: Date): string {
  const time = local(instant);
  if (time.minute === 0 && time.hour === 12) return 'midday';
  if (time.minute === 0 && time.hour === 0) return 'midnight';
  const hour = time.hour % 12 === 0 ? 12 : time.hour % 12;
  const minutes = time.minute === 0 ? '' : `:${String(time.minute).padStart(2, '0')}`;
  return `${hour}${minutes}${time.hour < 12 ? 'am' : 'pm'}`;
}

/** A date as GOV.UK writes it, in Europe/London: "15 December 2026". */
export function formatDate(instant: Date): string {
  return local(instant).toFormat('d MMMM yyyy');
}

/** A day and time as GOV.UK writes it, in Europe/London: "Tuesday 15 December 2026 at 10am". */
export function formatDateTime(instant: Date): string {
  return `${local(instant).toFormat('cccc d MMMM yyyy')} at ${formatTime(instant)}`;
}
