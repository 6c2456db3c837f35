import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { OpenChat, OpenChatLine } from '../../domain/open-chat.ts';
import { ChatEndedError, ChatNotFoundError } from '../../domain/web-chat.ts';
import type { OpenChatStore } from '../../ports/open-chats.ts';
import { DynamoDbChatLines } from './chat-lines.ts';
import { queryAll } from './query-all.ts';
import { cancellationCodes, transactWrite } from './transactions.ts';

/** The chat's item (docs/data-model.md: open chat). */
const chatKey = (chatId: string) => ({ pk: `OPENCHAT#${chatId}`, sk: 'CHAT' });
/** The chat in the list of chats, by when it started: what the call-taker's page queries. */
const OPEN_PARTITION = 'OPENCHATS';
const listKey = (chat: { chatId: string; startedAt: Date }) => ({
  pk: OPEN_PARTITION,
  sk: `${chat.startedAt.toISOString()}#${chat.chatId}`,
});

/** An open chat has no case to be kept with: it and its lines are forgotten (DynamoDB TTL) after this. */
const KEPT_MS = 30 * 24 * 60 * 60 * 1000;
const ttl = (from: Date) => Math.floor((from.getTime() + KEPT_MS) / 1000);

const failed = (error: unknown) => (error as Error).name === 'ConditionalCheckFailedException';

function chatOf(item: Record<string, unknown>): OpenChat {
  const at = (name: string) => (item[name] === undefined ? {} : { [name]: new Date(String(item[name])) });
  const text = (name: string) => (item[name] === undefined ? {} : { [name]: String(item[name]) });
  return {
    chatId: String(item.chatId),
    startedAt: new Date(String(item.startedAt)),
    status: item.status as OpenChat['status'],
    ...text('takenBy'),
    ...at('endedAt'),
    ...text('endedBy'),
  } as OpenChat;
}

/**
 * Open web chats on the single table: the chat (`OPENCHAT#<id>`, `CHAT`), each line beside it
 * (`LINE#<id>`, so a line sent twice is kept once), and an item in the `OPENCHATS` partition sorted
 * by when it started, which the call-taker's page queries (marked ended with the chat, and left out then:
 * no DeleteItem is granted to the web app). Every item expires (TTL) 30 days after the chat started or the
 * line was said.
 */
export class DynamoDbOpenChats implements OpenChatStore {
  /** A line of the chat, beside it by its id. */
  private readonly lines: DynamoDbChatLines<'chatId', OpenChatLine>;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {
    this.lines = new DynamoDbChatLines(client, tableName, {
      owner: 'chatId',
      partition: (chatId) => `OPENCHAT#${chatId}`,
      prefix: 'LINE#',
      itemType: 'open-chat-line',
      expiresAt: ttl,
    });
  }

  async start(chat: { chatId: string; startedAt: Date }): Promise<OpenChat> {
    const startedAt = chat.startedAt.toISOString();
    try {
      await transactWrite(this.client, {
        TransactItems: [
          {
            Put: {
              TableName: this.tableName,
              Item: {
                ...chatKey(chat.chatId),
                itemType: 'open-chat',
                chatId: chat.chatId,
                startedAt,
                status: 'waiting',
                expiresAt: ttl(chat.startedAt),
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Put: {
              TableName: this.tableName,
              Item: {
                ...listKey(chat),
                itemType: 'open-chat-listed',
                chatId: chat.chatId,
                expiresAt: ttl(chat.startedAt),
              },
            },
          },
        ],
      });
    } catch (error) {
      if (cancellationCodes(error)?.[0] !== 'ConditionalCheckFailed') throw error;
    }
    return (await this.get(chat.chatId)) as OpenChat;
  }

  async get(chatId: string): Promise<OpenChat | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: chatKey(chatId), ConsistentRead: true }),
    );
    return result.Item ? chatOf(result.Item) : undefined;
  }

  async open(): Promise<OpenChat[]> {
    const listed = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :open',
      FilterExpression: 'attribute_not_exists(#status)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':open': OPEN_PARTITION },
      ConsistentRead: true,
    });
    const chats = await Promise.all(listed.map((item) => this.get(String(item.chatId))));
    return chats.filter((chat): chat is OpenChat => chat !== undefined && chat.status !== 'ended');
  }

  async take(chatId: string, by: string): Promise<'taken' | 'already-taken' | 'refused'> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: chatKey(chatId),
          UpdateExpression: 'SET #status = :taken, takenBy = :by',
          ConditionExpression: 'attribute_exists(pk) AND #status = :waiting',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':taken': 'taken', ':waiting': 'waiting', ':by': by },
        }),
      );
      return 'taken';
    } catch (error) {
      if (!failed(error)) throw error;
    }
    const chat = await this.get(chatId);
    if (!chat) throw new ChatNotFoundError(`no open chat ${chatId}`);
    return chat.status === 'taken' && chat.takenBy === by ? 'already-taken' : 'refused';
  }

  async say(line: OpenChatLine): Promise<'said' | 'already-said'> {
    const said = await this.lines.say(line, {
      Key: chatKey(line.chatId),
      ConditionExpression: 'attribute_exists(pk) AND #status <> :ended',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':ended': 'ended' },
    });
    if (said !== 'refused') return said;
    if (!(await this.get(line.chatId))) throw new ChatNotFoundError(`no open chat ${line.chatId}`);
    throw new ChatEndedError(`open chat ${line.chatId} has ended`);
  }

  async messages(chatId: string): Promise<OpenChatLine[]> {
    return this.lines.of(chatId);
  }

  async end(chatId: string, by: string, at: Date): Promise<OpenChat> {
    const chat = await this.get(chatId);
    if (!chat) throw new ChatNotFoundError(`no open chat ${chatId}`);
    if (chat.status === 'ended') return chat;
    try {
      await transactWrite(this.client, {
        TransactItems: [
          {
            Update: {
              TableName: this.tableName,
              Key: chatKey(chatId),
              UpdateExpression: 'SET #status = :ended, endedAt = :at, endedBy = :by',
              ConditionExpression: '#status <> :ended',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':ended': 'ended', ':at': at.toISOString(), ':by': by },
            },
          },
          {
            Update: {
              TableName: this.tableName,
              Key: listKey(chat),
              UpdateExpression: 'SET #status = :ended',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':ended': 'ended' },
            },
          },
        ],
      });
    } catch (error) {
      if (cancellationCodes(error)?.[0] !== 'ConditionalCheckFailed') throw error;
    }
    return (await this.get(chatId)) as OpenChat;
  }
}
