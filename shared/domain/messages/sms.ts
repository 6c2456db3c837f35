import { SegmentedMessage } from 'sms-segments-calculator';
import { type PersonalisationInput, validatePersonalisation } from './personalisation.ts';
import type { PurposeOn } from './purposes.ts';
import { smsText } from './templates.ts';

/** An SMS is kept within two segments (docs/messages.md, the SMS rule). */
export const MAX_SMS_SEGMENTS = 2;

/** How carriers count a text: its encoding, its length in that encoding's units, and its segments. */
export interface SmsSegmentCount {
  readonly encoding: 'GSM-7' | 'UCS-2';
  /** GSM-7 septets (an extension-table character such as € or [ counts 2) or UCS-2 16-bit code units. */
  readonly units: number;
  readonly segments: number;
}

/**
 * Counts a text the way carriers do (3GPP TS 23.038/23.040): GSM-7 when every character is in the GSM
 * alphabet — 160 septets in one segment, 153 per segment once concatenated — otherwise UCS-2 — 70 code units
 * in one, 67 per segment. Counted by Twilio's `sms-segments-calculator`.
 */
export function countSmsSegments(text: string): SmsSegmentCount {
  const message = new SegmentedMessage(text);
  return {
    encoding: message.encodingName,
    units: message.encodingName === 'GSM-7' ? message.numberOfCharacters : text.length,
    segments: message.segmentsCount,
  };
}

/** An SMS template rendered longer than two segments even in its shortest form (a template defect). */
export class SmsTooLongError extends Error {
  override name = 'SmsTooLongError';
  constructor(
    readonly purpose: string,
    readonly segments: number,
  ) {
    super(`the ${purpose} SMS needs ${segments} segments even without the name; at most ${MAX_SMS_SEGMENTS}`);
  }
}

/** A rendered SMS and how it will be counted. */
export interface RenderedSms extends SmsSegmentCount {
  readonly text: string;
  /** True when the victim's name was left out of the greeting to keep within two segments. */
  readonly shortened: boolean;
}

/**
 * Renders an SMS within two segments. The greeting uses the victim's first name; if that makes the text
 * longer than two segments (a long name, or a character outside GSM-7 that switches the whole text to
 * UCS-2), the name is left out ("Hello, this is Victim First …"). Every other part of a text is bounded, so
 * the shortened form always fits; if it ever did not, `SmsTooLongError` is thrown rather than a third
 * segment sent.
 */
export function renderSms<P extends PurposeOn<'sms'>>(
  purpose: P,
  personalisation: PersonalisationInput<P>,
): RenderedSms {
  const valid = validatePersonalisation(purpose, 'sms', personalisation);
  let count: SmsSegmentCount | undefined;
  for (const greetByName of [true, false]) {
    const text = smsText(purpose, valid, greetByName);
    count = countSmsSegments(text);
    if (count.segments <= MAX_SMS_SEGMENTS) return { text, ...count, shortened: !greetByName };
  }
  throw new SmsTooLongError(purpose, count?.segments ?? 0);
}
