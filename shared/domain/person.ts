import * as postcodes from 'postcode';
import * as z from 'zod';

/**
 * The fields that name a person and place them: checked the same way wherever they arrive (a referral, a
 * target-hardening referral, a message's recipient).
 */

// Names and address lines: letters, digits and the punctuation addresses use. This refuses markup and
// spreadsheet formulas (=, +, -, @ at the start) at the door rather than trusting every later consumer.
const NAME = /^\p{L}[\p{L}\p{M}' .’-]*$/u;
export const ADDRESS_LINE = /^[\p{L}\p{N}][\p{L}\p{M}\p{N}' .,’/&()#-]*$/u;

export const text = (max: number, pattern: RegExp, what: string) =>
  z
    .string({ error: 'is required' })
    .trim()
    .min(1, { error: 'is required', abort: true })
    .max(max, `must be at most ${max} characters`)
    .regex(pattern, `may contain only ${what}`);

export const nameText = text(100, NAME, 'letters, spaces, apostrophes, full stops and hyphens');
const addressText = text(120, ADDRESS_LINE, "letters, digits, spaces and , . / & ( ) # ' -");

const postcode = z
  .string({ error: 'is required' })
  .trim()
  .transform((raw, ctx) => {
    if (!postcodes.isValid(raw)) {
      ctx.addIssue({ code: 'custom', message: 'is not a valid UK postcode' });
      return z.NEVER;
    }
    return postcodes.toNormalised(raw) as string;
  });

/** A person's title and names. */
export const PersonNameSchema = z.object({
  title: z
    .string()
    .trim()
    .max(20, 'must be at most 20 characters')
    .regex(/^[\p{L} .]*$/u, 'may contain only letters')
    .optional(),
  forename: nameText,
  surname: nameText,
});

export const AddressSchema = z.object({
  line1: addressText,
  line2: addressText.optional(),
  town: addressText,
  postcode,
});
export type Address = z.infer<typeof AddressSchema>;
