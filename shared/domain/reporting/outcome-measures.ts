import { TARGET_DEFINITIONS } from '../outcomes/targets.ts';
import type { MeasureList } from './measure-list.ts';
import type { Measure } from './quarterly-return.ts';
import { within } from './quarters.ts';
import type { JobLedger, ReturnInputs } from './return-inputs.ts';

const SATISFIED = new Set(['very-satisfied', 'satisfied']);

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
  const surveys = inputs.surveys ?? [];
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
