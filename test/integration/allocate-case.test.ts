import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoDbAuditLog } from '../../shared/adapters/dynamodb/audit-log.ts';
import { DynamoDbCaseOwners } from '../../shared/adapters/dynamodb/case-owners.ts';
import { DynamoDbCaseStore } from '../../shared/adapters/dynamodb/case-store.ts';
import { DynamoDbSupportStore } from '../../shared/adapters/dynamodb/support-store.ts';
import { allocateCase } from '../../shared/application/allocate-case.ts';
import { closeCase } from '../../shared/application/case-actions.ts';
import { type Assessment, NEEDS_AREAS } from '../../shared/domain/assessment.ts';
import { AllocationConflictError, CaseClosedForAllocationError } from '../../shared/domain/case-ownership.ts';
import { fixedClock, freshStore } from '../support/store.ts';

// Allocating a case writes three records (docs/web-app.md, actions that write more than once): the
// allocation with its owner record (one transaction), the audit entry and the timeline event. Failed at
// each write in turn — before the write, and after it landed with its answer lost — then sent again, every
// record is there exactly once, at the time of the first write that landed.

const CASE = 'VF-ACC00-00001';
const LEADER = { by: 'team.leader', role: 'team-leader', requestId: 'req-1' };
const FIRST = '2026-12-15T11:00:00Z';
const RETRY = '2026-12-15T11:07:00Z';
const WRITES = new Set(['PutCommand', 'UpdateCommand', 'TransactWriteCommand']);

/** Fails the nth write once, before it is sent or after it lands (its answer lost); 0 fails none. */
class Failer {
  private count = 0;
  /** The writes of the first call (the one a failure interrupts). */
  steps = 0;
  constructor(
    readonly n: number,
    readonly when: 'before' | 'after',
  ) {}
  async around<T>(run: () => Promise<T>): Promise<T> {
    this.count += 1;
    const failing = this.count === this.n;
    if (failing && this.when === 'before') throw new Error(`step ${this.n} failed`);
    const result = await run();
    if (failing) throw new Error(`step ${this.n}'s answer was lost`);
    return result;
  }
  firstCallDone() {
    this.steps = this.count;
  }
}

function failing(client: DynamoDBDocumentClient, failer: Failer): DynamoDBDocumentClient {
  const send = (command: { constructor: { name: string } }) =>
    WRITES.has(command.constructor.name)
      ? failer.around(() => client.send(command as never))
      : client.send(command as never);
  return { send } as unknown as DynamoDBDocumentClient;
}

/** The clean run (counting its writes), then each write failed both ways. */
async function eachFailure(scenario: (failer: Failer) => Promise<void>): Promise<number> {
  const clean = new Failer(0, 'before');
  await scenario(clean);
  for (let n = 1; n <= clean.steps; n++)
    for (const when of ['before', 'after'] as const) await scenario(new Failer(n, when));
  return clean.steps;
}

async function aScenario(failer: Failer) {
  const { client, tableName, store } = await freshStore();
  const owners = new DynamoDbCaseOwners(client, tableName);
  const clock = fixedClock(FIRST);
  const flaky = failing(client, failer);
  const deps = {
    owners: new DynamoDbCaseOwners(flaky, tableName),
    audit: new DynamoDbAuditLog(flaky, tableName),
    store: new DynamoDbCaseStore(flaky, tableName),
    clock,
  };
  const audited = async () =>
    (await new DynamoDbAuditLog(client, tableName).forCase(CASE, { limit: 200 })).entries.filter(
      (e) => e.what === 'case:allocate',
    );
  const events = async () => (await store.timeline(CASE)).filter((e) => e.type === 'case-allocated');
  return { owners, clock, deps, audited, events };
}

/** Calls the action: it throws when one of its writes was failed, and only then. */
async function attempt(failer: Failer, action: () => Promise<unknown>) {
  try {
    if (failer.n > 0) await expect(action()).rejects.toThrow(/step \d+/);
    else await action();
  } finally {
    failer.firstCallDone();
  }
}

describe('allocating a case, retried after a failure at each step', () => {
  it('allocates a waiting case once: one allocation, one owner, one audit entry, one timeline event', async () => {
    const steps = await eachFailure(async (failer) => {
      const { owners, clock, deps, audited, events } = await aScenario(failer);
      await owners.awaitAllocation(CASE, new Date('2026-12-15T10:00:00Z'));
      const request = { caseId: CASE, n: 1, to: 'caseworker.two', suggested: true, ...LEADER };

      await attempt(failer, () => allocateCase(deps, request));
      clock.set(RETRY);
      const again = await allocateCase(deps, { ...request, requestId: 'req-2' });
      // Allocated by the first call unless it failed before its first write.
      const at = new Date(failer.n === 1 && failer.when === 'before' ? RETRY : FIRST);

      expect(again).toEqual({
        caseId: CASE,
        n: 1,
        to: 'caseworker.two',
        by: 'team.leader',
        at,
        suggested: true,
      });
      expect(await owners.allocations(CASE)).toEqual([again]);
      expect((await owners.caseload('caseworker.two')).map((o) => o.caseId)).toEqual([CASE]);
      expect(await owners.unallocated()).toEqual([]);
      expect(await audited()).toEqual([
        expect.objectContaining({ user: 'team.leader', action: 'changed', at, entryId: 'allocation.1' }),
      ]);
      expect(await events()).toEqual([
        {
          eventId: 'allocation.1',
          caseId: CASE,
          type: 'case-allocated',
          at,
          detail: { to: 'caseworker.two', by: 'team.leader', reason: 'none', suggested: true },
        },
      ]);
    });
    expect(steps).toBe(3);
  });

  it('reallocates once with its reason kept on the allocation, never on the timeline', async () => {
    const reason = 'Caseworker on long-term leave';
    await eachFailure(async (failer) => {
      const { owners, clock, deps, audited, events } = await aScenario(failer);
      await owners.allocate({
        caseId: CASE,
        n: 1,
        to: 'caseworker.two',
        by: 'team.leader',
        at: new Date('2026-12-14T09:00:00Z'),
        suggested: true,
      });
      const request = {
        caseId: CASE,
        n: 2,
        to: 'caseworker.three',
        from: 'caseworker.two',
        reason: `  ${reason} `,
        suggested: false,
        ...LEADER,
      };

      await attempt(failer, () => allocateCase(deps, request));
      clock.set(RETRY);
      const again = await allocateCase(deps, { ...request, requestId: 'req-2' });

      expect(again).toMatchObject({ n: 2, to: 'caseworker.three', from: 'caseworker.two', reason });
      expect((await owners.allocations(CASE)).map((a) => a.to)).toEqual([
        'caseworker.two',
        'caseworker.three',
      ]);
      expect(await owners.caseload('caseworker.two')).toEqual([]);
      expect((await owners.caseload('caseworker.three')).map((o) => o.caseId)).toEqual([CASE]);
      expect((await audited()).map((e) => e.entryId)).toEqual(['allocation.2']);
      const [event] = await events();
      expect(event?.detail).toEqual({
        to: 'caseworker.three',
        by: 'team.leader',
        reason: 'reallocated',
        suggested: false,
      });
      expect(JSON.stringify(await events())).not.toContain('leave');
    });
  });

  it('refuses a second team leader’s different allocation under the same number, recording nothing of it', async () => {
    const { owners, deps, audited, events } = await aScenario(new Failer(0, 'before'));
    await allocateCase(deps, { caseId: CASE, n: 1, to: 'caseworker.two', suggested: true, ...LEADER });

    const second = allocateCase(deps, {
      caseId: CASE,
      n: 1,
      to: 'caseworker.one',
      suggested: false,
      by: 'other.leader',
      role: 'team-leader',
    });

    await expect(second).rejects.toBeInstanceOf(AllocationConflictError);
    expect((await owners.allocations(CASE)).map((a) => a.to)).toEqual(['caseworker.two']);
    expect(await audited()).toHaveLength(1);
    expect(await events()).toHaveLength(1);
  });

  it('refuses to allocate a closed case, recording nothing', async () => {
    const { owners, deps, audited, events } = await aScenario(new Failer(0, 'before'));
    await owners.awaitAllocation(CASE, new Date('2026-12-15T10:00:00Z'));
    await owners.markClosed(CASE, new Date('2026-12-15T10:30:00Z'));

    await expect(
      allocateCase(deps, { caseId: CASE, n: 1, to: 'caseworker.two', suggested: true, ...LEADER }),
    ).rejects.toBeInstanceOf(CaseClosedForAllocationError);
    expect(await owners.allocations(CASE)).toEqual([]);
    expect(await audited()).toEqual([]);
    expect(await events()).toEqual([]);
  });
});

describe('closing an owned case, retried after a failure at each step', () => {
  const scores = (score: number): Assessment =>
    Object.fromEntries(NEEDS_AREAS.map((area) => [area, { score }])) as unknown as Assessment;

  it('takes the case off its owner’s open caseload once the closure is recorded', async () => {
    const steps = await eachFailure(async (failer) => {
      const { client, tableName } = await freshStore();
      const owners = new DynamoDbCaseOwners(client, tableName);
      await owners.allocate({
        caseId: CASE,
        n: 1,
        to: 'caseworker.two',
        by: 'team.leader',
        at: new Date('2026-12-14T09:00:00Z'),
        suggested: true,
      });
      await new DynamoDbSupportStore(client, tableName).saveAssessment(CASE, {
        kind: 'closing',
        assessment: scores(3),
        by: 'caseworker.two',
        at: new Date('2026-12-15T09:00:00Z'),
      });
      const clock = fixedClock(FIRST);
      const flaky = failing(client, failer);
      const deps = {
        support: new DynamoDbSupportStore(flaky, tableName),
        audit: new DynamoDbAuditLog(flaky, tableName),
        store: new DynamoDbCaseStore(flaky, tableName),
        owners: new DynamoDbCaseOwners(flaky, tableName),
        clock,
      };
      const request = { caseId: CASE, by: 'caseworker.two', role: 'caseworker' };

      await attempt(failer, () => closeCase(deps, request));
      clock.set(RETRY);
      const closure = await closeCase(deps, request);

      expect(await owners.caseload('caseworker.two')).toEqual([]);
      expect((await owners.getOwner(CASE))?.closedAt).toEqual(closure.at);
    });
    // The closure, the caseload, the audit entry and the timeline event.
    expect(steps).toBe(4);
  });
});
