import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ChatEndedError, type ChatMessage, ChatNotFoundError, type WebChat } from '../../domain/web-chat.ts';
import type { WebChatStore } from '../../ports/web-chats.ts';
import { DynamoDbChatLines } from './chat-lines.ts';
import { cancellationCodes, transactWrite } from './transactions.ts';

/** The chat's item under its case (docs/data-model.md: web chat). */
const chatKey = (caseId: string) => ({ pk: `CASE#${caseId}`, sk: 'WEBCHAT' });
/** A link, by its token's hash: how the victim's page finds the chat. */
const linkKey = (tokenHash: string) => ({ pk: `WEBCHATLINK#${tokenHash}`, sk: 'LINK' });

/** A link's item is forgotten (DynamoDB TTL) this long after the chat's slot ends. */
const LINK_KEPT_MS = 30 * 24 * 60 * 60 * 1000;

const failed = (error: unknown) => (error as Error).name === 'ConditionalCheckFailedException';

function chatOf(item: Record<string, unknown>): WebChat {
  const at = (name: string) => (item[name] === undefined ? {} : { [name]: new Date(String(item[name])) });
  return {
    caseId: String(item.caseId),
    slotAt: new Date(String(item.slotAt)),
    expiresAt: new Date(String(item.linkExpiresAt)),
    status: item.status as WebChat['status'],
    ...(item.tokenHash === undefined ? {} : { tokenHash: String(item.tokenHash) }),
    ...(item.victimSessionHash === undefined ? {} : { victimSessionHash: String(item.victimSessionHash) }),
    ...at('joinedAt'),
    ...at('endedAt'),
    ...(item.endedBy === undefined ? {} : { endedBy: String(item.endedBy) }),
  } as WebChat;
}

/**
 * Web chats on the single table: the chat under its case (`WEBCHAT`), each line beside it
 * (`WEBCHAT#LINE#<id>`, so a line sent twice is kept once), and the link by its token's hash
 * (`WEBCHATLINK#<hash>`, expiring a month after the slot). The chat's `linkExpiresAt` is not the table's
 * TTL attribute: the chat and its transcript are kept with the case.
 */
export class DynamoDbWebChats implements WebChatStore {
  /** A line of the chat, under its case by its id. */
  private readonly lines: DynamoDbChatLines<'caseId', ChatMessage>;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {
    this.lines = new DynamoDbChatLines(client, tableName, {
      owner: 'caseId',
      partition: (caseId) => `CASE#${caseId}`,
      prefix: 'WEBCHAT#LINE#',
      itemType: 'web-chat-line',
    });
  }

  async book(chat: { caseId: string; slotAt: Date; expiresAt: Date }): Promise<WebChat> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...chatKey(chat.caseId),
            itemType: 'web-chat',
            caseId: chat.caseId,
            slotAt: chat.slotAt.toISOString(),
            linkExpiresAt: chat.expiresAt.toISOString(),
            status: 'booked',
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!failed(error)) throw error;
    }
    return (await this.get(chat.caseId)) as WebChat;
  }

  async issueLink(caseId: string, tokenHash: string): Promise<'issued' | 'refused'> {
    const chat = await this.get(caseId);
    if (!chat) throw new ChatNotFoundError(`case ${caseId} has no web chat booked`);
    try {
      await transactWrite(this.client, {
        TransactItems: [
          {
            Update: {
              TableName: this.tableName,
              Key: chatKey(caseId),
              UpdateExpression: 'SET tokenHash = :hash',
              ConditionExpression: 'attribute_not_exists(victimSessionHash) AND #status = :booked',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':hash': tokenHash, ':booked': 'booked' },
            },
          },
          {
            Put: {
              TableName: this.tableName,
              Item: {
                ...linkKey(tokenHash),
                itemType: 'web-chat-link',
                caseId,
                expiresAt: Math.floor((chat.expiresAt.getTime() + LINK_KEPT_MS) / 1000),
              },
            },
          },
        ],
      });
      return 'issued';
    } catch (error) {
      if (cancellationCodes(error)?.[0] === 'ConditionalCheckFailed') return 'refused';
      throw error;
    }
  }

  async findByLink(tokenHash: string): Promise<WebChat | undefined> {
    const link = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: linkKey(tokenHash), ConsistentRead: true }),
    );
    if (!link.Item) return undefined;
    const chat = await this.get(String(link.Item.caseId));
    return chat?.tokenHash === tokenHash ? chat : undefined;
  }

  async get(caseId: string): Promise<WebChat | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: chatKey(caseId), ConsistentRead: true }),
    );
    return result.Item ? chatOf(result.Item) : undefined;
  }

  async join(
    caseId: string,
    request: { tokenHash: string; sessionHash: string; at: Date },
  ): Promise<'joined' | 'already-joined' | 'refused'> {
    const open = 'tokenHash = :hash AND #status = :booked AND linkExpiresAt > :at';
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: chatKey(caseId),
          UpdateExpression: 'SET victimSessionHash = :session, joinedAt = :at',
          ConditionExpression: `attribute_exists(pk) AND ${open} AND attribute_not_exists(victimSessionHash)`,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':hash': request.tokenHash,
            ':booked': 'booked',
            ':at': request.at.toISOString(),
            ':session': request.sessionHash,
          },
        }),
      );
      return 'joined';
    } catch (error) {
      if (!failed(error)) throw error;
    }
    const chat = await this.get(caseId);
    const stillOpen =
      chat?.tokenHash === request.tokenHash &&
      chat.status === 'booked' &&
      request.at.getTime() < chat.expiresAt.getTime();
    return stillOpen && chat.victimSessionHash === request.sessionHash ? 'already-joined' : 'refused';
  }

  async say(message: ChatMessage): Promise<'said' | 'already-said'> {
    const said = await this.lines.say(message, {
      Key: chatKey(message.caseId),
      ConditionExpression: 'attribute_exists(pk) AND #status = :booked',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':booked': 'booked' },
    });
    if (said !== 'refused') return said;
    const chat = await this.get(message.caseId);
    if (!chat) throw new ChatNotFoundError(`case ${message.caseId} has no web chat booked`);
    throw new ChatEndedError(`the web chat of case ${message.caseId} has ended`);
  }

  async messages(caseId: string): Promise<ChatMessage[]> {
    return this.lines.of(caseId);
  }

  async end(caseId: string, by: string, at: Date): Promise<WebChat> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: chatKey(caseId),
          UpdateExpression: 'SET #status = :ended, endedAt = :at, endedBy = :by',
          ConditionExpression: 'attribute_exists(pk) AND #status = :booked',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':ended': 'ended',
            ':booked': 'booked',
            ':at': at.toISOString(),
            ':by': by,
          },
        }),
      );
    } catch (error) {
      if (!failed(error)) throw error;
    }
    const chat = await this.get(caseId);
    if (!chat) throw new ChatNotFoundError(`case ${caseId} has no web chat booked`);
    return chat;
  }
}
