import { DEADLINE_RULE_NAMES, DEADLINE_RULES } from '../deadline-rules.ts';
import { OFFENCE_CATEGORIES, REFERRAL_SOURCES } from '../referral-codes.ts';
import { complaintMeasures } from './complaint-measures.ts';
import { deadlineMeasures } from './deadline-measures.ts';
import { equalityMeasures } from './equality-measures.ts';
import { fundingAndPartnerMeasures } from './funding-and-partners-measures.ts';
import { localDate, measureList, words } from './measure-list.ts';
import { outcomeDomainMeasures } from './outcome-domain-measures.ts';
import { outcomeMeasures, outcomeTrends, withTargets } from './outcome-measures.ts';
import type { QuarterlyReturn } from './quarterly-return.ts';
import { type Quarter, within } from './quarters.ts';
import type { CaseLedger, ReturnInputs } from './return-inputs.ts';
import { rjAndTriageMeasures } from './rj-and-triage-measures.ts';
import { supportMeasures } from './support-measures.ts';
import { targetHardeningMeasures } from './target-hardening-measures.ts';
import { volunteerMeasures } from './volunteer-measures.ts';
import { youngPeopleMeasures } from './young-people-measures.ts';

/**
 * The quarterly return (docs/reporting.md) from what the system recorded. Only events recorded before the
 * quarter's end are read, and a case's own fields are those fixed at intake, so a return produced again
 * later gives the same figures. docs/reporting.md defines each measure and the timestamp that places it.
 */
export function computeReturn(inputs: ReturnInputs): QuarterlyReturn {
  const { quarter } = inputs;
  const list = measureList();
  const { count, rate } = list;

  // Events recorded before the quarter's end: a return produced again later reads the same.
  const ledgers: CaseLedger[] = inputs.cases.map((ledger) => ({
    ...ledger,
    events: ledger.events.filter((event) => event.at.getTime() < quarter.to.getTime()),
  }));
  const received = ledgers.filter((ledger) => within(ledger.case.referral.receivedAt, quarter));

  // --- Referrals ----------------------------------------------------------------------------------
  const S = 'Referrals';
  count(1, S, 'referrals-received', 'Referrals received', received.length);
  for (const source of REFERRAL_SOURCES)
    count(
      1,
      S,
      `referrals-by-source.${source}`,
      `Referrals from ${source === 'self' ? 'self-referral' : source === 'sentinel-asb' ? 'Sentinel (anti-social behaviour)' : source === 'police' ? 'the police' : 'partner agencies'}`,
      received.filter((l) => l.case.referral.source === source).length,
    );
  for (const offence of OFFENCE_CATEGORIES) {
    const n = received.filter((l) => l.case.referral.offence === offence).length;
    count(1, 'Referrals by type', `referrals-by-type.${offence}`, words(offence), n);
  }
  const repeatVictims = received.filter((l) => l.case.repeatVictim).length;
  count(1, S, 'repeat-victims', 'Repeat victims', repeatVictims);
  rate(
    1,
    S,
    'repeat-victims.percent',
    'Repeat victims, of referrals received',
    repeatVictims,
    received.length,
  );
  count(
    1,
    S,
    'children-and-young-people',
    'Children and young people (under 18)',
    received.filter((l) => l.case.triage.childOrYoungPerson).length,
  );
  count(1, S, 'enhanced', 'Enhanced-rights victims', received.filter((l) => l.case.triage.enhanced).length);
  // Quick questions from the public pages: asked, and answered, in the quarter (each by its own time).
  const questions = inputs.quickQuestions ?? { asked: 0, answered: 0 };
  count(1, 'Quick questions', 'quick-questions.asked', 'Quick questions asked', questions.asked);
  count(1, 'Quick questions', 'quick-questions.answered', 'Quick questions answered', questions.answered);

  const decided = deadlineMeasures(list, ledgers, quarter);
  const distance = supportMeasures(list, ledgers, quarter, inputs.agencies, inputs.contacts);
  volunteerMeasures(list, ledgers, quarter, inputs.contacts);
  fundingAndPartnerMeasures(list, received, ledgers, quarter);
  rjAndTriageMeasures(list, ledgers, quarter);
  youngPeopleMeasures(list, ledgers, quarter, inputs.groupSessions);
  outcomeDomainMeasures(list, ledgers, quarter);
  equalityMeasures(list, received);
  const spend = targetHardeningMeasures(list, inputs);
  // Each lot's complaints (docs/complaints.md); a return computed without them counts none.
  for (const lot of [1, 2] as const) complaintMeasures(list, lot, quarter, inputs.complaints ?? []);
  outcomeMeasures(
    list,
    inputs,
    inputs.jobs.map((l) => ({ ...l, events: l.events.filter((e) => e.at.getTime() < quarter.to.getTime()) })),
  );

  return {
    quarter: quarter.name,
    from: quarter.from.toISOString(),
    to: quarter.to.toISOString(),
    producedAt: inputs.producedAt.toISOString(),
    measures: withTargets(list.measures, inputs),
    charts: {
      outcomesAgainstTargets: outcomeTrends(inputs),
      referralsBySourceAndWeek: referralsByWeek(received, quarter),
      deadlinesByRule: DEADLINE_RULES.map((rule) => ({
        rule,
        label: DEADLINE_RULE_NAMES[rule],
        ...(decided.get(rule) as { met: number; breached: number }),
      })),
      distanceTravelled: distance,
      targetHardeningSpend: {
        financialYear: quarter.financialYear,
        budgetPence: inputs.productBudgetPence,
        ...spend,
      },
    },
  };
}

/** The referrals received in each week of the quarter (weeks start on Monday), by source, for their chart. */
function referralsByWeek(
  received: readonly CaseLedger[],
  quarter: Quarter,
): QuarterlyReturn['charts']['referralsBySourceAndWeek'] {
  const weeks: { weekStarting: string; counts: Record<string, number> }[] = [];
  for (let w = localDate(quarter.from).startOf('week'); w.toJSDate() < quarter.to; w = w.plus({ weeks: 1 })) {
    const end = w.plus({ weeks: 1 }).toJSDate();
    const inWeek = received.filter(
      (l) => l.case.referral.receivedAt >= w.toJSDate() && l.case.referral.receivedAt < end,
    );
    weeks.push({
      weekStarting: (w.toJSDate() < quarter.from ? localDate(quarter.from) : w).toISODate() as string,
      counts: Object.fromEntries(
        REFERRAL_SOURCES.map((s) => [s, inWeek.filter((l) => l.case.referral.source === s).length]),
      ),
    });
  }
  return weeks;
}
