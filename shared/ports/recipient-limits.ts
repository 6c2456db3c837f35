import { createHash } from 'node:crypto';
import type { MessageChannel } from './messenger.ts';

/**
 * The per-recipient limit on messages to self-referrals (docs/messages.md, "Self-referrals"). The self-referral
 * form is public: without a limit anyone could make the service text a number or e-mail an address as often
 * as they post the form. A recipient — a mobile number, an e-mail address, a postal address — is sent at
 * most one self-referral message a day (Europe/London).
 */

/** One message a day to one recipient from self-referrals. */
export const SELF_REFERRAL_MESSAGES_PER_RECIPIENT_PER_DAY = 1;

/** An allowance is kept this long after it is taken (DynamoDB's TTL): past its day, it matters to no one. */
export const RECIPIENT_ALLOWANCE_KEPT_MS = 2 * 86_400_000;

/** One message asking for a recipient's allowance of the day. */
export interface RecipientAllowance {
  /** `recipientDayKey(channel, address, day)`: a hash, never the number or address itself. */
  readonly recipientDayKey: string;
  /** The message taking it (`<caseId>/<messageId>`): the same message asking again is granted again. */
  readonly holder: string;
  /** When the record may be forgotten. */
  readonly expiresAt: Date;
}

export interface RecipientLimits {
  /**
   * Takes the recipient's message of the day for `holder`: `granted` when it was free or this holder
   * already has it (a retried step), `refused` when another message has it. One conditional write: two
   * messages asking at once, one is granted.
   */
  take(allowance: RecipientAllowance): Promise<'granted' | 'refused'>;
}

/**
 * The recipient as one string, so that one person's number or address written two ways is one recipient:
 * an E.164 number as it is; an e-mail address in lower case, without a `+tag` (which delivers to the same
 * mailbox) and, at Gmail, without dots; a postal address as its postcode and first line, letters and
 * digits only, in capitals.
 */
export function normalisedRecipient(channel: MessageChannel, address: string): string {
  switch (channel) {
    case 'sms':
      return address.replace(/[^+\d]/g, '');
    case 'email': {
      const email = address.trim().toLowerCase();
      const at = email.lastIndexOf('@');
      const domain = email.slice(at + 1);
      let local = email.slice(0, at).replace(/\+.*$/, '');
      if (domain === 'gmail.com' || domain === 'googlemail.com') local = local.replaceAll('.', '');
      return `${local}@${domain === 'googlemail.com' ? 'gmail.com' : domain}`;
    }
    case 'letter':
      return address.toUpperCase().replace(/[^\p{L}\p{N}|]/gu, '');
  }
}

/**
 * The key of a recipient's day: a SHA-256 of the day, the channel and the normalised recipient. The day is
 * inside the hash, so one recipient's days cannot be linked by key; the number or address is never stored
 * or logged. (A hash of a phone number is pseudonymous, not secret: numbers can be enumerated. The item
 * holds nothing else about the person and is gone within two days.)
 */
export function recipientDayKey(channel: MessageChannel, address: string, day: string): string {
  return createHash('sha256')
    .update(`vf-recipient-day:v1|${day}|${channel}|${normalisedRecipient(channel, address)}`)
    .digest('hex');
}
