import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoDbPinAttempts } from '../../shared/adapters/dynamodb/pin-attempts.ts';
import { InMemoryPinAttempts } from '../../shared/adapters/local/memory-pin-attempts.ts';
import { callerKey, lockoutWindowOf, referrerKey } from '../../shared/domain/referrer-pin.ts';
import type { PinAttempts } from '../../shared/ports/pin-attempts.ts';
import { freshStore } from '../support/store.ts';

// The emergency line's failed-attempt counter: the DynamoDB adapter on DynamoDB Local and its in-memory twin
// held to the same contract.

const AT = new Date('2026-12-15T21:31:00Z');
const LATER_IN_WINDOW = new Date('2026-12-15T21:44:59Z');
const NEXT_WINDOW = new Date('2026-12-15T21:45:00Z');
const CALLER = callerKey('+447700900111');
const REFERRER = referrerKey('300001');

const counters: readonly [string, () => Promise<PinAttempts>][] = [
  ['in memory', async () => new InMemoryPinAttempts()],
  [
    'on DynamoDB Local',
    async () => {
      const { client, tableName } = await freshStore();
      return new DynamoDbPinAttempts(client, tableName);
    },
  ],
];

describe.each(counters)('failed PIN attempts %s', (_where, fresh) => {
  it('start at none', async () => {
    expect(await (await fresh()).failures([CALLER, REFERRER], AT)).toBe(0);
  });

  it('count each failure against every key, and answer the most any key has', async () => {
    const attempts = await fresh();
    expect(await attempts.recordFailure([CALLER, REFERRER], 'contact-1:a', AT)).toBe(1);
    expect(await attempts.recordFailure([REFERRER], 'contact-2:a', AT)).toBe(2);
    expect(await attempts.failures([CALLER], LATER_IN_WINDOW)).toBe(1);
    expect(await attempts.failures([REFERRER], LATER_IN_WINDOW)).toBe(2);
    expect(await attempts.failures([CALLER, REFERRER], LATER_IN_WINDOW)).toBe(2);
    expect(await attempts.failures([referrerKey('300002')], AT)).toBe(0);
  });

  it('count an attempt recorded again (a retried write) once', async () => {
    const attempts = await fresh();
    await attempts.recordFailure([CALLER, REFERRER], 'contact-1:a', AT);
    expect(await attempts.recordFailure([CALLER, REFERRER], 'contact-1:a', AT)).toBe(1);
    expect(await attempts.failures([CALLER, REFERRER], AT)).toBe(1);
  });

  it('count every one of many failures at once', async () => {
    const attempts = await fresh();
    await Promise.all(
      Array.from({ length: 12 }, (_, n) => attempts.recordFailure([CALLER, REFERRER], `contact-${n}:a`, AT)),
    );
    expect(await attempts.failures([CALLER], AT)).toBe(12);
    expect(await attempts.failures([REFERRER], AT)).toBe(12);
  });

  it('start again from none in the next window', async () => {
    const attempts = await fresh();
    for (const n of [1, 2, 3]) await attempts.recordFailure([CALLER], `contact-${n}:a`, AT);
    expect(await attempts.failures([CALLER], LATER_IN_WINDOW)).toBe(3);
    expect(await attempts.failures([CALLER], NEXT_WINDOW)).toBe(0);
    expect(await attempts.recordFailure([CALLER], 'contact-4:a', NEXT_WINDOW)).toBe(1);
  });
});

describe('failed PIN attempts on DynamoDB', () => {
  it('are kept under a hashed caller key, expiring (TTL) a day after their window', async () => {
    const { client, tableName } = await freshStore();
    await new DynamoDbPinAttempts(client, tableName).recordFailure([CALLER], 'contact-1:a', AT);
    const { Item } = await client.send(
      new GetCommand({
        TableName: tableName,
        Key: { pk: `THPINFAIL#${CALLER}`, sk: `WINDOW#${lockoutWindowOf(AT).start.toISOString()}` },
      }),
    );
    expect(Item).toMatchObject({ itemType: 'th-pin-failures', failures: 1 });
    expect(Item?.expiresAt).toBe(lockoutWindowOf(AT).end.getTime() / 1000 + 86_400);
    expect(JSON.stringify(Item)).not.toContain('7700900111');
  });
});
