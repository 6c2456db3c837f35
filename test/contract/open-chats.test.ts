import { describe, expect, it } from 'vitest';
import { DynamoDbOpenChats } from '../../shared/adapters/dynamodb/open-chats.ts';
import { InMemoryOpenChats } from '../../shared/adapters/memory/open-chats.ts';
import type { OpenChatLine } from '../../shared/domain/open-chat.ts';
import { ChatEndedError, ChatNotFoundError, hashChatSecret } from '../../shared/domain/web-chat.ts';
import type { OpenChatStore } from '../../shared/ports/open-chats.ts';
import { freshStore } from '../support/store.ts';

const FIRST = hashChatSecret('session-one');
const SECOND = hashChatSecret('session-two');
const AT = new Date('2026-12-15T10:00:00Z');
const LATER = new Date('2026-12-15T10:05:00Z');

const line = (overrides: Partial<OpenChatLine> = {}): OpenChatLine => ({
  chatId: FIRST,
  messageId: '5b7c2a10-3d4e-4f50-9a6b-7c8d9e0f1a2b',
  from: 'visitor',
  text: 'Hello, can someone help?',
  at: new Date('2026-12-15T10:01:00Z'),
  ...overrides,
});

// The same contract for the in-memory twin and the DynamoDB adapter on DynamoDB Local.
describe.each([
  ['in memory', async (): Promise<OpenChatStore> => new InMemoryOpenChats()],
  [
    'on DynamoDB Local',
    async (): Promise<OpenChatStore> => {
      const { client, tableName } = await freshStore();
      return new DynamoDbOpenChats(client, tableName);
    },
  ],
])('open chats %s', (_name, make) => {
  it('starts a chat waiting, once, and lists the chats not ended oldest first', async () => {
    const store = await make();
    expect(await store.open()).toEqual([]);
    const started = await store.start({ chatId: SECOND, startedAt: LATER });
    expect(started).toEqual({ chatId: SECOND, startedAt: LATER, status: 'waiting' });
    await store.start({ chatId: FIRST, startedAt: AT });
    expect(await store.start({ chatId: SECOND, startedAt: AT })).toEqual(started);
    expect((await store.open()).map((chat) => chat.chatId)).toEqual([FIRST, SECOND]);
    expect(await store.get(hashChatSecret('nobody'))).toBeUndefined();
  });

  it('lets one call-taker take a waiting chat', async () => {
    const store = await make();
    await store.start({ chatId: FIRST, startedAt: AT });
    expect(await store.take(FIRST, 'caseworker.one')).toBe('taken');
    expect(await store.take(FIRST, 'caseworker.one')).toBe('already-taken');
    expect(await store.take(FIRST, 'team.leader')).toBe('refused');
    expect(await store.get(FIRST)).toMatchObject({ status: 'taken', takenBy: 'caseworker.one' });
    await expect(store.take(SECOND, 'caseworker.one')).rejects.toBeInstanceOf(ChatNotFoundError);
  });

  it('keeps each line once, in the order said, and none without a chat', async () => {
    const store = await make();
    await store.start({ chatId: FIRST, startedAt: AT });
    const reply = line({
      messageId: '6c8d3b21-4e5f-4a61-8b7c-8d9e0f1a2b3c',
      from: 'call-taker',
      by: 'caseworker.one',
      text: 'Hello, I am here to help.',
      at: new Date('2026-12-15T10:02:00Z'),
    });
    expect(await store.say(reply)).toBe('said');
    expect(await store.say(line())).toBe('said');
    expect(await store.say(line({ text: 'again' }))).toBe('already-said');
    expect(await store.messages(FIRST)).toEqual([line(), reply]);
    await expect(store.say(line({ chatId: SECOND }))).rejects.toBeInstanceOf(ChatNotFoundError);
  });

  it('ends a chat once: it leaves the list and takes no more lines', async () => {
    const store = await make();
    await store.start({ chatId: FIRST, startedAt: AT });
    await store.say(line());
    const ended = await store.end(FIRST, 'caseworker.one', LATER);
    expect(ended).toMatchObject({ status: 'ended', endedAt: LATER, endedBy: 'caseworker.one' });
    expect(await store.end(FIRST, 'team.leader', new Date('2026-12-15T11:00:00Z'))).toEqual(ended);
    expect(await store.open()).toEqual([]);
    expect(await store.take(FIRST, 'caseworker.one')).toBe('refused');
    await expect(
      store.say(line({ messageId: '7d9e4c32-5f60-4b72-9c8d-9e0f1a2b3c4d' })),
    ).rejects.toBeInstanceOf(ChatEndedError);
    expect(await store.messages(FIRST)).toHaveLength(1);
    await expect(store.end(SECOND, 'caseworker.one', LATER)).rejects.toBeInstanceOf(ChatNotFoundError);
  });
});
