import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import {
  type LocalDate,
  localDateOf,
  nthWorkingDayAfter,
  nthWorkingDayBefore,
  SERVICE_TIME_ZONE,
} from './calendar.ts';

/**
 * Complaints about either service (docs/complaints.md): made on the public page, by phone or by letter (staff
 * key those in), acknowledged on the complainant's safe channel, assigned, investigated against a working-day
 * clock and closed with a finding and the actions taken. Lot 1 is Victim First's own; Lot 2 (the
 * target-hardening service) is the contractor's, read by the commissioner's analyst.
 */

/** The service complained about: Victim First support (Lot 1) or the home-security service (Lot 2). */
export const COMPLAINT_SERVICES = ['victim-first', 'target-hardening'] as const;
export type ComplaintService = (typeof COMPLAINT_SERVICES)[number];
export type Lot = 1 | 2;
export const lotOf = (service: ComplaintService): Lot => (service === 'target-hardening' ? 2 : 1);

/** How the complaint reached the service. */
export const COMPLAINT_CHANNELS = ['public-form', 'phone', 'letter'] as const;
export type ComplaintChannel = (typeof COMPLAINT_CHANNELS)[number];

/** How the complainant wants the reply: an e-mail, a text, or no message at all. */
export const REPLY_CHANNELS = ['email', 'sms', 'none'] as const;
export type ReplyChannel = (typeof REPLY_CHANNELS)[number];

export const FINDINGS = ['upheld', 'partly-upheld', 'not-upheld'] as const;
export type Finding = (typeof FINDINGS)[number];

/** The clock's alerts: a warning before each deadline, and the breach when it passes. */
export const COMPLAINT_ALERTS = [
  'acknowledge-warning',
  'acknowledge-breach',
  'respond-warning',
  'respond-breach',
] as const;
export type ComplaintAlert = (typeof COMPLAINT_ALERTS)[number];

export const COMPLAINT_TEXT_MAX = 3000;
export const NOTE_TEXT_MAX = 3000;
export const ACTION_TEXT_MAX = 500;
export const ACTIONS_MAX = 10;

export interface ComplaintNote {
  readonly noteId: string;
  readonly text: string;
  readonly by: string;
  readonly at: Date;
}

export interface ComplaintAction {
  /** 1, 2 … in the order given at closing. */
  readonly number: number;
  readonly text: string;
  /** The sign-in id of the person who owns it. */
  readonly owner: string;
  readonly due: LocalDate;
  readonly done?: { readonly by: string; readonly at: Date };
}

export interface Complaint {
  /** `CMP-` and eight letters and digits, from the form's key: the same form sent twice is one complaint. */
  readonly complaintId: string;
  readonly service: ComplaintService;
  readonly lot: Lot;
  readonly channel: ComplaintChannel;
  readonly receivedAt: Date;
  /** Who keyed in a phone or letter complaint. */
  readonly keyedBy?: string;
  readonly whatWentWrong: string;
  readonly wanted: string;
  /** The case or job reference the complainant gave, as typed (checked for shape only). */
  readonly caseReference?: string;
  /** The safe channel to reply on, and its address (an e-mail address, or a number in E.164). */
  readonly reply: { readonly channel: ReplyChannel; readonly address?: string };
  readonly acknowledgeBy: Date;
  readonly respondBy: Date;
  readonly acknowledged?: {
    readonly by: string;
    readonly at: Date;
    /** What became of the message: sent, withheld (the address had one today, or it is unsafe), none asked. */
    readonly message: 'sent' | 'withheld' | 'none';
  };
  readonly assignee?: string;
  readonly notes: readonly ComplaintNote[];
  readonly alerts: readonly { readonly alert: ComplaintAlert; readonly at: Date }[];
  readonly closed?: {
    readonly finding: Finding;
    readonly summary: string;
    readonly by: string;
    readonly at: Date;
  };
  readonly actions: readonly ComplaintAction[];
}

export type ComplaintStatus = 'received' | 'acknowledged' | 'closed';
export const statusOf = (complaint: Complaint): ComplaintStatus =>
  complaint.closed ? 'closed' : complaint.acknowledged ? 'acknowledged' : 'received';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const COMPLAINT_ID = /^CMP-[0-9A-HJKMNP-TV-Z]{8}$/;

/** Whether a value is a complaint id. */
export const isComplaintId = (value: unknown): value is string =>
  typeof value === 'string' && COMPLAINT_ID.test(value);

/** The complaint id a form's key gives (the first 40 bits of its SHA-256, in Crockford base-32). */
export function complaintIdOf(formKey: string): string {
  const digest = createHash('sha256').update(`complaint:${formKey}`).digest();
  let bits = 0n;
  for (let i = 0; i < 5; i++) bits = (bits << 8n) | BigInt(digest[i] as number);
  let id = '';
  for (let i = 0; i < 8; i++) {
    id = (CROCKFORD[Number(bits & 31n)] as string) + id;
    bits >>= 5n;
  }
  return `CMP-${id}`;
}

/** The working-day clock (COMPLAINT_* settings, docs/complaints.md). */
export interface ComplaintClockRules {
  readonly acknowledgeWorkingDays: number;
  readonly respondWorkingDays: number;
  /** Working days before each deadline the warning is raised (at 09:00 that day). */
  readonly warnWorkingDaysBefore: number;
}

export const DEFAULT_COMPLAINT_CLOCK: ComplaintClockRules = Object.freeze({
  acknowledgeWorkingDays: 2,
  respondWorkingDays: 20,
  warnWorkingDaysBefore: 1,
});

const endOfDay = (day: LocalDate): Date =>
  DateTime.fromISO(day, { zone: SERVICE_TIME_ZONE }).plus({ days: 1 }).startOf('day').toJSDate();
const nineOn = (day: LocalDate): Date =>
  DateTime.fromISO(day, { zone: SERVICE_TIME_ZONE }).set({ hour: 9 }).toJSDate();

/** A complaint's deadlines: each the end of the nth working day after the day it was received. */
export function complaintDeadlines(
  receivedAt: Date,
  rules: ComplaintClockRules = DEFAULT_COMPLAINT_CLOCK,
): { acknowledgeBy: Date; respondBy: Date } {
  const day = localDateOf(receivedAt);
  return {
    acknowledgeBy: endOfDay(nthWorkingDayAfter(day, rules.acknowledgeWorkingDays)),
    respondBy: endOfDay(nthWorkingDayAfter(day, rules.respondWorkingDays)),
  };
}

/** When the warning before a deadline is raised: 09:00 on the set working day before its last day. */
export function warningAt(deadline: Date, rules: ComplaintClockRules = DEFAULT_COMPLAINT_CLOCK): Date {
  const lastDay = localDateOf(new Date(deadline.getTime() - 1));
  return nineOn(nthWorkingDayBefore(lastDay, rules.warnWorkingDaysBefore));
}

/** The complaint clock's execution input: ids and instants only (workflows/complaint-clock). */
export function complaintClockInput(
  complaint: Pick<Complaint, 'complaintId' | 'acknowledgeBy' | 'respondBy'>,
  rules: ComplaintClockRules = DEFAULT_COMPLAINT_CLOCK,
) {
  return {
    complaintId: complaint.complaintId,
    acknowledgeWarnAt: warningAt(complaint.acknowledgeBy, rules).toISOString(),
    acknowledgeBy: complaint.acknowledgeBy.toISOString(),
    respondWarnAt: warningAt(complaint.respondBy, rules).toISOString(),
    respondBy: complaint.respondBy.toISOString(),
  };
}

/** Whether an alert still stands: the stage it warns of not done when it was raised. */
export function alertIsDue(complaint: Complaint, alert: ComplaintAlert): boolean {
  if (complaint.closed) return false;
  return alert.startsWith('respond') || !complaint.acknowledged;
}

/** Where a complaint's clock stands at an instant: the next deadline, and whether it has passed. */
export function clockAt(
  complaint: Complaint,
  now: Date,
): { readonly stage: 'acknowledge' | 'respond' | 'closed'; readonly due?: Date; readonly overdue: boolean } {
  if (complaint.closed) return { stage: 'closed', overdue: false };
  const stage = complaint.acknowledged ? 'respond' : 'acknowledge';
  const due = stage === 'acknowledge' ? complaint.acknowledgeBy : complaint.respondBy;
  return { stage, due, overdue: now >= due };
}
