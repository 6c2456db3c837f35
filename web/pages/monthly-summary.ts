import { type MonthlySummarySources, monthlySummary } from '../../shared/application/monthly-summary.ts';
import {
  InvalidMonthError,
  type Month,
  monthOf,
  monthTitle,
  parseMonth,
  previousMonth,
} from '../../shared/domain/reporting/months.ts';
import type { Clock } from '../../shared/ports/clock.ts';
import type { WebResponse } from '../http.ts';
import type { PageContext, PageKit } from './page-kit.ts';
import { sentence } from './wording.ts';

/** What the monthly catch-up summary reads: the indexes by day of cases, breaches, contacts and TH referrals. */
export interface MonthlySummaryPagesDeps extends MonthlySummarySources {
  readonly clock: Clock;
}

/** How many ended months the returns page offers a summary of. */
export const MONTHS_OFFERED = 12;

/** The ended months before now, the latest first: the summaries the returns page links to. */
export function endedMonths(now: Date, count = MONTHS_OFFERED): Month[] {
  const months: Month[] = [];
  for (let month = previousMonth(monthOf(now)); months.length < count; month = previousMonth(month))
    months.push(month);
  return months;
}

const BACK = { href: '/returns', text: 'Back to the quarterly returns' };

/**
 * The monthly catch-up summary (docs/reporting.md, "Monthly catch-up"): `/returns/monthly/2026-05`, for the
 * months without a quarterly meeting, made from the day indexes when it is opened (so always current).
 */
export function createMonthlySummaryPages(kit: PageKit, deps: MonthlySummaryPagesDeps) {
  async function summaryPage(ctx: PageContext, name: string): Promise<WebResponse> {
    let month: Month;
    try {
      month = parseMonth(name);
    } catch (error) {
      if (!(error instanceof InvalidMonthError)) throw error;
      return kit.message(
        ctx,
        400,
        'That is not a month',
        [`“${name}” is not a month. A month is written like 2026-05 (May 2026).`],
        BACK,
      );
    }
    if (month.from.getTime() > deps.clock.now().getTime())
      return kit.message(ctx, 404, 'Month not started', [`${monthTitle(month)} has not started yet.`], BACK);
    const summary = await monthlySummary(deps, month);
    return kit.render(ctx, 'monthly-summary', {
      title: `Monthly catch-up: ${summary.title}`,
      summary,
      inProgress: month.to.getTime() > deps.clock.now().getTime(),
      breachRules: Object.entries(summary.breachesByRule)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([rule, count]) => ({ rule: sentence(rule), count })),
    });
  }

  return { summaryPage };
}
