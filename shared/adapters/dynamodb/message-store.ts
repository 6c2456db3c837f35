import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  type QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { localDateOf } from '../../domain/calendar.ts';
import type { DeliveryStatusUpdate, MessageChannel } from '../../domain/messaging.ts';
import {
  caseMessageIdOf,
  MessageNotFoundError,
  type MessageRecord,
  type SentMessage,
} from '../../domain/messaging.ts';
import type { DeliveryWaiter, MessageStore, SendingClaim } from '../../ports/message-store.ts';
import { TABLE_DESIGN } from '../../storage-layout/table-design.ts';
import { caseEventItem } from './case-store.ts';
import { queryAll } from './query-all.ts';

const messageKey = (caseId: string, messageId: string) => ({
  pk: `CASE#${caseId}`,
  sk: `MESSAGE#${messageId}`,
});
/** Held while a message is being handed to its provider (apart from the message, which it precedes). */
const claimKey = (caseId: string, messageId: string) => ({
  pk: `CASE#${caseId}`,
  sk: `SENDING#${messageId}`,
});
/** How long a sending claim is kept after its lease (DynamoDB's TTL), with the letter run it holds. */
const CLAIM_KEPT_SECONDS = 30 * 86_400;

const providerKey = (providerMessageId: string) => ({ pk: `PROVIDER#${providerMessageId}`, sk: 'MESSAGE' });

function fromItem(item: Record<string, unknown>): MessageRecord {
  const optional = (key: string) => (item[key] === undefined ? {} : { [key]: item[key] });
  return {
    caseId: String(item.caseId),
    messageId: String(item.messageId),
    channel: item.channel as MessageRecord['channel'],
    purpose: String(item.purpose),
    status: item.status as MessageRecord['status'],
    sentAt: new Date(String(item.sentAt)),
    ...optional('providerMessageId'),
    ...optional('location'),
    ...(typeof item.statusAt === 'string' ? { statusAt: new Date(item.statusAt) } : {}),
    ...optional('statusReason'),
    ...optional('permanent'),
  } as MessageRecord;
}

const cancelledAt = (error: unknown, index: number) =>
  error instanceof TransactionCanceledException &&
  error.CancellationReasons?.[index]?.Code === 'ConditionalCheckFailed';

/**
 * Messages on the single table: each under its case (`MESSAGE#<messageId>`), indexed by the day sent
 * (gsi2 `MESSAGES#<local date>`), with a link from the provider's id so a delivery event finds it.
 */
export class DynamoDbMessageStore implements MessageStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async claimSending(caseId: string, messageId: string, now: Date, leaseMs: number): Promise<SendingClaim> {
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              ConditionCheck: {
                TableName: this.tableName,
                Key: messageKey(caseId, messageId),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              // An update, not a put: a lapsed claim's letter run (letterRunOf) is kept for the next one.
              Update: {
                TableName: this.tableName,
                Key: claimKey(caseId, messageId),
                UpdateExpression:
                  'SET itemType = :type, claimedAt = :at, claimedUntil = :until, #expires = :expires',
                ConditionExpression: 'attribute_not_exists(pk) OR claimedUntil < :now',
                ExpressionAttributeNames: { '#expires': TABLE_DESIGN.timeToLiveAttribute },
                ExpressionAttributeValues: {
                  ':type': 'message-claim',
                  ':at': now.toISOString(),
                  ':until': now.getTime() + leaseMs,
                  ':now': now.getTime(),
                  // Gone 30 days after its lease, longer than any retry of a sending step.
                  ':expires': Math.floor((now.getTime() + leaseMs) / 1000) + CLAIM_KEPT_SECONDS,
                },
              },
            },
          ],
        }),
      );
      return 'claimed';
    } catch (error) {
      if (cancelledAt(error, 0)) return 'sent';
      if (cancelledAt(error, 1)) return 'in-progress';
      throw error;
    }
  }

  async letterRunOf(caseId: string, messageId: string, proposed: string): Promise<string> {
    const result = await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: claimKey(caseId, messageId),
        UpdateExpression: 'SET postedOn = if_not_exists(postedOn, :proposed)',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':proposed': proposed },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return String(result.Attributes?.postedOn);
  }

  async moveLetterRun(caseId: string, messageId: string, postedOn: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: claimKey(caseId, messageId),
        UpdateExpression: 'SET postedOn = :postedOn',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':postedOn': postedOn },
      }),
    );
  }

  async recordSent(message: SentMessage): Promise<'recorded' | 'duplicate'> {
    const sentAt = message.sentAt.toISOString();
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...messageKey(message.caseId, message.messageId),
                  itemType: 'message',
                  ...message,
                  sentAt,
                  status: 'sent',
                  gsi1pk: `OUTBOX#${message.channel}`,
                  gsi1sk: `${sentAt}#${message.caseId}#${message.messageId}`,
                  gsi2pk: `MESSAGES#${localDateOf(message.sentAt)}`,
                  gsi2sk: `${sentAt}#${message.caseId}#${message.messageId}`,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            ...(message.providerMessageId
              ? [
                  {
                    Put: {
                      TableName: this.tableName,
                      Item: {
                        ...providerKey(message.providerMessageId),
                        caseId: message.caseId,
                        messageId: message.messageId,
                      },
                    },
                  },
                ]
              : []),
          ],
        }),
      );
      return 'recorded';
    } catch (error) {
      if (cancelledAt(error, 0)) return 'duplicate';
      throw error;
    }
  }

  async getMessage(caseId: string, messageId: string): Promise<MessageRecord | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: messageKey(caseId, messageId), ConsistentRead: true }),
    );
    return result.Item ? fromItem(result.Item) : undefined;
  }

  async listMessages(caseId: string): Promise<MessageRecord[]> {
    return this.query({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :message)',
      ExpressionAttributeValues: { ':pk': `CASE#${caseId}`, ':message': 'MESSAGE#' },
    });
  }

  async listSentOn(date: string): Promise<MessageRecord[]> {
    return this.query({
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :day',
      ExpressionAttributeValues: { ':day': `MESSAGES#${date}` },
    });
  }

  async listOutbox(channel: MessageChannel): Promise<MessageRecord[]> {
    return this.query({
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :channel',
      ExpressionAttributeValues: { ':channel': `OUTBOX#${channel}` },
    });
  }

  /**
   * The provider's word on a message, recorded once per provider event: the message's status, and an event
   * on the case timeline. Redelivered events are duplicates; an id the service never sent is unknown.
   */
  async recordDeliveryStatus(
    update: DeliveryStatusUpdate,
  ): Promise<'recorded' | 'duplicate' | 'unknown-message'> {
    const ids = await this.idsOf(update);
    if (!ids) return 'unknown-message';
    const at = new Date(update.at);
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: caseEventItem({
                  eventId: `delivery.${ids.messageId}.${update.providerEvent}`,
                  caseId: ids.caseId,
                  type: 'message-status',
                  at,
                  detail: {
                    messageId: ids.messageId,
                    channel: update.channel,
                    status: update.status,
                    permanent: update.permanent,
                    reason: update.reason,
                  },
                }),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Update: {
                TableName: this.tableName,
                Key: messageKey(ids.caseId, ids.messageId),
                UpdateExpression:
                  'SET #status = :status, statusAt = :at, statusReason = :reason, permanent = :permanent',
                // A permanent failure is never overwritten by a later, weaker word about the same message.
                ConditionExpression:
                  'attribute_exists(pk) AND (attribute_not_exists(permanent) OR permanent = :false)',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: {
                  ':status': update.status,
                  ':at': at.toISOString(),
                  ':reason': update.reason,
                  ':permanent': update.permanent,
                  ':false': false,
                },
              },
            },
          ],
        }),
      );
      return 'recorded';
    } catch (error) {
      if (cancelledAt(error, 0)) return 'duplicate';
      if (cancelledAt(error, 1)) {
        const known = await this.getMessage(ids.caseId, ids.messageId);
        return known ? 'duplicate' : 'unknown-message';
      }
      throw error;
    }
  }

  async awaitDelivery(
    caseId: string,
    messageId: string,
    taskToken: string,
  ): Promise<'waiting' | MessageRecord> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: messageKey(caseId, messageId),
          UpdateExpression: 'SET deliveryToken = :token',
          ConditionExpression: 'attribute_exists(pk) AND #status = :sent',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':token': taskToken, ':sent': 'sent' },
        }),
      );
      return 'waiting';
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    }
    const known = await this.getMessage(caseId, messageId);
    if (!known) throw new MessageNotFoundError(`case ${caseId} has no message ${messageId}`);
    return known;
  }

  async deliveryWaiterOf(
    update: Pick<DeliveryStatusUpdate, 'providerMessageId' | 'caseId' | 'messageId'>,
  ): Promise<DeliveryWaiter | undefined> {
    const ids = await this.idsOf(update);
    if (!ids) return undefined;
    const result = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: messageKey(ids.caseId, ids.messageId),
        ConsistentRead: true,
      }),
    );
    const token = result.Item?.deliveryToken;
    return result.Item && typeof token === 'string'
      ? { taskToken: token, message: fromItem(result.Item) }
      : undefined;
  }

  /** The message a delivery event is about: from its tags when the provider returned them, else by its id. */
  private async idsOf(
    update: Pick<DeliveryStatusUpdate, 'providerMessageId' | 'caseId' | 'messageId'>,
  ): Promise<{ caseId: string; messageId: string } | undefined> {
    if (update.caseId && update.messageId) {
      return { caseId: update.caseId, messageId: caseMessageIdOf(update.caseId, update.messageId) };
    }
    const link = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: providerKey(update.providerMessageId),
        ConsistentRead: true,
      }),
    );
    return link.Item
      ? { caseId: String(link.Item.caseId), messageId: String(link.Item.messageId) }
      : undefined;
  }

  private async query(
    input: Omit<ConstructorParameters<typeof QueryCommand>[0], 'TableName'>,
  ): Promise<MessageRecord[]> {
    const items = await queryAll(this.client, { ...input, TableName: this.tableName });
    return items.map(fromItem);
  }
}
