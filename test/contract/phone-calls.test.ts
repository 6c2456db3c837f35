import { describe, expect, it } from 'vitest';
import { DynamoDbPhoneCalls } from '../../shared/adapters/dynamodb/phone-calls.ts';
import { InMemoryPhoneCalls } from '../../shared/adapters/memory/phone-calls.ts';
import type { MatchedCall } from '../../shared/domain/phone-call.ts';
import type { PhoneCalls } from '../../shared/ports/phone-calls.ts';
import { freshStore } from '../support/store.ts';

const CALL: MatchedCall = {
  contactId: '0f6c2d1e-7a3b-4c5d-8e9f-a0b1c2d3e4f5',
  caseId: 'VF-CALL0-00001',
  caseworker: 'caseworker.one',
  matchedAt: new Date('2026-12-15T10:00:00Z'),
};

// The same contract for the in-memory twin and the DynamoDB adapter on DynamoDB Local.
describe.each([
  ['in memory', async (): Promise<PhoneCalls> => new InMemoryPhoneCalls()],
  [
    'on DynamoDB Local',
    async (): Promise<PhoneCalls> => {
      const { client, tableName } = await freshStore();
      return new DynamoDbPhoneCalls(client, tableName);
    },
  ],
])("the 0800 line's matched calls %s", (_where, open) => {
  it('keeps a match and gives it back by contact id; an unknown contact has none', async () => {
    const calls = await open();

    await calls.recordMatch(CALL);

    expect(await calls.matchOf(CALL.contactId)).toEqual(CALL);
    expect(await calls.matchOf('another-contact')).toBeUndefined();
  });

  it('keeps the first match when the same contact is matched again', async () => {
    const calls = await open();

    await calls.recordMatch(CALL);
    await calls.recordMatch({
      ...CALL,
      caseId: 'VF-CALL0-00002',
      matchedAt: new Date('2026-12-15T10:00:05Z'),
    });

    expect(await calls.matchOf(CALL.contactId)).toEqual(CALL);
  });

  it('keeps a match with no caseworker (a case waiting for allocation) without one', async () => {
    const calls = await open();
    const { caseworker: _none, ...waiting } = CALL;

    await calls.recordMatch(waiting);

    expect(await calls.matchOf(CALL.contactId)).toEqual(waiting);
  });
});
