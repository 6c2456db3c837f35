import { readFileSync } from 'node:fs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoDbAuditLog } from '../../shared/adapters/dynamodb/audit-log.ts';
import { DynamoDbCaseStore } from '../../shared/adapters/dynamodb/case-store.ts';
import { DynamoDbHardshipFund } from '../../shared/adapters/dynamodb/hardship-fund.ts';
import { DynamoDbSupportStore } from '../../shared/adapters/dynamodb/support-store.ts';
import { dynamoDbTargetHardeningStores } from '../../shared/adapters/dynamodb/target-hardening-stores.ts';
import { DynamoDbTaskStore } from '../../shared/adapters/dynamodb/task-store.ts';
import {
  closeAtContactPathEnd,
  closeCase,
  finishTask,
  payHardship,
  reopenCase,
} from '../../shared/application/case-actions.ts';
import { recordOnJob } from '../../shared/application/job-records.ts';
import { referForTargetHardening } from '../../shared/application/refer-target-hardening.ts';
import { type Assessment, NEEDS_AREAS } from '../../shared/domain/assessment.ts';
import {
  InvalidClosureError,
  SupportClosedError,
  SupportOpenError,
} from '../../shared/domain/case-support.ts';
import type { HardshipPayment } from '../../shared/domain/hardship-fund.ts';
import { DEFAULT_PRODUCT_LIMITS } from '../../shared/domain/target-hardening.ts';
import { JobNotWaitingError, type JobStage } from '../../shared/domain/target-hardening-jobs.ts';
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
        support: new DynamoDbSupportStore(flaky, tableName),
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
        jobs: dynamoDbTargetHardeningStores(flaky, tableName),
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

      const jobs = await dynamoDbTargetHardeningStores(client, tableName).listJobs();
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

describe('reopening and closing again, retried after a failure at each step', () => {
  const CLOSED_AT = new Date('2026-12-10T10:00:00Z');
  const REOPENED_AT = new Date('2026-12-15T10:00:00Z');
  const RETRY = '2026-12-15T10:07:00Z';

  /** A case closed as declined (the first closure, keyed as closures always were), on a fresh table. */
  async function aClosedCase() {
    const fresh = await freshStore();
    await closeCase(
      {
        support: new DynamoDbSupportStore(fresh.client, fresh.tableName),
        audit: new DynamoDbAuditLog(fresh.client, fresh.tableName),
        store: fresh.store,
        clock: fixedClock(CLOSED_AT.toISOString()),
      },
      { caseId: CASE, ...ACTOR, given: { reason: 'declined' } },
    );
    return fresh;
  }

  /** The services' stores over the flaky table. */
  const over = (flaky: DynamoDBDocumentClient, tableName: string, clock: ReturnType<typeof fixedClock>) => ({
    support: new DynamoDbSupportStore(flaky, tableName),
    audit: new DynamoDbAuditLog(flaky, tableName),
    store: new DynamoDbCaseStore(flaky, tableName),
    clock,
  });

  it('reopens a case once: one reopening, one audit entry, one timeline event', async () => {
    const LEAD = { by: 'team.leader', role: 'team-leader', requestId: 'req-1' };
    const steps = await eachFailure(async (failer) => {
      const { client, tableName, store } = await aClosedCase();
      const clock = fixedClock(REOPENED_AT.toISOString());
      const deps = over(failing(client, failer), tableName, clock);
      const request = { caseId: CASE, ...LEAD, reason: '  The victim rang: a new incident  ' };
      const first = await attempt(failer, () => reopenCase(deps, request));
      clock.set(RETRY);
      const again = await reopenCase(deps, { ...request, requestId: 'req-2' });
      // Reopened by the first call unless it failed before its first write.
      const at = failer.failsFirstWrite ? new Date(RETRY) : REOPENED_AT;
      expect(again).toEqual(first ?? { by: LEAD.by, at, reason: 'The victim rang: a new incident' });
      expect(again.at).toEqual(at);

      const support = await new DynamoDbSupportStore(client, tableName).getSupport(CASE);
      expect(support.reopened).toEqual(again);
      expect(support.earlier).toEqual([
        { change: 'closed', by: ACTOR.by, at: CLOSED_AT, reason: 'declined' },
      ]);
      expect((await auditOf(client, tableName)).filter((e) => e.what === 'case:reopen')).toEqual([
        expect.objectContaining({ user: LEAD.by, action: 'changed', at, entryId: 'case-reopen.1' }),
      ]);
      expect((await store.timeline(CASE)).filter((e) => e.type === 'support-reopened')).toEqual([
        expect.objectContaining({ eventId: 'support-reopened.1', at, detail: { by: LEAD.by } }),
      ]);
    });
    expect(steps).toBe(3);
  });

  it('closes a reopened case once more: the second closure, its own audit entry and timeline event', async () => {
    const CLOSED_AGAIN = new Date('2026-12-18T10:00:00Z');
    const given = { reason: 'other', reasonText: 'Moved into a refuge out of area' } as const;
    const steps = await eachFailure(async (failer) => {
      const { client, tableName, store } = await aClosedCase();
      await new DynamoDbSupportStore(client, tableName).reopen(CASE, {
        by: 'team.leader',
        at: REOPENED_AT,
        reason: 'New incident',
      });
      const clock = fixedClock(CLOSED_AGAIN.toISOString());
      const deps = over(failing(client, failer), tableName, clock);
      const request = { caseId: CASE, ...ACTOR, given };
      await attempt(failer, () => closeCase(deps, request));
      clock.set('2026-12-18T10:07:00Z');
      const again = await closeCase(deps, { ...request, requestId: 'req-2' });
      const at = failer.failsFirstWrite ? new Date('2026-12-18T10:07:00Z') : CLOSED_AGAIN;
      expect(again).toEqual({ by: ACTOR.by, at, ...given });

      const support = await new DynamoDbSupportStore(client, tableName).getSupport(CASE);
      expect(support.closed).toEqual(again);
      expect(support.earlier?.map((change) => change.change)).toEqual(['closed', 'reopened']);
      const audited = (await auditOf(client, tableName)).filter((e) => e.what === 'case:close');
      expect(audited.map((e) => e.entryId).sort()).toEqual(['case-close', 'case-close.2']);
      expect(audited.find((e) => e.entryId === 'case-close.2')).toMatchObject({ at, user: ACTOR.by });
      const closures = (await store.timeline(CASE)).filter((e) => e.type === 'support-closed');
      expect(closures).toEqual([
        expect.objectContaining({ eventId: 'support-closed', detail: { by: ACTOR.by, reason: 'declined' } }),
        // The reason's code only: other's words stay with the closure.
        expect.objectContaining({
          eventId: 'support-closed.2',
          at,
          detail: { by: ACTOR.by, reason: 'other' },
        }),
      ]);
    });
    expect(steps).toBe(3);
  });

  it('closes a case once when its contact path ends not contactable, however often the step is run', async () => {
    const ENDED = new Date('2026-12-15T16:00:00Z');
    const steps = await eachFailure(async (failer) => {
      const { client, tableName, store } = await freshStore();
      const flaky = failing(client, failer);
      const deps = {
        support: new DynamoDbSupportStore(flaky, tableName),
        store: new DynamoDbCaseStore(flaky, tableName),
      };
      const ending = { caseId: CASE, result: 'not-contactable', at: ENDED };
      await attempt(failer, () => closeAtContactPathEnd(deps, ending));
      // The step run again, later.
      expect(await closeAtContactPathEnd(deps, { ...ending, at: new Date('2026-12-15T16:05:00Z') })).toBe(
        'closed',
      );

      const support = await new DynamoDbSupportStore(client, tableName).getSupport(CASE);
      const at = failer.failsFirstWrite ? new Date('2026-12-15T16:05:00Z') : ENDED;
      expect(support.closed).toEqual({ by: 'system', at, reason: 'not-contactable' });
      expect(support).not.toHaveProperty('earlier');
      expect((await store.timeline(CASE)).filter((e) => e.type === 'support-closed')).toEqual([
        expect.objectContaining({
          eventId: 'support-closed',
          at,
          detail: { by: 'system', reason: 'not-contactable' },
        }),
      ]);
    });
    expect(steps).toBe(2);
  });

  it('leaves a case closed by a caseworker before its path ended as they closed it, and closes nothing for further support', async () => {
    const { client, tableName, store } = await aClosedCase();
    const deps = { support: new DynamoDbSupportStore(client, tableName), store };

    expect(await closeAtContactPathEnd(deps, { caseId: CASE, result: 'declined', at: REOPENED_AT })).toBe(
      'already-closed',
    );
    expect(
      await closeAtContactPathEnd(deps, {
        caseId: 'VF-WRT00-00002',
        result: 'further-support',
        at: REOPENED_AT,
      }),
    ).toBe('not-closing');

    expect((await deps.support.getSupport(CASE)).closed).toEqual({
      by: ACTOR.by,
      at: CLOSED_AT,
      reason: 'declined',
    });
    expect(await deps.support.getSupport('VF-WRT00-00002')).toEqual({ plan: [] });
    expect((await store.timeline(CASE)).filter((e) => e.type === 'support-closed')).toHaveLength(1);
  });

  it('refuses a new hardship payment on a closed case, paying nothing, and finishes one paid before it closed', async () => {
    const { client, tableName, store } = await freshStore();
    const deps = {
      hardship: new DynamoDbHardshipFund(client, tableName),
      support: new DynamoDbSupportStore(client, tableName),
      audit: new DynamoDbAuditLog(client, tableName),
      store,
    };
    const payment = (paymentId: string): HardshipPayment => ({
      paymentId,
      caseId: CASE,
      amountPence: 2_000,
      purpose: 'Taxi to court',
      financialYear: '2026-27',
      paidBy: ACTOR.by,
      paidAt: new Date('2026-12-15T10:00:00Z'),
    });
    await payHardship(deps, payment('paid-before'), ACTOR);
    await deps.support.closeSupport(CASE, ACTOR.by, new Date('2026-12-16T10:00:00Z'), {
      reason: 'moved-away',
    });

    await expect(payHardship(deps, payment('after-closing'), ACTOR)).rejects.toThrow(SupportClosedError);
    expect(await payHardship(deps, payment('paid-before'), ACTOR)).toEqual(payment('paid-before'));

    expect((await deps.hardship.paymentsOf(CASE)).map((p) => p.paymentId)).toEqual(['paid-before']);
    expect((await store.timeline(CASE)).filter((e) => e.type === 'hardship-payment')).toHaveLength(1);
  });

  it('refuses another closure of a closed case, and a reopening of an open one, recording nothing', async () => {
    const { client, tableName, store } = await aClosedCase();
    const deps = over(client, tableName, fixedClock(REOPENED_AT.toISOString()));

    await expect(
      closeCase(deps, {
        caseId: CASE,
        by: 'caseworker.two',
        role: 'caseworker',
        given: { reason: 'declined' },
      }),
    ).rejects.toThrow(SupportClosedError);
    await expect(
      closeCase(deps, { caseId: CASE, ...ACTOR, given: { reason: 'moved-away' } }),
    ).rejects.toThrow(SupportClosedError);
    await expect(reopenCase(deps, { caseId: CASE, ...ACTOR, reason: ' ' })).rejects.toThrow(
      InvalidClosureError,
    );
    await reopenCase(deps, { caseId: CASE, ...ACTOR, reason: 'Rang back' });
    await expect(
      reopenCase(deps, { caseId: CASE, by: 'caseworker.two', role: 'caseworker', reason: 'Rang back' }),
    ).rejects.toThrow(SupportOpenError);

    expect((await auditOf(client, tableName)).map((e) => e.entryId).sort()).toEqual([
      'case-close',
      'case-reopen.1',
    ]);
    expect((await store.timeline(CASE)).map((e) => e.eventId).sort()).toEqual([
      'support-closed',
      'support-reopened.1',
    ]);
  });
});

describe('the contractor’s job records, retried after a failure at each step', () => {
  const CONTRACTOR = { by: 'contractor.one', role: 'contractor', requestId: 'req-1' };
  const FIRST = '2026-12-15T10:00:00Z';
  const RETRY = '2026-12-15T10:07:00Z';
  const LOCK = {
    product: 'Door chain, British Standard',
    quantity: 2,
    unitCostPence: 1_500,
    approvedStandard: true,
  };
  /** What is entered at each stage, and what the job's workflow is answered with. */
  const RECORDS = {
    booking: {
      input: { outcome: 'booked', visitAt: '2026-12-17T10:00:00Z' },
      answer: { outcome: 'booked' },
    },
    // Score 2 plus 2 for each of the sample's two vulnerability factors: 6 → level 2, items the victim fits.
    visit: {
      input: { outcome: 'visited', assessmentScore: 2, items: [LOCK], survey: 'very-satisfied' },
      answer: { outcome: 'visited', level: 2, neededMoreThanAllowed: false, additionalNeeds: false },
    },
    'follow-up': {
      input: { outcome: 'spoke-to-victim', stillSecure: true, satisfaction: 'very-satisfied' },
      answer: { outcome: 'spoke-to-victim' },
    },
  } as const satisfies Record<JobStage, { input: unknown; answer: unknown }>;

  type Point = readonly [n: number, when: 'before' | 'after'];
  const key = ([n, when]: Point) => `${n}.${when}`;
  /** The clean run (step 0), then each of the three steps (record, workflow, audit) failed both ways. */
  const ALL: readonly Point[] = [
    [0, 'before'],
    [1, 'before'],
    [1, 'after'],
    [2, 'before'],
    [2, 'after'],
    [3, 'before'],
    [3, 'after'],
  ];
  // The record landed but the workflow did not hear it: the retry answers it with the token the stage
  // answered (kept on the job with the record). Looked at closely by their own test below.
  const TOKEN_GONE = new Set(['1.after', '2.before']);
  // The audit entry landed, then the action ran again: the booking's entry is keyed to when the booking
  // call was stored, so it is kept once. Looked at closely by their own test below.
  const BOOKING_AUDITED_AGAIN = new Set(['0.before', '3.after']);
  const pointsFor = (stage: JobStage) =>
    ALL.filter((p) => !TOKEN_GONE.has(key(p)) && !(stage === 'booking' && BOOKING_AUDITED_AGAIN.has(key(p))));

  const details = () =>
    ThReferralSchema.parse({
      ...JSON.parse(readFileSync('samples/target-hardening-referral.json', 'utf8')),
      service: 'victim-first',
      reference: CASE,
      urgency: 'standard',
    });

  /** A standard job whose workflow waits at the stage on the token `token.<stage>`. */
  async function aJobWaitingAt(client: DynamoDBDocumentClient, tableName: string, stage: JobStage) {
    const jobs = dynamoDbTargetHardeningStores(client, tableName);
    const at = new Date('2026-12-15T09:00:00Z');
    const { referral } = await jobs.recordReferral(details(), at, CASE);
    const { job } = await jobs.createJob(referral.referralNumber, 'standard', at);
    await jobs.waitFor(job.jobId, stage, new Date('2026-12-23T00:00:00Z'), `token.${stage}`);
    return job.jobId;
  }

  /** The service over a flaky table, with a workflow that hears a token once and refuses it after. */
  async function aScenario(stage: JobStage, failer: Failer) {
    const { client, tableName } = await freshStore();
    const jobId = await aJobWaitingAt(client, tableName, stage);
    const heard: Array<{ token: string; output: unknown }> = [];
    const clock = fixedClock(FIRST);
    const flaky = failing(client, failer);
    const deps = {
      jobs: dynamoDbTargetHardeningStores(flaky, tableName),
      audit: new DynamoDbAuditLog(flaky, tableName),
      clock,
      limits: DEFAULT_PRODUCT_LIMITS,
      workflows: {
        // Step Functions refuses a token answered once (TaskDoesNotExist: 'unknown').
        sendTaskSuccess: (token: string, output: unknown) =>
          failer.around(async () => {
            if (heard.some((h) => h.token === token))
              throw new TaskTokenRefusedError('unknown', `token ${token} answered`);
            heard.push({ token, output });
          }),
        sendTaskFailure: async () => {},
      },
    };
    const audited = async () =>
      (await new DynamoDbAuditLog(client, tableName).forCase(jobId, { limit: 200 })).entries.filter(
        (e) => e.what === `job:${stage}`,
      );
    const stored = async () => dynamoDbTargetHardeningStores(client, tableName).getJob(jobId);
    return { jobId, heard, clock, deps, audited, stored };
  }

  it.each(['booking', 'visit', 'follow-up'] as const)(
    'records the %s once: one record, the workflow told once, one audit entry',
    async (stage) => {
      const points = pointsFor(stage);
      for (const [n, when] of points) {
        const failer = new Failer(n, when);
        const { jobId, heard, clock, deps, audited, stored } = await aScenario(stage, failer);
        const request = { jobId, stage, input: RECORDS[stage].input, ...CONTRACTOR };
        await attempt(failer, () => recordOnJob(deps, request));
        if (n === 0) expect(failer.steps).toBe(3);
        clock.set(RETRY);
        const again = await recordOnJob(deps, { ...request, requestId: 'req-2' });
        // Written by the first call unless it failed before its first write.
        const at = new Date(failer.failsFirstWrite ? RETRY : FIRST);

        const job = await stored();
        expect(heard).toEqual([{ token: `token.${stage}`, output: RECORDS[stage].answer }]);
        expect(job?.waiting).toBeUndefined();
        if (stage === 'booking')
          expect(job?.booking).toEqual({
            outcome: 'booked',
            bookedBy: CONTRACTOR.by,
            bookedAt: at,
            visitAt: new Date('2026-12-17T10:00:00Z'),
          });
        if (stage === 'visit') {
          expect(job?.visit).toMatchObject({
            recordedBy: CONTRACTOR.by,
            visitedAt: at,
            level: 2,
            costPence: 3_000,
          });
          expect(await deps.jobs.productSpend('2026-27')).toBe(3_000);
        }
        if (stage === 'follow-up')
          expect(job?.followUp).toMatchObject({ recordedBy: CONTRACTOR.by, recordedAt: at });
        expect(again.jobId).toBe(jobId);
        expect(await audited()).toEqual([
          expect.objectContaining({
            user: CONTRACTOR.by,
            role: 'contractor',
            action: 'changed',
            // The booking's entry is at the time it is audited; the others' at their record's.
            at: stage === 'booking' ? expect.any(Date) : at,
            entryId: `job.${stage}`,
          }),
        ]);
      }
    },
  );

  it.each(['booking', 'visit', 'follow-up'] as const)(
    'refuses a different %s, or the same one by someone else, once the stage is recorded',
    async (stage) => {
      const { jobId, heard, deps, audited } = await aScenario(stage, new Failer(0, 'before'));
      const request = { jobId, stage, input: RECORDS[stage].input, ...CONTRACTOR };
      await recordOnJob(deps, request);
      const different = {
        booking: { outcome: 'booked', visitAt: '2026-12-18T10:00:00Z' },
        visit: { ...RECORDS.visit.input, survey: 'satisfied' },
        'follow-up': { ...RECORDS['follow-up'].input, stillSecure: false },
      }[stage];
      await expect(recordOnJob(deps, { ...request, input: different })).rejects.toThrow(JobNotWaitingError);
      await expect(recordOnJob(deps, { ...request, by: 'contractor.two' })).rejects.toThrow(
        JobNotWaitingError,
      );
      expect(heard).toHaveLength(1);
      expect(await audited()).toHaveLength(1);
    },
  );

  it.each(['booking', 'visit', 'follow-up'] as const)(
    'answers the workflow on a retry whose %s landed before the workflow heard it',
    async (stage) => {
      for (const point of [
        [1, 'after'],
        [2, 'before'],
      ] as const) {
        const failer = new Failer(point[0], point[1]);
        const { jobId, heard, clock, deps, audited, stored } = await aScenario(stage, failer);
        const request = { jobId, stage, input: RECORDS[stage].input, ...CONTRACTOR };
        await attempt(failer, () => recordOnJob(deps, request));
        // The record is on the job and the job no longer waits; the workflow has heard nothing.
        expect(heard).toEqual([]);
        const recorded = await stored();
        expect(recorded?.waiting).toBeUndefined();
        clock.set(RETRY);

        await recordOnJob(deps, { ...request, requestId: 'req-2' });
        // Sent once more when all is done: the workflow has heard it already, and that is done too.
        await recordOnJob(deps, { ...request, requestId: 'req-3' });

        expect(heard, key(point)).toEqual([{ token: `token.${stage}`, output: RECORDS[stage].answer }]);
        expect(await stored()).toEqual(recorded);
        if (stage === 'visit') expect(await deps.jobs.productSpend('2026-27')).toBe(3_000);
        expect(await audited()).toEqual([
          expect.objectContaining({ at: new Date(FIRST), entryId: `job.${stage}`, requestId: 'req-2' }),
        ]);
      }
    },
  );

  it('records the booking call’s audit entry once when it is sent again, at the time the booking was stored', async () => {
    for (const point of [
      [0, 'before'],
      [3, 'after'],
    ] as const) {
      const failer = new Failer(point[0], point[1]);
      const { jobId, heard, clock, deps, audited, stored } = await aScenario('booking', failer);
      const request = { jobId, stage: 'booking' as const, input: RECORDS.booking.input, ...CONTRACTOR };
      await attempt(failer, () => recordOnJob(deps, request));
      // The first attempt's audit entry landed (its answer lost, or the attempt finished).
      expect(await audited()).toHaveLength(1);
      clock.set(RETRY);

      await recordOnJob(deps, { ...request, requestId: 'req-2' });

      expect((await stored())?.booking?.bookedAt, key(point)).toEqual(new Date(FIRST));
      expect(await audited()).toEqual([
        expect.objectContaining({
          user: CONTRACTOR.by,
          role: 'contractor',
          action: 'changed',
          at: new Date(FIRST),
          entryId: 'job.booking',
          requestId: 'req-1',
        }),
      ]);
      expect(heard).toEqual([{ token: 'token.booking', output: RECORDS.booking.answer }]);
    }
  });
});
