import { localDateOf } from '../../domain/calendar.ts';
import {
  caseMessageIdOf,
  type DeliveryStatusUpdate,
  type MessageChannel,
  MessageNotFoundError,
  type MessageRecord,
  type SentMessage,
} from '../../domain/messaging.ts';
import type { DeliveryWaiter, MessageStore, SendingClaim } from '../../ports/message-store.ts';

/** A message as the store keeps it: its record, the day and outbox it is listed under, and a waiting token. */
interface Kept {
  record: MessageRecord;
  readonly sentOn: string;
  readonly outbox: MessageChannel;
  /** Where the day's and the outbox's listings place it: sent instant, case, message. */
  readonly listedAt: string;
  deliveryToken?: string;
}

/** A claim on the sending of a message, and the print run its letter is kept for. */
interface Claim {
  claimedUntil: number;
  postedOn?: string;
}

/** The write was refused by its condition, named as DynamoDB names it (a claim that is not there). */
class ConditionalCheckFailedError extends Error {
  override name = 'ConditionalCheckFailedException';
}

const key = (caseId: string, messageId: string) => `${caseId}\n${messageId}`;

/** Keys in the order DynamoDB sorts them: by their UTF-8 bytes. */
const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

const copyOf = (record: MessageRecord): MessageRecord => ({
  ...record,
  sentAt: new Date(record.sentAt.getTime()),
  ...(record.statusAt ? { statusAt: new Date(record.statusAt.getTime()) } : {}),
});

/**
 * The messages of each case in memory: the DynamoDB store's twin, held to the same contract
 * (test/contract/message-store.test.ts). A message is recorded once, listed by case, by day sent and by
 * channel; its provider's word on it is recorded once per provider event, and never weakens a permanent
 * failure. The case timeline's event for each delivery update is the case store's (on the table, both live
 * under the case): here it is kept only to know a redelivered event.
 */
export class InMemoryMessageStore implements MessageStore {
  private readonly messages = new Map<string, Kept>();
  private readonly claims = new Map<string, Claim>();
  private readonly providerLinks = new Map<string, { caseId: string; messageId: string }>();
  private readonly deliveryEvents = new Set<string>();

  async claimSending(caseId: string, messageId: string, now: Date, leaseMs: number): Promise<SendingClaim> {
    const at = new Date(now.toISOString()).getTime();
    if (this.messages.has(key(caseId, messageId))) return 'sent';
    const claim = this.claims.get(key(caseId, messageId));
    if (claim && !(claim.claimedUntil < at)) return 'in-progress';
    // A lapsed claim's letter run is kept for the next one.
    this.claims.set(key(caseId, messageId), { ...claim, claimedUntil: at + leaseMs });
    return 'claimed';
  }

  async letterRunOf(caseId: string, messageId: string, proposed: string): Promise<string> {
    const claim = this.claimOf(caseId, messageId);
    claim.postedOn ??= proposed;
    return claim.postedOn;
  }

  async moveLetterRun(caseId: string, messageId: string, postedOn: string): Promise<void> {
    this.claimOf(caseId, messageId).postedOn = postedOn;
  }

  async recordSent(message: SentMessage): Promise<'recorded' | 'duplicate'> {
    const sentAt = new Date(message.sentAt.toISOString());
    const at = sentAt.toISOString();
    if (this.messages.has(key(message.caseId, message.messageId))) return 'duplicate';
    const record = {
      caseId: message.caseId,
      messageId: message.messageId,
      channel: message.channel,
      purpose: message.purpose,
      status: 'sent',
      sentAt,
      ...(message.providerMessageId === undefined ? {} : { providerMessageId: message.providerMessageId }),
      ...(message.location === undefined ? {} : { location: message.location }),
    } satisfies MessageRecord;
    this.messages.set(key(message.caseId, message.messageId), {
      record,
      sentOn: localDateOf(message.sentAt),
      outbox: message.channel,
      listedAt: `${at}#${message.caseId}#${message.messageId}`,
    });
    if (message.providerMessageId) {
      this.providerLinks.set(message.providerMessageId, {
        caseId: message.caseId,
        messageId: message.messageId,
      });
    }
    return 'recorded';
  }

  async getMessage(caseId: string, messageId: string): Promise<MessageRecord | undefined> {
    const kept = this.messages.get(key(caseId, messageId));
    return kept ? copyOf(kept.record) : undefined;
  }

  async listMessages(caseId: string): Promise<MessageRecord[]> {
    return [...this.messages.values()]
      .filter((kept) => kept.record.caseId === caseId)
      .sort((a, b) => byBytes(a.record.messageId, b.record.messageId))
      .map((kept) => copyOf(kept.record));
  }

  async listSentOn(date: string): Promise<MessageRecord[]> {
    return this.listed((kept) => kept.sentOn === date);
  }

  async listOutbox(channel: MessageChannel): Promise<MessageRecord[]> {
    return this.listed((kept) => kept.outbox === channel);
  }

  async recordDeliveryStatus(
    update: DeliveryStatusUpdate,
  ): Promise<'recorded' | 'duplicate' | 'unknown-message'> {
    const ids = this.idsOf(update);
    if (!ids) return 'unknown-message';
    const at = new Date(new Date(update.at).toISOString());
    const event = `${ids.caseId}\ndelivery.${ids.messageId}.${update.providerEvent}`;
    if (this.deliveryEvents.has(event)) return 'duplicate';
    const kept = this.messages.get(key(ids.caseId, ids.messageId));
    if (!kept) return 'unknown-message';
    // A permanent failure is never overwritten by a later, weaker word about the same message.
    if (kept.record.permanent === true) return 'duplicate';
    this.deliveryEvents.add(event);
    kept.record = {
      ...kept.record,
      status: update.status,
      statusAt: at,
      statusReason: update.reason,
      permanent: update.permanent,
    };
    return 'recorded';
  }

  async awaitDelivery(
    caseId: string,
    messageId: string,
    taskToken: string,
  ): Promise<'waiting' | MessageRecord> {
    const kept = this.messages.get(key(caseId, messageId));
    if (!kept) throw new MessageNotFoundError(`case ${caseId} has no message ${messageId}`);
    if (kept.record.status !== 'sent') return copyOf(kept.record);
    kept.deliveryToken = taskToken;
    return 'waiting';
  }

  async deliveryWaiterOf(
    update: Pick<DeliveryStatusUpdate, 'providerMessageId' | 'caseId' | 'messageId'>,
  ): Promise<DeliveryWaiter | undefined> {
    const ids = this.idsOf(update);
    const kept = ids ? this.messages.get(key(ids.caseId, ids.messageId)) : undefined;
    return kept?.deliveryToken === undefined
      ? undefined
      : { taskToken: kept.deliveryToken, message: copyOf(kept.record) };
  }

  /** The message a delivery event is about: from its tags when the provider returned them, else by its id. */
  private idsOf(
    update: Pick<DeliveryStatusUpdate, 'providerMessageId' | 'caseId' | 'messageId'>,
  ): { caseId: string; messageId: string } | undefined {
    if (update.caseId && update.messageId) {
      return { caseId: update.caseId, messageId: caseMessageIdOf(update.caseId, update.messageId) };
    }
    const link = this.providerLinks.get(update.providerMessageId);
    return link ? { ...link } : undefined;
  }

  private claimOf(caseId: string, messageId: string): Claim {
    const claim = this.claims.get(key(caseId, messageId));
    if (!claim) throw new ConditionalCheckFailedError('The conditional request failed');
    return claim;
  }

  /** The messages a listing holds, oldest first. */
  private listed(holds: (kept: Kept) => boolean): MessageRecord[] {
    return [...this.messages.values()]
      .filter(holds)
      .sort((a, b) => byBytes(a.listedAt, b.listedAt))
      .map((kept) => copyOf(kept.record));
  }
}
