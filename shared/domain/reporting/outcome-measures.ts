import { localDateOf } from '../calendar.ts';
import type { SurveyResult } from '../outcomes/surveys.ts';
import { TARGET_DEFINITIONS } from '../outcomes/targets.ts';
import type { MeasureList } from './measure-list.ts';
import type { Measure, OutcomeTrend } from './quarterly-return.ts';
import { parseQuarter, type Quarter, within } from './quarters.ts';
import type { JobLedger, ReturnInputs } from './return-inputs.ts';

const SATISFIED = new Set(['very-satisfied', 'satisfied']);

/** The survey answers given in a quarter, by the local date surveyed. */
const surveysIn = (surveys: readonly SurveyResult[], quarter: Quarter) => {
  const [from, to] = [localDateOf(quarter.from), localDateOf(quarter.to)];
  return surveys.filter((s) => s.surveyedOn >= from && s.surveyedOn < to);
};

/** Of the answers that said yes or no to a question, how many said yes. */
function yesOf<T>(items: readonly T[], answer: (item: T) => boolean | undefined) {
  const said = items.map(answer).filter((a): a is boolean => a !== undefined);
  return { yes: said.filter(Boolean).length, said: said.length };
}

/**
 * The outcomes the contracts are judged on (docs/outcomes.md): Lot 1's police survey (coped and recovered,
 * satisfied) by the date surveyed, and Lot 2's survey at the visit and 12-month follow-up by when each was
 * recorded. Each is the share of those who answered the question.
 */
export function outcomeMeasures(
  { count, rate }: MeasureList,
  inputs: ReturnInputs,
  jobs: readonly JobLedger[],
): void {
  const { quarter } = inputs;
  const S = 'Outcomes: police survey';
  const surveys = surveysIn(inputs.surveys ?? [], quarter);
  count(1, S, 'survey.answered', 'Victims surveyed by the police', surveys.length);
  const coped = yesOf(surveys, (s) => s.copedAndRecovered);
  rate(1, S, 'survey.coped-and-recovered', 'Enabled to cope and recover', coped.yes, coped.said);
  const satisfied = yesOf(surveys, (s) => s.satisfied);
  rate(1, S, 'survey.satisfied', 'Satisfied with the support', satisfied.yes, satisfied.said);

  const T = 'Target-hardening outcomes';
  const visits = jobs.flatMap((l) =>
    l.job.visit?.visit.outcome === 'visited' && within(l.job.visit.visitedAt, quarter)
      ? [l.job.visit.visit]
      : [],
  );
  const answered = visits.filter((v) => v.survey !== 'declined');
  rate(
    2,
    T,
    'th-survey.satisfied',
    'Satisfied at the visit',
    answered.filter((v) => SATISFIED.has(v.survey)).length,
    answered.length,
  );
  const safer = yesOf(visits, (v) => v.feelsSafer);
  rate(2, T, 'th-survey.feels-safer', 'Feel safer at the visit', safer.yes, safer.said);
  const followUps = jobs.flatMap((l) =>
    l.job.followUp?.result.outcome === 'spoke-to-victim' && within(l.job.followUp.recordedAt, quarter)
      ? [l.job.followUp.result]
      : [],
  );
  count(2, T, 'th-follow-up.spoke', 'Victims reached at the 12-month follow-up', followUps.length);
  for (const [id, label, answer] of [
    ['feels-safer', 'Feel safer a year on', (f: (typeof followUps)[number]) => f.feelsSafer],
    [
      'is-safer',
      'Are safer a year on (no repeat burglary or attack reported)',
      (f: (typeof followUps)[number]) => f.isSafer,
    ],
    [
      'products-in-use',
      'Products still in use a year on',
      (f: (typeof followUps)[number]) => f.productsInUse,
    ],
  ] as const) {
    const found = yesOf(followUps, answer);
    rate(2, T, `th-follow-up.${id}`, label, found.yes, found.said);
  }
}

/** Puts each outcome's target for the year beside its figure (a measure with no target is left as it is). */
export function withTargets(measures: readonly Measure[], inputs: ReturnInputs): Measure[] {
  const byMeasure = new Map(
    (inputs.targets ?? []).flatMap((t) =>
      t.percentage === undefined ? [] : [[TARGET_DEFINITIONS[t.measure].measureId, t.percentage] as const],
    ),
  );
  return measures.map((m) => {
    const target = byMeasure.get(m.id);
    return target === undefined ? m : { ...m, target };
  });
}

const percentOf = (yes: number, of: number) => (of === 0 ? null : Math.round((1000 * yes) / of) / 10);

/**
 * Each outcome the contracts set a target for (satisfied, coped and recovered, works in time), its figure in
 * every quarter of the financial year up to this one, beside the year's target: the commissioner sees the
 * trend, not one quarter alone.
 */
export function outcomeTrends(inputs: ReturnInputs): OutcomeTrend[] {
  const { quarter } = inputs;
  const [year, yy] = quarter.financialYear.split('-');
  const quarters: Quarter[] = [];
  for (let n = 1; n <= 4; n++) {
    const q = parseQuarter(`${year}/${yy}-Q${n}`);
    if (q.from.getTime() > quarter.from.getTime()) break;
    quarters.push(q);
  }
  const targets = new Map((inputs.targets ?? []).map((t) => [t.measure, t.percentage]));
  const surveyTrend = (answer: (s: SurveyResult) => boolean | undefined) =>
    quarters.map((q) => {
      const found = yesOf(surveysIn(inputs.surveys ?? [], q), answer);
      return { quarter: q.name, percentage: percentOf(found.yes, found.said), of: found.said };
    });
  const worksTrend = quarters.map((q) => {
    const visited = inputs.jobs.flatMap((l) =>
      l.job.visit && within(l.job.visit.visitedAt, q) ? [l.job] : [],
    );
    const inTime = visited.filter((job) => (job.visit?.visitedAt.getTime() ?? 0) <= job.attendBy.getTime());
    return { quarter: q.name, percentage: percentOf(inTime.length, visited.length), of: visited.length };
  });
  const trend = (measure: keyof typeof TARGET_DEFINITIONS, quarters: OutcomeTrend['quarters']) => ({
    measure: TARGET_DEFINITIONS[measure].measureId,
    label: TARGET_DEFINITIONS[measure].label,
    target: targets.get(measure) ?? null,
    quarters,
  });
  return [
    trend(
      'satisfied',
      surveyTrend((s) => s.satisfied),
    ),
    trend(
      'cope-and-recover',
      surveyTrend((s) => s.copedAndRecovered),
    ),
    trend('th-works-in-time', worksTrend),
  ];
}
