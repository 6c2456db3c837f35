import { randomBytes } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoDbSessionStore } from '../../shared/adapters/dynamodb/session-store.ts';
import { InMemorySessionStore } from '../../shared/adapters/memory/session-store.ts';
import type { OpenedSession, SessionStore } from '../../shared/ports/session-store.ts';
import { freshStore } from '../support/store.ts';

const TEN_AM = new Date('2026-12-15T10:00:00Z');
const TEN_HOURS = 10 * 3_600_000;
const at = (ms: number) => new Date(TEN_AM.getTime() + ms);

const aSession = (user: string, issuedAt = TEN_AM): OpenedSession => ({
  sessionId: randomBytes(32).toString('base64url'),
  user,
  issuedAt,
  expiresAt: new Date(issuedAt.getTime() + TEN_HOURS),
});

/** The same contract for both stores: the in-memory twin, and the DynamoDB store on DynamoDB Local. */
const STORES: ReadonlyArray<readonly [string, () => Promise<SessionStore>]> = [
  ['in memory', async () => new InMemorySessionStore()],
  [
    'on DynamoDB Local',
    async () => {
      const { client, tableName } = await freshStore();
      return new DynamoDbSessionStore(client, tableName);
    },
  ],
];

describe.each(STORES)('the session store %s', (_, make) => {
  it('holds a session open from sign-in until its absolute end, and not a moment past it', async () => {
    const sessions = await make();
    const session = aSession('caseworker.one');
    await sessions.open(session);

    expect(await sessions.isOpen('caseworker.one', session.sessionId, TEN_AM)).toBe(true);
    expect(await sessions.isOpen('caseworker.one', session.sessionId, at(TEN_HOURS - 1))).toBe(true);
    expect(await sessions.isOpen('caseworker.one', session.sessionId, at(TEN_HOURS))).toBe(false);
  });

  it('knows no session it never opened, nor one opened for somebody else', async () => {
    const sessions = await make();
    const session = aSession('caseworker.one');
    await sessions.open(session);

    expect(await sessions.isOpen('caseworker.one', aSession('caseworker.one').sessionId, TEN_AM)).toBe(false);
    expect(await sessions.isOpen('team.leader', session.sessionId, TEN_AM)).toBe(false);
  });

  it('ends a session at signing out, for good, and takes ending it again (or an unknown one) quietly', async () => {
    const sessions = await make();
    const session = aSession('caseworker.one');
    const other = aSession('caseworker.one');
    await sessions.open(session);
    await sessions.open(other);

    await sessions.end('caseworker.one', session.sessionId);
    await sessions.end('caseworker.one', session.sessionId);
    await sessions.end('caseworker.one', aSession('caseworker.one').sessionId);

    expect(await sessions.isOpen('caseworker.one', session.sessionId, TEN_AM)).toBe(false);
    expect(await sessions.isOpen('caseworker.one', other.sessionId, TEN_AM)).toBe(true);
  });

  it('takes a sign-in recorded twice as one session (a retried write)', async () => {
    const sessions = await make();
    const session = aSession('caseworker.one');
    await sessions.open(session);
    await sessions.open(session);

    expect(await sessions.endAllFor('caseworker.one')).toBe(1);
    expect(await sessions.isOpen('caseworker.one', session.sessionId, TEN_AM)).toBe(false);
  });

  it("ends every session of one person (a role change) and nobody else's, once", async () => {
    const sessions = await make();
    const office = aSession('team.leader');
    const laptop = aSession('team.leader', at(60_000));
    const colleague = aSession('caseworker.one');
    for (const session of [office, laptop, colleague]) await sessions.open(session);

    expect(await sessions.endAllFor('team.leader')).toBe(2);
    expect(await sessions.endAllFor('team.leader')).toBe(0);

    expect(await sessions.isOpen('team.leader', office.sessionId, at(120_000))).toBe(false);
    expect(await sessions.isOpen('team.leader', laptop.sessionId, at(120_000))).toBe(false);
    expect(await sessions.isOpen('caseworker.one', colleague.sessionId, at(120_000))).toBe(true);
    // Signing in again after the change opens a session as usual, even at the same instant.
    const again = aSession('team.leader', at(120_000));
    await sessions.open(again);
    expect(await sessions.isOpen('team.leader', again.sessionId, at(120_000))).toBe(true);
  });
});

describe('the session store on DynamoDB Local', () => {
  it('gives each session the TTL of its absolute end, in epoch seconds, so DynamoDB removes it', async () => {
    const { client, tableName } = await freshStore();
    const session = aSession('caseworker.one');
    await new DynamoDbSessionStore(client, tableName).open(session);

    const { Item } = await client.send(
      new GetCommand({
        TableName: tableName,
        Key: { pk: 'STAFF#caseworker.one', sk: `SESSION#${session.sessionId}` },
      }),
    );
    expect(Item).toMatchObject({
      user: 'caseworker.one',
      issuedAt: TEN_AM.toISOString(),
      expiresAt: Math.ceil(session.expiresAt.getTime() / 1000),
    });
  });
});
