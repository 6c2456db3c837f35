import { TH_REFERRING_SERVICES, TH_SERVICE_NAMES } from '../target-hardening.ts';
import { localDate, type MeasureList, percentOf, words } from './measure-list.ts';
import type { QuarterlyReturn } from './quarterly-return.ts';
import { within } from './quarters.ts';
import type { JobLedger, ReturnInputs } from './return-inputs.ts';

/**
 * The return's Lot 2 sections, target hardening: referrals, jobs, visits, refusals, attendance, time to
 * fitting and cost, and product spend against the year's budget. Returns the spend to date and by month,
 * for its chart.
 */
export function targetHardeningMeasures(
  { add, count }: MeasureList,
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
