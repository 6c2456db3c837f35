import { describe, expect, it } from 'vitest';
import { DynamoDbOutcomeStore } from '../../shared/adapters/dynamodb/outcomes.ts';
import { InMemoryOutcomeStore } from '../../shared/adapters/memory/outcomes.ts';
import type { ImprovementPlan, PlanAction } from '../../shared/domain/outcomes/improvement-plans.ts';
import type { SurveyResult } from '../../shared/domain/outcomes/surveys.ts';
import type { OutcomeStore } from '../../shared/ports/outcomes.ts';
import { freshStore } from '../support/store.ts';

const survey = (overrides: Partial<SurveyResult> = {}): SurveyResult => ({
  caseId: 'VF-SRV00-00001',
  surveyedOn: '2026-05-14',
  copedAndRecovered: true,
  satisfied: false,
  fileId: 'f-1',
  row: 2,
  importedAt: new Date('2026-07-02T09:00:00Z'),
  ...overrides,
});

const plan: ImprovementPlan = {
  planId: 'PLAN-202627-Q1-SATISFIED',
  quarter: '2026/27-Q1',
  measure: 'satisfied',
  value: 60,
  target: 85,
  raisedAt: new Date('2026-07-01T05:00:00Z'),
  taskId: 'PLAN-202627-Q1-SATISFIED.improvement-plan.1',
};

const action = (overrides: Partial<PlanAction> = {}): PlanAction => ({
  actionId: 'a-1',
  planId: plan.planId,
  description: 'Call back every victim who said they were not satisfied',
  owner: 'Jo Specimen',
  due: '2026-08-31',
  addedBy: 'team.leader',
  addedAt: new Date('2026-07-03T10:00:00Z'),
  ...overrides,
});

// The same contract for the in-memory twin and the DynamoDB adapter on DynamoDB Local.
describe.each([
  ['in memory', async (): Promise<OutcomeStore> => new InMemoryOutcomeStore()],
  [
    'on DynamoDB Local',
    async (): Promise<OutcomeStore> => {
      const { client, tableName } = await freshStore();
      return new DynamoDbOutcomeStore(client, tableName);
    },
  ],
])('the outcome store %s', (_where, open) => {
  it('keeps a survey answer once, and lists answers by the date surveyed across months', async () => {
    const store = await open();
    expect(await store.listSurveys('2026-04-01', '2026-07-01')).toEqual([]);

    expect(await store.recordSurvey(survey())).toBe('recorded');
    expect(await store.recordSurvey(survey({ satisfied: true, row: 9 }))).toBe('duplicate');
    expect(await store.recordSurvey(survey({ caseId: 'VF-SRV00-00002', surveyedOn: '2026-04-01' }))).toBe(
      'recorded',
    );
    expect(await store.recordSurvey(survey({ caseId: 'VF-SRV00-00003', surveyedOn: '2026-07-01' }))).toBe(
      'recorded',
    );

    const q1 = await store.listSurveys('2026-04-01', '2026-07-01');
    expect(q1.map((s) => s.caseId)).toEqual(['VF-SRV00-00002', 'VF-SRV00-00001']);
    // As first recorded: the second sending changed nothing.
    expect(q1[1]).toEqual(survey());
  });

  it('sets a target, keeps each change with the figure it replaced, and records a retried change once', async () => {
    const store = await open();
    expect(await store.listTargets('2026-27')).toEqual([]);

    const first = await store.setTarget({
      changeId: 'c-1',
      year: '2026-27',
      measure: 'satisfied',
      to: 85,
      by: 'admin.one',
      at: new Date('2026-04-02T09:00:00Z'),
    });
    expect(first).toEqual({
      changeId: 'c-1',
      year: '2026-27',
      measure: 'satisfied',
      to: 85,
      by: 'admin.one',
      at: new Date('2026-04-02T09:00:00Z'),
    });
    const second = {
      changeId: 'c-2',
      year: '2026-27',
      measure: 'satisfied',
      to: 90,
      by: 'admin.two',
    } as const;
    await store.setTarget({ ...second, at: new Date('2026-05-02T09:00:00Z') });
    // Sent again later (a retry): the first record stands, the target is not changed twice.
    expect(await store.setTarget({ ...second, to: 95, at: new Date('2026-05-03T09:00:00Z') })).toMatchObject({
      from: 85,
      to: 90,
    });
    await store.setTarget({
      changeId: 'c-3',
      year: '2026-27',
      measure: 'cope-and-recover',
      by: 'admin.one',
      at: new Date('2026-05-04T09:00:00Z'),
    });

    expect(await store.listTargets('2026-27')).toEqual(
      expect.arrayContaining([
        {
          year: '2026-27',
          measure: 'satisfied',
          percentage: 90,
          setBy: 'admin.two',
          setAt: new Date('2026-05-02T09:00:00Z'),
        },
        {
          year: '2026-27',
          measure: 'cope-and-recover',
          setBy: 'admin.one',
          setAt: new Date('2026-05-04T09:00:00Z'),
        },
      ]),
    );
    expect(await store.listTargets('2027-28')).toEqual([]);
    const history = await store.targetHistory('2026-27');
    expect(history.map((c) => [c.changeId, c.from, c.to])).toEqual([
      ['c-3', undefined, undefined],
      ['c-2', 85, 90],
      ['c-1', undefined, 85],
    ]);
  });

  it('raises a plan once and tracks its actions to done, once', async () => {
    const store = await open();
    expect(await store.getPlan(plan.planId)).toBeUndefined();
    expect(await store.raisePlan(plan)).toBe('raised');
    expect(await store.raisePlan({ ...plan, value: 10 })).toBe('already-raised');
    expect(await store.getPlan(plan.planId)).toEqual(plan);
    expect(await store.listPlans()).toEqual([plan]);

    expect(await store.addAction(action())).toBe('added');
    expect(await store.addAction(action({ owner: 'someone else' }))).toBe('already-added');
    await store.addAction(action({ actionId: 'a-0', due: '2026-07-31' }));
    expect((await store.listActions(plan.planId)).map((a) => a.actionId)).toEqual(['a-0', 'a-1']);

    const done = await store.markActionDone(
      plan.planId,
      'a-1',
      'team.leader',
      new Date('2026-08-01T10:00:00Z'),
    );
    expect(done).toEqual({ ...action(), doneBy: 'team.leader', doneAt: new Date('2026-08-01T10:00:00Z') });
    expect(await store.markActionDone(plan.planId, 'a-1', 'other', new Date('2026-08-02T10:00:00Z'))).toEqual(
      done,
    );
    expect(await store.markActionDone(plan.planId, 'no-such', 'other', new Date())).toBeUndefined();
  });
});
