import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { pinMatches } from '../../shared/domain/referrer-pin.ts';
import type { Referrer } from '../../shared/domain/target-hardening-jobs.ts';
import { dynamoDbThStores, inMemoryThStores } from '../support/target-hardening-stores.ts';

const REFERRER: Referrer = {
  referrerNumber: '300001',
  referrerId: 'dsa.referrer',
  service: 'domestic-and-sexual-abuse-service',
  name: 'Dee Specimen',
};
const PIN = '246813';

// The same contract for the in-memory twin and the DynamoDB adapter on DynamoDB Local.
describe.each([
  ['in memory', inMemoryThStores],
  ['on DynamoDB Local', dynamoDbThStores],
])('the referrer directory %s', (_where, open) => {
  it('knows no referrer to begin with', async () => {
    const { referrers } = await open();

    expect(await referrers.referrerByNumber('300001')).toBeUndefined();
  });

  it('finds a referrer by number, with a hash their PIN matches and no other PIN does', async () => {
    const { referrers } = await open();
    await referrers.putReferrer(REFERRER, PIN);

    const stored = await referrers.referrerByNumber('300001');

    expect(stored?.referrer).toEqual(REFERRER);
    expect(stored?.pinHash).toMatch(/^scrypt\$/);
    expect(stored?.pinHash).not.toContain(PIN);
    expect(await pinMatches(PIN, stored?.pinHash ?? '')).toBe(true);
    expect(await pinMatches('246814', stored?.pinHash ?? '')).toBe(false);
    expect(await referrers.referrerByNumber('300002')).toBeUndefined();
  });

  it('replaces a referrer put again, and their PIN with a new salt', async () => {
    const { referrers } = await open();
    await referrers.putReferrer(REFERRER, PIN);
    const first = await referrers.referrerByNumber('300001');

    await referrers.putReferrer({ ...REFERRER, name: 'Dee Specimen (DSA)' }, '13572468');
    const again = await referrers.referrerByNumber('300001');

    expect(again?.referrer.name).toBe('Dee Specimen (DSA)');
    expect(again?.pinHash).not.toBe(first?.pinHash);
    expect(await pinMatches(PIN, again?.pinHash ?? '')).toBe(false);
    expect(await pinMatches('13572468', again?.pinHash ?? '')).toBe(true);
  });
});

describe('the referrer directory on DynamoDB Local', () => {
  it('keeps each referrer under THREFERRER#<number>, with the PIN as its hash only', async () => {
    const { client, tableName, referrers } = await dynamoDbThStores();
    await referrers.putReferrer(REFERRER, PIN);

    const { Item } = await client.send(
      new GetCommand({ TableName: tableName, Key: { pk: 'THREFERRER#300001', sk: 'REFERRER' } }),
    );

    expect(Item).toEqual({
      pk: 'THREFERRER#300001',
      sk: 'REFERRER',
      itemType: 'th-referrer',
      ...REFERRER,
      pinHash: expect.stringMatching(/^scrypt\$/),
    });
    expect(JSON.stringify(Item)).not.toContain(PIN);
  });
});
