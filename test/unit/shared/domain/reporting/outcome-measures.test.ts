import { describe, expect, it } from 'vitest';
import { InMemoryOutcomeStore } from '../../../../../shared/adapters/memory/outcomes.ts';
import { InMemoryTaskStore } from '../../../../../shared/adapters/memory/task-store.ts';
import { raiseImprovementPlans } from '../../../../../shared/application/improvement-plans.ts';
import type { SurveyResult } from '../../../../../shared/domain/outcomes/surveys.ts';
import { targetsForYear } from '../../../../../shared/domain/outcomes/targets.ts';
import { computeReturn } from '../../../../../shared/domain/reporting/compute.ts';
import { parseQuarter } from '../../../../../shared/domain/reporting/quarters.ts';

const quarter = parseQuarter('2026/27-Q1');
const answer = (n: number, satisfied: boolean | undefined, coped?: boolean): SurveyResult => ({
  caseId: `VF-SRV00-${String(n).padStart(5, '0')}`,
  surveyedOn: '2026-05-01',
  ...(satisfied === undefined ? {} : { satisfied }),
  ...(coped === undefined ? {} : { copedAndRecovered: coped }),
  fileId: 'f',
  row: n + 1,
  importedAt: new Date('2026-06-01T09:00:00Z'),
});
const returnOf = (surveys: SurveyResult[]) =>
  computeReturn({
    quarter,
    cases: [],
    thReferrals: [],
    jobs: [],
    agencies: [],
    surveys,
    targets: targetsForYear('2026-27', []),
    productBudgetPence: 8_000_000,
    producedAt: new Date('2026-07-01T05:00:00Z'),
  });

describe('outcomes against targets in the quarterly return', () => {
  it('gives each survey outcome as a share of those who answered, with the year’s target beside it', () => {
    // 4 of 5 satisfied (one did not say); 1 of 2 coped and recovered.
    const report = returnOf([
      answer(1, true, true),
      answer(2, true, false),
      answer(3, true),
      answer(4, true),
      answer(5, false),
      answer(6, undefined),
    ]);
    const byId = new Map(report.measures.map((m) => [m.id, m]));
    expect(byId.get('survey.answered')?.value).toBe(6);
    expect(byId.get('survey.satisfied')).toMatchObject({
      value: 4,
      percentage: 80,
      denominator: 5,
      target: 85,
    });
    // A baseline year: measured, with no target.
    expect(byId.get('survey.coped-and-recovered')).toMatchObject({
      value: 1,
      percentage: 50,
      denominator: 2,
    });
    expect(byId.get('survey.coped-and-recovered')?.target).toBeUndefined();
  });

  it('raises one plan and one team leaders’ task for a missed target, however often the return is made', async () => {
    const outcomes = new InMemoryOutcomeStore();
    const tasks = new InMemoryTaskStore();
    const missed = returnOf([answer(1, true), answer(2, false)]);
    const at = new Date('2026-07-01T05:00:00Z');
    await raiseImprovementPlans(missed, at, { outcomes, tasks });
    await raiseImprovementPlans(missed, new Date('2026-07-02T05:00:00Z'), { outcomes, tasks });

    expect(await outcomes.listPlans()).toEqual([
      {
        planId: 'PLAN-202627-Q1-SATISFIED',
        quarter: '2026/27-Q1',
        measure: 'satisfied',
        value: 50,
        target: 85,
        raisedAt: at,
        taskId: 'PLAN-202627-Q1-SATISFIED.improvement-plan.1',
      },
    ]);
    const { tasks: open } = await tasks.listOpen({ queue: 'team-leaders' });
    expect(open).toMatchObject([
      { type: 'improvement-plan', caseId: 'PLAN-202627-Q1-SATISFIED', due: new Date('2026-07-15T23:00:00Z') },
    ]);

    // Met (or nothing to measure): nothing raised.
    const none = new InMemoryOutcomeStore();
    await raiseImprovementPlans(returnOf([answer(1, true)]), at, { outcomes: none, tasks });
    await raiseImprovementPlans(returnOf([]), at, { outcomes: none, tasks });
    expect(await none.listPlans()).toEqual([]);
  });
});

describe('target hardening’s outcomes in the quarterly return', () => {
  it('counts the visit’s survey and the 12-month follow-up, each of those who said', () => {
    const job = (n: number, visit: Record<string, unknown>, followUp?: Record<string, unknown>) => ({
      job: {
        jobId: `TH-${1000 + n}`,
        createdAt: new Date('2025-04-10T09:00:00Z'),
        attendBy: new Date('2026-05-15T17:00:00Z'),
        visit: {
          visitedAt: new Date('2026-05-10T09:00:00Z'),
          recordedBy: 'contractor.one',
          visit: {
            outcome: 'visited',
            assessmentScore: 5,
            items: [],
            neededMoreThanAllowed: false,
            ...visit,
          },
        },
        ...(followUp
          ? {
              followUp: {
                result: {
                  outcome: 'spoke-to-victim',
                  stillSecure: true,
                  satisfaction: 'satisfied',
                  ...followUp,
                },
                recordedBy: 'contractor.one',
                recordedAt: new Date('2026-06-01T09:00:00Z'),
              },
            }
          : {}),
      },
      events: [],
    });
    const report = computeReturn({
      quarter,
      cases: [],
      thReferrals: [],
      jobs: [
        job(
          1,
          { survey: 'very-satisfied', feelsSafer: true },
          { feelsSafer: true, isSafer: true, productsInUse: true },
        ),
        job(2, { survey: 'dissatisfied', feelsSafer: false }, { feelsSafer: false, isSafer: true }),
        job(3, { survey: 'declined' }, { productsInUse: false }),
      ] as never,
      agencies: [],
      productBudgetPence: 8_000_000,
      producedAt: new Date('2026-07-01T05:00:00Z'),
    });
    const figure = (id: string) => {
      const m = report.measures.find((measure) => measure.id === id);
      return [m?.value, m?.percentage, m?.denominator];
    };
    expect(figure('th-survey.satisfied')).toEqual([1, 50, 2]);
    expect(figure('th-survey.feels-safer')).toEqual([1, 50, 2]);
    expect(figure('th-follow-up.spoke')).toEqual([3, undefined, undefined]);
    expect(figure('th-follow-up.feels-safer')).toEqual([1, 50, 2]);
    expect(figure('th-follow-up.is-safer')).toEqual([2, 100, 2]);
    expect(figure('th-follow-up.products-in-use')).toEqual([1, 50, 2]);
  });
});
