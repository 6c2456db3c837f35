import type { UnsafeChannel } from './referral-codes.ts';

// The messages the service sends a victim (the messenger port sends them, the message store keeps them):
// their channels, records and delivery statuses, and why one is refused or never arrives.

export type MessageChannel = 'email' | 'sms' | 'letter';

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
  message: { readonly caseId: string; readonly unsafeChannels: readonly UnsafeChannel[] },
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

export type MessageStatus = 'sent' | DeliveryStatus;

/** A message the service sent a victim, as the case timeline and the outbox show it. Ids and codes only. */
export interface MessageRecord {
  readonly caseId: string;
  /** Stable per case, purpose and attempt (`message.final-letter.1`). */
  readonly messageId: string;
  readonly channel: MessageChannel;
  readonly purpose: string;
  readonly status: MessageStatus;
  readonly sentAt: Date;
  /** The provider's id for an e-mail or SMS, which its delivery events carry. */
  readonly providerMessageId?: string;
  /** Where a letter's PDF is stored for the print run. */
  readonly location?: string;
  readonly statusAt?: Date;
  /** A code (`bounce-general`, `text-invalid` …), never the provider's free text. */
  readonly statusReason?: string;
  /** The address or number will never work: the contact path must take another channel. */
  readonly permanent?: boolean;
}

export type SentMessage = Pick<
  MessageRecord,
  'caseId' | 'messageId' | 'channel' | 'purpose' | 'sentAt' | 'providerMessageId' | 'location'
>;

/** How long a run holds the right to send a message: longer than a sending function's 30-second timeout. */
export const SENDING_LEASE_MS = 60_000;

/** Another run of the same step is sending this message now: retried by the workflow after its lease. */
export class MessageSendInProgressError extends Error {
  override name = 'MessageSendInProgressError';
}

/** No message of the service has this case and id. */
export class MessageNotFoundError extends Error {
  override name = 'MessageNotFoundError';
}

/**
 * The id a message carries to its provider (and back on its delivery events): unique across cases, where
 * the case's own message id (`message.final-letter.1`) is unique only within its case.
 */
export function providerSideMessageId(caseId: string, messageId: string): string {
  return `${caseId}.${messageId}`;
}

/** The case's own message id back from the id the provider carried. */
export function caseMessageIdOf(caseId: string, providerSideId: string): string {
  return providerSideId.startsWith(`${caseId}.`) ? providerSideId.slice(caseId.length + 1) : providerSideId;
}
