import type {
  DeliveryStatusUpdate,
  MessageChannel,
  MessageRecord,
  SentMessage,
} from '../domain/messaging.ts';
import type { DeliveryStatusRecorder } from './messenger.ts';

export type SendingClaim = 'claimed' | 'sent' | 'in-progress';

/** A contact path waiting to hear what became of a message: the task token its await step gave. */
export interface DeliveryWaiter {
  readonly taskToken: string;
  readonly message: MessageRecord;
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
