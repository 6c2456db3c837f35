import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { LocalDate } from '../../domain/calendar.ts';
import type { OpenChatRota } from '../../domain/open-chat.ts';
import {
  type RotaChange,
  type RotaCover,
  type SavedRotaPattern,
  validateRotaChange,
} from '../../domain/open-chat-rota.ts';
import type { OpenChatRotaStore } from '../../ports/open-chat-rota.ts';
import { queryAll } from './query-all.ts';
import { cancellationCodes, transactWrite } from './transactions.ts';

const PK = 'OPENCHAT_ROTA';
const patternKey = { pk: PK, sk: 'PATTERN' };
const coverKey = (date: LocalDate) => ({ pk: PK, sk: `COVER#${date}` });
/** A change's history row: sorted by when it was made, so the latest read first. */
const changeKey = (at: Date, changeId: string) => ({ pk: PK, sk: `CHANGE#${at.toISOString()}#${changeId}` });
/** A change's key, claimed in its transaction, so the same change sent again is kept once. */
const changeIdKey = (changeId: string) => ({ pk: PK, sk: `CHANGEID#${changeId}` });

/** A pattern's days as the table keeps them: a map of ISO weekday ("1" … "7") to staff id, nobody left out. */
const daysItem = (days: OpenChatRota) =>
  Object.fromEntries(
    Object.entries(days).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );

const daysOf = (item: unknown): OpenChatRota => {
  const days: Record<number, string> = {};
  for (const [day, staffId] of Object.entries((item ?? {}) as Record<string, unknown>))
    if (typeof staffId === 'string') days[Number(day)] = staffId;
  return days;
};

/**
 * The call-taking rota on the single table, in one small partition (`OPENCHAT_ROTA`): `PATTERN`, the weekly
 * pattern last saved; `COVER#<date>` per date with cover; `CHANGE#<at>#<changeId>` per change, kept for good
 * with who made it; `CHANGEID#<changeId>` claiming each change's key. A change is one transaction: its key
 * claimed (condition `attribute_not_exists(pk)`), its history row, and the pattern or cover it sets. Nothing
 * is deleted.
 */
export class DynamoDbOpenChatRota implements OpenChatRotaStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async pattern(): Promise<SavedRotaPattern | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: patternKey, ConsistentRead: true }),
    );
    return Item
      ? {
          days: daysOf(Item.days),
          changedBy: String(Item.changedBy),
          changedAt: new Date(String(Item.changedAt)),
        }
      : undefined;
  }

  async covers(from: LocalDate, to: LocalDate): Promise<RotaCover[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': PK, ':from': coverKey(from).sk, ':to': coverKey(to).sk },
      ConsistentRead: true,
    });
    return items.map((item) => ({
      date: String(item.date),
      staffId: String(item.staffId),
      changedBy: String(item.changedBy),
      changedAt: new Date(String(item.changedAt)),
    }));
  }

  async change(change: RotaChange): Promise<'kept' | 'already-kept'> {
    validateRotaChange(change);
    const at = change.at.toISOString();
    const what =
      change.kind === 'pattern'
        ? { kind: 'pattern', days: daysItem(change.days) }
        : { kind: 'cover', date: change.date, staffId: change.staffId };
    const applied =
      change.kind === 'pattern'
        ? { ...patternKey, itemType: 'open-chat-rota-pattern', days: daysItem(change.days) }
        : {
            ...coverKey(change.date),
            itemType: 'open-chat-rota-cover',
            date: change.date,
            staffId: change.staffId,
          };
    try {
      await transactWrite(this.client, {
        TransactItems: [
          {
            Put: {
              TableName: this.tableName,
              Item: { ...changeIdKey(change.changeId), itemType: 'open-chat-rota-change-id', at },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Put: {
              TableName: this.tableName,
              Item: {
                ...changeKey(change.at, change.changeId),
                itemType: 'open-chat-rota-change',
                changeId: change.changeId,
                by: change.by,
                at,
                ...what,
              },
            },
          },
          {
            Put: {
              TableName: this.tableName,
              Item: { ...applied, changeId: change.changeId, changedBy: change.by, changedAt: at },
            },
          },
        ],
      });
      return 'kept';
    } catch (error) {
      if ((cancellationCodes(error) ?? [])[0] === 'ConditionalCheckFailed') return 'already-kept';
      throw error;
    }
  }

  async changes(limit: number): Promise<RotaChange[]> {
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :change)',
        ExpressionAttributeValues: { ':pk': PK, ':change': 'CHANGE#' },
        ScanIndexForward: false,
        Limit: limit,
        ConsistentRead: true,
      }),
    );
    return Items.map((item): RotaChange => {
      const base = { changeId: String(item.changeId), by: String(item.by), at: new Date(String(item.at)) };
      return item.kind === 'pattern'
        ? { ...base, kind: 'pattern', days: daysOf(item.days) }
        : { ...base, kind: 'cover', date: String(item.date), staffId: String(item.staffId) };
    });
  }
}
