import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoDbSupportStore } from '../../shared/adapters/dynamodb/support-store.ts';
import { InMemorySupportStore } from '../../shared/adapters/memory/support-store.ts';
import {
  type Assessment,
  NEEDS_AREAS,
  type NeedScore,
  YOUNG_PERSON_AREAS,
  type YoungPersonAssessment,
} from '../../shared/domain/assessment.ts';
import {
  CLOSURE_REASONS,
  type ClosureReason,
  closureReasonOf,
  type RecordedAssessment,
  type RjRecord,
  RjStateError,
  SupportClosedError,
  SupportOpenError,
  supportChanges,
} from '../../shared/domain/case-support.ts';
import type { PlanAction } from '../../shared/domain/support-plan.ts';
import type { SupportStore } from '../../shared/ports/support-store.ts';
import { freshStore } from '../support/store.ts';

const CASE = 'VF-SUP00-00001';
const OTHER_CASE = 'VF-SUP00-00002';
const at = (day: number, hour = 10) => new Date(Date.UTC(2026, 11, day, hour));

const scored = (score: NeedScore, notes?: string): Assessment =>
  Object.fromEntries(
    NEEDS_AREAS.map((area) => [area, notes === undefined ? { score } : { score, notes }]),
  ) as unknown as Assessment;

const assessment = (kind: 'initial' | 'closing', score: NeedScore, when = at(15)): RecordedAssessment => ({
  kind,
  assessment: scored(score),
  by: 'caseworker.one',
  at: when,
});

const action = (actionId: string, overrides: Partial<PlanAction> = {}): PlanAction => ({
  actionId,
  area: 'personal-safety',
  action: 'Fit a door chain',
  owner: 'Victim First',
  reviewBy: '2027-01-15',
  addedBy: 'caseworker.one',
  addedAt: at(15),
  ...overrides,
});

const request = (status: RjRecord['status'] = 'awaiting-approval'): RjRecord => ({
  status,
  requestedBy: 'caseworker.one',
  requestedAt: at(16),
});

/** A case whose support was closed after its closing assessment. */
async function closedCase(support: SupportStore): Promise<void> {
  await support.saveAssessment(CASE, assessment('initial', 2));
  await support.addPlanAction(CASE, action('action-1'));
  await support.saveAssessment(CASE, assessment('closing', 4, at(20)));
  await support.closeSupport(CASE, 'caseworker.one', at(21));
}

// The same contract for the in-memory twin and the DynamoDB adapter on DynamoDB Local.
describe.each([
  ['in memory', async (): Promise<SupportStore> => new InMemorySupportStore()],
  [
    'on DynamoDB Local',
    async (): Promise<SupportStore> => {
      const { client, tableName } = await freshStore();
      return new DynamoDbSupportStore(client, tableName);
    },
  ],
])('the support of a case %s', (_where, open) => {
  it('has no assessment, an empty plan and no closure to begin with', async () => {
    const support = await open();

    expect(await support.getSupport(CASE)).toEqual({ plan: [] });
  });

  it("keeps a young person's assessment with its form, and an adult's without one", async () => {
    const support = await open();
    const young = Object.fromEntries(
      YOUNG_PERSON_AREAS.map((area, i) => [
        area,
        i === 0 ? { score: 2, notes: 'Scared on the bus' } : { score: 3 },
      ]),
    ) as unknown as YoungPersonAssessment;
    const initial: RecordedAssessment = {
      kind: 'initial',
      form: 'young-person',
      assessment: young,
      by: 'caseworker.one',
      at: at(15),
    };
    await support.saveAssessment(CASE, initial);
    await support.saveAssessment(OTHER_CASE, assessment('initial', 3));

    expect((await support.getSupport(CASE)).initial).toEqual(initial);
    expect((await support.getSupport(OTHER_CASE)).initial).toEqual(assessment('initial', 3));
    expect((await support.getSupport(OTHER_CASE)).initial).not.toHaveProperty('form');
  });

  it('records the initial and closing assessments, notes and all, and revises one saved again', async () => {
    const support = await open();
    const initial: RecordedAssessment = {
      kind: 'initial',
      assessment: scored(2, 'Worried at night'),
      by: 'caseworker.one',
      at: at(15),
    };
    await support.saveAssessment(CASE, initial);
    await support.saveAssessment(CASE, assessment('closing', 4, at(20)));
    await support.saveAssessment(CASE, assessment('closing', 5, at(21)));

    expect(await support.getSupport(CASE)).toEqual({
      initial,
      closing: assessment('closing', 5, at(21)),
      plan: [],
    });
    expect(await support.getSupport(OTHER_CASE)).toEqual({ plan: [] });
  });

  it('adds an action once however often its form is sent, the first standing', async () => {
    const support = await open();

    expect(await support.addPlanAction(CASE, action('action-1'))).toBe('added');
    expect(await support.addPlanAction(CASE, action('action-1', { action: 'Something else' }))).toBe(
      'already-added',
    );
    const together = await Promise.all([
      support.addPlanAction(CASE, action('action-2')),
      support.addPlanAction(CASE, action('action-2')),
    ]);

    expect(together.sort()).toEqual(['added', 'already-added']);
    expect((await support.getSupport(CASE)).plan).toEqual([action('action-1'), action('action-2')]);
  });

  it('keeps the plan in the order the actions were added, then by their ids', async () => {
    const support = await open();
    await support.addPlanAction(CASE, action('b-action', { addedAt: at(15, 9) }));
    await support.addPlanAction(CASE, action('c-action', { addedAt: at(14) }));
    await support.addPlanAction(CASE, action('a-action', { addedAt: at(15, 9), area: 'finance-benefits' }));
    await support.addPlanAction(OTHER_CASE, action('d-action', { addedAt: at(1) }));

    expect((await support.getSupport(CASE)).plan.map((a) => a.actionId)).toEqual([
      'c-action',
      'a-action',
      'b-action',
    ]);
    expect((await support.getSupport(CASE)).plan[1]).toEqual(
      action('a-action', { addedAt: at(15, 9), area: 'finance-benefits' }),
    );
  });

  it('closes support once its closing assessment is recorded, and only once', async () => {
    const support = await open();
    await support.saveAssessment(CASE, assessment('initial', 2));

    await expect(support.closeSupport(CASE, 'caseworker.one', at(21))).rejects.toThrow(
      /no closing assessment/,
    );
    expect(await support.getSupport(CASE)).not.toHaveProperty('closed');

    await support.saveAssessment(CASE, assessment('closing', 4, at(20)));
    await support.closeSupport(CASE, 'caseworker.one', at(21));
    await expect(support.closeSupport(CASE, 'lead.two', at(22))).rejects.toThrow(/already closed/);

    expect((await support.getSupport(CASE)).closed).toEqual({ by: 'caseworker.one', at: at(21) });
  });

  it('closes support once when it is closed twice at the same moment', async () => {
    const support = await open();
    await support.saveAssessment(CASE, assessment('closing', 4, at(20)));

    const outcomes = await Promise.allSettled([
      support.closeSupport(CASE, 'caseworker.one', at(21)),
      support.closeSupport(CASE, 'lead.two', at(21)),
    ]);

    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(SupportClosedError);
    expect((await support.getSupport(CASE)).closed?.at).toEqual(at(21));
  });

  it('refuses to close a case with no support at all', async () => {
    const support = await open();

    await expect(support.closeSupport(CASE, 'caseworker.one', at(21))).rejects.toBeInstanceOf(
      SupportClosedError,
    );
    expect(await support.getSupport(CASE)).toEqual({ plan: [] });
  });

  it('refuses any change once the case is closed, and keeps its support as it was', async () => {
    const support = await open();
    await closedCase(support);
    const before = await support.getSupport(CASE);

    await expect(support.saveAssessment(CASE, assessment('closing', 1, at(22)))).rejects.toBeInstanceOf(
      SupportClosedError,
    );
    await expect(support.addPlanAction(CASE, action('action-2'))).rejects.toBeInstanceOf(SupportClosedError);
    await expect(support.requestRestorativeJustice(CASE, request())).rejects.toBeInstanceOf(
      SupportClosedError,
    );

    expect(await support.getSupport(CASE)).toEqual(before);
    // Another case's support is its own.
    expect(await support.addPlanAction(OTHER_CASE, action('action-2'))).toBe('added');
  });

  it('answers a repeat of an action added before the closure as added, not as a change after it', async () => {
    const support = await open();
    await closedCase(support);

    expect(await support.addPlanAction(CASE, action('action-1'))).toBe('already-added');
    expect((await support.getSupport(CASE)).plan).toEqual([action('action-1')]);
  });

  it('records a request for restorative justice once, the first standing', async () => {
    const support = await open();
    await support.requestRestorativeJustice(CASE, request('referred'));

    await expect(support.requestRestorativeJustice(CASE, request())).rejects.toBeInstanceOf(RjStateError);

    expect((await support.getSupport(CASE)).restorativeJustice).toEqual(request('referred'));
  });

  it('keeps a request as made: any decision it carries is left for a team leader to take', async () => {
    const support = await open();

    await support.requestRestorativeJustice(CASE, {
      ...request('awaiting-approval'),
      decidedBy: 'lead.two',
      decidedAt: at(17),
    });

    expect((await support.getSupport(CASE)).restorativeJustice).toEqual(request('awaiting-approval'));
  });

  it('refuses a second request on a closed case as a request already made', async () => {
    const support = await open();
    await support.requestRestorativeJustice(CASE, request());
    await closedCase(support);

    await expect(support.requestRestorativeJustice(CASE, request())).rejects.toBeInstanceOf(RjStateError);
  });

  it("records a team leader's decision on a request awaiting approval, once", async () => {
    const support = await open();
    await support.requestRestorativeJustice(CASE, request());

    await support.decideRestorativeJustice(CASE, true, 'lead.two', at(17));
    await expect(support.decideRestorativeJustice(CASE, false, 'lead.three', at(18))).rejects.toBeInstanceOf(
      RjStateError,
    );

    expect((await support.getSupport(CASE)).restorativeJustice).toEqual({
      ...request(),
      status: 'approved',
      decidedBy: 'lead.two',
      decidedAt: at(17),
    });
  });

  it('records a refusal of a request', async () => {
    const support = await open();
    await support.requestRestorativeJustice(CASE, request());

    await support.decideRestorativeJustice(CASE, false, 'lead.two', at(17));

    expect((await support.getSupport(CASE)).restorativeJustice).toMatchObject({
      status: 'not-approved',
      decidedBy: 'lead.two',
    });
  });

  it('refuses a decision with no request awaiting approval, and makes no request of it', async () => {
    const support = await open();
    await support.requestRestorativeJustice(OTHER_CASE, request('referred'));

    await expect(support.decideRestorativeJustice(CASE, true, 'lead.two', at(17))).rejects.toBeInstanceOf(
      RjStateError,
    );
    await expect(
      support.decideRestorativeJustice(OTHER_CASE, true, 'lead.two', at(17)),
    ).rejects.toBeInstanceOf(RjStateError);

    expect(await support.getSupport(CASE)).toEqual({ plan: [] });
    expect((await support.getSupport(OTHER_CASE)).restorativeJustice).toEqual(request('referred'));
  });

  it('takes a decision on a request made before the case closed', async () => {
    const support = await open();
    await support.requestRestorativeJustice(CASE, request());
    await closedCase(support);

    await support.decideRestorativeJustice(CASE, true, 'lead.two', at(22));

    expect((await support.getSupport(CASE)).restorativeJustice?.status).toBe('approved');
  });

  it('gives the whole of a closed case back as recorded', async () => {
    const support = await open();
    await support.requestRestorativeJustice(CASE, request('referred'));
    await closedCase(support);

    expect(await support.getSupport(CASE)).toEqual({
      initial: assessment('initial', 2),
      closing: assessment('closing', 4, at(20)),
      plan: [action('action-1')],
      closed: { by: 'caseworker.one', at: at(21) },
      restorativeJustice: request('referred'),
    });
  });
  // Closure reasons and reopening (docs/data-model.md, support closure and history).

  it.each(CLOSURE_REASONS.filter((reason) => reason !== 'support-completed' && reason !== 'other'))(
    'closes for %s without the closing assessment, and keeps the reason',
    async (reason) => {
      const support = await open();

      await support.closeSupport(CASE, 'caseworker.one', at(21), { reason });

      expect((await support.getSupport(CASE)).closed).toEqual({ by: 'caseworker.one', at: at(21), reason });
    },
  );

  it('closes as support completed only once the closing assessment is recorded', async () => {
    const support = await open();
    const completed = { reason: 'support-completed' } as const;

    await expect(support.closeSupport(CASE, 'caseworker.one', at(21), completed)).rejects.toThrow(
      /no closing assessment/,
    );
    expect(await support.getSupport(CASE)).toEqual({ plan: [] });

    await support.saveAssessment(CASE, assessment('closing', 4, at(20)));
    await support.closeSupport(CASE, 'caseworker.one', at(21), completed);
    const { closed } = await support.getSupport(CASE);
    expect(closed).toEqual({ by: 'caseworker.one', at: at(21), reason: 'support-completed' });
  });

  it("keeps other's words with the closure", async () => {
    const support = await open();
    const given = { reason: 'other', reasonText: 'The victim asked us to stop for now' } as const;

    await support.closeSupport(CASE, 'caseworker.one', at(21), given);

    expect((await support.getSupport(CASE)).closed).toEqual({ by: 'caseworker.one', at: at(21), ...given });
  });

  it('reads a closure recorded without a reason as support completed', async () => {
    const support = await open();
    await closedCase(support);

    const { closed } = await support.getSupport(CASE);
    expect(closed && closureReasonOf(closed)).toBe('support-completed');
  });

  it('answers the same closure again as the first, and refuses any other closure of a closed case', async () => {
    const support = await open();
    const given = { reason: 'moved-away' } as const;
    await support.closeSupport(CASE, 'caseworker.one', at(21), given);

    await support.closeSupport(CASE, 'caseworker.one', at(21), given);
    for (const [by, when, other] of [
      ['lead.two', at(21), given],
      ['caseworker.one', at(22), given],
      ['caseworker.one', at(21), { reason: 'declined' }],
      ['caseworker.one', at(21), { reason: 'other', reasonText: 'Moved away' }],
    ] as const)
      await expect(support.closeSupport(CASE, by, when, other)).rejects.toBeInstanceOf(SupportClosedError);

    expect(await support.getSupport(CASE)).toEqual({
      plan: [],
      closed: { by: 'caseworker.one', at: at(21), reason: 'moved-away' },
    });
  });

  it('reopens a closed case with its reason, keeping the closure in its history, and lets its support change again', async () => {
    const support = await open();
    await closedCase(support);

    await support.reopen(CASE, { by: 'lead.two', at: at(22), reason: 'New incident reported' });

    const reopened = await support.getSupport(CASE);
    expect(reopened).toMatchObject({
      reopened: { by: 'lead.two', at: at(22), reason: 'New incident reported' },
      earlier: [{ change: 'closed', by: 'caseworker.one', at: at(21) }],
    });
    expect(reopened).not.toHaveProperty('closed');
    expect(await support.addPlanAction(CASE, action('action-2', { addedAt: at(23) }))).toBe('added');
    await support.saveAssessment(CASE, assessment('closing', 5, at(23)));
    await support.requestRestorativeJustice(CASE, request('referred'));
    expect((await support.getSupport(CASE)).plan.map((a) => a.actionId)).toEqual(['action-1', 'action-2']);
  });

  it('closes and reopens a case more than once, keeping every closure and reopening in order', async () => {
    const support = await open();
    await support.closeSupport(CASE, 'system', at(10), { reason: 'not-contactable' });
    await support.reopen(CASE, { by: 'caseworker.one', at: at(11), reason: 'The victim rang back' });
    await support.closeSupport(CASE, 'caseworker.one', at(12), { reason: 'other', reasonText: 'In prison' });
    await support.reopen(CASE, { by: 'lead.two', at: at(13), reason: 'Released, wants support' });
    await support.saveAssessment(CASE, assessment('closing', 4, at(14)));
    await support.closeSupport(CASE, 'caseworker.one', at(15), { reason: 'support-completed' });

    const kept = await support.getSupport(CASE);
    expect(supportChanges(kept)).toEqual([
      { change: 'closed', by: 'system', at: at(10), reason: 'not-contactable' },
      { change: 'reopened', by: 'caseworker.one', at: at(11), reason: 'The victim rang back' },
      { change: 'closed', by: 'caseworker.one', at: at(12), reason: 'other', reasonText: 'In prison' },
      { change: 'reopened', by: 'lead.two', at: at(13), reason: 'Released, wants support' },
      { change: 'closed', by: 'caseworker.one', at: at(15), reason: 'support-completed' },
    ]);
    expect(kept.closed).toEqual({ by: 'caseworker.one', at: at(15), reason: 'support-completed' });
    expect(kept).not.toHaveProperty('reopened');
    await expect(support.addPlanAction(CASE, action('action-9'))).rejects.toBeInstanceOf(SupportClosedError);
    // Another case's history is its own.
    expect(await support.getSupport(OTHER_CASE)).toEqual({ plan: [] });
  });

  it('refuses to reopen a case that is not closed, and answers the same reopening again as the first', async () => {
    const support = await open();
    const reopening = { by: 'lead.two', at: at(22), reason: 'New incident reported' };

    await expect(support.reopen(CASE, reopening)).rejects.toBeInstanceOf(SupportOpenError);
    await support.saveAssessment(CASE, assessment('initial', 2));
    await expect(support.reopen(CASE, reopening)).rejects.toBeInstanceOf(SupportOpenError);
    expect(await support.getSupport(CASE)).toEqual({ initial: assessment('initial', 2), plan: [] });

    await support.closeSupport(CASE, 'caseworker.one', at(21), { reason: 'declined' });
    await support.reopen(CASE, reopening);
    await support.reopen(CASE, reopening);
    await expect(support.reopen(CASE, { ...reopening, by: 'lead.three' })).rejects.toBeInstanceOf(
      SupportOpenError,
    );
    await expect(support.reopen(CASE, { ...reopening, reason: 'Something else' })).rejects.toBeInstanceOf(
      SupportOpenError,
    );

    expect(supportChanges(await support.getSupport(CASE))).toHaveLength(2);
  });

  it('reopens once when it is reopened twice at the same moment, and closes once after', async () => {
    const support = await open();
    await support.closeSupport(CASE, 'caseworker.one', at(21), { reason: 'declined' });

    const reopenings = await Promise.allSettled([
      support.reopen(CASE, { by: 'lead.two', at: at(22), reason: 'Rang back' }),
      support.reopen(CASE, { by: 'lead.three', at: at(22), reason: 'Rang back' }),
    ]);
    expect(reopenings.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect((reopenings.find((o) => o.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(
      SupportOpenError,
    );
    const closings = await Promise.allSettled([
      support.closeSupport(CASE, 'caseworker.one', at(23), { reason: 'moved-away' }),
      support.closeSupport(CASE, 'caseworker.two', at(23), { reason: 'moved-away' }),
    ]);
    expect(closings.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect((closings.find((o) => o.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(
      SupportClosedError,
    );

    expect(supportChanges(await support.getSupport(CASE)).map((c) => c.change)).toEqual([
      'closed',
      'reopened',
      'closed',
    ]);
  });
});

describe('a closure the table kept before reasons and reopening were recorded', () => {
  it('reads as support completed, and is reopened and closed again with its history', async () => {
    const { client, tableName } = await freshStore();
    // The closure item as it was written then: who and when, nothing more.
    await client.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          pk: `CASE#${CASE}`,
          sk: 'SUPPORT#closure',
          itemType: 'support-closure',
          caseId: CASE,
          by: 'caseworker.one',
          at: at(21).toISOString(),
        },
      }),
    );
    const support = new DynamoDbSupportStore(client, tableName);
    const reasonOf = async () => {
      const { closed } = await support.getSupport(CASE);
      return closed && closureReasonOf(closed);
    };

    expect(await support.getSupport(CASE)).toEqual({
      plan: [],
      closed: { by: 'caseworker.one', at: at(21) },
    });
    expect(await reasonOf()).toBe<ClosureReason>('support-completed');
    await expect(support.addPlanAction(CASE, action('action-1'))).rejects.toBeInstanceOf(SupportClosedError);

    await support.reopen(CASE, { by: 'lead.two', at: at(22), reason: 'Rang back' });
    expect(await support.addPlanAction(CASE, action('action-1'))).toBe('added');
    await support.closeSupport(CASE, 'caseworker.one', at(23), { reason: 'moved-away' });

    expect(supportChanges(await support.getSupport(CASE))).toEqual([
      { change: 'closed', by: 'caseworker.one', at: at(21) },
      { change: 'reopened', by: 'lead.two', at: at(22), reason: 'Rang back' },
      { change: 'closed', by: 'caseworker.one', at: at(23), reason: 'moved-away' },
    ]);
    expect(await reasonOf()).toBe('moved-away');
  });
});
