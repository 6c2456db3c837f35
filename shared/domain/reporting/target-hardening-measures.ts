import { CONTRACT_VALUE_PENCE, TH_REFERRING_SERVICES, TH_SERVICE_NAMES } from '../target-hardening.ts';
import { localDate, type MeasureList, percentOf, words } from './measure-list.ts';
import type { QuarterlyReturn } from './quarterly-return.ts';
import { within } from './quarters.ts';
import type { JobLedger, ReturnInputs } from './return-inputs.ts';

/** The middle value (the mean of the middle two for an even count), one decimal; null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const value =
    sorted.length % 2 === 1
      ? (sorted[middle] as number)
      : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return Math.round(value * 10) / 10;
}

/**
 * The bands time from referral to fitting is counted in: each holds the hours above the previous band's
 * limit up to and including its own (the last has none).
 */
export const FITTING_BANDS = [
  { id: 'up-to-4-hours', label: 'Up to 4 hours', upToHours: 4 },
  { id: '4-to-24-hours', label: 'Over 4 hours, up to 24 hours', upToHours: 24 },
  { id: '1-to-5-days', label: 'Over 1 day, up to 5 days', upToHours: 120 },
  { id: '5-to-10-days', label: 'Over 5 days, up to 10 days', upToHours: 240 },
  { id: 'over-10-days', label: 'Over 10 days', upToHours: Number.POSITIVE_INFINITY },
] as const;

/** The band of a time from referral to fitting, in hours. */
export const fittingBandOf = (hours: number): (typeof FITTING_BANDS)[number]['id'] =>
  FITTING_BANDS.find((band) => hours <= band.upToHours)?.id ?? 'over-10-days';

/** A visit's labour in pence (none entered counts £0). */
const labourOf = (l: JobLedger) =>
  l.job.visit?.visit.outcome === 'visited' ? (l.job.visit.visit.labourPence ?? 0) : 0;

/** The mean of amounts in pence, to the penny; null for none. */
const meanPence = (values: readonly number[]) =>
  values.length === 0 ? null : Math.round(values.reduce((a, b) => a + b, 0) / values.length);

/**
 * The return's Lot 2 sections, target hardening: referrals, jobs, visits, refusals, attendance, time to
 * fitting and cost, and product spend against the year's budget. Returns the spend to date and by month,
 * for its chart.
 */
export function targetHardeningMeasures(
  { add, count, rate }: MeasureList,
  inputs: ReturnInputs,
): Pick<QuarterlyReturn['charts']['targetHardeningSpend'], 'spentPence' | 'byMonth'> {
  const { quarter } = inputs;
  const T = 'Target hardening';
  const thReceived = inputs.thReferrals.filter((r) => within(r.receivedAt, quarter));
  count(2, T, 'th-referrals', 'Target-hardening referrals received', thReceived.length);
  for (const service of TH_REFERRING_SERVICES)
    count(
      2,
      'Target-hardening referrals by organisation',
      `th-referrals.${service}`,
      words(TH_SERVICE_NAMES[service].replace(/^the /, '')),
      thReceived.filter((r) => r.details.service === service).length,
    );
  const jobs: JobLedger[] = inputs.jobs.map((l) => ({
    ...l,
    events: l.events.filter((e) => e.at.getTime() < quarter.to.getTime()),
  }));
  const visited = jobs.filter(
    (l) => l.job.visit && l.job.visit.visit.outcome === 'visited' && within(l.job.visit.visitedAt, quarter),
  );
  count(
    2,
    T,
    'th-jobs-created',
    'Jobs dispatched',
    jobs.filter((l) => within(l.job.createdAt, quarter)).length,
  );
  count(
    2,
    T,
    'th-emergencies',
    'Emergency jobs (attend within 4 hours)',
    jobs.filter((l) => l.job.kind === 'emergency' && within(l.job.createdAt, quarter)).length,
  );
  count(2, T, 'th-completed', 'Jobs completed (visited)', visited.length);
  for (const level of [1, 2, 3] as const)
    count(
      2,
      'Target-hardening jobs completed by service level',
      `th-completed.level-${level}`,
      `Level ${level}`,
      visited.filter((l) => l.job.visit?.level === level).length,
    );
  // Works carried out within the specified time: visited by the attendance deadline (4 hours, 5 working days).
  rate(
    2,
    T,
    'th-within-time',
    'Works carried out within the specified time (of jobs completed)',
    visited.filter((l) => (l.job.visit?.visitedAt.getTime() ?? 0) <= l.job.attendBy.getTime()).length,
    visited.length,
  );
  const refusedAt = (l: JobLedger) =>
    l.events.find((e) => e.type === 'job-ended' && e.detail?.result === 'refused');
  count(
    2,
    T,
    'th-refusals',
    'Refusals (at the booking call or the door)',
    jobs.filter((l) => {
      const refused = refusedAt(l);
      return refused !== undefined && within(refused.at, quarter);
    }).length,
  );
  const attendance = jobs.flatMap((l) =>
    l.events.filter((e) => e.type === 'deadline-breached' && within(e.at, quarter)),
  );
  count(2, T, 'th-attendance-breaches', 'Attendance deadlines missed', attendance.length);
  const fitted = visited.filter((l) => (l.job.visit?.costPence ?? 0) > 0);
  const hours = fitted.map(
    (l) => ((l.job.visit?.visitedAt.getTime() ?? 0) - l.job.createdAt.getTime()) / 3_600_000,
  );
  add({
    id: 'th-hours-to-fitting',
    label: 'Average time from referral to fitting, in hours',
    lot: 2,
    section: T,
    value:
      hours.length === 0 ? null : Math.round((10 * hours.reduce((a, b) => a + b, 0)) / hours.length) / 10,
    denominator: hours.length,
    ...(hours.length === 0 ? { note: 'no items fitted in the quarter' } : {}),
  });
  add({
    id: 'th-hours-to-fitting.median',
    label: 'Median time from referral to fitting, in hours',
    lot: 2,
    section: T,
    value: median(hours),
    denominator: hours.length,
    ...(hours.length === 0 ? { note: 'no items fitted in the quarter' } : {}),
  });
  for (const band of FITTING_BANDS)
    rate(
      2,
      'Target hardening: time from referral to fitting',
      `th-hours-to-fitting.${band.id}`,
      band.label,
      hours.filter((h) => fittingBandOf(h) === band.id).length,
      hours.length,
    );
  const costs = fitted.map((l) => l.job.visit?.costPence ?? 0);
  add({
    id: 'th-cost-per-property-pence',
    label: 'Average cost of items per property fitted',
    lot: 2,
    section: T,
    value: costs.length === 0 ? null : Math.round(costs.reduce((a, b) => a + b, 0) / costs.length),
    denominator: costs.length,
    ...(costs.length === 0 ? { note: 'no items fitted in the quarter' } : {}),
  });
  // Cost per property visited in the quarter: its items (none at level 1) and its labour.
  const labour = visited.map(labourOf);
  add({
    id: 'th-labour-per-property-pence',
    label: 'Average cost of labour per property visited',
    lot: 2,
    section: T,
    value: meanPence(labour),
    denominator: labour.length,
    ...(labour.length === 0 ? { note: 'no properties visited in the quarter' } : {}),
  });
  add({
    id: 'th-total-cost-per-property-pence',
    label: 'Average cost per property visited, products and labour',
    lot: 2,
    section: T,
    value: meanPence(visited.map((l) => (l.job.visit?.costPence ?? 0) + labourOf(l))),
    denominator: visited.length,
    ...(visited.length === 0 ? { note: 'no properties visited in the quarter' } : {}),
  });
  const yearVisits = jobs.filter(
    (l) =>
      l.job.visit !== undefined &&
      l.job.visit.visitedAt >= quarter.yearFrom &&
      l.job.visit.visitedAt < quarter.to,
  );
  const spentPence = yearVisits.reduce((sum, l) => sum + (l.job.visit?.costPence ?? 0), 0);
  add({
    id: 'th-spend-to-date-pence',
    label: `Product spend in ${quarter.financialYear} to the quarter's end`,
    lot: 2,
    section: T,
    value: spentPence,
    percentage: percentOf(spentPence, inputs.productBudgetPence),
    denominator: inputs.productBudgetPence,
  });
  count(2, T, 'th-budget-pence', `Annual product budget ${quarter.financialYear}`, inputs.productBudgetPence);
  // The contract's spend to date: products and labour of every visit up to the quarter's end.
  const contractValue = inputs.contractValuePence ?? CONTRACT_VALUE_PENCE;
  const contractSpent = jobs
    .filter((l) => l.job.visit !== undefined && l.job.visit.visitedAt < quarter.to)
    .reduce((sum, l) => sum + (l.job.visit?.costPence ?? 0) + labourOf(l), 0);
  add({
    id: 'th-contract-spend-pence',
    label: "Spend on the contract to the quarter's end, products and labour",
    lot: 2,
    section: T,
    value: contractSpent,
    percentage: percentOf(contractSpent, contractValue),
    denominator: contractValue,
  });
  count(2, T, 'th-contract-value-pence', 'Value of the contract, products and labour', contractValue);
  const months: { month: string; spentPence: number }[] = [];
  for (let m = localDate(quarter.yearFrom); m.toJSDate() < quarter.to; m = m.plus({ months: 1 })) {
    const next = m.plus({ months: 1 }).toJSDate();
    months.push({
      month: m.toFormat('yyyy-LL'),
      spentPence: yearVisits
        .filter(
          (l) =>
            (l.job.visit?.visitedAt ?? quarter.to) >= m.toJSDate() &&
            (l.job.visit?.visitedAt ?? quarter.to) < next,
        )
        .reduce((sum, l) => sum + (l.job.visit?.costPence ?? 0), 0),
    });
  }
  return { spentPence, byMonth: months };
}
