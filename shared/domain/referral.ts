import * as z from 'zod';
import { ContactMethodSchema } from './contact-method.ts';
import type { FieldError } from './field-errors.ts';
import { ADDRESS_LINE, AddressSchema, nameText, PersonNameSchema, text } from './person.ts';
import { InvalidPhoneNumberError, parsePhoneNumber } from './phone.ts';
import {
  COMMUNICATION_NEEDS,
  CONTACT_TIMES,
  ENHANCED_CATEGORIES,
  EQUALITY_ANSWERS,
  EQUALITY_CHARACTERISTICS,
  NEIGHBOURHOOD_POLICING_AREAS,
  OFFENCE_CATEGORIES,
  REFERRAL_SOURCES,
  RISK_LEVELS,
  UNSAFE_CHANNELS,
  VULNERABILITY_FACTORS,
} from './referral-codes.ts';
import { isUkNumber } from './uk-number.ts';

const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: () => `must be one of ${values.join(', ')}` });

const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9*/_.-]*$/;

const phone = z.string().transform((raw, ctx) => {
  try {
    return parsePhoneNumber(raw);
  } catch (error) {
    if (!(error instanceof InvalidPhoneNumberError)) throw error;
    ctx.addIssue({ code: 'custom', message: error.message });
    return z.NEVER;
  }
});

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const localDate = z.iso.date({ error: 'must be a real date, e.g. 05/03/1980 or 1980-03-05' });

export const VictimSchema = z.object({
  ...PersonNameSchema.shape,
  dateOfBirth: localDate.optional(),
  age: z
    .int({ error: 'must be a whole number' })
    .min(0, 'must be 0 or more')
    .max(120, 'must be 120 or less')
    .optional(),
  address: AddressSchema.optional(),
  phones: z.object({ home: phone.optional(), mobile: phone.optional(), work: phone.optional() }).default({}),
  email: z
    .email({ error: 'is not a valid e-mail address' })
    .max(254, 'must be at most 254 characters')
    .optional(),
});

export const EqualityProfileSchema = z
  .object({
    sex: oneOf(EQUALITY_ANSWERS.sex).optional(),
    genderReassignment: oneOf(EQUALITY_ANSWERS.genderReassignment).optional(),
    disability: oneOf(EQUALITY_ANSWERS.disability).optional(),
    ethnicity: oneOf(EQUALITY_ANSWERS.ethnicity).optional(),
    religionOrBelief: oneOf(EQUALITY_ANSWERS.religionOrBelief).optional(),
    sexualOrientation: oneOf(EQUALITY_ANSWERS.sexualOrientation).optional(),
    marriageOrCivilPartnership: oneOf(EQUALITY_ANSWERS.marriageOrCivilPartnership).optional(),
    pregnancyOrMaternity: oneOf(EQUALITY_ANSWERS.pregnancyOrMaternity).optional(),
    /**
     * Where the victim asked for a caseworker who shares one of their answers (a woman asking for a woman):
     * the characteristics they named. Allocation weighs it only where asked (shared/domain/allocation.ts).
     */
    caseworkerMatch: z.array(oneOf(EQUALITY_CHARACTERISTICS)).max(EQUALITY_CHARACTERISTICS.length).optional(),
  })
  .default({});

export const ReferrerSchema = z.object({
  organisation: text(120, ADDRESS_LINE, 'letters, digits, spaces and simple punctuation'),
  name: nameText.optional(),
  /** The referrer's job or role at the organisation ("Support worker"). */
  role: text(120, ADDRESS_LINE, 'letters, digits, spaces and simple punctuation').optional(),
  email: z.email({ error: 'is not a valid e-mail address' }).optional(),
  phone: phone.optional(),
});

const instant = z.iso
  .datetime({
    offset: true,
    error: 'must be a real date and time, e.g. 18/12/2026 10:00 or 2026-12-18T10:00:00Z',
  })
  .transform((s) => new Date(s));

/**
 * A referral as every route delivers it once parsed: the one model the case store and the contact paths use.
 * Cross-field rules (the chosen method needs its channel, an unsafe channel cannot be the chosen one) are
 * checked here so that every route enforces them alike.
 */
export const ReferralSchema = z
  .object({
    source: oneOf(REFERRAL_SOURCES),
    externalReference: z
      .string({ error: 'is required' })
      .trim()
      .min(1, { error: 'is required', abort: true })
      .max(64, 'must be at most 64 characters')
      .regex(REFERENCE, 'may contain only letters, digits and * / _ . -'),
    receivedAt: instant,
    referrer: ReferrerSchema.optional(),
    victim: VictimSchema,
    contactMethod: ContactMethodSchema,
    consent: z.literal(true, {
      error: (issue) =>
        issue.input === false
          ? 'is no: a referral without consent is declined, not stored'
          : 'must be yes (Y) or no (N)',
    }),
    risk: oneOf(RISK_LEVELS),
    vulnerabilities: z.array(oneOf(VULNERABILITY_FACTORS)).max(VULNERABILITY_FACTORS.length).default([]),
    enhancedCategory: oneOf(ENHANCED_CATEGORIES).optional(),
    offence: oneOf(OFFENCE_CATEGORIES),
    unsafeChannels: z.array(oneOf(UNSAFE_CHANNELS)).max(UNSAFE_CHANNELS.length).default([]),
    communicationNeeds: z.array(oneOf(COMMUNICATION_NEEDS)).max(COMMUNICATION_NEEDS.length).default([]),
    /** When the victim would rather be contacted (self-referrals); absent: any time. */
    contactTimes: z.array(oneOf(CONTACT_TIMES)).min(1).max(CONTACT_TIMES.length).optional(),
    equality: EqualityProfileSchema,
    npa: oneOf(NEIGHBOURHOOD_POLICING_AREAS),
    summary: z
      .string()
      .trim()
      .max(2000, 'must be at most 2000 characters')
      .refine((s) => !/(?![\t\n\r])\p{Cc}/u.test(s), 'may not contain control characters')
      .optional(),
    webChatSlot: instant.optional(),
  })
  .superRefine(
    (parsed, ctx) => {
      // This runs even when a field above failed (so every problem is reported at once): a value that did
      // not parse is still its raw input here, and is left to its own field's error.
      const referral = parsed as unknown as Record<string, unknown>;
      const victim = isRecord(referral.victim) ? referral.victim : {};
      const phones = isRecord(victim.phones) ? victim.phones : {};
      const unsafeChannels = Array.isArray(referral.unsafeChannels)
        ? (referral.unsafeChannels as unknown[])
        : [];
      const { contactMethod, receivedAt } = referral;
      const need = (path: (string | number)[], message: string) =>
        ctx.addIssue({ code: 'custom', path, message });
      switch (contactMethod) {
        case 'home-telephone':
        case 'mobile-telephone':
        case 'work-telephone': {
          const key = contactMethod.replace('-telephone', '');
          if (!phones[key])
            need(['victim', 'phones', key], `is required when the contact method is ${contactMethod}`);
          break;
        }
        case 'sms': {
          const mobile = phones.mobile;
          if (!mobile) need(['victim', 'phones', 'mobile'], 'is required when the contact method is sms');
          else if (isRecord(mobile) && mobile.kind !== 'mobile') {
            need(['victim', 'phones', 'mobile'], 'must be a mobile number to receive SMS');
          }
          if (unsafeChannels.includes('sms')) need(['contactMethod'], 'is sms, but sms is marked unsafe');
          break;
        }
        case 'email':
          if (!victim.email) need(['victim', 'email'], 'is required when the contact method is email');
          if (unsafeChannels.includes('email'))
            need(['contactMethod'], 'is email, but email is marked unsafe');
          break;
        case 'post':
          if (!victim.address) need(['victim', 'address'], 'is required when the contact method is post');
          if (unsafeChannels.includes('letter'))
            need(['contactMethod'], 'is post, but letters are marked unsafe');
          break;
        case 'in-person':
          if (!victim.address)
            need(['victim', 'address'], 'is required when the contact method is in-person');
          break;
      }
      // The self-referral form is public: any number typed there may be texted, and texts go to UK numbers
      // only (docs/intake-formats.md). A police or partner referral keeps a number from abroad for a call.
      const mobile = isRecord(phones.mobile) ? phones.mobile.e164 : undefined;
      if (referral.source === 'self' && typeof mobile === 'string' && !isUkNumber(mobile)) {
        need(['victim', 'phones', 'mobile'], 'must be a UK mobile number: texts go to UK numbers only');
      }
      const dateOfBirth =
        typeof victim.dateOfBirth === 'string' && ISO_DATE.test(victim.dateOfBirth)
          ? victim.dateOfBirth
          : undefined;
      if (dateOfBirth && receivedAt instanceof Date && dateOfBirth > receivedAt.toISOString().slice(0, 10)) {
        need(['victim', 'dateOfBirth'], 'is after the date the referral was received');
      }
      if (dateOfBirth && dateOfBirth < '1900-01-01') need(['victim', 'dateOfBirth'], 'is before 1900');
      if (referral.webChatSlot !== undefined && referral.source !== 'self') {
        need(['webChatSlot'], 'can be booked only on a self-referral');
      }
      if (referral.source === 'partner' && !referral.referrer)
        need(['referrer'], 'is required for a partner referral');
    },
    { when: () => true },
  );
export type Referral = z.output<typeof ReferralSchema>;

/** Validates a referral candidate, returning either the referral or every field error at once. */
export function validateReferral(
  candidate: unknown,
): { ok: true; referral: Referral } | { ok: false; errors: FieldError[] } {
  const result = ReferralSchema.safeParse(candidate);
  if (result.success) return { ok: true, referral: result.data };
  return {
    ok: false,
    errors: result.error.issues.map((issue) => ({
      field: issue.path.join('.') || '(referral)',
      message: issue.message,
    })),
  };
}
