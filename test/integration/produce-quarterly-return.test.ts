import { beforeEach, describe, expect, it } from 'vitest';
import { createReceiveReferral } from '../../functions/intake/receive-referral/receive-referral.ts';
import { createProduceQuarterlyReturn } from '../../functions/reporting/produce-quarterly-return/produce-quarterly-return.ts';
import { httpApiRequest, localContext } from '../../local/lambda-events.ts';
import { DynamoDbAgencyList } from '../../shared/adapters/dynamodb/agencies.ts';
import type { DynamoDbCaseStore } from '../../shared/adapters/dynamodb/case-store.ts';
import { DynamoDbSupportStore } from '../../shared/adapters/dynamodb/support-store.ts';
import { dynamoDbTargetHardeningStores } from '../../shared/adapters/dynamodb/target-hardening-stores.ts';
import { LLR_AGENCIES, LLR_AGENCIES_SEED } from '../../shared/domain/agencies.ts';
import type { QuarterlyReturn } from '../../shared/domain/reporting/quarterly-return.ts';
import type { ReturnFormat } from '../../shared/domain/reporting/return-formats.ts';
import type { StoredReturn } from '../../shared/domain/reporting/stored-returns.ts';
import type { ReturnStore } from '../../shared/ports/return-store.ts';
import type { TargetHardeningStores } from '../../shared/ports/target-hardening.ts';
import { aPartnerReferralBody } from '../fixtures/referrals.ts';
import { RecordingWorkflows } from '../support/recording-workflows.ts';
import { fixedClock, freshStore } from '../support/store.ts';

/** The returns bucket in memory: what was put, in order, and the last body of each quarter and format. */
class MemoryReturnStore implements ReturnStore {
  readonly puts: string[] = [];
  readonly bodies = new Map<string, Uint8Array | string>();
  async put(quarter: string, format: ReturnFormat, body: Uint8Array | string) {
    this.puts.push(`${quarter}.${format}`);
    this.bodies.set(`${quarter}.${format}`, body);
  }
  async list(): Promise<StoredReturn[]> {
    throw new Error('the function never lists returns');
  }
  async get(): Promise<Uint8Array | undefined> {
    throw new Error('the function never reads returns');
  }
  json(quarter: string): QuarterlyReturn {
    return JSON.parse(String(this.bodies.get(`${quarter}.json`))) as QuarterlyReturn;
  }
}

/** Tuesday 11 August 2026 and Tuesday 13 October 2026, 10:00 in Leicester: in Q2 and in Q3 of 2026/27. */
const IN_Q2 = '2026-08-11T09:00:00Z';
const IN_Q3 = '2026-10-13T09:00:00Z';
/** The schedule's run for Q2: 06:00 on 1 October 2026, British Summer Time. */
const Q2_RUN = '2026-10-01T05:00:00Z';

describe('producing the quarterly return, on DynamoDB Local', () => {
  let store: DynamoDbCaseStore;
  let support: DynamoDbSupportStore;
  let jobs: TargetHardeningStores;
  let agencies: DynamoDbAgencyList;
  const clock = fixedClock(IN_Q2);

  beforeEach(async () => {
    const fresh = await freshStore();
    store = fresh.store;
    support = new DynamoDbSupportStore(fresh.client, fresh.tableName);
    jobs = dynamoDbTargetHardeningStores(fresh.client, fresh.tableName);
    agencies = new DynamoDbAgencyList(fresh.client, fresh.tableName);
  });

  /** A partner referral received now (the clock's time), through the intake handler. */
  async function aReferral(reference: string) {
    const workflows = new RecordingWorkflows();
    const response = await createReceiveReferral({
      store,
      clock,
      workflows,
      referrals: jobs,
      jobs,
      targetHardening: workflows,
    })(
      httpApiRequest('POST', '/referrals/partner', JSON.stringify(aPartnerReferralBody({ reference }))),
      localContext('receive-referral'),
    );
    expect(response.statusCode).toBe(201);
  }

  const produce = (returns: ReturnStore, event: unknown) =>
    createProduceQuarterlyReturn({
      sources: { store, support, referrals: jobs, jobs, agencies },
      returns,
      clock,
      productBudgetPence: 1_000_000,
    })(event, localContext('produce-quarterly-return', 900_000));

  const received = (r: QuarterlyReturn) => r.measures.find((m) => m.id === 'referrals-received')?.value;

  it('makes the quarter before the scheduled run from what was recorded, and stores it in all four formats', async () => {
    clock.set(IN_Q2);
    await aReferral('DSA-2026-0001');
    await aReferral('DSA-2026-0002');
    clock.set(IN_Q3);
    await aReferral('DSA-2026-0003');
    clock.set('2026-10-01T05:00:04Z');
    const returns = new MemoryReturnStore();

    const result = await produce(returns, { scheduledTime: Q2_RUN });

    expect(result).toEqual({
      status: 'stored',
      quarter: '2026/27-Q2',
      formats: ['csv', 'json', 'html', 'pdf'],
      measures: expect.any(Number),
    });
    expect(returns.puts).toEqual(['2026/27-Q2.csv', '2026/27-Q2.json', '2026/27-Q2.html', '2026/27-Q2.pdf']);
    const report = returns.json('2026/27-Q2');
    expect(received(report)).toBe(2);
    expect(report.producedAt).toBe('2026-10-01T05:00:04.000Z');
    expect(String(returns.bodies.get('2026/27-Q2.csv'))).toContain('referrals-received');
    expect(String(returns.bodies.get('2026/27-Q2.html'))).toContain('<html');
    expect(
      Buffer.from(returns.bodies.get('2026/27-Q2.pdf') as Uint8Array)
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
  });

  it('stores the same figures under the same names when run again', async () => {
    clock.set(IN_Q2);
    await aReferral('DSA-2026-0001');
    clock.set('2026-10-01T05:00:00Z');
    const first = new MemoryReturnStore();
    await produce(first, { scheduledTime: Q2_RUN });
    clock.set('2026-10-01T07:30:00Z');
    const again = new MemoryReturnStore();
    await produce(again, { scheduledTime: Q2_RUN });

    expect(again.puts).toEqual(first.puts);
    expect(again.json('2026/27-Q2').measures).toEqual(first.json('2026/27-Q2').measures);
    expect(String(again.bodies.get('2026/27-Q2.csv'))).toBe(String(first.bodies.get('2026/27-Q2.csv')));
  });

  it('makes the quarter an operator asks for once it has ended, and refuses one that has not', async () => {
    clock.set(IN_Q2);
    await aReferral('DSA-2026-0001');
    clock.set('2026-12-15T10:00:00Z');
    const returns = new MemoryReturnStore();

    expect(await produce(returns, { quarter: '2026/27-Q2' })).toMatchObject({ quarter: '2026/27-Q2' });
    expect(received(returns.json('2026/27-Q2'))).toBe(1);
    await expect(produce(returns, { quarter: '2026/27-Q3' })).rejects.toMatchObject({
      name: 'QuarterNotEndedError',
      message: expect.stringContaining('2026/27-Q3 has not ended'),
    });
    expect(returns.puts.filter((put) => put.startsWith('2026/27-Q3'))).toEqual([]);
  });

  it('refuses a quarter that is not one, and a scheduled time that is not a time, naming the field', async () => {
    const returns = new MemoryReturnStore();
    await expect(produce(returns, { quarter: '2026-Q2' })).rejects.toMatchObject({
      name: 'InvalidReturnRequestError',
      message: expect.stringMatching(/^quarter must be a financial-year quarter .*"2026-Q2"/),
    });
    await expect(produce(returns, { scheduledTime: 'first of October' })).rejects.toMatchObject({
      name: 'InvalidReturnRequestError',
      message: expect.stringMatching(/^scheduledTime /),
    });
    expect(returns.puts).toEqual([]);
  });

  it('counts the case page’s onward referrals under the agency list’s names as they are when it is made', async () => {
    clock.set(IN_Q2);
    await aReferral('DSA-2026-0001');
    const [caseId = ''] = await store.caseIdsReceivedOn('2026-08-11');
    await agencies.seed(LLR_AGENCIES_SEED, LLR_AGENCIES, clock.now());
    for (const [key, agencyId] of [
      ['k1', 'juniper-lodge'],
      ['k2', 'juniper-lodge'],
      ['k3', 'turning-point'],
    ] as const)
      await store.recordEvent({
        eventId: `onward-referral.${key}`,
        caseId,
        type: 'onward-referral-made',
        at: clock.now(),
        detail: { agencyId, service: 'as it was called then', by: 'caseworker.one' },
      });
    // Renamed by an administrator after the referrals, before the return.
    await agencies.renameAgency('juniper-lodge', 'Juniper Lodge Centre', 'admin.one', clock.now());
    clock.set('2026-10-01T05:00:04Z');
    const returns = new MemoryReturnStore();

    await produce(returns, { scheduledTime: Q2_RUN });

    const byAgency = returns
      .json('2026/27-Q2')
      .measures.filter((m) => m.id.startsWith('onward-referrals.agency.'))
      .map((m) => [m.id, m.label, m.value]);
    expect(byAgency).toEqual([
      ['onward-referrals.agency.juniper-lodge', 'Juniper Lodge Centre', 2],
      ['onward-referrals.agency.turning-point', 'Turning Point', 1],
    ]);
    expect(String(returns.bodies.get('2026/27-Q2.csv'))).not.toContain('as it was called then');
  });
});
