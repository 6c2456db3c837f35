import { describe, expect, it } from 'vitest';
import { DynamoDbThOversightStore } from '../../shared/adapters/dynamodb/target-hardening-oversight.ts';
import { InMemoryThOversightStore } from '../../shared/adapters/memory/target-hardening-oversight.ts';
import {
  type ContractorRequest,
  OversightRefusedError,
} from '../../shared/domain/target-hardening-oversight.ts';
import type { ThOversightStore } from '../../shared/ports/target-hardening-oversight.ts';
import { freshStore } from '../support/store.ts';

const guarantee: ContractorRequest = {
  requestId: '0b7c2a10-3d4e-4f50-9a6b-7c8d9e0f1a2b',
  jobId: 'TH-1001',
  details: { kind: 'guarantee', covers: 'products', what: 'British Standard mortice lock', months: 24 },
  recordedBy: 'contractor.one',
  recordedAt: new Date('2026-05-04T10:00:00Z'),
};
const extraWork: ContractorRequest = {
  requestId: '1b7c2a10-3d4e-4f50-9a6b-7c8d9e0f1a2b',
  jobId: 'TH-1002',
  details: { kind: 'extra-work', description: 'A new back gate', estimatePence: 45_000 },
  recordedBy: 'contractor.one',
  recordedAt: new Date('2026-05-03T10:00:00Z'),
};
const refusal = {
  outcome: 'refused' as const,
  reason: 'Outside the contract: the landlord repairs gates',
  by: 'analyst.one',
  at: new Date('2026-05-05T09:00:00Z'),
};

// The same contract for the in-memory twin and the DynamoDB adapter on DynamoDB Local.
describe.each([
  ['in memory', async (): Promise<ThOversightStore> => new InMemoryThOversightStore()],
  [
    'on DynamoDB Local',
    async (): Promise<ThOversightStore> => {
      const { client, tableName } = await freshStore();
      return new DynamoDbThOversightStore(client, tableName);
    },
  ],
])('target hardening oversight %s', (_where, open) => {
  it('keeps guarantees and requests once each, oldest first, every field', async () => {
    const store = await open();
    expect(await store.listRequests()).toEqual([]);
    expect(await store.recordRequest(guarantee)).toBe('recorded');
    expect(await store.recordRequest(extraWork)).toBe('recorded');
    expect(await store.recordRequest({ ...guarantee, recordedBy: 'someone.else' })).toBe('duplicate');
    expect(await store.listRequests()).toEqual([extraWork, guarantee]);
    expect(await store.getRequest(guarantee.requestId)).toEqual(guarantee);
    expect(await store.getRequest('2b7c2a10-3d4e-4f50-9a6b-7c8d9e0f1a2b')).toBeUndefined();
  });

  it('decides a request once: the same decision again is a duplicate, another refused', async () => {
    const store = await open();
    await store.recordRequest(extraWork);
    expect(await store.decideRequest(extraWork.requestId, refusal)).toBe('recorded');
    expect(await store.decideRequest(extraWork.requestId, { ...refusal, at: new Date() })).toBe('duplicate');
    await expect(
      store.decideRequest(extraWork.requestId, { outcome: 'agreed', by: 'analyst.one', at: new Date() }),
    ).rejects.toThrow(OversightRefusedError);
    expect((await store.getRequest(extraWork.requestId))?.decision).toEqual(refusal);
    await expect(store.decideRequest('missing', refusal)).rejects.toThrow(OversightRefusedError);
  });

  it('chooses a job for inspection once and records its finding once', async () => {
    const store = await open();
    const at = new Date('2026-06-01T09:00:00Z');
    await expect(
      store.recordFinding('TH-1001', { result: 'satisfactory', by: 'analyst.one', at }),
    ).rejects.toThrow(OversightRefusedError);
    expect(await store.chooseForInspection('TH-1001', 'analyst.one', at)).toBe('chosen');
    expect(await store.chooseForInspection('TH-1001', 'analyst.two', new Date())).toBe('duplicate');
    expect(await store.chooseForInspection('TH-1003', 'analyst.one', at)).toBe('chosen');
    const finding = {
      result: 'remedial-work-needed' as const,
      notes: 'Window lock loose',
      by: 'analyst.one',
      at: new Date('2026-06-10T14:00:00Z'),
    };
    expect(await store.recordFinding('TH-1001', finding)).toBe('recorded');
    expect(await store.recordFinding('TH-1001', { ...finding, at: new Date() })).toBe('duplicate');
    await expect(store.recordFinding('TH-1001', { ...finding, result: 'satisfactory' })).rejects.toThrow(
      OversightRefusedError,
    );
    expect(await store.listInspections()).toEqual([
      { jobId: 'TH-1001', chosenBy: 'analyst.one', chosenAt: at, finding },
      { jobId: 'TH-1003', chosenBy: 'analyst.one', chosenAt: at },
    ]);
    expect(await store.getInspection('TH-1002')).toBeUndefined();
  });
});
