import {
  COMPLAINT_SERVICES,
  COMPLAINT_TEXT_MAX,
  type ComplaintService,
  type ReplyChannel,
} from './complaints.ts';
import { InvalidPhoneNumberError, parsePhoneNumber } from './phone.ts';

/**
 * A complaint as the public page or the staff's keying-in page sends it, checked in GOV.UK's words: the
 * service, what went wrong, what they would like, how to reply (a safe e-mail or text, or no reply) and an
 * optional reference. The way chosen must not be one they say is unsafe (as for self-referral).
 */

export type ComplaintField =
  | 'service'
  | 'whatWentWrong'
  | 'wanted'
  | 'replyBy'
  | 'email'
  | 'mobile'
  | 'caseReference';

export interface ComplaintFieldError {
  readonly field: ComplaintField;
  readonly text: string;
}

export interface ComplaintFormValues {
  readonly service?: string | undefined;
  readonly whatWentWrong?: string | undefined;
  readonly wanted?: string | undefined;
  readonly replyBy?: string | undefined;
  readonly email?: string | undefined;
  readonly mobile?: string | undefined;
  /** The ways they say are not safe: `email`, `sms` (one value or several). */
  readonly unsafe?: string | readonly string[] | undefined;
  readonly caseReference?: string | undefined;
}

export interface CheckedComplaint {
  readonly service: ComplaintService;
  readonly whatWentWrong: string;
  readonly wanted: string;
  readonly caseReference?: string;
  readonly reply: { readonly channel: ReplyChannel; readonly address?: string };
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const REFERENCE = /^(VF-[0-9A-Z]{5}-[0-9A-Z]{5}|TH-\d{1,9}|\d{6})$/;

const listOf = (value: string | readonly string[] | undefined): readonly string[] =>
  value === undefined ? [] : typeof value === 'string' ? [value] : value;

export function validateComplaint(
  input: ComplaintFormValues,
): { ok: true; complaint: CheckedComplaint } | { ok: false; errors: ComplaintFieldError[] } {
  const errors: ComplaintFieldError[] = [];
  const add = (field: ComplaintField, text: string) => errors.push({ field, text });
  const service = input.service as ComplaintService;
  if (!COMPLAINT_SERVICES.includes(service)) add('service', 'Select which service your complaint is about');
  const text = (field: 'whatWentWrong' | 'wanted', empty: string, name: string) => {
    const value = (input[field] ?? '').trim();
    if (value === '') add(field, empty);
    else if (value.length > COMPLAINT_TEXT_MAX)
      add(field, `${name} must be ${COMPLAINT_TEXT_MAX} characters or fewer`);
    return value;
  };
  const whatWentWrong = text('whatWentWrong', 'Enter what went wrong', 'What went wrong');
  const wanted = text('wanted', 'Enter what you would like to happen', 'What you would like to happen');
  const unsafe = listOf(input.unsafe);
  const replyBy = input.replyBy as ReplyChannel;
  let reply: CheckedComplaint['reply'] = { channel: 'none' };
  if (replyBy === 'email') {
    const email = (input.email ?? '').trim();
    if (email === '') add('email', 'Enter an email address');
    else if (email.length > 254 || !EMAIL.test(email))
      add('email', 'Enter an email address in the correct format, like name@example.org');
    else if (unsafe.includes('email'))
      add('replyBy', 'You said emails are not safe. Choose another way for us to reply, or no reply');
    else reply = { channel: 'email', address: email };
  } else if (replyBy === 'sms') {
    const mobile = (input.mobile ?? '').trim();
    if (mobile === '') add('mobile', 'Enter a mobile phone number');
    else {
      try {
        const parsed = parsePhoneNumber(mobile);
        if (parsed.kind !== 'mobile') add('mobile', 'Enter a mobile phone number, like 07700 900 982');
        else if (unsafe.includes('sms'))
          add(
            'replyBy',
            'You said text messages are not safe. Choose another way for us to reply, or no reply',
          );
        else reply = { channel: 'sms', address: parsed.e164 };
      } catch (error) {
        if (!(error instanceof InvalidPhoneNumberError)) throw error;
        add('mobile', 'Enter a mobile phone number, like 07700 900 982');
      }
    }
  } else if (replyBy !== 'none') add('replyBy', 'Select how you would like us to reply');
  const reference = (input.caseReference ?? '').trim().toUpperCase();
  if (reference !== '' && !REFERENCE.test(reference))
    add(
      'caseReference',
      'Enter the reference as it is on our letter or message, like VF-7K3Q9-X2A4B, or leave it out',
    );
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    complaint: {
      service,
      whatWentWrong,
      wanted,
      reply,
      ...(reference === '' ? {} : { caseReference: reference }),
    },
  };
}
