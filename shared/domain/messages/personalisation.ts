import * as z from 'zod';
import type { WrittenChannel } from '../contact-plan.ts';
import type { FieldError } from '../field-errors.ts';
import { type Address, AddressSchema, PersonNameSchema } from '../person.ts';
import type { Referral } from '../referral.ts';
import { COMMUNICATION_NEEDS, type CommunicationNeed } from '../referral-codes.ts';
import { isPrintableInLetter } from './printable.ts';
import { assertSentOn, type MessagePurpose } from './purposes.ts';

/** Personalisation for a message is missing or invalid; `fields` names every problem, never the values. */
export class InvalidPersonalisationError extends Error {
  override name = 'InvalidPersonalisationError';
  constructor(
    readonly purpose: MessagePurpose,
    readonly channel: WrittenChannel,
    readonly fields: readonly FieldError[],
  ) {
    super(
      `personalisation for ${purpose} by ${channel} is invalid: ${fields
        .map((f) => `${f.field} ${f.message}`)
        .join('; ')}`,
    );
  }
}

// Case references come from caseIdFor: VF- and two groups of five Crockford base32 characters.
const CaseReferenceSchema = z
  .string({ error: 'is required' })
  .regex(/^VF-[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/, 'must be a case reference like VF-0A1B2-C3D4E');

const instant = z
  .union([
    z.date({ error: 'must be a date and time' }),
    z.iso
      .datetime({ offset: true, error: 'must be an ISO-8601 date and time' })
      .transform((s) => new Date(s)),
  ])
  .refine((d) => !Number.isNaN(d.getTime()), 'must be a real date and time');

/** A recipient greeted by name: the victim on a referral from the police or a partner. */
export interface NamedRecipient {
  readonly selfReferral?: undefined;
  readonly title?: string;
  readonly forename: string;
  readonly surname: string;
  readonly address?: Address;
  readonly communicationNeeds: CommunicationNeed[];
}

/**
 * Someone who referred themselves through the public form, where anyone can type anything: they are sent
 * nothing the form supplied but the address the message goes to — no name (docs/messages.md,
 * "Self-referrals").
 */
export interface SelfReferrer {
  readonly selfReferral: true;
  readonly title?: undefined;
  readonly forename?: undefined;
  readonly surname?: undefined;
  readonly address?: Address;
  readonly communicationNeeds: CommunicationNeed[];
}

export type Recipient = NamedRecipient | SelfReferrer;

/**
 * Who the message is to. Names and address are checked as strictly as on the referral itself; a named
 * recipient needs both names, and a self-referrer may carry none.
 */
export const RecipientSchema = z
  .object({
    ...PersonNameSchema.partial().shape,
    selfReferral: z.literal(true, { error: 'must be true or left out' }).optional(),
    /** Needed for letters only. */
    address: AddressSchema.optional(),
    /** Chooses the large-print letter ('large-print'). */
    communicationNeeds: z.array(z.enum(COMMUNICATION_NEEDS)).default([]),
  })
  .superRefine((recipient, ctx) => {
    for (const field of ['title', 'forename', 'surname'] as const) {
      if (recipient.selfReferral && recipient[field] !== undefined)
        ctx.addIssue({ code: 'custom', path: [field], message: 'is never sent to a self-referrer' });
      else if (!recipient.selfReferral && field !== 'title' && recipient[field] === undefined)
        ctx.addIssue({ code: 'custom', path: [field], message: 'is required' });
    }
  })
  .transform((recipient) => recipient as Recipient);

/** A failed attempt to reach the victim, listed in the final letter. */
export const ContactAttemptSchema = z.object({
  at: instant,
  kind: z.enum(['call', 'home-visit'], { error: 'must be call or home-visit' }),
});

const base = { caseReference: CaseReferenceSchema, recipient: RecipientSchema };

/** What each message needs besides the recipient and case reference. */
export const PERSONALISATION_SCHEMAS = {
  'support-offer': z.object(base),
  'home-visit-notice': z.object({ ...base, visitAt: instant }),
  'second-home-visit-notice': z
    .object({ ...base, visitAt: instant, firstVisitAt: instant })
    .refine((p) => p.firstVisitAt < p.visitAt, {
      path: ['firstVisitAt'],
      message: 'must be before visitAt',
    }),
  'final-letter': z.object({
    ...base,
    attempts: z
      .array(ContactAttemptSchema, { error: 'must be a list of attempts' })
      .min(1, 'must list at least one attempt')
      .max(10, 'must list at most 10 attempts'),
  }),
  'needs-assessment-appointment': z.object({
    ...base,
    appointmentAt: instant,
    by: z.enum(['telephone', 'home-visit'], { error: 'must be telephone or home-visit' }),
  }),
  // The one-time link to the chat (docs/web-chat.md): the public site's /chat/<token>, made when it is sent.
  'web-chat-booking-confirmation': z.object({
    ...base,
    chatAt: instant,
    chatLink: z
      .string({ error: 'must be a web address' })
      .regex(/^https?:\/\/[^\s/]+\/chat\/[A-Za-z0-9_-]{43}$/, 'must be a one-time web chat link'),
  }),
  'target-hardening-appointment': z.object({ ...base, visitAt: instant }),
} as const satisfies Record<MessagePurpose, z.ZodType>;

type Schemas = typeof PERSONALISATION_SCHEMAS;
/** Personalisation as a caller supplies it (instants as Date or ISO-8601 strings). */
export type PersonalisationInput<P extends MessagePurpose> = z.input<Schemas[P]>;
/** Personalisation once validated. */
export type Personalisation<P extends MessagePurpose> = z.output<Schemas[P]>;
export type ContactAttempt = z.output<typeof ContactAttemptSchema>;

const fieldOf = (path: readonly PropertyKey[]) => path.map(String).join('.') || '(personalisation)';

function letterProblems(personalisation: { recipient: Recipient }): FieldError[] {
  const { recipient } = personalisation;
  const problems: FieldError[] = [];
  if (!recipient.address) problems.push({ field: 'recipient.address', message: 'is required for a letter' });
  const texts: [string, string | undefined][] = [
    ['recipient.title', recipient.title],
    ['recipient.forename', recipient.forename],
    ['recipient.surname', recipient.surname],
    ['recipient.address.line1', recipient.address?.line1],
    ['recipient.address.line2', recipient.address?.line2],
    ['recipient.address.town', recipient.address?.town],
    ['recipient.address.postcode', recipient.address?.postcode],
  ];
  for (const [field, text] of texts) {
    if (text !== undefined && !isPrintableInLetter(text)) {
      problems.push({ field, message: 'has characters a printed letter cannot show' });
    }
  }
  return problems;
}

/**
 * Validates personalisation for a message on a channel, returning it parsed or throwing
 * `InvalidPersonalisationError` with every field at fault (and `UnsupportedChannelError` for a pair the
 * service never sends).
 */
export function validatePersonalisation<P extends MessagePurpose>(
  purpose: P,
  channel: WrittenChannel,
  input: unknown,
): Personalisation<P> {
  assertSentOn(purpose, channel);
  const result = PERSONALISATION_SCHEMAS[purpose].safeParse(input);
  if (!result.success) {
    throw new InvalidPersonalisationError(
      purpose,
      channel,
      result.error.issues.map((issue) => ({ field: fieldOf(issue.path), message: issue.message })),
    );
  }
  const parsed = result.data as Personalisation<P>;
  if (channel === 'letter') {
    const problems = letterProblems(parsed);
    if (problems.length > 0) throw new InvalidPersonalisationError(purpose, channel, problems);
  }
  return parsed;
}

/**
 * The recipient of a message to the victim on a referral: the victim's name, address and needs; for a
 * self-referral, the address and needs only (docs/messages.md, "Self-referrals").
 */
export function recipientFromReferral(referral: Referral): z.input<typeof RecipientSchema> {
  const { victim } = referral;
  if (referral.source === 'self') {
    return {
      selfReferral: true,
      ...(victim.address ? { address: victim.address } : {}),
      communicationNeeds: [...referral.communicationNeeds],
    };
  }
  return {
    ...(victim.title ? { title: victim.title } : {}),
    forename: victim.forename,
    surname: victim.surname,
    ...(victim.address ? { address: victim.address } : {}),
    communicationNeeds: [...referral.communicationNeeds],
  };
}
