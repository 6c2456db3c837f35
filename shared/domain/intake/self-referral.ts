import { DateTime } from 'luxon';
import * as z from 'zod';
import {
  DEFAULT_SERVICE_HOURS,
  isWithinServiceHours,
  localDateOf,
  SERVICE_TIME_ZONE,
  type ServiceHours,
  serviceWindowOn,
  serviceWindowsBetween,
} from '../calendar.ts';
import { dueWithinWorkingDays } from '../deadlines.ts';
import { shapeErrors } from '../field-errors.ts';
import { validateReferral } from '../referral.ts';
import { toIsoDate, toIsoInstant } from './dates.ts';
import {
  AddressBodySchema,
  compactCandidate,
  EqualityBodySchema,
  type IntakeResult,
  PhonesBodySchema,
  routeErrors,
} from './partner-referral.ts';

/**
 * The self-referral web form. Rule 9 (docs/service-rules.md): a victim may refer themselves with no proof and
 * no crime reference, and may book a secure web chat inside service hours within 5 working days. A
 * self-referral has had no police assessment, so its risk is 'standard' until triage says otherwise.
 */

/** Rule 9: web chats are booked in slots of this many minutes, starting on the hour or half past. */
export const WEB_CHAT_SLOT_MINUTES = 30;

/** Web chats booked into one slot, unless configured (WEB_CHAT_SLOT_CAPACITY): one caseworker's. */
export const DEFAULT_WEB_CHAT_SLOT_CAPACITY = 1;

/** Rule 9: a web chat can be booked up to this many working days after the referral. */
export const WEB_CHAT_BOOKING_WORKING_DAYS = 5;

const SLOT_MS = WEB_CHAT_SLOT_MINUTES * 60 * 1000;
const CLOCK_RULES_RANGE_MS = 366 * 24 * 60 * 60 * 1000;

const typed =
  (what: string) =>
  (issue: { readonly input?: unknown }): string =>
    issue.input === undefined ? 'is required' : `must be ${what}`;
const text = z.string({ error: typed('text') });
const list = z.array(text, { error: typed('a list of text values') });

/**
 * The self-referral form body. Values are codes from the lists the form offers (offence, npa, contact
 * method). Every object is strict, so a renamed form field is an error rather than a silent loss.
 */
export const SelfReferralFormSchema = z.strictObject(
  {
    // Generated when the form is shown and sent with it: the external reference, so a double submission
    // (a second click, a retry after a timeout) finds the first case instead of opening another
    // (docs/service-rules.md: retries).
    submissionId: text,
    forename: text,
    surname: text,
    dateOfBirth: text.optional(),
    age: z.number({ error: typed('a number') }).optional(),
    address: AddressBodySchema.optional(),
    phones: PhonesBodySchema.optional(),
    email: text.optional(),
    contactMethod: text,
    contactTimes: list.optional(),
    unsafeChannels: list.optional(),
    communicationNeeds: list.optional(),
    whatHappened: text.optional(),
    // Required: the form offers the list of categories and the victim picks the closest. A default
    // category would misstate the crime in the service's returns, so none is assumed.
    offence: text,
    // Required: the form asks "Where do you live?" with the list of areas; the model needs an area to
    // route the case, and an unknown area would only be guessed later.
    npa: text,
    consent: z.boolean({ error: typed('true or false') }),
    webChatSlot: text.optional(),
    equality: EqualityBodySchema.optional(),
  },
  { error: typed('a JSON object') },
);

const UUID = z.uuid();
const INSTANT = z.iso.datetime({ offset: true });

const localTime = (instant: Date) => DateTime.fromJSDate(instant, { zone: SERVICE_TIME_ZONE });
const dayName = (instant: Date) => localTime(instant).toFormat('cccc d LLLL yyyy');

/**
 * Why a web chat slot cannot be booked for a referral received at `receivedAt`, one message per rule
 * broken (rule 9); an empty list means the slot can be booked.
 */
export function webChatSlotProblems(
  slot: Date,
  receivedAt: Date,
  hours: ServiceHours = DEFAULT_SERVICE_HOURS,
): string[] {
  const problems: string[] = [];
  if (slot.getTime() <= receivedAt.getTime()) problems.push('must be in the future');
  // The clock-face rules are checked only within a year of the referral: far from it they mean nothing
  // (London kept local mean time, 0:01:15 behind Greenwich, before 1847) and the calendar ends at 9999.
  if (Math.abs(slot.getTime() - receivedAt.getTime()) <= CLOCK_RULES_RANGE_MS) {
    const local = localTime(slot);
    if (local.minute % WEB_CHAT_SLOT_MINUTES !== 0 || local.second !== 0 || local.millisecond !== 0) {
      problems.push(`must start on the hour or at half past (slots are ${WEB_CHAT_SLOT_MINUTES} minutes)`);
    }
    // The whole slot must fit: its first and its last instant both fall inside the day's opening hours.
    const end = new Date(slot.getTime() + SLOT_MS - 1);
    if (!isWithinServiceHours(slot, hours) || !isWithinServiceHours(end, hours)) {
      const window = serviceWindowOn(localDateOf(slot), hours);
      const at = (instant: Date) => localTime(instant).toFormat('HH:mm');
      problems.push(
        window === null
          ? `is on ${dayName(slot)}, when the service is closed`
          : `is outside service hours: on ${dayName(slot)} web chats run from ${at(window.opens)} to ${at(window.closes)}`,
      );
    }
  }
  const due = dueWithinWorkingDays(receivedAt, WEB_CHAT_BOOKING_WORKING_DAYS);
  if (slot.getTime() >= due.getTime()) {
    problems.push(
      `must be within ${WEB_CHAT_BOOKING_WORKING_DAYS} working days of the referral: the last day is ${dayName(new Date(due.getTime() - 1))}`,
    );
  }
  return problems;
}

/** Every web chat slot a referral received at `receivedAt` can book, in time order (rule 9). */
export function webChatSlotsFor(receivedAt: Date, hours: ServiceHours = DEFAULT_SERVICE_HOURS): Date[] {
  const due = dueWithinWorkingDays(receivedAt, WEB_CHAT_BOOKING_WORKING_DAYS);
  const slots: Date[] = [];
  for (const window of serviceWindowsBetween(receivedAt, due, hours)) {
    // Europe/London is always a whole number of hours from UTC, so local :00 and :30 are UTC :00 and :30.
    let start = Math.ceil(window.opens.getTime() / SLOT_MS) * SLOT_MS;
    if (start <= receivedAt.getTime()) start += SLOT_MS;
    for (; start + SLOT_MS <= window.closes.getTime(); start += SLOT_MS) slots.push(new Date(start));
  }
  return slots;
}

/** Maps a model path (`victim.phones.mobile`) to the form's field (`phones.mobile`). */
function formField(field: string): string {
  if (field === 'externalReference') return 'submissionId';
  if (field === 'summary') return 'whatHappened';
  if (field === '(referral)' || field === 'victim') return '(form)';
  return field.startsWith('victim.') ? field.slice('victim.'.length) : field;
}

/**
 * Reads a self-referral from the web form's JSON body (rule 9). `receivedAt` is when it arrived;
 * a web chat slot must be in the future, on a 30-minute boundary, inside `hours`, and within 5 working days.
 */
export function selfReferralFromForm(
  body: unknown,
  receivedAt: Date,
  hours: ServiceHours = DEFAULT_SERVICE_HOURS,
): IntakeResult {
  const shape = SelfReferralFormSchema.safeParse(body);
  if (!shape.success) return { ok: false, errors: shapeErrors(shape.error.issues, '(form)') };
  const form = shape.data;
  const slot = form.webChatSlot === undefined ? undefined : toIsoInstant(form.webChatSlot);
  const candidate = compactCandidate({
    source: 'self',
    externalReference: form.submissionId.trim().toLowerCase(),
    receivedAt: receivedAt.toISOString(),
    victim: {
      forename: form.forename,
      surname: form.surname,
      dateOfBirth: form.dateOfBirth === undefined ? undefined : toIsoDate(form.dateOfBirth),
      age: form.age,
      address: form.address,
      phones: form.phones ?? {},
      email: form.email,
    },
    contactMethod: form.contactMethod,
    contactTimes: form.contactTimes,
    consent: form.consent,
    // No police assessment has been made (rule 9); triage may raise it.
    risk: 'standard',
    offence: form.offence,
    npa: form.npa,
    unsafeChannels: form.unsafeChannels,
    communicationNeeds: form.communicationNeeds,
    equality: form.equality,
    summary: form.whatHappened,
    webChatSlot: slot,
  });
  const result = validateReferral(candidate);
  const errors = result.ok ? [] : routeErrors(result.errors, formField);
  if (!UUID.safeParse(form.submissionId.trim()).success && !errors.some((e) => e.field === 'submissionId')) {
    errors.push({
      field: 'submissionId',
      message: 'must be the identifier the form was given when it was shown (a UUID)',
    });
  }
  if (
    slot !== undefined &&
    INSTANT.safeParse(slot).success &&
    !errors.some((e) => e.field === 'webChatSlot')
  ) {
    for (const message of webChatSlotProblems(new Date(slot), receivedAt, hours)) {
      errors.push({ field: 'webChatSlot', message });
    }
  }
  return errors.length > 0 ? { ok: false, errors } : result;
}
