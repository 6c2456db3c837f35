import type {
  DeliveryStatus,
  DeliveryStatusRecorder,
  DeliveryStatusUpdate,
  MessageChannel,
} from './messenger.ts';

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

export type SendingClaim = 'claimed' | 'sent' | 'in-progress';

/** How long a run holds the right to send a message: longer than a sending function's 30-second timeout. */
export const SENDING_LEASE_MS = 60_000;

/** Another run of the same step is sending this message now: retried by the workflow after its lease. */
export class MessageSendInProgressError extends Error {
  override name = 'MessageSendInProgressError';
}

/** A contact path waiting to hear what became of a message: the task token its await step gave. */
export interface DeliveryWaiter {
  readonly taskToken: string;
  readonly message: MessageRecord;
}

/** No message of the service has this case and id. */
export class MessageNotFoundError extends Error {
  override name = 'MessageNotFoundError';
}

/** The messages of each case (docs/data-model.md), and what their providers said became of them. */
export interface MessageStore extends DeliveryStatusRecorder {
  /**
   * Claims the sending of a message before it goes to the provider, for `leaseMs`: `claimed` when this
   * caller may send it now; `sent` when it was sent and recorded already; `in-progress` while another caller
   * holds a live claim. A claim whose holder died (a crash between sending and recording) lapses with its
   * lease, and the next caller sends again: at least once, never twice at the same moment.
   */
  claimSending(caseId: string, messageId: string, now: Date, leaseMs: number): Promise<SendingClaim>;
  /**
   * The print run (local date) a letter being sent is kept for, on its claim: the one an earlier attempt
   * recorded, or `proposed`, recorded now. Kept across lapsed claims, so a letter an attempt stored before
   * it died is found again rather than stored a second time under a later run.
   */
  letterRunOf(caseId: string, messageId: string, proposed: string): Promise<string>;
  /** Moves a letter being sent to another print run (none was stored for the one recorded). */
  moveLetterRun(caseId: string, messageId: string, postedOn: string): Promise<void>;
  /** Records a sent message once: `duplicate` if this case, purpose and attempt was recorded before. */
  recordSent(message: SentMessage): Promise<'recorded' | 'duplicate'>;
  getMessage(caseId: string, messageId: string): Promise<MessageRecord | undefined>;
  /** A case's messages, in the order of their ids. */
  listMessages(caseId: string): Promise<MessageRecord[]>;
  /** Every message sent on a local date (YYYY-MM-DD, Europe/London), oldest first. */
  listSentOn(date: string): Promise<MessageRecord[]>;
  /** Every message sent on a channel, oldest first: the outbox. */
  listOutbox(channel: MessageChannel): Promise<MessageRecord[]>;
  /**
   * Keeps the workflow's task token on a message still `sent`, to be answered when its provider reports
   * (`waiting`). When the provider already has, nothing is kept and the message comes back for the caller to
   * answer now: the token is written only while the status is `sent`, so exactly one side answers.
   * Throws MessageNotFoundError for a message never recorded.
   */
  awaitDelivery(caseId: string, messageId: string, taskToken: string): Promise<'waiting' | MessageRecord>;
  /** The waiting workflow of the message a delivery update is about, with the message as it now stands. */
  deliveryWaiterOf(
    update: Pick<DeliveryStatusUpdate, 'providerMessageId' | 'caseId' | 'messageId'>,
  ): Promise<DeliveryWaiter | undefined>;
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
