import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { JobNotWaitingError, ProductBudgetExceededError } from '../../shared/domain/target-hardening-jobs.ts';
import {
  dynamoDbThStores,
  inMemoryThStores,
  type ThStores,
  thReferral,
} from '../support/target-hardening-stores.ts';

const NOW = new Date('2026-12-15T10:00:00Z');
const DUE = new Date('2027-06-30T00:00:00Z');
const BUDGET = 10_000;

/** A job waiting for its visit, one per reference. */
async function aJobAwaitingItsVisit(stores: ThStores, reference: string) {
  const { referral } = await stores.referrals.recordReferral(thReferral({ reference }), NOW);
  const { job } = await stores.jobs.createJob(referral.referralNumber, 'standard', NOW);
  await stores.jobs.waitFor(job.jobId, 'visit', DUE, `token.${job.jobId}`);
  return job.jobId;
}

/** Visiting a job on a day, spending this much on items. */
const visiting = (stores: ThStores, jobId: string, costPence: number, visitedAt = '2026-12-18T14:00:00Z') =>
  stores.jobs.recordVisit(
    jobId,
    {
      visitedAt: new Date(visitedAt),
      recordedBy: 'fitter.one',
      visit: {
        outcome: 'visited',
        assessmentScore: 6,
        items: [{ product: 'Window locks', quantity: 1, unitCostPence: costPence, approvedStandard: true }],
        neededMoreThanAllowed: false,
        survey: 'satisfied',
      },
      level: 2,
      costPence,
    },
    BUDGET,
  );

// The same contract for the in-memory twin and the DynamoDB adapter on DynamoDB Local: the budget is spent
// by the job store's visits, and read here.
describe.each([
  ['in memory', inMemoryThStores],
  ['on DynamoDB Local', dynamoDbThStores],
])('the target-hardening product budget %s', (_where, open) => {
  it('has spent nothing in a year with no visit', async () => {
    const { budget } = await open();

    expect(await budget.productSpend('2026-27')).toBe(0);
  });

  it("adds each visit's items to its own financial year, April to March in London", async () => {
    const stores = await open();

    await visiting(stores, await aJobAwaitingItsVisit(stores, 'a'), 1_000, '2027-03-31T22:30:00Z');
    await visiting(stores, await aJobAwaitingItsVisit(stores, 'b'), 2_000, '2027-03-31T23:30:00Z');
    await visiting(stores, await aJobAwaitingItsVisit(stores, 'c'), 500, '2027-01-10T10:00:00Z');

    expect(await stores.budget.productSpend('2026-27')).toBe(1_500);
    expect(await stores.budget.productSpend('2027-28')).toBe(2_000);
  });

  it('spends the budget to the last penny, and refuses a visit past it, recording neither', async () => {
    const stores = await open();
    await visiting(stores, await aJobAwaitingItsVisit(stores, 'a'), 6_000);
    const over = await aJobAwaitingItsVisit(stores, 'b');

    const refused = visiting(stores, over, 4_001);

    await expect(refused).rejects.toThrow(ProductBudgetExceededError);
    await expect(refused).rejects.toMatchObject({ leftPence: 4_000 });
    expect(await stores.budget.productSpend('2026-27')).toBe(6_000);
    expect((await stores.jobs.getJob(over))?.waiting?.stage).toBe('visit');

    expect(await visiting(stores, over, 4_000)).toBe(`token.${over}`);
    expect(await stores.budget.productSpend('2026-27')).toBe(BUDGET);
  });

  it("refuses a year's first visit costing more than the whole budget, and spends nothing", async () => {
    const stores = await open();
    const jobId = await aJobAwaitingItsVisit(stores, 'a');

    await expect(visiting(stores, jobId, BUDGET + 1)).rejects.toThrow(ProductBudgetExceededError);

    expect(await stores.budget.productSpend('2026-27')).toBe(0);
    expect((await stores.jobs.getJob(jobId))?.waiting?.stage).toBe('visit');
  });

  it('spends nothing for a visit the job was no longer waiting for, nor for the same visit sent again', async () => {
    const stores = await open();
    const jobId = await aJobAwaitingItsVisit(stores, 'a');
    await visiting(stores, jobId, 1_000);

    await expect(visiting(stores, jobId, 2_000)).rejects.toThrow(JobNotWaitingError);
    expect(await visiting(stores, jobId, 1_000)).toBe(`token.${jobId}`);

    expect(await stores.budget.productSpend('2026-27')).toBe(1_000);
  });

  it('lets only what fits through when visits are recorded at once', async () => {
    const stores = await open();
    await visiting(stores, await aJobAwaitingItsVisit(stores, 'first'), 1_000);
    const jobs = [];
    for (const reference of ['a', 'b', 'c', 'd']) jobs.push(await aJobAwaitingItsVisit(stores, reference));

    const outcomes = await Promise.allSettled(jobs.map((jobId) => visiting(stores, jobId, 4_000)));

    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(2);
    expect(await stores.budget.productSpend('2026-27')).toBe(9_000);
  });
});

describe('the target-hardening product budget on DynamoDB Local', () => {
  it("keeps each year's spend under THBUDGET#<year>", async () => {
    const stores = await dynamoDbThStores();
    await visiting(stores, await aJobAwaitingItsVisit(stores, 'a'), 1_234);

    const { Item } = await stores.client.send(
      new GetCommand({ TableName: stores.tableName, Key: { pk: 'THBUDGET#2026-27', sk: 'BUDGET' } }),
    );

    expect(Item).toEqual({ pk: 'THBUDGET#2026-27', sk: 'BUDGET', spentPence: 1_234 });
  });
});
