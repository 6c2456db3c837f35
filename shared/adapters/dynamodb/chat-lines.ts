import type { DynamoDBDocumentClient, TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { chatOrder } from '../../domain/web-chat.ts';
import { queryAll } from './query-all.ts';
import { cancellationCodes, transactWrite } from './transactions.ts';

/** A line of a chat, booked or open: `Owner` names the field holding its chat's id (`caseId`, `chatId`). */
export type ChatLine<Owner extends string> = { readonly [field in Owner]: string } & {
  readonly messageId: string;
  readonly from: string;
  readonly by?: string;
  readonly text: string;
  readonly at: Date;
};

/** Where a chat's lines are kept (docs/data-model.md: chat line, open chat line). */
export interface ChatLinesLayout<Owner extends string> {
  /** The line's field holding its chat's id. */
  readonly owner: Owner;
  /** The partition the chat and its lines share. */
  readonly partition: (chatId: string) => string;
  /** What each line's sort key starts with, before its `messageId`. */
  readonly prefix: string;
  readonly itemType: string;
  /** The line's TTL (epoch seconds) from when it was said, where lines expire. */
  readonly expiresAt?: (at: Date) => number;
}

/** The check, in the line's transaction, that its chat takes lines (the table's name is added). */
type ChatCheck = Omit<
  NonNullable<NonNullable<TransactWriteCommandInput['TransactItems']>[number]['ConditionCheck']>,
  'TableName'
>;

/**
 * A chat's lines on the single table, beside the chat under its partition (`<prefix><messageId>`, so a line
 * sent twice is kept once): what the booked and the open chats' stores share.
 */
export class DynamoDbChatLines<Owner extends string, Line extends ChatLine<Owner>> {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly layout: ChatLinesLayout<Owner>,
  ) {}

  /**
   * Keeps a line in one transaction with the check that its chat takes it: `refused` when the check
   * failed (no such chat, or ended), for the store to say which.
   */
  async say(line: Line, chat: ChatCheck): Promise<'said' | 'already-said' | 'refused'> {
    const { owner, partition, prefix, itemType, expiresAt } = this.layout;
    try {
      await transactWrite(this.client, {
        TransactItems: [
          { ConditionCheck: { TableName: this.tableName, ...chat } },
          {
            Put: {
              TableName: this.tableName,
              Item: {
                pk: partition(line[owner]),
                sk: `${prefix}${line.messageId}`,
                itemType,
                ...line,
                at: line.at.toISOString(),
                ...(expiresAt ? { expiresAt: expiresAt(line.at) } : {}),
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      });
      return 'said';
    } catch (error) {
      const codes = cancellationCodes(error);
      if (!codes) throw error;
      return codes[1] === 'ConditionalCheckFailed' ? 'already-said' : 'refused';
    }
  }

  /** The chat's lines, oldest first (ties by id). */
  async of(chatId: string): Promise<Line[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :chat AND begins_with(sk, :line)',
      ExpressionAttributeValues: { ':chat': this.layout.partition(chatId), ':line': this.layout.prefix },
      ConsistentRead: true,
    });
    return items.map((item) => this.lineOf(item)).sort(chatOrder);
  }

  private lineOf(item: Record<string, unknown>): Line {
    return {
      [this.layout.owner]: String(item[this.layout.owner]),
      messageId: String(item.messageId),
      from: item.from,
      ...(item.by === undefined ? {} : { by: String(item.by) }),
      text: String(item.text),
      at: new Date(String(item.at)),
    } as Line;
  }
}
