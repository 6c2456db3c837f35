import { describe, expect, it } from 'vitest';
import { DynamoDbCaseOwners } from '../../shared/adapters/dynamodb/case-owners.ts';
import { InMemoryCaseOwners } from '../../shared/adapters/memory/case-owners.ts';
import {
  type Allocation,
  AllocationConflictError,
  CaseClosedForAllocationError,
} from '../../shared/domain/case-ownership.ts';
import type { CaseOwners } from '../../shared/ports/case-owners.ts';
import { freshStore } from '../support/store.ts';

const CASE = 'VF-WNR00-00001';
const OTHER_CASE = 'VF-WNR00-00002';
const THIRD_CASE = 'VF-WNR00-00003';
const at = (iso: string) => new Date(iso);
const ENDED = at('2026-12-15T10:00:00Z');

const allocation = (overrides: Partial<Allocation> = {}): Allocation => ({
  caseId: CASE,
  n: 1,
  to: 'caseworker.two',
  by: 'team.leader',
  at: at('2026-12-15T11:00:00Z'),
  suggested: true,
  ...overrides,
});

// The same contract for the in-memory twin and the DynamoDB adapter on DynamoDB Local.
describe.each([
  ['in memory', async (): Promise<CaseOwners> => new InMemoryCaseOwners()],
  [
    'on DynamoDB Local',
    async (): Promise<CaseOwners> => {
      const { client, tableName } = await freshStore();
      return new DynamoDbCaseOwners(client, tableName);
    },
  ],
])('case owners %s', (_where, open) => {
  it('knows no owner, no allocation and no waiting case to begin with', async () => {
    const owners = await open();

    expect(await owners.getOwner(CASE)).toBeUndefined();
    expect(await owners.allocations(CASE)).toEqual([]);
    expect(await owners.unallocated()).toEqual([]);
    expect(await owners.caseload('caseworker.two')).toEqual([]);
  });

  it('lists a case waiting for allocation once, however often its path ending is recorded', async () => {
    const owners = await open();

    expect(await owners.awaitAllocation(CASE, ENDED)).toBe('waiting');
    expect(await owners.awaitAllocation(CASE, at('2026-12-15T10:05:00Z'))).toBe('unchanged');

    const waiting = { caseId: CASE, allocations: 0, waitingSince: ENDED };
    expect(await owners.getOwner(CASE)).toEqual(waiting);
    expect(await owners.unallocated()).toEqual([waiting]);
  });

  it('lists the waiting cases the longest waiting first', async () => {
    const owners = await open();
    await owners.awaitAllocation(OTHER_CASE, at('2026-12-15T12:00:00Z'));
    await owners.awaitAllocation(CASE, at('2026-12-14T09:00:00Z'));
    await owners.awaitAllocation(THIRD_CASE, at('2026-12-15T08:00:00Z'));

    expect((await owners.unallocated()).map((o) => o.caseId)).toEqual([CASE, THIRD_CASE, OTHER_CASE]);
  });

  it('allocates a waiting case: off the unallocated list, onto the caseworker’s caseload, kept in its history', async () => {
    const owners = await open();
    await owners.awaitAllocation(CASE, ENDED);

    expect(await owners.allocate(allocation())).toEqual({ status: 'allocated', allocation: allocation() });

    const owned = {
      caseId: CASE,
      owner: 'caseworker.two',
      allocatedAt: allocation().at,
      allocations: 1,
      waitingSince: ENDED,
    };
    expect(await owners.getOwner(CASE)).toEqual(owned);
    expect(await owners.unallocated()).toEqual([]);
    expect(await owners.caseload('caseworker.two')).toEqual([owned]);
    expect(await owners.caseload('caseworker.one')).toEqual([]);
    expect(await owners.allocations(CASE)).toEqual([allocation()]);
  });

  it('allocates a case that was not yet waiting (a team leader allocating early)', async () => {
    const owners = await open();

    await owners.allocate(allocation());

    expect(await owners.getOwner(CASE)).toEqual({
      caseId: CASE,
      owner: 'caseworker.two',
      allocatedAt: allocation().at,
      allocations: 1,
    });
    // The path ending later leaves the owner as it is.
    expect(await owners.awaitAllocation(CASE, ENDED)).toBe('unchanged');
    expect(await owners.unallocated()).toEqual([]);
    expect((await owners.getOwner(CASE))?.owner).toBe('caseworker.two');
  });

  it('answers the same allocation sent again with the one kept, and changes nothing', async () => {
    const owners = await open();
    await owners.allocate(allocation());

    const again = await owners.allocate(allocation({ at: at('2026-12-15T11:05:00Z'), suggested: false }));

    expect(again).toEqual({ status: 'already-allocated', allocation: allocation() });
    expect(await owners.allocations(CASE)).toEqual([allocation()]);
    expect((await owners.getOwner(CASE))?.allocatedAt).toEqual(allocation().at);
  });

  it('allocates one of two copies of an allocation sent at the same moment', async () => {
    const owners = await open();
    await owners.awaitAllocation(CASE, ENDED);

    const outcomes = await Promise.all([owners.allocate(allocation()), owners.allocate(allocation())]);

    expect(outcomes.map((o) => o.status).sort()).toEqual(['allocated', 'already-allocated']);
    expect(await owners.allocations(CASE)).toHaveLength(1);
  });

  it('refuses a different allocation under a number another took, saying whose it is', async () => {
    const owners = await open();
    await owners.allocate(allocation());

    const refused = owners.allocate(allocation({ to: 'caseworker.three', by: 'another.leader' }));

    await expect(refused).rejects.toBeInstanceOf(AllocationConflictError);
    await expect(refused).rejects.toMatchObject({ kept: allocation() });
    expect(await owners.caseload('caseworker.three')).toEqual([]);
    expect(await owners.allocations(CASE)).toEqual([allocation()]);
  });

  it('refuses an allocation whose number is not the next, and writes nothing of it', async () => {
    const owners = await open();
    await owners.awaitAllocation(CASE, ENDED);

    await expect(owners.allocate(allocation({ n: 2 }))).rejects.toBeInstanceOf(AllocationConflictError);

    expect(await owners.allocations(CASE)).toEqual([]);
    expect((await owners.unallocated()).map((o) => o.caseId)).toEqual([CASE]);
  });

  it('reallocates: the case moves from one caseload to the other, and both allocations are kept in order', async () => {
    const owners = await open();
    await owners.awaitAllocation(CASE, ENDED);
    await owners.allocate(allocation());
    const second = allocation({
      n: 2,
      to: 'caseworker.three',
      from: 'caseworker.two',
      at: at('2026-12-16T09:00:00Z'),
      reason: 'Caseworker on long-term leave',
      suggested: false,
    });

    expect((await owners.allocate(second)).status).toBe('allocated');

    expect(await owners.caseload('caseworker.two')).toEqual([]);
    expect((await owners.caseload('caseworker.three')).map((o) => [o.caseId, o.allocatedAt])).toEqual([
      [CASE, second.at],
    ]);
    expect(await owners.allocations(CASE)).toEqual([allocation(), second]);
    expect((await owners.getOwner(CASE))?.allocations).toBe(2);
  });

  it("lists a caseworker's open cases the longest held first, and no one else's", async () => {
    const owners = await open();
    await owners.allocate(allocation({ caseId: OTHER_CASE, at: at('2026-12-15T12:00:00Z') }));
    await owners.allocate(allocation({ caseId: CASE, at: at('2026-12-14T12:00:00Z') }));
    await owners.allocate(allocation({ caseId: THIRD_CASE, to: 'caseworker.one' }));

    expect((await owners.caseload('caseworker.two')).map((o) => o.caseId)).toEqual([CASE, OTHER_CASE]);
    expect((await owners.caseload('caseworker.one')).map((o) => o.caseId)).toEqual([THIRD_CASE]);
  });

  it('takes a closed case off its owner’s open caseload for good, and refuses to allocate it', async () => {
    const owners = await open();
    await owners.awaitAllocation(CASE, ENDED);
    await owners.allocate(allocation());
    const closedAt = at('2027-02-01T10:00:00Z');

    await owners.markClosed(CASE, closedAt);
    await owners.markClosed(CASE, at('2027-02-02T10:00:00Z'));

    expect(await owners.getOwner(CASE)).toEqual({
      caseId: CASE,
      owner: 'caseworker.two',
      allocatedAt: allocation().at,
      allocations: 1,
      waitingSince: ENDED,
      closedAt,
    });
    expect(await owners.caseload('caseworker.two')).toEqual([]);
    await expect(
      owners.allocate(allocation({ n: 2, to: 'caseworker.three', from: 'caseworker.two' })),
    ).rejects.toBeInstanceOf(CaseClosedForAllocationError);
    expect(await owners.allocations(CASE)).toEqual([allocation()]);
  });

  it('takes a closed waiting case off the unallocated list, and never lists a closed case as waiting', async () => {
    const owners = await open();
    await owners.awaitAllocation(CASE, ENDED);
    await owners.markClosed(CASE, at('2026-12-20T10:00:00Z'));
    await owners.markClosed(OTHER_CASE, at('2026-12-20T10:00:00Z'));

    expect(await owners.awaitAllocation(OTHER_CASE, at('2026-12-21T10:00:00Z'))).toBe('unchanged');

    expect(await owners.unallocated()).toEqual([]);
    expect(await owners.getOwner(OTHER_CASE)).toEqual({
      caseId: OTHER_CASE,
      allocations: 0,
      closedAt: at('2026-12-20T10:00:00Z'),
    });
    await expect(owners.allocate(allocation({ caseId: OTHER_CASE }))).rejects.toBeInstanceOf(
      CaseClosedForAllocationError,
    );
  });

  it('puts a reopened case back on its owner’s open caseload, where it was', async () => {
    const owners = await open();
    await owners.allocate(allocation());
    await owners.markClosed(CASE, at('2027-02-01T10:00:00Z'));

    expect(await owners.markReopened(CASE, at('2027-02-10T10:00:00Z'))).toBe('reopened');
    expect(await owners.markReopened(CASE, at('2027-02-10T10:05:00Z'))).toBe('unchanged');

    const owned = { caseId: CASE, owner: 'caseworker.two', allocatedAt: allocation().at, allocations: 1 };
    expect(await owners.getOwner(CASE)).toEqual(owned);
    expect(await owners.caseload('caseworker.two')).toEqual([owned]);
    // Open again, it can be reallocated, and closed again.
    await owners.allocate(
      allocation({ n: 2, to: 'caseworker.one', from: 'caseworker.two', reason: 'Back from leave' }),
    );
    await owners.markClosed(CASE, at('2027-03-01T10:00:00Z'));
    expect((await owners.getOwner(CASE))?.closedAt).toEqual(at('2027-03-01T10:00:00Z'));
    expect(await owners.caseload('caseworker.one')).toEqual([]);
  });

  it('lists a reopened case nobody owns as waiting for allocation, and leaves an open case as it is', async () => {
    const owners = await open();
    await owners.awaitAllocation(CASE, ENDED);
    await owners.markClosed(CASE, at('2026-12-20T10:00:00Z'));
    await owners.markClosed(OTHER_CASE, at('2026-12-20T10:00:00Z'));
    const reopenedAt = at('2027-01-05T10:00:00Z');

    expect(await owners.markReopened(CASE, reopenedAt)).toBe('reopened');
    expect(await owners.markReopened(OTHER_CASE, reopenedAt)).toBe('reopened');
    expect(await owners.markReopened(THIRD_CASE, reopenedAt)).toBe('unchanged');

    expect(await owners.unallocated()).toEqual([
      { caseId: CASE, allocations: 0, waitingSince: ENDED },
      { caseId: OTHER_CASE, allocations: 0, waitingSince: reopenedAt },
    ]);
    expect(await owners.getOwner(THIRD_CASE)).toBeUndefined();
  });
});
