import { describe, expect, it } from 'vitest';
import { DynamoDbWebChatSlotBookings } from '../../shared/adapters/dynamodb/web-chat-slots.ts';
import { InMemoryWebChatSlotBookings } from '../../shared/adapters/memory/web-chat-slots.ts';
import type { WebChatSlotBookings } from '../../shared/ports/web-chat-slots.ts';
import { freshStore } from '../support/store.ts';

const TEN = new Date('2026-12-15T10:00:00Z');
const HALF_PAST = new Date('2026-12-15T10:30:00Z');
const NEXT_DAY = new Date('2026-12-16T10:00:00Z');
const FIRST = '0b7f3c1e-7a52-4b8e-9f3c-2d6a1e0c4b01';
const SECOND = '0b7f3c1e-7a52-4b8e-9f3c-2d6a1e0c4b02';
const THIRD = '0b7f3c1e-7a52-4b8e-9f3c-2d6a1e0c4b03';

// The same contract for the in-memory twin and the DynamoDB adapter on DynamoDB Local.
describe.each([
  ['in memory', async (): Promise<WebChatSlotBookings> => new InMemoryWebChatSlotBookings()],
  [
    'on DynamoDB Local',
    async (): Promise<WebChatSlotBookings> => {
      const { client, tableName } = await freshStore();
      return new DynamoDbWebChatSlotBookings(client, tableName);
    },
  ],
])('web chat slot bookings %s', (_where, open) => {
  it('has every slot free to begin with', async () => {
    const slots = await open();
    expect(await slots.bookedBetween(TEN, NEXT_DAY)).toEqual(new Map());
  });

  it('gives a slot of capacity 1 to the first holder only, and to them again when they retry', async () => {
    const slots = await open();
    expect(await slots.book(TEN, FIRST, 1)).toBe('booked');
    expect(await slots.book(TEN, SECOND, 1)).toBe('full');
    expect(await slots.book(TEN, FIRST, 1)).toBe('booked');
    expect(await slots.bookedBetween(TEN, NEXT_DAY)).toEqual(new Map([[TEN.toISOString(), 1]]));
  });

  it('lets two holders asking at once for the last place have it one only', async () => {
    const slots = await open();
    const answers = await Promise.all([slots.book(TEN, FIRST, 1), slots.book(TEN, SECOND, 1)]);
    expect(answers.sort()).toEqual(['booked', 'full']);
  });

  it('takes as many holders as the capacity, each counted once', async () => {
    const slots = await open();
    expect(await slots.book(HALF_PAST, FIRST, 2)).toBe('booked');
    expect(await slots.book(HALF_PAST, FIRST, 2)).toBe('booked');
    expect(await slots.book(HALF_PAST, SECOND, 2)).toBe('booked');
    expect(await slots.book(HALF_PAST, THIRD, 2)).toBe('full');
    expect((await slots.bookedBetween(TEN, NEXT_DAY)).get(HALF_PAST.toISOString())).toBe(2);
  });

  it('lists the slots starting from `from` up to, not including, `to`', async () => {
    const slots = await open();
    for (const slot of [TEN, HALF_PAST, NEXT_DAY]) await slots.book(slot, FIRST, 1);
    expect([...(await slots.bookedBetween(HALF_PAST, NEXT_DAY)).keys()]).toEqual([HALF_PAST.toISOString()]);
    expect([...(await slots.bookedBetween(TEN, new Date(NEXT_DAY.getTime() + 1))).keys()]).toEqual([
      TEN.toISOString(),
      HALF_PAST.toISOString(),
      NEXT_DAY.toISOString(),
    ]);
  });
});
