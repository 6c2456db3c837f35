import { DateTime } from 'luxon';
import { addCalendarDays, isoWeekdayOf, type LocalDate, localDateOf } from './calendar.ts';
import type { OpenChatRota } from './open-chat.ts';

// The call-taking rota as team leaders keep it (docs/web-chat.md, "The call-taking rota"): a weekly
// pattern, cover for single dates, and every change kept with who made it and when.

/** The weekdays of the pattern, ISO-numbered (1 Monday … 7 Sunday), as the page names them. */
export const ROTA_WEEKDAYS = [
  { day: 1, name: 'Monday' },
  { day: 2, name: 'Tuesday' },
  { day: 3, name: 'Wednesday' },
  { day: 4, name: 'Thursday' },
  { day: 5, name: 'Friday' },
  { day: 6, name: 'Saturday' },
  { day: 7, name: 'Sunday' },
] as const;

/** The weekly pattern a team leader saved: who takes chats each weekday, and who saved it when. */
export interface SavedRotaPattern {
  readonly days: OpenChatRota;
  readonly changedBy: string;
  readonly changedAt: Date;
}

/** Cover for one local date: someone other than the pattern's person (the pattern's on leave, say). */
export interface RotaCover {
  readonly date: LocalDate;
  readonly staffId: string;
  readonly changedBy: string;
  readonly changedAt: Date;
}

/** A change to the rota, kept for good: the pattern saved, or cover set for a date. */
export type RotaChange = {
  /** The form's key: the same change sent twice is kept once. */
  readonly changeId: string;
  readonly by: string;
  readonly at: Date;
} & (
  | { readonly kind: 'pattern'; readonly days: OpenChatRota }
  | { readonly kind: 'cover'; readonly date: LocalDate; readonly staffId: string }
);

/** A staff id as the rota holds it: letters, digits and . _ @ + - (a sign-in id; no `#`). */
export const isRotaStaffId = (value: unknown): value is string =>
  typeof value === 'string' && /^[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}$/.test(value);

/** A rota change the store may not keep as given; `field` names what is wrong. */
export class InvalidRotaChangeError extends Error {
  override name = 'InvalidRotaChangeError';
  constructor(
    readonly field: 'changeId' | 'by' | 'days' | 'date' | 'staffId',
    problem: string,
  ) {
    super(`rota change ${field} ${problem}`);
  }
}

/** The change as given, or InvalidRotaChangeError naming the first field that is wrong. */
export function validateRotaChange(change: RotaChange): RotaChange {
  if (!/^[A-Za-z0-9._:-]{1,128}$/.test(change.changeId))
    throw new InvalidRotaChangeError('changeId', 'must be a form key');
  if (!isRotaStaffId(change.by)) throw new InvalidRotaChangeError('by', 'must be a sign-in id');
  if (change.kind === 'pattern') {
    for (const [day, staffId] of Object.entries(change.days)) {
      if (!/^[1-7]$/.test(day)) throw new InvalidRotaChangeError('days', `has no weekday ${day}`);
      if (staffId !== undefined && !isRotaStaffId(staffId))
        throw new InvalidRotaChangeError('days', `has no staff id on ${day}`);
    }
  } else {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(change.date) || !DateTime.fromISO(change.date).isValid)
      throw new InvalidRotaChangeError('date', 'must be a date (YYYY-MM-DD)');
    if (!isRotaStaffId(change.staffId)) throw new InvalidRotaChangeError('staffId', 'must be a sign-in id');
  }
  return change;
}

/** Where a day's call-taker comes from: cover for the date, the saved pattern, or the configured one. */
export type RotaSource = 'cover' | 'pattern' | 'configured';

/** The rota as it stands: the configured starting pattern, the pattern saved (if any) and the covers read. */
export interface RotaAsKept {
  readonly configured: OpenChatRota;
  readonly saved?: SavedRotaPattern | undefined;
  readonly covers: readonly Pick<RotaCover, 'date' | 'staffId'>[];
}

/**
 * Who takes open chats on a local date: the date's cover, else the weekly pattern a team leader saved, else
 * the configured rota (the starting pattern until one is saved). No `staffId`: nobody.
 */
export function callTakerOn(
  date: LocalDate,
  rota: RotaAsKept,
): { readonly staffId?: string; readonly from: RotaSource } {
  const cover = rota.covers.find((c) => c.date === date);
  if (cover) return { staffId: cover.staffId, from: 'cover' };
  const staffId = (rota.saved?.days ?? rota.configured)[isoWeekdayOf(date)];
  const from = rota.saved ? 'pattern' : 'configured';
  return staffId === undefined ? { from } : { staffId, from };
}

/** The local dates from an instant's day on, `count` of them. */
export function datesFrom(at: Date, count: number): LocalDate[] {
  const first = localDateOf(at);
  return Array.from({ length: count }, (_, n) => addCalendarDays(first, n));
}
