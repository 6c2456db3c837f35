/**
 * Victim messaging: e-mail (SES v2 in AWS), SMS (AWS End User Messaging) and printed letters (a PDF stored
 * for the print-and-post provider). Every message carries ids only besides its content: the ids travel
 * with the message to the provider and come back on its delivery events, so nothing else is needed to
 * find the message again (DESIGN 6: no personal data in tags, logs or errors).
 */

import type { UnsafeChannel } from '../domain/referral-codes.ts';

export type MessageChannel = 'email' | 'sms' | 'letter';

/** What every outgoing message carries besides its content: its ids and the referral's safety marks. */
interface Outgoing {
  /** Stable per case, purpose and attempt: the same message is never sent twice under two ids. */
  readonly messageId: string;
  readonly caseId: string;
  readonly purpose: string;
  /**
   * The channels the referral marks unsafe (DESIGN 4, rule 5). Every adapter refuses a message on one of
   * them before anything reaches a provider, whatever channel the caller asked for.
   */
  readonly unsafeChannels: readonly UnsafeChannel[];
}

export interface OutgoingEmail extends Outgoing {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

export interface OutgoingSms extends Outgoing {
  /** E.164, e.g. `+447700900123`. */
  readonly to: string;
  readonly text: string;
}

export interface OutgoingLetter extends Outgoing {
  readonly pdf: Uint8Array;
  /** Printed in the large-print stream (the victim's communication needs). */
  readonly largePrint: boolean;
  /** The local date (YYYY-MM-DD, Europe/London) of the print run that posts it. */
  readonly postedOn: string;
}

export interface Messenger {
  sendEmail(email: OutgoingEmail): Promise<{ providerMessageId: string }>;
  sendSms(sms: OutgoingSms): Promise<{ providerMessageId: string }>;
  /**
   * Stores the letter for the print-and-post provider and lists it in that day's manifest. Storing the same
   * message again keeps the first copy and answers with its location (no second letter).
   */
  sendLetter(letter: OutgoingLetter): Promise<{ location: string }>;
  /** Whether a letter is stored for a print run: an earlier attempt's copy, found before storing another. */
  isLetterStored(postedOn: string, messageId: string): Promise<boolean>;
}

/** The print-and-post manifest of one day: every letter stored for that day's print run. */
export interface PrintManifest {
  readonly date: string;
  readonly location: string;
  /** Letters listed in the manifest. */
  readonly letters: number;
  /** Objects under the day's prefix that are not letters this service stored (left out, by key). */
  readonly skipped: readonly string[];
}

export interface PrintManifests {
  /** Lists the letters stored for posting on `date` (YYYY-MM-DD) and writes that day's manifest. */
  buildPrintManifest(date: string): Promise<PrintManifest>;
}

/** Why a message can never reach the victim on this channel at this address or number. */
export type PermanentFailureReason =
  | 'invalid-address'
  | 'invalid-number'
  | 'opted-out'
  | 'suppressed'
  | 'blocked'
  | 'rejected'
  | 'unsupported-destination'
  // A self-referral's recipient has had its one message of the day (docs/messages.md): withheld, not sent.
  | 'recipient-daily-limit';

/**
 * The provider refused this message for good: sending it again cannot succeed, so it is never retried and
 * the contact path takes its fallback (another safe channel, or a team-leader task).
 */
export class PermanentDeliveryError extends Error {
  override name = 'PermanentDeliveryError';
  readonly channel: MessageChannel;
  readonly reason: PermanentFailureReason;
  constructor(channel: MessageChannel, reason: PermanentFailureReason, message: string) {
    super(message);
    this.channel = channel;
    this.reason = reason;
  }
}

/** The referral marks this channel unsafe: nothing is sent, and the contact path takes its fallback. */
export class UnsafeChannelError extends Error {
  override name = 'UnsafeChannelError';
  readonly channel: MessageChannel;
  constructor(channel: MessageChannel, caseId: string) {
    super(`${channel} is marked unsafe for case ${caseId}`);
    this.channel = channel;
  }
}

/** Throws UnsafeChannelError when the message's referral marks its channel unsafe. */
export function refuseUnsafeChannel(
  channel: MessageChannel,
  message: Pick<Outgoing, 'caseId' | 'unsafeChannels'>,
): void {
  if (message.unsafeChannels.includes(channel)) throw new UnsafeChannelError(channel, message.caseId);
}

/** Why the service cannot send on a channel at all, whoever the message is for. */
export type ChannelUnavailableReason =
  | 'sending-suspended'
  | 'sending-paused'
  | 'sender-not-verified'
  | 'sender-not-registered'
  | 'account-sandbox'
  | 'spend-limit-reached'
  | 'quota-exceeded'
  | 'misconfigured';

/**
 * The channel itself cannot send (account suspended or paused, sender not verified, spend limit reached,
 * configuration missing): nothing about this victim's address or number. Not retried by the adapter; it
 * needs an operator, and the function's error alarm tells them.
 */
export class ChannelUnavailableError extends Error {
  override name = 'ChannelUnavailableError';
  readonly channel: MessageChannel;
  readonly reason: ChannelUnavailableReason;
  constructor(channel: MessageChannel, reason: ChannelUnavailableReason, message: string) {
    super(message);
    this.channel = channel;
    this.reason = reason;
  }
}

/** A message the service itself made wrong (an id that is not an id, a number that is not E.164). */
export class InvalidOutgoingMessageError extends Error {
  override name = 'InvalidOutgoingMessageError';
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.field = field;
  }
}

export type DeliveryStatus = 'delivered' | 'bounced' | 'complained' | 'failed';

/** What a provider's delivery event says about one message sent by e-mail or SMS. Ids and codes only. */
export interface DeliveryStatusUpdate {
  /** The id the provider answered the send with (SES MessageId, End User Messaging MessageId). */
  readonly providerMessageId: string;
  readonly channel: 'email' | 'sms';
  readonly status: DeliveryStatus;
  /** True when the address or number will never work (hard bounce, invalid number, complaint, opt-out). */
  readonly permanent: boolean;
  /** A code, never the provider's free text (which can quote the address): e.g. `bounce-general`. */
  readonly reason: string;
  /** When the provider saw it happen, UTC ISO-8601. */
  readonly at: string;
  /** The provider's event name (`Bounce`, `TEXT_INVALID` …): with the provider id, it names the event. */
  readonly providerEvent: string;
  /** From the message's tags or context, when the provider returned them. */
  readonly caseId?: string;
  readonly messageId?: string;
}

export interface DeliveryStatusRecorder {
  /**
   * Records the update on its message: `duplicate` when this event was recorded before (events are
   * redelivered), `unknown-message` when no message of the service has that provider id.
   */
  recordDeliveryStatus(update: DeliveryStatusUpdate): Promise<'recorded' | 'duplicate' | 'unknown-message'>;
}
