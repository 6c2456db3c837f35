import * as z from 'zod';
import { type FieldError, shapeErrors } from '../field-errors.ts';
import { type Referral, validateReferral } from '../referral.ts';
import { toIsoDate, toIsoInstant } from './dates.ts';

/**
 * The partner referral route: the JSON a partner agency's referral form posts (also used by the domestic
 * and sexual abuse service). The body is checked in two steps: its shape (every key known, every value of
 * the right JSON type), then its content against the one referral model, so every route enforces the same
 * rules. docs/intake-formats.md describes every field.
 */

/** The largest partner referral body accepted, in bytes of UTF-8 (docs/intake-formats.md). */
export const PARTNER_REFERRAL_MAX_BYTES = 64 * 1024;

/**
 * How far a sender's `referredAt` may run ahead of the moment the referral arrived. Deadlines run from the
 * time of referral (docs/service-rules.md), so a time in the future would postpone them; a few minutes
 * absorb clock skew.
 */
export const CLOCK_SKEW_ALLOWANCE_MS = 5 * 60 * 1000;

/** What an intake route returns: the referral, or every error named the way the sender names the field. */
export type IntakeResult = { ok: true; referral: Referral } | { ok: false; errors: FieldError[] };

const typed =
  (what: string) =>
  (issue: { readonly input?: unknown }): string =>
    issue.input === undefined ? 'is required' : `must be ${what}`;

const text = z.string({ error: typed('text') });
const list = z.array(text, { error: typed('a list of text values') });

/** The victim's postal address, as the partner JSON and the self-referral form both send it. */
export const AddressBodySchema = z.strictObject(
  { line1: text, line2: text.optional(), town: text, postcode: text },
  { error: typed('an object') },
);

/** The victim's telephone numbers, each optional, as the partner JSON and the self-referral form send them. */
export const PhonesBodySchema = z.strictObject(
  { home: text.optional(), mobile: text.optional(), work: text.optional() },
  { error: typed('an object') },
);

/**
 * The eight equality-monitoring answers, each optional, as codes of EQUALITY_ANSWERS, and the ones on which
 * the victim asks for a caseworker like them (`caseworkerMatch`, a list of those eight names).
 */
export const EqualityBodySchema = z.strictObject(
  {
    sex: text.optional(),
    genderReassignment: text.optional(),
    disability: text.optional(),
    ethnicity: text.optional(),
    religionOrBelief: text.optional(),
    sexualOrientation: text.optional(),
    marriageOrCivilPartnership: text.optional(),
    pregnancyOrMaternity: text.optional(),
    caseworkerMatch: list.optional(),
  },
  { error: typed('an object') },
);

/**
 * The partner referral body. Every object is strict: an unknown key (a misspelt field) is an error naming
 * it, never silently dropped. Values are only type-checked here; ReferralSchema checks their content.
 */
export const PartnerReferralBodySchema = z.strictObject(
  {
    reference: text,
    referredAt: text.optional(),
    referrer: z.strictObject(
      {
        organisation: text,
        name: text.optional(),
        role: text.optional(),
        email: text.optional(),
        phone: text.optional(),
      },
      { error: typed('an object') },
    ),
    victim: z.strictObject(
      {
        title: text.optional(),
        forename: text,
        surname: text,
        dateOfBirth: text.optional(),
        age: z.number({ error: typed('a number') }).optional(),
        address: AddressBodySchema.optional(),
        phones: PhonesBodySchema.optional(),
        email: text.optional(),
      },
      { error: typed('an object') },
    ),
    contactMethod: text,
    consent: z.boolean({ error: typed('true or false') }),
    risk: text,
    vulnerabilities: list.optional(),
    enhancedCategory: text.optional(),
    offence: text,
    npa: text,
    unsafeChannels: list.optional(),
    communicationNeeds: list.optional(),
    equality: EqualityBodySchema.optional(),
    summary: text.optional(),
  },
  { error: typed('a JSON object') },
);

/**
 * Renames validation errors to the sender's field names and keeps the first error for each field (a blank
 * name fails both "is required" and its pattern; the first says all the sender needs). Messages never echo
 * what was submitted: the contact-method message in contact-method.ts ends "(got …)", which is removed.
 */
export function routeErrors(errors: readonly FieldError[], rename: (field: string) => string): FieldError[] {
  const seen = new Set<string>();
  const out: FieldError[] = [];
  for (const error of errors) {
    const field = rename(error.field);
    if (seen.has(field)) continue;
    seen.add(field);
    out.push({ field, message: error.message.replace(/ \(got .*\)$/s, '') });
  }
  return out;
}

/** Drops keys whose value is undefined, so optional fields are absent rather than present-but-empty. */
export function compactCandidate(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(compactCandidate);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, compactCandidate(v)]),
    );
  }
  return value;
}

/**
 * Whether a sender's "referred at" is later than the referral's arrival (beyond clock skew). Deadlines run
 * from that time (docs/service-rules.md), so a future time would postpone them. Unparseable times are left
 * to the model.
 */
export function isReferredAfterArrival(referredAt: string, receivedAt: Date): boolean {
  const time = Date.parse(toIsoInstant(referredAt));
  return Number.isFinite(time) && time > receivedAt.getTime() + CLOCK_SKEW_ALLOWANCE_MS;
}

const PARTNER_FIELD_FOR_PATH: Readonly<Record<string, string>> = {
  externalReference: 'reference',
  receivedAt: 'referredAt',
  '(referral)': '(body)',
};

/** Reads a partner referral from its parsed JSON body; `receivedAt` is when it arrived (the default referredAt). */
export function partnerReferralFromJson(body: unknown, receivedAt: Date): IntakeResult {
  const shape = PartnerReferralBodySchema.safeParse(body);
  if (!shape.success) return { ok: false, errors: shapeErrors(shape.error.issues, '(body)') };
  const b = shape.data;
  const candidate = compactCandidate({
    source: 'partner',
    externalReference: b.reference,
    // The model takes UK local times too (dates.ts), so a partner that sends 18/12/2026 10:00 is understood.
    receivedAt: b.referredAt === undefined ? receivedAt.toISOString() : toIsoInstant(b.referredAt),
    referrer: b.referrer,
    victim: {
      ...b.victim,
      dateOfBirth: b.victim.dateOfBirth === undefined ? undefined : toIsoDate(b.victim.dateOfBirth),
      phones: b.victim.phones ?? {},
    },
    contactMethod: b.contactMethod,
    consent: b.consent,
    risk: b.risk,
    vulnerabilities: b.vulnerabilities,
    enhancedCategory: b.enhancedCategory,
    offence: b.offence,
    npa: b.npa,
    unsafeChannels: b.unsafeChannels,
    communicationNeeds: b.communicationNeeds,
    equality: b.equality,
    summary: b.summary,
  });
  const result = validateReferral(candidate);
  const errors = result.ok
    ? []
    : routeErrors(result.errors, (field) => PARTNER_FIELD_FOR_PATH[field] ?? field);
  if (
    b.referredAt !== undefined &&
    isReferredAfterArrival(b.referredAt, receivedAt) &&
    !errors.some((e) => e.field === 'referredAt')
  ) {
    errors.push({ field: 'referredAt', message: 'is later than the time the referral arrived' });
  }
  return errors.length > 0 ? { ok: false, errors } : result;
}

/** Reads a partner referral from the raw request body: at most PARTNER_REFERRAL_MAX_BYTES of JSON. */
export function partnerReferralFromText(text: string, receivedAt: Date): IntakeResult {
  // A UTF-16 code unit never encodes to fewer than one byte, so a long string is refused before encoding it.
  if (
    text.length > PARTNER_REFERRAL_MAX_BYTES ||
    new TextEncoder().encode(text).byteLength > PARTNER_REFERRAL_MAX_BYTES
  ) {
    return {
      ok: false,
      errors: [{ field: '(body)', message: `is larger than ${PARTNER_REFERRAL_MAX_BYTES / 1024} KiB` }],
    };
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    // The parser's own message quotes the text around the fault, which may be personal data.
    return { ok: false, errors: [{ field: '(body)', message: 'is not valid JSON' }] };
  }
  return partnerReferralFromJson(body, receivedAt);
}
