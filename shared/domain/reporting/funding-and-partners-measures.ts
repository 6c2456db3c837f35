import { HARDSHIP_ANNUAL_BUDGET_PENCE } from '../hardship-fund.ts';
import type { MeasureList } from './measure-list.ts';
import { percentOf } from './measure-list.ts';
import { type Quarter, within } from './quarters.ts';
import type { CaseLedger } from './return-inputs.ts';

/** Pounds to the penny, as a number: 123456 pence is 1234.56. */
const inPounds = (pence: number) => Math.round(pence) / 100;

/**
 * A hardship payment's amount in pence, from its timeline event: `amountPence` since it was recorded there,
 * else the amount in words it was first recorded with (`£45.00`).
 */
function amountPenceOf(detail: Readonly<Record<string, string | number | boolean>>): number {
  if (typeof detail.amountPence === 'number') return detail.amountPence;
  const words = /^£([\d,]+)(?:\.(\d{2}))?$/.exec(String(detail.amount ?? ''));
  if (!words) return 0;
  return Number((words[1] ?? '0').replaceAll(',', '')) * 100 + Number(words[2] ?? '0');
}

/** A referring organisation's name as an id: `Leicester Women's Aid` → `leicester-women-s-aid`. */
const organisationId = (name: string) =>
  name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '') || 'unnamed';

/**
 * Who referred (docs/reporting.md, "referrals-by-agency"): the police, Sentinel, self-referrals, and each partner
 * organisation by the name its referral gave, each with its percentage of the referrals received. And the
 * hardship fund: the quarter's spend, and the financial year's to the quarter's end against its £5,000.
 */
export function fundingAndPartnerMeasures(
  list: MeasureList,
  received: readonly CaseLedger[],
  ledgers: readonly CaseLedger[],
  quarter: Quarter,
): void {
  const { rate, add } = list;
  const S = 'Referrals by agency';
  const bySource = (source: string) => received.filter((l) => l.case.referral.source === source).length;
  rate(1, S, 'referrals-by-agency.police', 'Leicestershire Police', bySource('police'), received.length);
  rate(
    1,
    S,
    'referrals-by-agency.sentinel-asb',
    'Sentinel (anti-social behaviour)',
    bySource('sentinel-asb'),
    received.length,
  );
  rate(1, S, 'referrals-by-agency.self', 'Self-referral', bySource('self'), received.length);
  const partners = new Map<string, { label: string; n: number }>();
  for (const ledger of received) {
    if (ledger.case.referral.source !== 'partner') continue;
    const name = ledger.case.referral.referrer?.organisation?.trim() || 'Partner agency (not named)';
    const id = organisationId(name);
    const kept = partners.get(id) ?? { label: name, n: 0 };
    partners.set(id, { label: kept.label, n: kept.n + 1 });
  }
  for (const [id, { label, n }] of [...partners].sort((a, b) =>
    a[1].label.localeCompare(b[1].label, 'en-GB'),
  ))
    rate(1, S, `referrals-by-agency.partner.${id}`, label, n, received.length);

  const H = 'Hardship fund';
  const payments = ledgers.flatMap((l) => l.events.filter((e) => e.type === 'hardship-payment'));
  const quarterPence = payments
    .filter((e) => within(e.at, quarter))
    .reduce((s, e) => s + amountPenceOf(e.detail), 0);
  const yearPence = payments
    .filter((e) => e.at >= quarter.yearFrom && e.at < quarter.to)
    .reduce((s, e) => s + amountPenceOf(e.detail), 0);
  add({
    id: 'hardship-spend',
    label: 'Hardship fund spend in the quarter (£)',
    lot: 1,
    section: H,
    value: inPounds(quarterPence),
  });
  add({
    id: 'hardship-spend.year-to-date',
    label: `Hardship fund spend in ${quarter.financialYear} to the quarter's end (£), of the year's £${inPounds(HARDSHIP_ANNUAL_BUDGET_PENCE).toLocaleString('en-GB')}`,
    lot: 1,
    section: H,
    value: inPounds(yearPence),
    percentage: percentOf(yearPence, HARDSHIP_ANNUAL_BUDGET_PENCE),
    denominator: inPounds(HARDSHIP_ANNUAL_BUDGET_PENCE),
  });
  add({
    id: 'hardship-budget',
    label: `Hardship fund budget for ${quarter.financialYear} (£)`,
    lot: 1,
    section: H,
    value: inPounds(HARDSHIP_ANNUAL_BUDGET_PENCE),
  });
}
