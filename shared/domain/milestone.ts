import { DateTime } from 'luxon';
import { type LocalDate, localDateOf, nthWorkingDayBefore, SERVICE_TIME_ZONE } from './calendar.ts';
import { readDateInput } from './date-input.ts';

// Criminal justice milestones (docs/service-rules.md, re-engagement): a victim supported months ago may
// need the service again when the offender is charged, at court, at sentencing or when the offender is
// released. The caseworker records the date and whether the victim agrees to be contacted then; a one-time
// schedule raises a re-engagement call a set number of working days before it, on an open or a closed case.

export const MILESTONE_KINDS = [
  'charge',
  'first-hearing',
  'trial',
  'sentencing',
  'offender-release',
] as const;
export type MilestoneKind = (typeof MILESTONE_KINDS)[number];

export const MILESTONE_KIND_NAMES: Readonly<Record<MilestoneKind, string>> = {
  charge: 'Charge',
  'first-hearing': 'First hearing',
  trial: 'Trial',
  sentencing: 'Sentencing',
  'offender-release': 'Offender release or parole',
};

/** Working days before a milestone that its re-engagement call is raised. */
export const RE_ENGAGEMENT_WORKING_DAYS = 5;
/** The hour (Leicester time) the call task is raised on that day: the start of the working day. */
export const RE_ENGAGEMENT_HOUR = 9;
/** A case's milestones are numbered 1 to this: the re-engagement task is numbered by its milestone. */
export const MILESTONES_PER_CASE_MAX = 99;
export const MILESTONE_REASON_MAX = 500;
/** How far ahead a date may be: an offender's release can be years away, not decades. */
const YEARS_AHEAD_MAX = 30;

/** What the caseworker records about a milestone, checked (validateMilestone). */
export interface MilestoneDetails {
  readonly kind: MilestoneKind;
  /** The day it happens, in Leicester. */
  readonly date: LocalDate;
  /** Whether the victim agrees to be contacted before it. */
  readonly consent: boolean;
}

/** A milestone as the case keeps it. */
export interface Milestone extends MilestoneDetails {
  readonly caseId: string;
  /** Its number on the case, from 1, in the order recorded. */
  readonly number: number;
  /** The form's idempotency key: the same form sent again records one milestone. */
  readonly milestoneId: string;
  readonly recordedBy: string;
  readonly recordedAt: Date;
  /** When the re-engagement call is raised; absent when none is (no consent, or the date too near or past). */
  readonly reEngageAt?: Date;
  readonly withdrawn?: {
    readonly by: string;
    readonly at: Date;
    readonly reason: string;
  };
}

/** A milestone not yet numbered: what the service asks the store to record. */
export type NewMilestone = Omit<Milestone, 'number' | 'withdrawn'>;

/** The milestone form as typed: every field a string. */
export interface MilestoneInput {
  readonly kind?: string | undefined;
  readonly day?: string | undefined;
  readonly month?: string | undefined;
  readonly year?: string | undefined;
  readonly consent?: string | undefined;
}

/** A problem with one field of a milestone form: the element the error summary links to, and what to do. */
export interface MilestoneFieldError {
  readonly field: 'kind' | 'date' | 'consent' | 'reason';
  readonly text: string;
}

export type MilestoneValidation =
  | { readonly ok: true; readonly details: MilestoneDetails }
  | { readonly ok: false; readonly errors: readonly MilestoneFieldError[] };

const isKind = (value: unknown): value is MilestoneKind =>
  typeof value === 'string' && (MILESTONE_KINDS as readonly string[]).includes(value);

/**
 * Checks the milestone form, every field's problem at once. A date may be in the past (a charge already
 * made is part of the record) and up to thirty years ahead.
 */
export function validateMilestone(input: MilestoneInput, now: Date): MilestoneValidation {
  const errors: MilestoneFieldError[] = [];
  if (!isKind(input.kind)) errors.push({ field: 'kind', text: 'Select what is happening' });
  let date: LocalDate | undefined;
  const read = readDateInput(input, { what: 'the date', example: '14 3 2027' });
  if ('problem' in read) errors.push({ field: 'date', text: read.problem });
  else {
    const today = DateTime.fromJSDate(now, { zone: SERVICE_TIME_ZONE });
    if (
      read.date > today.plus({ years: YEARS_AHEAD_MAX }) ||
      read.date < today.minus({ years: YEARS_AHEAD_MAX })
    )
      errors.push({ field: 'date', text: `The date must be within ${YEARS_AHEAD_MAX} years of today` });
    else date = read.date.toISODate() as LocalDate;
  }
  if (input.consent !== 'yes' && input.consent !== 'no')
    errors.push({ field: 'consent', text: 'Select whether the victim agrees to be contacted before it' });
  if (errors.length > 0 || !date || !isKind(input.kind)) return { ok: false, errors };
  return { ok: true, details: { kind: input.kind, date, consent: input.consent === 'yes' } };
}

/** Checks why a milestone is withdrawn: required, one paragraph of ordinary text. */
export function validateWithdrawal(reason: string | undefined): MilestoneFieldError | undefined {
  const text = (reason ?? '').trim();
  if (text === '') return { field: 'reason', text: 'Enter why the date is withdrawn' };
  if (/[^\P{Cc}\n\t\r]/u.test(text)) return { field: 'reason', text: 'The reason must be ordinary text' };
  if ([...text].length > MILESTONE_REASON_MAX)
    return { field: 'reason', text: `The reason must be ${MILESTONE_REASON_MAX} characters or fewer` };
  return undefined;
}

/**
 * When the re-engagement call for a milestone is raised: 9am in Leicester, RE_ENGAGEMENT_WORKING_DAYS working
 * days before its date; as soon as possible (`now`) if that is past but the day is still ahead. None without
 * the victim's consent, nor for a milestone today or past.
 */
export function reEngagementAt(details: MilestoneDetails, now: Date): Date | undefined {
  if (!details.consent) return undefined;
  if (details.date <= localDateOf(now)) return undefined;
  const day = nthWorkingDayBefore(details.date, RE_ENGAGEMENT_WORKING_DAYS);
  const at = DateTime.fromISO(day, { zone: SERVICE_TIME_ZONE }).set({ hour: RE_ENGAGEMENT_HOUR }).toJSDate();
  return at > now ? at : now;
}

/** The one-time schedule that raises a milestone's re-engagement call (named by case and milestone). */
export const reEngagementScheduleName = (caseId: string, number: number) =>
  `re-engagement.${caseId}.${number}`;

/** The execution the schedule starts: one per milestone, so a schedule delivered twice raises one call. */
export const reEngagementExecutionName = (caseId: string, number: number) =>
  `${caseId}.re-engagement.${number}`;

/** Why the call is raised, as its task says: `Sentencing on 15 March 2027; the victim agreed to a call before it`. */
export const reEngagementReason = (details: Pick<MilestoneDetails, 'kind' | 'date'>): string =>
  `${MILESTONE_KIND_NAMES[details.kind]} on ${DateTime.fromISO(details.date, { zone: SERVICE_TIME_ZONE }).toFormat('d LLLL yyyy')}; the victim agreed to a call before it`;

/** The call is due by the start of the milestone's day (as an instant). */
export const reEngagementDue = (date: LocalDate): Date =>
  DateTime.fromISO(date, { zone: SERVICE_TIME_ZONE }).startOf('day').toJSDate();

/** Milestones as the case record lists them: by date, then as recorded. */
export const byDate = (a: Milestone, b: Milestone) => a.date.localeCompare(b.date) || a.number - b.number;

/** The case already has as many milestones as it may number. */
export class TooManyMilestonesError extends Error {
  override name = 'TooManyMilestonesError';
}

export class MilestoneNotFoundError extends Error {
  override name = 'MilestoneNotFoundError';
}
