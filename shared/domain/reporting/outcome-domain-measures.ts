import { supportChanges } from '../case-support.ts';
import { domainMovements, OUTCOME_DOMAIN_NAMES, OUTCOME_DOMAINS } from '../outcome-domains.ts';
import type { MeasureList } from './measure-list.ts';
import { type Quarter, within } from './quarters.ts';
import type { CaseLedger } from './return-inputs.ts';

const D = 'Distance travelled by outcome domain (closed cases)';

/**
 * Distance travelled in the return's eight outcome domains (docs/reporting.md, "Outcome domains"): for the
 * cases closed in the quarter with a first and a closing assessment, both recorded before the quarter
 * ended, per domain the number improved, unchanged and worse, each with its percentage of the cases
 * assessed in that domain (either form: a young person's counts in the domains its areas map to).
 */
export function outcomeDomainMeasures(
  { rate }: MeasureList,
  ledgers: readonly CaseLedger[],
  quarter: Quarter,
): void {
  const moved = ledgers.flatMap(({ support }) => {
    const { initial, closing } = support;
    const closedInQuarter = supportChanges(support).some(
      (c) => c.change === 'closed' && within(c.at, quarter),
    );
    if (!closedInQuarter || !initial || !closing) return [];
    if (initial.at >= quarter.to || closing.at >= quarter.to) return [];
    return [domainMovements(initial, closing)];
  });
  for (const domain of OUTCOME_DOMAINS) {
    const assessed = moved.filter((m) => m[domain] !== undefined);
    for (const movement of ['improved', 'unchanged', 'worse'] as const)
      rate(
        1,
        D,
        `distance-travelled-domain.${domain}.${movement}`,
        `${OUTCOME_DOMAIN_NAMES[domain]}: ${movement}`,
        assessed.filter((m) => m[domain] === movement).length,
        assessed.length,
      );
  }
}
