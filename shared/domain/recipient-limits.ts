import { createHash } from 'node:crypto';
import type { MessageChannel } from './messaging.ts';

// The per-recipient limit on messages to self-referrals (docs/messages.md, "Self-referrals"), kept by the
// recipient-limits port: at most one self-referral message a day to a number or address.

/** An allowance is kept this long after it is taken (DynamoDB's TTL): past its day, it matters to no one. */
export const RECIPIENT_ALLOWANCE_KEPT_MS = 2 * 86_400_000;

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
