import type { CaseEvent } from '../case-records.ts';
import { MH_TRIAGE_OUTCOME_NAMES, MH_TRIAGE_OUTCOMES } from '../mh-triage.ts';
import { RJ_OFFER_RESULT_NAMES, RJ_OFFER_RESULTS } from '../rj-process.ts';
import type { MeasureList } from './measure-list.ts';
import { type Quarter, within } from './quarters.ts';
import type { CaseLedger } from './return-inputs.ts';

/**
 * Restorative justice and mental health triage (docs/reporting.md), from each case's timeline: the offers
 * recorded in the quarter by result, the exception decisions, the victims who had restorative contact in it
 * over the victims in the process during it, and the referrals to the mental health nurses with the
 * nurses' triage outcomes recorded in the quarter.
 */
export function rjAndTriageMeasures(
  { count, rate }: MeasureList,
  ledgers: readonly CaseLedger[],
  quarter: Quarter,
): void {
  const first = (
    ledger: CaseLedger,
    type: CaseEvent['type'],
    match: (e: CaseEvent) => boolean = () => true,
  ) => ledger.events.find((e) => e.type === type && match(e));
  const inQuarter = (event: CaseEvent | undefined): event is CaseEvent =>
    event !== undefined && within(event.at, quarter);

  const R = 'Restorative justice';
  const offers = ledgers.map((l) => first(l, 'rj-offer-recorded')).filter(inQuarter);
  count(1, R, 'restorative-justice.offers', 'Restorative justice offers recorded', offers.length);
  for (const result of RJ_OFFER_RESULTS)
    rate(
      1,
      R,
      `restorative-justice.offers.${result}`,
      `Offers: ${RJ_OFFER_RESULT_NAMES[result].toLowerCase()}`,
      offers.filter((e) => e.detail.result === result).length,
      offers.length,
    );
  const decided = ledgers.map((l) => first(l, 'rj-exception-decided')).filter(inQuarter);
  rate(
    1,
    R,
    'restorative-justice.exceptions-approved',
    "Exceptions approved by a team leader (of the quarter's exception decisions)",
    decided.filter((e) => e.detail.approved === true).length,
    decided.length,
  );
  // In the process during the quarter: accepted by its end, and no outcome recorded before it began.
  const inProcess = ledgers.filter((l) => {
    const accepted = first(l, 'rj-offer-recorded', (e) => e.detail.result === 'accepted');
    const ended = first(l, 'rj-stage-recorded', (e) => e.detail.stage === 'outcome');
    return accepted !== undefined && accepted.at < quarter.to && !(ended && ended.at < quarter.from);
  });
  rate(
    1,
    R,
    'restorative-justice.engaged',
    'Victims engaging in restorative contact (of the victims in restorative justice in the quarter)',
    inProcess.filter((l) => inQuarter(first(l, 'rj-stage-recorded', (e) => e.detail.stage === 'contact')))
      .length,
    inProcess.length,
  );

  const M = 'Mental health triage';
  const referred = ledgers.flatMap((l) =>
    l.events.filter((e) => e.type === 'mh-triage-referred' && inQuarter(e)),
  );
  count(1, M, 'mental-health-triage.referrals', 'Referrals to the mental health nurses', referred.length);
  const triaged = ledgers.flatMap((l) =>
    l.events.filter((e) => e.type === 'mh-triage-outcome' && inQuarter(e)),
  );
  for (const outcome of MH_TRIAGE_OUTCOMES)
    rate(
      1,
      M,
      `mental-health-triage.outcome.${outcome}`,
      `Triage outcome: ${MH_TRIAGE_OUTCOME_NAMES[outcome].toLowerCase()}`,
      triaged.filter((e) => e.detail.outcome === outcome).length,
      triaged.length,
    );
}
