import { parsePhoneNumberWithError } from 'libphonenumber-js/max';

export type PhoneKind = 'mobile' | 'landline';

/** A UK telephone number in E.164 form, with whether it can receive SMS. */
export interface PhoneNumber {
  readonly e164: string;
  readonly kind: PhoneKind;
}

export class InvalidPhoneNumberError extends Error {
  override name = 'InvalidPhoneNumberError';
}

// Ofcom reserves 07700 900000–900999 for drama and training. libphonenumber's metadata leaves them out
// because they are never allocated; the service's fixtures, demonstrations and training use them, so they
// are accepted as mobiles (a real provider reports a message to one as failed, which the path handles).
const OFCOM_DRAMA_MOBILE = /^\+447700900\d{3}$/;

/** Parses a UK (or international, with +) telephone number as a victim or referrer wrote it. */
export function parsePhoneNumber(raw: string): PhoneNumber {
  const text = raw.trim();
  if (!/^[+()\d\s.-]{6,25}$/.test(text)) {
    throw new InvalidPhoneNumberError('is not a telephone number (digits, spaces and + only)');
  }
  let parsed: ReturnType<typeof parsePhoneNumberWithError>;
  try {
    parsed = parsePhoneNumberWithError(text, 'GB');
  } catch {
    throw new InvalidPhoneNumberError('is not a telephone number');
  }
  const e164 = parsed.number;
  if (OFCOM_DRAMA_MOBILE.test(e164)) return { e164, kind: 'mobile' };
  if (!parsed.isValid()) throw new InvalidPhoneNumberError('is not a valid UK telephone number');
  const type = parsed.getType();
  return { e164, kind: type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE' ? 'mobile' : 'landline' };
}
