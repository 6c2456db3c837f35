import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ConnectClient, GetContactAttributesCommand } from '@aws-sdk/client-connect';
import type { S3Event } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createKeepChatTranscript,
  type KeepChatTranscriptFunctionDeps,
} from '../../functions/contact/keep-chat-transcript/keep-chat-transcript.ts';
import { ConnectChatContacts } from '../../shared/adapters/aws/connect-chat-contacts.ts';
import { DynamoDbAuditLog } from '../../shared/adapters/dynamodb/audit-log.ts';
import { DynamoDbContactLog } from '../../shared/adapters/dynamodb/contact-log.ts';
import { DynamoDbSupportStore } from '../../shared/adapters/dynamodb/support-store.ts';
import { DynamoDbWebChats } from '../../shared/adapters/dynamodb/web-chats.ts';
import { FolderObjectStore } from '../../shared/adapters/local/folder-object-store.ts';
import { freshStore } from '../support/store.ts';

// Amazon Connect's chat transcript landing in the private-data bucket is kept on its case through the
// same chat store and service as the stand-in chat, on DynamoDB Local; Connect's GetContactAttributes is
// mocked (the contact's caseId attribute).

const CASE = 'VF-ABCDE-FGHJK';
const CONTACT = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const BUCKET = 'private-data';
const connect = mockClient(ConnectClient);

/** A synthetic transcript in Connect's documented S3 shape (admin guide, "Sample chat transcript"). */
const transcript = (contactId: string) => ({
  Version: '2019-08-26',
  AWSAccountId: '111122223333',
  InstanceId: '5f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  InitialContactId: contactId,
  ContactId: contactId,
  Participants: [{ ParticipantId: 'victim-participant' }, { ParticipantId: 'agent-participant' }],
  Transcript: [
    {
      AbsoluteTime: '2026-12-16T14:01:00.000Z',
      ContentType: 'application/vnd.amazonaws.connect.event.participant.joined',
      Id: 'item-1',
      Type: 'EVENT',
      ParticipantId: 'victim-participant',
      DisplayName: 'Victim',
      ParticipantRole: 'CUSTOMER',
    },
    {
      AbsoluteTime: '2026-12-16T14:02:00.000Z',
      Content: 'Hello, I booked this chat about the break-in.',
      ContentType: 'text/plain',
      Id: 'item-2',
      Type: 'MESSAGE',
      ParticipantId: 'victim-participant',
      DisplayName: 'Victim',
      ParticipantRole: 'CUSTOMER',
    },
    {
      AbsoluteTime: '2026-12-16T14:03:00.000Z',
      Content: 'Hello, I am your caseworker. How are you feeling?',
      ContentType: 'text/plain',
      Id: 'item-3',
      Type: 'MESSAGE',
      ParticipantId: 'agent-participant',
      DisplayName: 'Caseworker',
      ParticipantRole: 'AGENT',
    },
    {
      AbsoluteTime: '2026-12-16T14:25:00.000Z',
      ContentType: 'application/vnd.amazonaws.connect.event.chat.ended',
      Id: 'item-4',
      Type: 'EVENT',
      ParticipantRole: 'SYSTEM',
    },
  ],
});

const s3Event = (key: string): S3Event =>
  ({ Records: [{ s3: { bucket: { name: BUCKET }, object: { key } } }] }) as unknown as S3Event;

let deps: KeepChatTranscriptFunctionDeps & {
  readonly store: Awaited<ReturnType<typeof freshStore>>['store'];
  readonly webChats: DynamoDbWebChats;
  readonly contacts: DynamoDbContactLog;
};
let root = '';

function land(key: string, body: unknown) {
  const path = join(root, BUCKET, key);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, typeof body === 'string' ? body : JSON.stringify(body));
}

beforeAll(async () => {
  const { client, tableName, store } = await freshStore();
  root = mkdtempSync(join(tmpdir(), 'chat-transcripts-'));
  connect
    .on(GetContactAttributesCommand, { InitialContactId: CONTACT })
    .resolves({ Attributes: { caseId: CASE } })
    .on(GetContactAttributesCommand, { InitialContactId: 'not-a-booked-chat' })
    .resolves({ Attributes: {} });
  deps = {
    store,
    webChats: new DynamoDbWebChats(client, tableName),
    contacts: new DynamoDbContactLog(client, tableName),
    support: new DynamoDbSupportStore(client, tableName),
    audit: new DynamoDbAuditLog(client, tableName),
    chatContacts: new ConnectChatContacts(new ConnectClient({}), 'instance', 'flow'),
    objects: new FolderObjectStore(root),
    clock: { now: () => new Date('2026-12-16T14:30:00Z') },
  };
  await deps.webChats.book({
    caseId: CASE,
    slotAt: new Date('2026-12-16T14:00:00Z'),
    expiresAt: new Date('2026-12-16T15:00:00Z'),
  });
});

describe("keeping Amazon Connect's chat transcript on the case", () => {
  it('keeps the messages, ends the chat and logs one web chat contact, however often it is delivered', async () => {
    const key = `connect/chat-transcripts/2026/12/16/${CONTACT}_20261216T1425_UTC.json`;
    land(key, transcript(CONTACT));
    const handler = createKeepChatTranscript(deps);

    const first = await handler(s3Event(key), {} as never);
    const again = await handler(s3Event(key), {} as never);

    expect(first).toEqual([{ status: 'kept', caseId: CASE, lines: 2 }]);
    expect(again).toEqual(first);
    const lines = await deps.webChats.messages(CASE);
    expect(lines.map(({ from, text }) => ({ from, text }))).toEqual([
      { from: 'victim', text: 'Hello, I booked this chat about the break-in.' },
      { from: 'caseworker', text: 'Hello, I am your caseworker. How are you feeling?' },
    ]);
    const chat = await deps.webChats.get(CASE);
    expect(chat?.status).toBe('ended');
    expect(chat?.endedAt).toEqual(new Date('2026-12-16T14:25:00Z'));
    const contacts = await deps.contacts.listForCase(CASE);
    expect(contacts).toHaveLength(1);
    expect(contacts[0]).toMatchObject({
      contactId: `web-chat.${CASE}`,
      channel: 'web-chat',
      direction: 'from-victim',
      at: new Date('2026-12-16T14:02:00Z'),
      durationMinutes: 23,
      by: 'amazon-connect',
    });
    const ended = (await deps.store.timeline(CASE)).filter((event) => event.type === 'web-chat-ended');
    expect(ended).toHaveLength(1);
  });

  it('ignores a transcript of a contact that is no booked web chat, and a file that is no transcript', async () => {
    land('connect/chat-transcripts/other.json', transcript('not-a-booked-chat'));
    land('connect/chat-transcripts/garbled.json', '{"Transcript": "nope"');
    const handler = createKeepChatTranscript(deps);
    expect(await handler(s3Event('connect/chat-transcripts/other.json'), {} as never)).toEqual([
      { status: 'ignored', reason: 'no-case' },
    ]);
    expect(await handler(s3Event('connect/chat-transcripts/garbled.json'), {} as never)).toEqual([
      { status: 'ignored', reason: 'not-a-transcript' },
    ]);
  });
});
