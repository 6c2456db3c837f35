import type { Case } from '../case.ts';
import type { CaseEvent } from '../case-records.ts';
import { DEADLINE_RULE_NAMES, DEADLINE_RULES, type DeadlineRule, ruleOfTask } from '../deadline-rules.ts';
import type { MeasureList } from './measure-list.ts';
import { type Quarter, within } from './quarters.ts';
import type { CaseLedger } from './return-inputs.ts';

/** The rules that applied to a case and the events that show it, from its timeline. */
export function rulesApplied(events: readonly CaseEvent[]): Map<DeadlineRule, CaseEvent> {
  const applied = new Map<DeadlineRule, CaseEvent>();
  const note = (rule: string, event: CaseEvent) => {
    if ((DEADLINE_RULES as readonly string[]).includes(rule) && !applied.has(rule as DeadlineRule))
      applied.set(rule as DeadlineRule, event);
  };
  for (const event of events) {
    if (event.type === 'deadline-breached') note(String(event.detail.rule), event);
    else if (event.type === 'task-completed')
      note(ruleOfTask(String(event.detail.taskType), String(event.detail.taskId)) ?? '', event);
    else if (event.type === 'message-recorded') {
      if (event.detail.purpose === 'support-offer') note('written-on-the-day', event);
      if (event.detail.purpose === 'home-visit-notice') note('visit-notice-on-the-day', event);
    }
  }
  return applied;
}

/** When a rule's outcome is settled: its deadline when the case has one, else the event that shows it. */
function decidedAt(rule: DeadlineRule, opened: Case, evidence: CaseEvent): Date {
  const { deadlines } = opened;
  switch (rule) {
    case 'initial-contact-telephone':
    case 'written-on-the-day':
    case 'visit-notice-on-the-day':
      return deadlines.initialContactDue;
    case 'home-visit':
      return deadlines.homeVisitDue ?? evidence.at;
    case 'second-home-visit':
      return deadlines.secondHomeVisitDue ?? evidence.at;
    default:
      return evidence.at;
  }
}

/** Deadlines met and breached in the quarter, per rule. */
export type DeadlinesDecided = ReadonlyMap<DeadlineRule, { readonly met: number; readonly breached: number }>;

/**
 * The return's Deadlines sections: each rule that applied to a case counts as met or breached in the quarter
 * its outcome was settled in; breaches and at-risk alerts count in the quarter they were recorded.
 */
export function deadlineMeasures(
  { count, rate }: MeasureList,
  ledgers: readonly CaseLedger[],
  quarter: Quarter,
): DeadlinesDecided {
  const inQuarter = (event: CaseEvent) => within(event.at, quarter);
  const decided = new Map<DeadlineRule, { met: number; breached: number }>(
    DEADLINE_RULES.map((rule) => [rule, { met: 0, breached: 0 }]),
  );
  // The referrals with a deadline settled in the quarter: the whole `outside-timeframes` is a part of.
  const settled = new Set<string>();
  for (const ledger of ledgers) {
    for (const [rule, evidence] of rulesApplied(ledger.events)) {
      if (!within(decidedAt(rule, ledger.case, evidence), quarter)) continue;
      settled.add(ledger.case.caseId);
      const tally = decided.get(rule) as { met: number; breached: number };
      const breached = ledger.events.some((e) => e.type === 'deadline-breached' && e.detail.rule === rule);
      if (breached) tally.breached++;
      else tally.met++;
    }
  }
  const D = 'Deadlines';
  const ruleRate = (id: string, label: string, rule: DeadlineRule) => {
    const { met, breached } = decided.get(rule) as { met: number; breached: number };
    rate(1, D, id, label, met, met + breached);
  };
  ruleRate(
    'initial-calls-within-48h',
    'Initial calls made within 48 hours (24 when enhanced)',
    'initial-contact-telephone',
  );
  ruleRate('written-on-the-day', 'Letters, e-mails and texts sent on the day received', 'written-on-the-day');
  ruleRate('home-visits-within-5-days', 'Home visits within 5 working days', 'home-visit');
  const breachesInQuarter = ledgers.flatMap((l) =>
    l.events.filter((e) => e.type === 'deadline-breached' && inQuarter(e)),
  );
  const outside = new Set(breachesInQuarter.map((e) => e.caseId));
  count(1, D, 'outside-timeframes', 'Referrals dealt with outside the timeframes', outside.size);
  // A breach settles its rule when it is recorded, so a referral with a breach in the quarter is in the whole
  // even when the rule's own settling time falls in another quarter (docs/reporting.md).
  for (const caseId of outside) settled.add(caseId);
  rate(
    1,
    D,
    'outside-timeframes.percent',
    'Referrals dealt with outside the timeframes, of those with a deadline settled in the quarter',
    outside.size,
    settled.size,
  );
  for (const rule of DEADLINE_RULES) {
    const { met, breached } = decided.get(rule) as { met: number; breached: number };
    rate(1, 'Deadlines met by rule', `deadlines-met.${rule}`, DEADLINE_RULE_NAMES[rule], met, met + breached);
  }
  for (const rule of DEADLINE_RULES)
    count(
      1,
      'Breaches by rule',
      `breaches.${rule}`,
      DEADLINE_RULE_NAMES[rule],
      breachesInQuarter.filter((e) => e.detail.rule === rule).length,
    );
  count(
    1,
    D,
    'at-risk-alerts',
    'Deadlines at risk, alerted to a team leader before they were missed',
    ledgers.flatMap((l) => l.events.filter((e) => e.type === 'deadline-at-risk' && inQuarter(e))).length,
  );
  return decided;
}
