import { DateTime } from 'luxon';
import { SERVICE_TIME_ZONE } from './calendar.ts';

/**
 * The three boxes of a GOV.UK date input (day, month, year) read as a day in Leicester, or the problem in the
 * design system's words for a date that is missing, incomplete or not real: `what` names the date as the
 * error message does ("the date of the contact"), `example` is a real date to copy ("14 12 2026").
 */
export function readDateInput(
  input: {
    readonly day?: string | undefined;
    readonly month?: string | undefined;
    readonly year?: string | undefined;
  },
  words: { readonly what: string; readonly example: string },
): { readonly date: DateTime } | { readonly problem: string } {
  const What = words.what.replace(/^./, (c) => c.toUpperCase());
  const named = [
    ['day', (input.day ?? '').trim()],
    ['month', (input.month ?? '').trim()],
    ['year', (input.year ?? '').trim()],
  ] as const;
  const missing = named.filter(([, part]) => part === '').map(([name]) => name);
  if (missing.length === 3) return { problem: `Enter ${words.what}` };
  if (missing.length > 0) return { problem: `${What} must include a ${missing.join(' and a ')}` };
  const [[, day], [, month], [, year]] = named;
  const date =
    /^\d{1,2}$/.test(day) && /^\d{1,2}$/.test(month) && /^\d{4}$/.test(year)
      ? DateTime.fromObject(
          { year: Number(year), month: Number(month), day: Number(day) },
          { zone: SERVICE_TIME_ZONE },
        )
      : undefined;
  if (!date?.isValid) return { problem: `${What} must be a real date, like ${words.example}` };
  return { date };
}
