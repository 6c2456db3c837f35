import * as z from 'zod';
import type { FieldError } from './field-errors.ts';
import { AddressSchema, nameText, PersonNameSchema } from './person.ts';
import { InvalidPhoneNumberError, parsePhoneNumber } from './phone.ts';
import { VULNERABILITY_FACTORS } from './referral-codes.ts';
import { type ContractorView, TH_REFERRING_SERVICES, validateWith } from './target-hardening.ts';

/**
 * A referral for target hardening as the domestic and sexual abuse service's form and a Victim First case
 * page send it: validated here, at the door (docs/target-hardening.md). Only intake needs this; what is
 * stored is read through target-hardening.ts.
 */

const PhoneSchema = z.string({ error: 'is required' }).transform((raw, ctx) => {
  try {
    return parsePhoneNumber(raw).e164;
  } catch (error) {
    if (!(error instanceof InvalidPhoneNumberError)) throw error;
    ctx.addIssue({ code: 'custom', message: error.message });
    return z.NEVER;
  }
});

const objectRequired = (issue: { readonly input?: unknown }) =>
  issue.input === undefined ? 'is required' : 'must be an object';

/** A target-hardening referral as the partner form and the case page send it. */
export const ThReferralSchema = z.strictObject(
  {
    service: z.enum(TH_REFERRING_SERVICES, {
      error:
        'must be victim-first or domestic-and-sexual-abuse-service: only they may refer for target hardening',
    }),
    /** The referrer's own reference (the service's case number): a second referral under it is the same one. */
    reference: z
      .string({ error: 'is required' })
      .trim()
      .min(1, 'is required')
      .max(64, 'must be at most 64 characters')
      .regex(/^[A-Za-z0-9][A-Za-z0-9/_.-]*$/, 'may contain only letters, digits and / _ . -'),
    referrer: z.strictObject(
      {
        name: nameText,
        email: z.email({ error: 'is not a valid e-mail address' }).max(254, 'must be at most 254 characters'),
      },
      { error: objectRequired },
    ),
    victim: z.strictObject(
      {
        ...PersonNameSchema.shape,
        address: z.strictObject(AddressSchema.shape, { error: objectRequired }),
        phone: PhoneSchema,
      },
      { error: objectRequired },
    ),
    vulnerabilities: z
      .array(
        z.enum(VULNERABILITY_FACTORS, { error: `must each be one of ${VULNERABILITY_FACTORS.join(', ')}` }),
      )
      .max(VULNERABILITY_FACTORS.length)
      .default([]),
    urgency: z.enum(['standard', 'emergency'], { error: 'must be standard or emergency' }),
    /** The victim agrees to needs the contractor finds being passed back to the referrer. */
    consentToFeedback: z.boolean({ error: 'must be true or false' }),
  },
  { error: (issue) => (issue.input === undefined ? 'is required' : 'must be a JSON object') },
);
export type ThReferralInput = z.input<typeof ThReferralSchema>;
export type ThReferralDetails = z.output<typeof ThReferralSchema>;

export function validateThReferral(
  candidate: unknown,
): { ok: true; referral: ThReferralDetails } | { ok: false; errors: FieldError[] } {
  const result = validateWith(ThReferralSchema, candidate);
  return result.ok ? { ok: true, referral: result.value } : result;
}

/** What the contractor may see of a referral. */
export function contractorViewOf(details: ThReferralDetails): ContractorView {
  const { title, forename, surname } = details.victim;
  return {
    name: [title, forename, surname].filter(Boolean).join(' '),
    address: details.victim.address,
    phone: details.victim.phone,
    vulnerabilities: [...details.vulnerabilities],
  };
}
