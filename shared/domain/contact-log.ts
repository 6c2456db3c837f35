import { DateTime } from 'luxon';
import { SERVICE_TIME_ZONE } from './calendar.ts';
import { readDateInput } from './date-input.ts';

// The contact log: after the first contact a caseworker supports a victim for months, and every contact —
// a call, a visit, a chat, a message — is recorded on the case (docs/web-app.md, the contact log). What is
// kept here is what the quarterly return counts (docs/reporting.md) and what the next caseworker reads.

/** How the contact was made. */
export const CONTACT_CHANNELS = ['telephone', 'face-to-face', 'web-chat', 'email', 'letter', 'sms'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

export const CONTACT_CHANNEL_NAMES: Readonly<Record<ContactChannel, string>> = {
  telephone: 'Telephone',
  'face-to-face': 'Face to face',
  'web-chat': 'Web chat',
  email: 'E-mail',
  letter: 'Letter',
  sms: 'Text message',
};

/** Who made the contact: the victim, or the service. */
export const CONTACT_DIRECTIONS = ['from-victim', 'to-victim'] as const;
export type ContactDirection = (typeof CONTACT_DIRECTIONS)[number];

export const CONTACT_DIRECTION_NAMES: Readonly<Record<ContactDirection, string>> = {
  'from-victim': 'From the victim',
  'to-victim': 'To the victim',
};

/** The support given in a contact: one or more of these. */
export const SUPPORT_GIVEN = [
  'emotional-support',
  'advocacy',
  'practical-help',
  'cyber-fraud-mate-crime-advice',
  'victim-personal-statement',
  'criminal-justice-information',
  'referral-on',
] as const;
export type SupportGiven = (typeof SUPPORT_GIVEN)[number];

export const SUPPORT_GIVEN_NAMES: Readonly<Record<SupportGiven, string>> = {
  'emotional-support': 'Emotional support',
  advocacy: 'Advocacy',
  'practical-help': 'Practical help',
  'cyber-fraud-mate-crime-advice': 'Advice on cyber crime, fraud and mate crime',
  'victim-personal-statement': 'Help with a Victim Personal Statement',
  'criminal-justice-information': 'Information on the criminal justice process',
  'referral-on': 'Referral on to another service',
};

export const CONTACT_MINUTES_MIN = 1;
/** Ten hours: a longer entry is a typing slip (minutes for hours), not a contact. */
export const CONTACT_MINUTES_MAX = 600;
export const CONTACT_NOTES_MAX = 2000;
export const CONTACT_VENUE_MAX = 200;
export const SATURDAY_REASON_MAX = 500;

/** What was said and done in a contact, checked (validateContact). */
export interface ContactDetails {
  /** When it happened (an instant; entered as a date and time in Leicester). */
  readonly at: Date;
  readonly channel: ContactChannel;
  /** Where a face-to-face contact took place; only for face to face. */
  readonly venue?: string;
  readonly direction: ContactDirection;
  /** In the order of SUPPORT_GIVEN, each once. */
  readonly support: readonly SupportGiven[];
  readonly durationMinutes: number;
  readonly notes?: string;
  /** Why the victim could engage at no other time: required for a contact on a Saturday, kept only then. */
  readonly saturdayReason?: string;
}

/** A contact as the log keeps it. */
export interface Contact extends ContactDetails {
  /** The form's idempotency key (shared/domain/form-key.ts): the same form sent again logs one contact. */
  readonly contactId: string;
  readonly caseId: string;
  /** Who logged it (the signed-in id). */
  readonly by: string;
  readonly recordedAt: Date;
}

/** The contact form as typed: every field a string (a box left unticked is absent). */
export interface ContactInput {
  readonly day?: string | undefined;
  readonly month?: string | undefined;
  readonly year?: string | undefined;
  /** The time of day, `14:30` (also `2:30pm`, `14.30`). */
  readonly time?: string | undefined;
  readonly channel?: string | undefined;
  readonly venue?: string | undefined;
  readonly direction?: string | undefined;
  /** The codes of the support boxes ticked. */
  readonly support?: readonly string[] | undefined;
  readonly durationMinutes?: string | undefined;
  readonly notes?: string | undefined;
  readonly saturdayReason?: string | undefined;
}

/**
 * A problem with one field of the contact form, in the GOV.UK style: the id of the element the error
 * summary links to, and a sentence saying what to do.
 */
export interface ContactFieldError {
  readonly field:
    | 'date'
    | 'time'
    | 'channel'
    | 'venue'
    | 'direction'
    | 'support'
    | 'durationMinutes'
    | 'notes'
    | 'saturdayReason';
  readonly text: string;
}

export type ContactValidation =
  | { readonly ok: true; readonly details: ContactDetails }
  | { readonly ok: false; readonly errors: readonly ContactFieldError[] };

// Control characters other than line breaks and tabs (after tidy: `\n`): never part of what a person typed.
const CONTROL = /[^\P{Cc}\n\t]/u;
const CONTROL_IN_LINE = /\p{Cc}/u;

const isOneOf = <T extends string>(list: readonly T[], value: unknown): value is T =>
  typeof value === 'string' && (list as readonly string[]).includes(value);

/** A text as kept: trimmed, its line breaks as `\n`. */
const tidy = (text: string | undefined) =>
  (text ?? '').replaceAll('\r\n', '\n').replaceAll('\r', '\n').trim();

/** Characters as a person counts them (an emoji is one). */
const length = (text: string) => [...text].length;

/** `14:30`, `9:05`, `14.30`, `2:30pm`, `2pm` as hours and minutes; undefined when it is not a time of day. */
export function readTimeOfDay(text: string): { hour: number; minute: number } | undefined {
  const match = /^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$/i.exec(text.trim());
  if (!match) return undefined;
  const suffix = match[3]?.toLowerCase();
  if (match[2] === undefined && !suffix) return undefined;
  let hour = Number(match[1]);
  const minute = Number(match[2] ?? 0);
  if (minute > 59) return undefined;
  if (suffix) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (suffix === 'pm' ? 12 : 0);
  } else if (hour > 23) return undefined;
  return { hour, minute };
}

/** Whether an instant falls on a Saturday in Leicester. */
export const isSaturdayInLeicester = (at: Date): boolean =>
  DateTime.fromJSDate(at, { zone: SERVICE_TIME_ZONE }).weekday === 6;

/**
 * Checks the contact form. `now` bounds when the contact happened (never in the future); `receivedAt`,
 * when given, is the referral's arrival, before which no contact on the case can have happened. Every
 * field's problem is returned at once, each naming its field, so the form can be shown again with them
 * all.
 */
export function validateContact(input: ContactInput, now: Date, receivedAt?: Date): ContactValidation {
  const errors: ContactFieldError[] = [];
  const problem = (field: ContactFieldError['field'], text: string) => errors.push({ field, text });

  // When: a real date (day, month, year) and a time of day, in Leicester, not in the future.
  let date: DateTime | undefined;
  const read = readDateInput(input, { what: 'the date of the contact', example: '14 12 2026' });
  if ('problem' in read) problem('date', read.problem);
  else if (read.date > DateTime.fromJSDate(now, { zone: SERVICE_TIME_ZONE }).startOf('day'))
    problem('date', 'The date of the contact must be today or in the past');
  else date = read.date;
  const timeText = (input.time ?? '').trim();
  const time = timeText === '' ? undefined : readTimeOfDay(timeText);
  if (timeText === '') problem('time', 'Enter the time of the contact');
  else if (!time) problem('time', 'The time of the contact must be a time of day, like 14:30');
  let at: Date | undefined;
  if (date && time) {
    const local = date.set({ hour: time.hour, minute: time.minute });
    if (local.hour !== time.hour || local.minute !== time.minute)
      problem('time', 'The time of the contact does not exist on that day: the clocks went forward');
    else if (local.toJSDate() > now) problem('time', 'The time of the contact must be now or in the past');
    else if (receivedAt && local.toJSDate() < receivedAt)
      problem(
        'date',
        `The contact must be after the referral was received (${DateTime.fromJSDate(receivedAt, {
          zone: SERVICE_TIME_ZONE,
        }).toFormat('d LLLL yyyy, HH:mm')})`,
      );
    else at = local.toJSDate();
  }

  // How, and where when face to face.
  const channel = input.channel;
  if (!isOneOf(CONTACT_CHANNELS, channel)) problem('channel', 'Select how the contact was made');
  const venue = tidy(input.venue);
  if (channel === 'face-to-face') {
    if (venue === '') problem('venue', 'Enter where the face-to-face contact took place');
    else if (CONTROL_IN_LINE.test(venue))
      problem('venue', 'Where the contact took place must be ordinary text, on one line');
    else if (length(venue) > CONTACT_VENUE_MAX)
      problem('venue', `Where the contact took place must be ${CONTACT_VENUE_MAX} characters or fewer`);
  }

  const direction = input.direction;
  if (!isOneOf(CONTACT_DIRECTIONS, direction))
    problem('direction', 'Select whether the victim contacted the service or the service contacted them');

  const ticked = input.support ?? [];
  const support = SUPPORT_GIVEN.filter((code) => ticked.includes(code));
  if (ticked.some((code) => !isOneOf(SUPPORT_GIVEN, code)))
    problem('support', 'Select the support given from the list');
  else if (support.length === 0) problem('support', 'Select the support given in the contact');

  const minutesText = (input.durationMinutes ?? '').trim();
  const minutes = Number(minutesText);
  if (minutesText === '') problem('durationMinutes', 'Enter how long the contact took, in minutes');
  else if (!/^\d+$/.test(minutesText))
    problem('durationMinutes', 'How long the contact took must be a whole number of minutes, like 30');
  else if (minutes < CONTACT_MINUTES_MIN || minutes > CONTACT_MINUTES_MAX)
    problem(
      'durationMinutes',
      `How long the contact took must be between ${CONTACT_MINUTES_MIN} and ${CONTACT_MINUTES_MAX} minutes`,
    );

  const notes = tidy(input.notes);
  if (CONTROL.test(notes)) problem('notes', 'Notes must be ordinary text (no control characters)');
  else if (length(notes) > CONTACT_NOTES_MAX)
    problem('notes', `Notes must be ${CONTACT_NOTES_MAX} characters or fewer`);

  // A contact on a Saturday says why the victim could engage at no other time; on other days the box is
  // not asked for, and what is typed in it is not kept.
  const reason = tidy(input.saturdayReason);
  const onSaturday = date?.weekday === 6;
  if (onSaturday) {
    if (reason === '')
      problem(
        'saturdayReason',
        'Enter why the victim could not be supported at another time (the contact was on a Saturday)',
      );
    else if (CONTROL.test(reason))
      problem(
        'saturdayReason',
        'Why the contact was on a Saturday must be ordinary text (no control characters)',
      );
    else if (length(reason) > SATURDAY_REASON_MAX)
      problem(
        'saturdayReason',
        `Why the contact was on a Saturday must be ${SATURDAY_REASON_MAX} characters or fewer`,
      );
  }

  if (errors.length > 0 || at === undefined) return { ok: false, errors };
  return {
    ok: true,
    details: {
      at,
      channel: channel as ContactChannel,
      ...(channel === 'face-to-face' ? { venue } : {}),
      direction: direction as ContactDirection,
      support,
      durationMinutes: minutes,
      ...(notes === '' ? {} : { notes }),
      ...(onSaturday ? { saturdayReason: reason } : {}),
    },
  };
}

/** A duration as a person says it: 45 → "45 minutes", 90 → "1 hour 30 minutes". */
export function minutesInWords(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const h = hours === 0 ? '' : `${hours} hour${hours === 1 ? '' : 's'}`;
  const m = rest === 0 && hours > 0 ? '' : `${rest} minute${rest === 1 ? '' : 's'}`;
  return [h, m].filter(Boolean).join(' ');
}

/**
 * Contacts oldest first: by when they happened, then when they were logged, then by id (in the order the
 * table sorts keys, by their UTF-8 bytes), so every store lists the same contacts in the same order.
 */
export function oldestFirst(a: Contact, b: Contact): number {
  return (
    a.at.getTime() - b.at.getTime() ||
    a.recordedAt.getTime() - b.recordedAt.getTime() ||
    Buffer.compare(Buffer.from(a.caseId), Buffer.from(b.caseId)) ||
    Buffer.compare(Buffer.from(a.contactId), Buffer.from(b.contactId))
  );
}
