import { describe, expect, it } from 'vitest';
import { DynamoDbHardshipFund } from '../../shared/adapters/dynamodb/hardship-fund.ts';
import { InMemoryHardshipFund } from '../../shared/adapters/memory/hardship-fund.ts';
import { HardshipBudgetExceededError, type HardshipPayment } from '../../shared/domain/hardship-fund.ts';
import type { HardshipFund } from '../../shared/ports/hardship-fund.ts';
import { freshStore } from '../support/store.ts';

const CASE = 'VF-HRD00-00001';
const OTHER_CASE = 'VF-HRD00-00002';
const BUDGET = 10_000;

const payment = (overrides: Partial<HardshipPayment> = {}): HardshipPayment => ({
  paymentId: '5b7c2a10-3d4e-4f50-9a6b-7c8d9e0f1a2b',
  caseId: CASE,
  financialYear: '2026-27',
  amountPence: 2_500,
  purpose: 'Replacement door lock',
  paidBy: 'caseworker.one',
  paidAt: new Date('2026-12-15T10:00:00Z'),
  ...overrides,
});

// The same contract for the in-memory twin and the DynamoDB adapter on DynamoDB Local.
describe.each([
  ['in memory', async (): Promise<HardshipFund> => new InMemoryHardshipFund()],
  [
    'on DynamoDB Local',
    async (): Promise<HardshipFund> => {
      const { client, tableName } = await freshStore();
      return new DynamoDbHardshipFund(client, tableName);
    },
  ],
])('the hardship fund %s', (_where, open) => {
  it('has spent nothing and paid nobody to begin with', async () => {
    const fund = await open();

    expect(await fund.spent('2026-27')).toBe(0);
    expect(await fund.paymentsOf(CASE)).toEqual([]);
  });

  it("pays a victim, spending the payment from its year's budget", async () => {
    const fund = await open();

    expect(await fund.pay(payment(), BUDGET)).toBe('paid');

    expect(await fund.spent('2026-27')).toBe(2_500);
    expect(await fund.paymentsOf(CASE)).toEqual([payment()]);
  });

  it('pays once however often the same payment is sent, whatever it says the second time', async () => {
    const fund = await open();
    await fund.pay(payment(), BUDGET);

    expect(await fund.pay(payment(), BUDGET)).toBe('already-paid');
    expect(await fund.pay(payment({ amountPence: 4_000, purpose: 'Travel' }), BUDGET)).toBe('already-paid');

    expect(await fund.spent('2026-27')).toBe(2_500);
    expect(await fund.paymentsOf(CASE)).toEqual([payment()]);
  });

  it('pays one of two copies of a form sent at the same moment', async () => {
    const fund = await open();

    const outcomes = await Promise.all([fund.pay(payment(), BUDGET), fund.pay(payment(), BUDGET)]);

    expect(outcomes.sort()).toEqual(['already-paid', 'paid']);
    expect(await fund.spent('2026-27')).toBe(2_500);
    expect(await fund.paymentsOf(CASE)).toHaveLength(1);
  });

  it('spends up to the budget exactly, then refuses a payment with no room and records nothing of it', async () => {
    const fund = await open();
    await fund.pay(payment({ paymentId: 'pay-1', amountPence: 6_000 }), BUDGET);
    expect(await fund.pay(payment({ paymentId: 'pay-2', amountPence: 4_000 }), BUDGET)).toBe('paid');

    await expect(fund.pay(payment({ paymentId: 'pay-3', amountPence: 1 }), BUDGET)).rejects.toBeInstanceOf(
      HardshipBudgetExceededError,
    );

    expect(await fund.spent('2026-27')).toBe(BUDGET);
    expect((await fund.paymentsOf(CASE)).map((p) => p.paymentId)).toEqual(['pay-1', 'pay-2']);
  });

  it("refuses a year's first payment larger than the whole budget, and spends nothing", async () => {
    const fund = await open();

    await expect(fund.pay(payment({ amountPence: BUDGET + 1 }), BUDGET)).rejects.toThrow(
      HardshipBudgetExceededError,
    );
    expect(await fund.spent('2026-27')).toBe(0);
    expect(await fund.paymentsOf(CASE)).toEqual([]);
  });

  it('answers a repeat of a payment as paid even once the budget is spent', async () => {
    const fund = await open();
    await fund.pay(payment({ paymentId: 'pay-1', amountPence: 6_000 }), BUDGET);
    await fund.pay(payment({ paymentId: 'pay-2', amountPence: 4_000 }), BUDGET);

    expect(await fund.pay(payment({ paymentId: 'pay-1', amountPence: 6_000 }), BUDGET)).toBe('already-paid');
    expect(await fund.spent('2026-27')).toBe(BUDGET);
  });

  it('never spends past the budget when payments arrive together', async () => {
    const fund = await open();
    await fund.pay(payment({ paymentId: 'pay-0', amountPence: 1_000 }), BUDGET);

    const outcomes = await Promise.allSettled(
      [1, 2, 3].map((n) =>
        fund.pay(payment({ paymentId: `pay-${n}`, caseId: `VF-HRD00-0000${n}`, amountPence: 4_000 }), BUDGET),
      ),
    );

    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(2);
    const refused = outcomes.filter((o) => o.status === 'rejected') as PromiseRejectedResult[];
    expect(refused.map((o) => o.reason)).toEqual([expect.any(HardshipBudgetExceededError)]);
    expect(await fund.spent('2026-27')).toBe(9_000);
  });

  it("keeps each year's budget apart", async () => {
    const fund = await open();
    await fund.pay(payment({ paymentId: 'pay-1', amountPence: BUDGET }), BUDGET);

    expect(
      await fund.pay(
        payment({ paymentId: 'pay-2', financialYear: '2027-28', paidAt: new Date('2027-04-01T09:00:00Z') }),
        BUDGET,
      ),
    ).toBe('paid');

    expect(await fund.spent('2026-27')).toBe(BUDGET);
    expect(await fund.spent('2027-28')).toBe(2_500);
    expect(await fund.spent('2025-26')).toBe(0);
  });

  it("lists a case's payments oldest first, and no other case's", async () => {
    const fund = await open();
    const at = (iso: string) => new Date(iso);
    await fund.pay(payment({ paymentId: 'c-pay', paidAt: at('2026-12-15T12:00:00Z') }), BUDGET);
    await fund.pay(payment({ paymentId: 'a-pay', paidAt: at('2026-12-16T09:00:00Z') }), BUDGET);
    await fund.pay(payment({ paymentId: 'b-pay', paidAt: at('2026-12-15T08:00:00Z') }), BUDGET);
    await fund.pay(payment({ paymentId: 'd-pay', caseId: OTHER_CASE }), BUDGET);

    expect((await fund.paymentsOf(CASE)).map((p) => p.paymentId)).toEqual(['b-pay', 'c-pay', 'a-pay']);
    expect(await fund.paymentsOf(OTHER_CASE)).toEqual([payment({ paymentId: 'd-pay', caseId: OTHER_CASE })]);
    expect(await fund.spent('2026-27')).toBe(10_000);
  });

  it("keeps a payment id to its own case: another case's payment of that id is paid", async () => {
    const fund = await open();
    await fund.pay(payment(), BUDGET);

    expect(await fund.pay(payment({ caseId: OTHER_CASE }), BUDGET)).toBe('paid');

    expect(await fund.spent('2026-27')).toBe(5_000);
    expect(await fund.paymentsOf(OTHER_CASE)).toEqual([payment({ caseId: OTHER_CASE })]);
  });
});
