import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { contractorViewOf } from '../../shared/domain/target-hardening-referral.ts';
import { dynamoDbThStores, inMemoryThStores, thReferral } from '../support/target-hardening-stores.ts';

const RECEIVED = new Date('2026-12-15T10:00:00Z');
const CASE = 'VF-THREF-00001';

// The same contract for the in-memory twin and the DynamoDB adapter on DynamoDB Local.
describe.each([
  ['in memory', inMemoryThStores],
  ['on DynamoDB Local', dynamoDbThStores],
])('target-hardening referrals %s', (_where, open) => {
  it('records a referral, numbered from 100001, and reads it back by its number', async () => {
    const { referrals } = await open();
    const details = thReferral();

    const { referral, status } = await referrals.recordReferral(details, RECEIVED);

    expect(status).toBe('recorded');
    expect(referral).toEqual({ referralNumber: '100001', receivedAt: RECEIVED, details });
    expect(await referrals.getReferral('100001')).toEqual(referral);
    expect(await referrals.getReferral('100002')).toBeUndefined();
  });

  it('answers the same service and reference again with the first referral, whatever the resend says', async () => {
    const { referrals } = await open();
    const { referral: first } = await referrals.recordReferral(thReferral(), RECEIVED);

    const again = await referrals.recordReferral(
      thReferral({ urgency: 'emergency' }),
      new Date('2026-12-15T11:00:00Z'),
    );

    expect(again).toEqual({ referral: first, status: 'duplicate' });
    expect(await referrals.getReferral('100002')).toBeUndefined();
  });

  it('numbers referrals of other references, or of another service with the same reference, in turn', async () => {
    const { referrals } = await open();
    await referrals.recordReferral(thReferral(), RECEIVED);

    const other = await referrals.recordReferral(thReferral({ reference: 'DSA-2026-0418' }), RECEIVED);
    const fromVictimFirst = await referrals.recordReferral(
      thReferral({ service: 'victim-first', reference: 'DSA-2026-0417' }),
      RECEIVED,
    );

    expect([other.referral.referralNumber, fromVictimFirst.referral.referralNumber]).toEqual([
      '100002',
      '100003',
    ]);
    expect([other.status, fromVictimFirst.status]).toEqual(['recorded', 'recorded']);
  });

  it('records one referral when the same one is sent several times at once', async () => {
    const { referrals } = await open();
    const details = thReferral();

    const answers = await Promise.all(
      Array.from({ length: 4 }, () => referrals.recordReferral(details, RECEIVED)),
    );

    expect(new Set(answers.map((answer) => answer.referral.referralNumber)).size).toBe(1);
    expect(answers.filter((answer) => answer.status === 'recorded')).toHaveLength(1);
    expect(await referrals.referralsReceivedOn('2026-12-15')).toHaveLength(1);
  });

  it('finds the referral made from a Victim First case, by the case', async () => {
    const { referrals } = await open();
    const details = thReferral({ service: 'victim-first', reference: CASE });
    const { referral } = await referrals.recordReferral(details, RECEIVED, CASE);

    expect(referral.caseId).toBe(CASE);
    expect(await referrals.referralOfCase(CASE)).toEqual(referral);
    expect(await referrals.referralOfCase('VF-THREF-00002')).toBeUndefined();
  });

  it("does not take another service's reference for a case", async () => {
    const { referrals } = await open();
    await referrals.recordReferral(thReferral({ reference: CASE }), RECEIVED);

    expect(await referrals.referralOfCase(CASE)).toBeUndefined();
  });

  it('lists the referrals received on a London day, in the order they came', async () => {
    const { referrals } = await open();
    // 23:30 UTC on 30 June is 00:30 on 1 July in London (British Summer Time).
    const late = await referrals.recordReferral(
      thReferral({ reference: 'late' }),
      new Date('2026-07-01T22:00:00Z'),
    );
    const early = await referrals.recordReferral(
      thReferral({ reference: 'early' }),
      new Date('2026-06-30T23:30:00Z'),
    );
    await referrals.recordReferral(thReferral({ reference: 'day-before' }), new Date('2026-06-30T22:59:00Z'));

    expect(await referrals.referralsReceivedOn('2026-07-01')).toEqual([early.referral, late.referral]);
    expect(await referrals.referralsReceivedOn('2026-07-02')).toEqual([]);
  });

  it('keeps its own copy: changing what was given or read back changes nothing kept', async () => {
    const { referrals } = await open();
    const details = thReferral();
    await referrals.recordReferral(details, RECEIVED);
    const read = await referrals.getReferral('100001');

    (details.victim as { forename: string }).forename = 'Changed';
    (read?.details.victim as { surname: string }).surname = 'Changed';

    expect((await referrals.getReferral('100001'))?.details).toEqual(thReferral());
  });

  it('gives the contractor view of its details only what the contractor may see', async () => {
    const { referrals } = await open();
    const { referral } = await referrals.recordReferral(thReferral(), RECEIVED);

    expect(contractorViewOf(referral.details)).toEqual({
      name: 'Ms Ada Example',
      address: { line1: '12 Example Street', town: 'Leicester', postcode: 'LE1 1ZZ' },
      phone: '+447700900123',
      vulnerabilities: ['domestic-abuse'],
    });
  });
});

describe('target-hardening referrals on DynamoDB Local', () => {
  it('keeps the referral under THREF#<number>, its reference under THREFKEY#, and its day on gsi2', async () => {
    const { client, tableName, referrals } = await dynamoDbThStores();
    const details = thReferral({ service: 'victim-first', reference: CASE });
    await referrals.recordReferral(details, RECEIVED, CASE);

    const get = async (pk: string, sk: string) =>
      (await client.send(new GetCommand({ TableName: tableName, Key: { pk, sk } }))).Item;

    expect(await get(`THREFKEY#victim-first#${CASE}`, 'KEY')).toEqual({
      pk: `THREFKEY#victim-first#${CASE}`,
      sk: 'KEY',
      itemType: 'th-referral-key',
      referralNumber: '100001',
    });
    expect(await get('THREF#100001', 'REFERRAL')).toEqual({
      pk: 'THREF#100001',
      sk: 'REFERRAL',
      itemType: 'th-referral',
      referralNumber: '100001',
      receivedAt: RECEIVED.toISOString(),
      details,
      gsi2pk: 'TH_RECEIVED#2026-12-15',
      gsi2sk: `${RECEIVED.toISOString()}#100001`,
      caseId: CASE,
    });
    expect(await get('COUNTER', 'th-referral')).toEqual({ pk: 'COUNTER', sk: 'th-referral', n: 1 });
  });
});
