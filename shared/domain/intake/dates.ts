import { DateTime } from 'luxon';
import { SERVICE_TIME_ZONE } from '../calendar.ts';

const UK_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const UK_DATE_TIME = /^(\d{1,2})\/(\d{1,2})\/(\d{4})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/;

/**
 * A date as police and partner systems write it — `18/12/2026` or `2026-12-18` — as `YYYY-MM-DD`.
 * Anything else is returned as written so that validation reports it against its field.
 */
export function toIsoDate(cell: string): string {
  const value = cell.trim();
  const uk = UK_DATE.exec(value);
  if (!uk) return value;
  const [, d, m, y] = uk;
  const date = DateTime.fromObject({ year: Number(y), month: Number(m), day: Number(d) });
  return date.isValid ? (date.toISODate() as string) : value;
}

/**
 * A date and time as the crime system exports it — local UK time `18/12/2026 10:00`, or ISO 8601 with Z
 * or an offset — as a UTC ISO string. Local times are Europe/London (docs/service-rules.md); in the hour the
 * clocks go back the earlier (BST) reading is taken.
 */
export function toIsoInstant(cell: string): string {
  const value = cell.trim();
  const uk = UK_DATE_TIME.exec(value);
  if (!uk) return value;
  const [, d, m, y, hh, mm, ss] = uk;
  const local = DateTime.fromObject(
    {
      year: Number(y),
      month: Number(m),
      day: Number(d),
      hour: Number(hh),
      minute: Number(mm),
      second: Number(ss ?? 0),
    },
    { zone: SERVICE_TIME_ZONE },
  );
  // Luxon moves a time that does not exist (the hour the clocks go forward); refuse it instead.
  if (!local.isValid || local.hour !== Number(hh) || local.minute !== Number(mm)) return value;
  return local.toUTC().toISO() as string;
}
