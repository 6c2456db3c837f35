import { readFileSync } from 'node:fs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoDbAuditLog } from '../../shared/adapters/dynamodb/audit-log.ts';
import { DynamoDbCaseStore } from '../../shared/adapters/dynamodb/case-store.ts';
import { DynamoDbHardshipFund } from '../../shared/adapters/dynamodb/hardship-fund.ts';
import { DynamoDbSupportStore } from '../../shared/adapters/dynamodb/support-store.ts';
import { DynamoDbTargetHardeningStore } from '../../shared/adapters/dynamodb/target-hardening-store.ts';
import { DynamoDbTaskStore } from '../../shared/adapters/dynamodb/task-store.ts';
import { closeCase, finishTask, payHardship } from '../../shared/application/case-actions.ts';
import { referForTargetHardening } from '../../shared/application/refer-target-hardening.ts';
import { type Assessment, NEEDS_AREAS } from '../../shared/domain/assessment.ts';
import type { HardshipPayment } from '../../shared/domain/hardship-fund.ts';
import { ThReferralSchema } from '../../shared/domain/target-hardening-referral.ts';
import { taskIdFor } from '../../shared/domain/task.ts';
import { TaskTokenRefusedError } from '../../shared/domain/workflows.ts';
import { fixedClock, freshStore } from '../support/store.ts';

// Each action that writes more than once (docs/web-app.md), failed at each of its writes in turn — before
// the write, and after it landed with its answer lost — then sent again: every record is there exactly once.

const CASE = 'VF-WRT00-00001';
const ACTOR = { by: 'caseworker.one', role: 'caseworker', requestId: 'req-1' };
const WRITES = new Set([
  'PutCommand',
  'UpdateCommand',
  'DeleteCommand',
  'TransactWriteCommand',
  'BatchWriteCommand',
]);

/** Fails the nth step (a write to the table, or a call to the workflow) once, before it or after it lands. */
class Failer {
  private count = 0;
  constructor(
    private readonly n: number,
    readonly when: 'before' | 'after',
  ) {}
  /** Counts a step: true when this one is to fail. */
  step(): boolean {
    this.count += 1;
    return this.count === this.n;
  }
  private firstCall = 0;
  /** The steps of the first call of the action (the one a failure interrupts). */
  get steps() {
    return this.firstCall;
  }
  /** The first call is over: its steps are counted. */
  firstCallDone() {
    this.firstCall = this.count;
  }
  /** Whether a step of the action is set to fail (the clean run fails none). */
  get failsSomething() {
    return this.n > 0;
  }
  /** Whether the first step is set to fail before it is written (so nothing of the first call lands). */
  get failsFirstWrite() {
    return this.n === 1 && this.when === 'before';
  }
  async around<T>(run: () => Promise<T>): Promise<T> {
    const failing = this.step();
    if (failing && this.when === 'before') throw new Error(`step ${this.n} failed`);
    const result = await run();
    if (failing) throw new Error(`step ${this.n}'s answer was lost`);
    return result;
  }
}

/** The document client, with its writes counted and one of them failed. */
function failing(client: DynamoDBDocumentClient, failer: Failer): DynamoDBDocumentClient {
  const send = (command: { constructor: { name: string } }) =>
    WRITES.has(command.constructor.name)
      ? failer.around(() => client.send(command as never))
      : client.send(command as never);
  return { send } as unknown as DynamoDBDocumentClient;
}

const scores = (score: number): Assessment =>
  Object.fromEntries(NEEDS_AREAS.map((area) => [area, { score }])) as unknown as Assessment;

async function auditOf(client: DynamoDBDocumentClient, tableName: string) {
  return (await new DynamoDbAuditLog(client, tableName).forCase(CASE, { limit: 200 })).entries;
}

/** Runs the scenario with no failure to count its steps, then fails each step in turn, both ways. */
async function eachFailure(scenario: (failer: Failer) => Promise<void>): Promise<number> {
  const clean = new Failer(0, 'before');
  await scenario(clean);
  for (let n = 1; n <= clean.steps; n++)
    for (const when of ['before', 'after'] as const) await scenario(new Failer(n, when));
  return clean.steps;
}

/** Calls the action; it throws when one of its steps was failed, and only then. */
async function attempt<T>(failer: Failer, action: () => Promise<T>): Promise<T | undefined> {
  try {
    if (failer.failsSomething) {
      await expect(action()).rejects.toThrow(/step \d+/);
      return undefined;
    }
    return await action();
  } finally {
    failer.firstCallDone();
  }
}

describe('actions that write more than once, retried after a failure at each step', () => {
  it('closes a case once: one closure, one audit entry, one timeline event', async () => {
    const closedAt = new Date('2026-12-15T10:00:00Z');
    const steps = await eachFailure(async (failer) => {
      const { client, tableName, store } = await freshStore();
      const clock = fixedClock(closedAt.toISOString());
      await new DynamoDbSupportStore(client, tableName).saveAssessment(CASE, {
        kind: 'closing',
        assessment: scores(3),
        by: ACTOR.by,
        at: new Date('2026-12-14T10:00:00Z'),
      });
      const flaky = failing(client, failer);
      const deps = {
        support: new DynamoDbSupportStore(flaky, tableName),
        audit: new DynamoDbAuditLog(flaky, tableName),
        store: new DynamoDbCaseStore(flaky, tableName),
        clock,
      };
      const request = { caseId: CASE, ...ACTOR };
      const first = await attempt(failer, () => closeCase(deps, request));
      clock.set('2026-12-15T10:07:00Z');
      const again = await closeCase(deps, { ...request, requestId: 'req-2' });
      // Closed by the first call unless it failed before its first write.
      expect(again).toEqual(first ?? { by: ACTOR.by, at: again.at });
      if (failer.failsFirstWrite) expect(again.at).not.toEqual(closedAt);
      else expect(again.at).toEqual(closedAt);

      expect((await new DynamoDbSupportStore(client, tableName).getSupport(CASE)).closed).toEqual(again);
      expect((await auditOf(client, tableName)).filter((e) => e.what === 'case:close')).toEqual([
        expect.objectContaining({ user: ACTOR.by, action: 'changed', at: again.at, entryId: 'case-close' }),
      ]);
      expect((await store.timeline(CASE)).filter((e) => e.type === 'support-closed')).toEqual([
        expect.objectContaining({ eventId: 'support-closed', at: again.at }),
      ]);
    });
    expect(steps).toBe(3);
  });

  it('pays a hardship payment once: one payment, one spend, one audit entry, one timeline event', async () => {
    const payment: HardshipPayment = {
      paymentId: 'form-key-0001',
      caseId: CASE,
      amountPence: 4_500,
      purpose: 'Replacement door lock',
      financialYear: '2026-27',
      paidBy: ACTOR.by,
      paidAt: new Date('2026-12-15T10:00:00Z'),
    };
    const steps = await eachFailure(async (failer) => {
      const { client, tableName, store } = await freshStore();
      const flaky = failing(client, failer);
      const deps = {
        hardship: new DynamoDbHardshipFund(flaky, tableName),
        audit: new DynamoDbAuditLog(flaky, tableName),
        store: new DynamoDbCaseStore(flaky, tableName),
      };
      await attempt(failer, () => payHardship(deps, payment, ACTOR));
      expect(await payHardship(deps, payment, { ...ACTOR, requestId: 'req-2' })).toEqual(payment);

      const fund = new DynamoDbHardshipFund(client, tableName);
      expect(await fund.paymentsOf(CASE)).toEqual([payment]);
      expect(await fund.spent('2026-27')).toBe(4_500);
      expect((await auditOf(client, tableName)).filter((e) => e.what === 'hardship:pay')).toEqual([
        expect.objectContaining({ at: payment.paidAt, entryId: 'hardship.form-key-0001' }),
      ]);
      expect((await store.timeline(CASE)).filter((e) => e.type === 'hardship-payment')).toHaveLength(1);
    });
    expect(steps).toBe(3);
  });

  it('completes a task once: one outcome, the workflow told once, one audit entry, one timeline event', async () => {
    const taskId = taskIdFor(CASE, 'call-attempt', 1);
    const completedAt = new Date('2026-11-23T10:30:00Z');
    const steps = await eachFailure(async (failer) => {
      const { client, tableName, store } = await freshStore();
      await new DynamoDbTaskStore(client, tableName).createTask({
        taskId,
        caseId: CASE,
        type: 'call-attempt',
        queue: 'caseworkers',
        priority: 3,
        due: new Date('2026-11-24T10:00:00Z'),
        attempt: 1,
        token: 'token-1',
        createdAt: new Date('2026-11-23T10:00:00Z'),
      });
      const heard: unknown[] = [];
      const clock = fixedClock(completedAt.toISOString());
      const flaky = failing(client, failer);
      const deps = {
        tasks: new DynamoDbTaskStore(flaky, tableName),
        store: new DynamoDbCaseStore(flaky, tableName),
        audit: new DynamoDbAuditLog(flaky, tableName),
        clock,
        workflows: {
          // A token answered once; Step Functions refuses it after (TaskDoesNotExist: 'unknown').
          sendTaskSuccess: (token: string, output: unknown) =>
            failer.around(async () => {
              if (heard.length > 0) throw new TaskTokenRefusedError('unknown', `token ${token} answered`);
              heard.push(output);
            }),
          sendTaskFailure: async () => {},
        },
      };
      const request = { taskId, outcome: { outcome: 'no-answer' }, ...ACTOR };
      await attempt(failer, () => finishTask(deps, request));
      clock.set('2026-11-23T10:40:00Z');
      const again = await finishTask(deps, { ...request, requestId: 'req-2' });
      // Completed by the first call unless it failed before its first write.
      expect(again).toMatchObject({
        status: 'completed',
        completedBy: ACTOR.by,
        completedAt: failer.failsFirstWrite ? new Date('2026-11-23T10:40:00Z') : completedAt,
      });

      expect(heard).toEqual([{ outcome: 'no-answer' }]);
      expect((await auditOf(client, tableName)).filter((e) => e.what === 'task:complete')).toEqual([
        expect.objectContaining({ at: again.completedAt, entryId: `task.${taskId}` }),
      ]);
      expect((await store.timeline(CASE)).filter((e) => e.type === 'task-completed')).toHaveLength(1);
    });
    expect(steps).toBe(4);
  });
  it('refers a case for target hardening once: one referral, one job, its workflow, one audit entry, one event', async () => {
    const referredAt = new Date('2026-12-15T10:00:00Z');
    const details = ThReferralSchema.parse({
      ...JSON.parse(readFileSync('samples/target-hardening-referral.json', 'utf8')),
      service: 'victim-first',
      reference: CASE,
      urgency: 'standard',
    });
    const steps = await eachFailure(async (failer) => {
      const { client, tableName, store } = await freshStore();
      const started: string[] = [];
      const clock = fixedClock(referredAt.toISOString());
      const flaky = failing(client, failer);
      const deps = {
        jobs: new DynamoDbTargetHardeningStore(flaky, tableName),
        store: new DynamoDbCaseStore(flaky, tableName),
        audit: new DynamoDbAuditLog(flaky, tableName),
        clock,
        // StartExecution with the job's id as its name: starting the same job again starts nothing more.
        workflows: {
          startTargetHardening: (jobId: string) =>
            failer.around(async (): Promise<'started' | 'already-started'> => {
              if (started.includes(jobId)) return 'already-started';
              started.push(jobId);
              return 'started';
            }),
        },
      };
      const request = { caseId: CASE, details, ...ACTOR };
      await attempt(failer, () => referForTargetHardening(deps, request));
      clock.set('2026-12-15T10:07:00Z');
      const again = await referForTargetHardening(deps, { ...request, requestId: 'req-2' });

      const jobs = await new DynamoDbTargetHardeningStore(client, tableName).listJobs();
      expect(jobs.map((job) => job.jobId)).toEqual([again.jobId]);
      expect(started).toEqual([again.jobId]);
      const number = again.referral.referralNumber;
      expect((await auditOf(client, tableName)).filter((e) => e.what === 'job:refer')).toEqual([
        expect.objectContaining({ at: again.referral.receivedAt, entryId: `target-hardening.${number}` }),
      ]);
      expect((await store.timeline(CASE)).filter((e) => e.type === 'target-hardening-referred')).toEqual([
        expect.objectContaining({ eventId: `target-hardening.${number}` }),
      ]);
    });
    expect(steps).toBeGreaterThanOrEqual(5);
  });
});
