import { describe, expect, it } from 'vitest';
import { DynamoDbWebChats } from '../../shared/adapters/dynamodb/web-chats.ts';
import { InMemoryWebChats } from '../../shared/adapters/memory/web-chats.ts';
import {
  ChatEndedError,
  type ChatMessage,
  ChatNotFoundError,
  hashChatSecret,
} from '../../shared/domain/web-chat.ts';
import type { WebChatStore } from '../../shared/ports/web-chats.ts';
import { freshStore } from '../support/store.ts';

const CASE = 'VF-CHT00-00001';
const SLOT = new Date('2026-12-16T14:00:00Z');
const EXPIRES = new Date('2026-12-16T14:30:00Z');
const LINK = hashChatSecret('link-one');
const SESSION = hashChatSecret('session-one');

const line = (overrides: Partial<ChatMessage> = {}): ChatMessage => ({
  caseId: CASE,
  messageId: '5b7c2a10-3d4e-4f50-9a6b-7c8d9e0f1a2b',
  from: 'victim',
  text: 'Hello, I booked this chat.',
  at: new Date('2026-12-16T14:01:00Z'),
  ...overrides,
});

async function booked(store: WebChatStore) {
  await store.book({ caseId: CASE, slotAt: SLOT, expiresAt: EXPIRES });
  await store.issueLink(CASE, LINK);
}

// The same contract for the in-memory twin and the DynamoDB adapter on DynamoDB Local.
describe.each([
  ['in memory', async (): Promise<WebChatStore> => new InMemoryWebChats()],
  [
    'on DynamoDB Local',
    async (): Promise<WebChatStore> => {
      const { client, tableName } = await freshStore();
      return new DynamoDbWebChats(client, tableName);
    },
  ],
])('web chats %s', (_where, open) => {
  it('books a chat once: booking again gives the first booking back', async () => {
    const store = await open();
    expect(await store.get(CASE)).toBeUndefined();
    const first = await store.book({ caseId: CASE, slotAt: SLOT, expiresAt: EXPIRES });
    expect(first).toEqual({ caseId: CASE, slotAt: SLOT, expiresAt: EXPIRES, status: 'booked' });
    const again = await store.book({
      caseId: CASE,
      slotAt: new Date('2026-12-17T10:00:00Z'),
      expiresAt: EXPIRES,
    });
    expect(again).toEqual(first);
  });

  it('finds a chat by its current link only: a later link replaces an earlier one', async () => {
    const store = await open();
    await expect(store.issueLink(CASE, LINK)).rejects.toBeInstanceOf(ChatNotFoundError);
    await booked(store);
    expect((await store.findByLink(LINK))?.caseId).toBe(CASE);
    expect(await store.findByLink(hashChatSecret('a guess'))).toBeUndefined();

    const later = hashChatSecret('link-two');
    expect(await store.issueLink(CASE, later)).toBe('issued');
    expect(await store.findByLink(LINK)).toBeUndefined();
    expect((await store.findByLink(later))?.tokenHash).toBe(later);
  });

  it('is joined by one session, before it expires, with its current link', async () => {
    const store = await open();
    await booked(store);
    const at = new Date('2026-12-16T14:00:00Z');
    expect(await store.join(CASE, { tokenHash: hashChatSecret('wrong'), sessionHash: SESSION, at })).toBe(
      'refused',
    );
    expect(await store.join(CASE, { tokenHash: LINK, sessionHash: SESSION, at: EXPIRES })).toBe('refused');
    expect(await store.join(CASE, { tokenHash: LINK, sessionHash: SESSION, at })).toBe('joined');
    expect(await store.join(CASE, { tokenHash: LINK, sessionHash: SESSION, at })).toBe('already-joined');
    const other = hashChatSecret('session-two');
    expect(await store.join(CASE, { tokenHash: LINK, sessionHash: other, at })).toBe('refused');
    expect(await store.get(CASE)).toMatchObject({ victimSessionHash: SESSION, joinedAt: at });
    // Once joined, no new link can be issued for someone else.
    expect(await store.issueLink(CASE, hashChatSecret('link-three'))).toBe('refused');
    expect((await store.findByLink(LINK))?.caseId).toBe(CASE);
  });

  it('keeps each line once, oldest first, and none after the chat has ended', async () => {
    const store = await open();
    await expect(store.say(line())).rejects.toBeInstanceOf(ChatNotFoundError);
    await booked(store);
    const reply = line({
      messageId: '6c8d3b21-4e5f-4a61-8b7c-8d9e0f1a2b3c',
      from: 'caseworker',
      by: 'caseworker.one',
      text: 'Hello, I am Casey from Victim First.',
      at: new Date('2026-12-16T14:00:30Z'),
    });
    expect(await store.say(line())).toBe('said');
    expect(await store.say(line({ at: new Date('2026-12-16T14:05:00Z') }))).toBe('already-said');
    expect(await store.say(reply)).toBe('said');
    expect(await store.messages(CASE)).toEqual([reply, line()]);

    const ended = await store.end(CASE, 'caseworker.one', new Date('2026-12-16T14:20:00Z'));
    expect(ended).toMatchObject({
      status: 'ended',
      endedBy: 'caseworker.one',
      endedAt: new Date('2026-12-16T14:20:00Z'),
    });
    expect(await store.end(CASE, 'caseworker.two', new Date('2026-12-16T14:25:00Z'))).toEqual(ended);
    await expect(
      store.say(line({ messageId: '7d9e4c32-5f60-4b72-9c8d-9e0f1a2b3c4d' })),
    ).rejects.toBeInstanceOf(ChatEndedError);
    expect(await store.join(CASE, { tokenHash: LINK, sessionHash: SESSION, at: SLOT })).toBe('refused');
    expect(await store.messages(CASE)).toHaveLength(2);
  });

  it('cannot end a chat never booked', async () => {
    const store = await open();
    await expect(store.end(CASE, 'caseworker.one', SLOT)).rejects.toBeInstanceOf(ChatNotFoundError);
  });
});
