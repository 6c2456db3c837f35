import { describe, expect, it } from 'vitest';
import { DynamoDbReturnSubmissions } from '../../shared/adapters/dynamodb/return-submissions.ts';
import { InMemoryReturnSubmissions } from '../../shared/adapters/memory/return-submissions.ts';
import type { ReturnSubmissions } from '../../shared/ports/return-submissions.ts';
import { freshStore } from '../support/store.ts';

const Q1 = { quarter: '2026/27-Q1', submittedBy: 'analyst', submittedAt: new Date('2026-07-20T09:30:00Z') };
const Q2 = { quarter: '2026/27-Q2', submittedBy: 'analyst', submittedAt: new Date('2026-10-28T14:00:00Z') };

// The same contract for the in-memory twin and the DynamoDB adapter on DynamoDB Local.
describe.each([
  ['in memory', async (): Promise<ReturnSubmissions> => new InMemoryReturnSubmissions()],
  [
    'on DynamoDB Local',
    async (): Promise<ReturnSubmissions> => {
      const { client, tableName } = await freshStore();
      return new DynamoDbReturnSubmissions(client, tableName);
    },
  ],
])('returns submitted %s', (_where, open) => {
  it('keeps each quarter marked, the newest quarter first', async () => {
    const submissions = await open();
    expect(await submissions.list()).toEqual([]);
    expect(await submissions.markSubmitted(Q1)).toEqual({ status: 'submitted', submission: Q1 });
    expect(await submissions.markSubmitted(Q2)).toEqual({ status: 'submitted', submission: Q2 });
    expect(await submissions.list()).toEqual([Q2, Q1]);
  });

  it('keeps the first marking of a quarter, and answers it to any later one', async () => {
    const submissions = await open();
    await submissions.markSubmitted(Q1);
    const again = { ...Q1, submittedBy: 'another.analyst', submittedAt: new Date('2026-07-25T09:00:00Z') };
    expect(await submissions.markSubmitted(again)).toEqual({ status: 'already-submitted', submission: Q1 });
    expect(await submissions.list()).toEqual([Q1]);
  });
});
