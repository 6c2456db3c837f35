import { DateTime } from 'luxon';
import { SERVICE_TIME_ZONE } from '../../domain/calendar.ts';
import type { Measure, QuarterlyReturn } from '../../domain/reporting/quarterly-return.ts';

/**
 * What the HTML and PDF returns share: the title, how each figure is written, the headline figures and the
 * measures grouped for the tables. Dates are Europe/London days, written the GOV.UK way.
 */

const SERVICE = 'Victim First';
const london = (iso: string) => DateTime.fromISO(iso, { zone: SERVICE_TIME_ZONE }).setLocale('en-GB');

/** "Victim First quarterly return 2026/27-Q2", the running title of the page footers. */
export function returnName(r: QuarterlyReturn): string {
  return `${SERVICE} quarterly return ${r.quarter}`;
}

/** The quarter's days: "1 July to 30 September 2026" (`to` is the instant after the last day). */
export function returnPeriod(r: QuarterlyReturn): string {
  const first = london(r.from);
  const last = london(r.to).minus({ milliseconds: 1 });
  const sameYear = first.year === last.year;
  return `${first.toFormat(sameYear ? 'd MMMM' : 'd MMMM yyyy')} to ${last.toFormat('d MMMM yyyy')}`;
}

/** "Victim First quarterly return 2026/27-Q2 (1 July to 30 September 2026)". */
export function returnTitle(r: QuarterlyReturn): string {
  return `${returnName(r)} (${returnPeriod(r)})`;
}

/** "Produced on 14 October 2026 at 9:05am". */
export function producedLine(r: QuarterlyReturn): string {
  const at = london(r.producedAt);
  const time = at.toFormat(at.minute === 0 ? 'ha' : 'h:mma').toLowerCase();
  return `Produced on ${at.toFormat('d MMMM yyyy')} at ${time}`;
}

/** A week's first day, short for a chart axis ("7 Jul") or long for a table ("7 July 2026"). */
export function formatDay(isoDate: string, style: 'short' | 'long'): string {
  return london(isoDate).toFormat(style === 'short' ? 'd MMM' : 'd MMMM yyyy');
}

/** A month (`2026-04`), short for a chart axis ("Apr") or long for a table ("April 2026"). */
export function formatMonth(month: string, style: 'short' | 'long'): string {
  return london(month).toFormat(style === 'short' ? 'MMM' : 'MMMM yyyy');
}

const COUNT = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });
const ONE_DECIMAL = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
// A change that rounds to nothing has no sign: "0.0", never "-0.0".
const SIGNED = new Intl.NumberFormat('en-GB', {
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
  signDisplay: 'exceptZero',
});
const POUNDS = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });
const WHOLE_POUNDS = new Intl.NumberFormat('en-GB', {
  style: 'currency',
  currency: 'GBP',
  maximumFractionDigits: 0,
});

/** A count, hours or points: "1,234", "36.5". */
export function formatNumber(n: number): string {
  return COUNT.format(n);
}

/** An amount in pence as pounds with two decimals: "£1,234.50". */
export function formatPence(pence: number): string {
  return POUNDS.format(pence / 100);
}

/** An amount in pence to the nearest pound, for chart labels where space is short: "£1,235". */
export function formatPenceWhole(pence: number): string {
  return WHOLE_POUNDS.format(pence / 100);
}

/** A percentage with one decimal: "92.3%". */
export function formatPercentage(p: number): string {
  return `${ONE_DECIMAL.format(p)}%`;
}

/** A change with its sign, one decimal: "+1.3", "-0.4", "0.0". */
export function formatSigned(n: number): string {
  return SIGNED.format(n);
}

/** What a cell shows where there is no figure. */
export const NO_FIGURE = '—';
/** What a suppressed equality count shows (docs/reporting.md: counts under 5 withheld). */
export const SUPPRESSED_TEXT = 'fewer than 5';

/** A measure's figure as the tables show it: suppressed, missing, pounds or a number. */
export function measureValueText(m: Measure): string {
  if (m.suppressed) return SUPPRESSED_TEXT;
  if (m.value === null) return NO_FIGURE;
  return m.id.endsWith('-pence') ? formatPence(m.value) : formatNumber(m.value);
}

/** A measure's percentage: empty where none is asked for, "—" where its denominator is 0. */
export function measurePercentageText(m: Measure): string {
  if (m.percentage === undefined) return '';
  return m.percentage === null ? NO_FIGURE : formatPercentage(m.percentage);
}

/** What the percentage is of, as a number, or empty. */
export function measureDenominatorText(m: Measure): string {
  return m.denominator === undefined ? '' : formatNumber(m.denominator);
}

/** A measure's note for the tables; a suppressed figure says why it is withheld. */
export function measureNoteText(m: Measure): string {
  const notes = m.suppressed ? ['withheld so that no victim can be recognised'] : [];
  if (m.target !== undefined) notes.push(`target ${formatPercentage(m.target)}`);
  if (m.note) notes.push(m.note);
  return notes.join('; ');
}

/** The two lots of the commissioner's specification. */
export const LOT_TITLES: Readonly<Record<Measure['lot'], string>> = {
  1: 'Lot 1: Victim First support service',
  2: 'Lot 2: Target Hardening',
};

export interface MeasureSection {
  readonly title: string;
  readonly measures: readonly Measure[];
}

export interface MeasureLot {
  readonly lot: Measure['lot'];
  readonly title: string;
  readonly sections: readonly MeasureSection[];
}

/** Every measure grouped by lot (1 then 2) and by section, in the order the return lists them. */
export function measuresByLotAndSection(r: QuarterlyReturn): MeasureLot[] {
  return ([1, 2] as const).flatMap((lot) => {
    const sections = new Map<string, Measure[]>();
    for (const m of r.measures) {
      if (m.lot !== lot) continue;
      const list = sections.get(m.section) ?? [];
      list.push(m);
      sections.set(m.section, list);
    }
    if (sections.size === 0) return [];
    return [
      {
        lot,
        title: LOT_TITLES[lot],
        sections: [...sections].map(([title, measures]) => ({ title, measures })),
      },
    ];
  });
}

/**
 * The measures the headline figures are taken from, by their ids (shared/domain/reporting); a figure whose measure is
 * missing shows "—" rather than failing the whole return.
 */
export const HEADLINE_MEASURES = [
  { id: 'referrals-received', label: 'Referrals received', show: 'value' },
  { id: 'initial-calls-within-48h', label: 'Initial calls within 48 hours', show: 'percentage' },
  { id: 'written-on-the-day', label: 'Letters, emails and texts sent on the day', show: 'percentage' },
  {
    id: 'home-visits-within-5-days',
    label: 'Home visits within 5 working days',
    show: 'percentage',
  },
  { id: 'cases-closed', label: 'Cases closed', show: 'value' },
  { id: 'th-completed', label: 'Target-hardening jobs completed', show: 'value' },
] as const satisfies readonly { id: string; label: string; show: 'value' | 'percentage' }[];

export interface HeadlineFigure {
  readonly label: string;
  /** The figure itself: "412", "92.3%", "£12,345.67". */
  readonly figure: string;
  /** What it is out of, or why it is missing: "of 230", "of £40,000.00 budget (30.9%)". */
  readonly detail: string;
}

/** The headline figures, in the order the dashboard shows them; spend against budget comes last. */
export function headlineFigures(r: QuarterlyReturn): HeadlineFigure[] {
  const figures: HeadlineFigure[] = HEADLINE_MEASURES.map(({ id, label, show }) => {
    const m = r.measures.find((measure) => measure.id === id);
    if (!m) return { label, figure: NO_FIGURE, detail: 'not in this return' };
    if (show === 'percentage') {
      const figure = measurePercentageText(m) || NO_FIGURE;
      const detail =
        m.percentage === null || m.denominator === undefined
          ? (m.note ?? '')
          : `of ${formatNumber(m.denominator)}`;
      return { label, figure, detail };
    }
    return { label, figure: measureValueText(m), detail: m.value === null ? (m.note ?? '') : '' };
  });
  const { budgetPence, spentPence, financialYear } = r.charts.targetHardeningSpend;
  const share = budgetPence > 0 ? ` (${formatPercentage((100 * spentPence) / budgetPence)})` : '';
  figures.push({
    label: `Target-hardening spend ${financialYear} to date`,
    figure: formatPence(spentPence),
    detail: `of ${formatPence(budgetPence)} budget${share}`,
  });
  return figures;
}
