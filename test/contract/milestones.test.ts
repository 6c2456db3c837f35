import { describe, expect, it } from 'vitest';
import { DynamoDbMilestoneStore } from '../../shared/adapters/dynamodb/milestones.ts';
import { InMemoryMilestoneStore } from '../../shared/adapters/memory/milestones.ts';
import {
  MILESTONES_PER_CASE_MAX,
  MilestoneNotFoundError,
  type NewMilestone,
  TooManyMilestonesError,
} from '../../shared/domain/milestone.ts';
import type { MilestoneStore } from '../../shared/ports/milestones.ts';
import { freshStore } from '../support/store.ts';

const CASE = 'VF-MLS00-00001';
const OTHER_CASE = 'VF-MLS00-00002';

const milestone = (overrides: Partial<NewMilestone> = {}): NewMilestone => ({
  caseId: CASE,
  milestoneId: '0d7c2a10-3d4e-4f50-9a6b-7c8d9e0f1a2b',
  kind: 'sentencing',
  date: '2027-03-15',
  consent: true,
  recordedBy: 'caseworker.one',
  recordedAt: new Date('2026-12-15T10:30:00Z'),
  reEngageAt: new Date('2027-03-08T09:00:00Z'),
  ...overrides,
});

const withdrawal = {
  by: 'caseworker.two',
  at: new Date('2027-01-04T11:00:00Z'),
  reason: 'Hearing adjourned',
};

// The same contract for the in-memory twin and the DynamoDB adapter on DynamoDB Local.
describe.each([
  ['in memory', async (): Promise<MilestoneStore> => new InMemoryMilestoneStore()],
  [
    'on DynamoDB Local',
    async (): Promise<MilestoneStore> => {
      const { client, tableName } = await freshStore();
      return new DynamoDbMilestoneStore(client, tableName);
    },
  ],
])('the milestone store %s', (_where, open) => {
  it('holds no milestones to begin with', async () => {
    const store = await open();

    expect(await store.listForCase(CASE)).toEqual([]);
    expect(await store.get(CASE, 1)).toBeUndefined();
  });

  it('numbers the milestones of a case from 1 and gives each back as recorded, every field', async () => {
    const store = await open();
    const { reEngageAt: _none, ...withoutCall } = milestone({
      milestoneId: 'second',
      kind: 'charge',
      date: '2026-11-30',
      consent: false,
    });

    expect(await store.record(milestone())).toEqual({
      milestone: { ...milestone(), number: 1 },
      result: 'recorded',
    });
    expect((await store.record(withoutCall)).milestone.number).toBe(2);

    expect(await store.get(CASE, 1)).toEqual({ ...milestone(), number: 1 });
    const second = await store.get(CASE, 2);
    expect(second).toEqual({ ...withoutCall, number: 2 });
    expect(Object.keys(second ?? {})).not.toContain('reEngageAt');
    expect((await store.listForCase(CASE)).map((m) => m.number)).toEqual([1, 2]);
  });

  it('records once however often the same form is sent, whatever it says the second time', async () => {
    const store = await open();
    await store.record(milestone());

    const again = await store.record(milestone({ date: '2027-04-01', consent: false }));

    expect(again).toEqual({ milestone: { ...milestone(), number: 1 }, result: 'already-recorded' });
    expect(await store.listForCase(CASE)).toHaveLength(1);
  });

  it('records one of two copies of a form sent at the same moment, and numbers two forms apart', async () => {
    const store = await open();

    const copies = await Promise.all([store.record(milestone()), store.record(milestone())]);
    expect(copies.map((c) => c.result).sort()).toEqual(['already-recorded', 'recorded']);
    expect(copies.map((c) => c.milestone.number)).toEqual([1, 1]);

    const two = await Promise.all([
      store.record(milestone({ milestoneId: 'a' })),
      store.record(milestone({ milestoneId: 'b' })),
    ]);
    expect(two.map((c) => c.milestone.number).sort()).toEqual([2, 3]);
    expect((await store.listForCase(CASE)).map((m) => m.milestoneId).sort()).toEqual([
      '0d7c2a10-3d4e-4f50-9a6b-7c8d9e0f1a2b',
      'a',
      'b',
    ]);
  });

  it("keeps each case's milestones to itself", async () => {
    const store = await open();
    await store.record(milestone());

    expect((await store.record(milestone({ caseId: OTHER_CASE }))).milestone.number).toBe(1);

    expect(await store.listForCase(OTHER_CASE)).toEqual([
      { ...milestone({ caseId: OTHER_CASE }), number: 1 },
    ]);
    expect(await store.listForCase(CASE)).toHaveLength(1);
  });

  it('withdraws a milestone once: the first withdrawal stands', async () => {
    const store = await open();
    await store.record(milestone());

    expect(await store.withdraw(CASE, 1, withdrawal)).toEqual({
      ...milestone(),
      number: 1,
      withdrawn: withdrawal,
    });
    const again = await store.withdraw(CASE, 1, { ...withdrawal, by: 'someone.else', reason: 'Other' });

    expect(again.withdrawn).toEqual(withdrawal);
    expect(await store.get(CASE, 1)).toEqual({ ...milestone(), number: 1, withdrawn: withdrawal });
  });

  it('refuses to withdraw a milestone the case does not have, writing nothing', async () => {
    const store = await open();
    await store.record(milestone());

    await expect(store.withdraw(CASE, 2, withdrawal)).rejects.toBeInstanceOf(MilestoneNotFoundError);
    await expect(store.withdraw(OTHER_CASE, 1, withdrawal)).rejects.toBeInstanceOf(MilestoneNotFoundError);
    expect(await store.listForCase(OTHER_CASE)).toEqual([]);
    expect(await store.get(CASE, 2)).toBeUndefined();
  });

  it(`refuses a milestone past the ${MILESTONES_PER_CASE_MAX}th of a case`, async () => {
    const store = await open();
    for (let n = 1; n <= MILESTONES_PER_CASE_MAX; n++)
      await store.record(milestone({ milestoneId: `m-${n}` }));

    await expect(store.record(milestone({ milestoneId: 'one-more' }))).rejects.toBeInstanceOf(
      TooManyMilestonesError,
    );
    expect(await store.listForCase(CASE)).toHaveLength(MILESTONES_PER_CASE_MAX);
  }, 60_000);
});
