import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoDbRecipientLimits } from '../../shared/adapters/dynamodb/recipient-limits.ts';
import { InMemoryRecipientLimits } from '../../shared/adapters/memory/recipient-limits.ts';
import { normalisedRecipient, recipientDayKey } from '../../shared/domain/recipient-limits.ts';
import type { RecipientAllowance, RecipientLimits } from '../../shared/ports/recipient-limits.ts';
import { freshStore } from '../support/store.ts';

const MOBILE = '+447700900321';
const DAY = '2026-12-15';
const EXPIRES = new Date('2026-12-17T10:00:00Z');

const allowance = (holder: string, key = recipientDayKey('sms', MOBILE, DAY)): RecipientAllowance => ({
  recipientDayKey: key,
  holder,
  expiresAt: EXPIRES,
});

// The same contract for the in-memory twin and the DynamoDB adapter on DynamoDB Local.
describe.each([
  ['in memory', async (): Promise<RecipientLimits> => new InMemoryRecipientLimits()],
  [
    'on DynamoDB Local',
    async (): Promise<RecipientLimits> => {
      const { client, tableName } = await freshStore();
      return new DynamoDbRecipientLimits(client, tableName);
    },
  ],
])('recipient limits %s', (_where, open) => {
  it('grants a recipient one message a day, and refuses a second message that day', async () => {
    const limits = await open();

    expect(await limits.take(allowance('VF-AAAAA-00001/message.support-offer.1'))).toBe('granted');
    expect(await limits.take(allowance('VF-AAAAA-00002/message.support-offer.1'))).toBe('refused');
  });

  it('grants the same message again (a retried step sends what it was granted)', async () => {
    const limits = await open();

    expect(await limits.take(allowance('VF-AAAAA-00001/message.support-offer.1'))).toBe('granted');
    expect(await limits.take(allowance('VF-AAAAA-00001/message.support-offer.1'))).toBe('granted');
  });

  it('grants one of two messages asking at once', async () => {
    const limits = await open();

    const outcomes = await Promise.all(
      Array.from({ length: 6 }, (_, n) =>
        limits.take(allowance(`VF-AAAAA-0000${n}/message.support-offer.1`)),
      ),
    );

    expect(outcomes.filter((o) => o === 'granted')).toHaveLength(1);
  });

  it('keeps days, channels and recipients apart', async () => {
    const limits = await open();
    await limits.take(allowance('VF-AAAAA-00001/message.support-offer.1'));

    const others = [
      recipientDayKey('sms', MOBILE, '2026-12-16'),
      recipientDayKey('sms', '+447700900322', DAY),
      recipientDayKey('email', 'esme.madeup@example.org', DAY),
    ];
    for (const key of others)
      expect(await limits.take(allowance('VF-AAAAA-00002/message.support-offer.1', key))).toBe('granted');
  });
});

describe('recipient limits on DynamoDB Local', () => {
  it('stores a hash and the message that took it, never the number, and lets the item expire', async () => {
    const { client, tableName } = await freshStore();
    const key = recipientDayKey('sms', MOBILE, DAY);
    await new DynamoDbRecipientLimits(client, tableName).take(allowance('VF-AAAAA-00001/message.x.1', key));

    const { Item } = await client.send(
      new GetCommand({ TableName: tableName, Key: { pk: `RECIPIENTDAY#${key}`, sk: 'ALLOWANCE' } }),
    );

    expect(Item).toEqual({
      pk: `RECIPIENTDAY#${key}`,
      sk: 'ALLOWANCE',
      itemType: 'recipient-allowance',
      holder: 'VF-AAAAA-00001/message.x.1',
      expiresAt: EXPIRES.getTime() / 1000,
    });
    expect(JSON.stringify(Item)).not.toMatch(/7700|900321/);
  });
});

describe('the recipient a limit counts', () => {
  it('is one recipient however the same mailbox, number or address is written', () => {
    const same = (channel: 'sms' | 'email' | 'letter', a: string, b: string) =>
      expect(recipientDayKey(channel, a, DAY)).toBe(recipientDayKey(channel, b, DAY));

    same('email', 'Esme.Madeup@Example.org', 'esme.madeup+again@example.org');
    same('email', 'e.s.m.e@gmail.com', 'ESME+1@googlemail.com');
    same('letter', 'LE1 1ZZ|10 Example Street', 'le11zz|10, example street');
    expect(normalisedRecipient('sms', '+44 7700 900321')).toBe(MOBILE);
  });

  it('keeps dots apart outside Gmail, and the day, channel and recipient inside the hash', () => {
    expect(recipientDayKey('email', 'e.sme@example.org', DAY)).not.toBe(
      recipientDayKey('email', 'esme@example.org', DAY),
    );
    expect(recipientDayKey('sms', MOBILE, DAY)).toMatch(/^[0-9a-f]{64}$/);
  });
});
