import type { Measure, QuarterlyReturn } from '../../domain/reporting/quarterly-return.ts';

/**
 * The return as CSV (RFC 4180): a header row, then one row per measure, CRLF line ends. Hand-written
 * because the project has a CSV parser (csv-parse) but no CSV writer among its dependencies, and the rules
 * are short: every text cell is quoted with its quotes doubled; numbers are bare.
 */

export const RETURN_CSV_COLUMNS = [
  'quarter',
  'lot',
  'section',
  'id',
  'label',
  'value',
  'percentage',
  'denominator',
  'note',
] as const;

/** What the note column says for an equality count withheld because it is under 5 (docs/reporting.md). */
export const SUPPRESSED_NOTE = 'suppressed (under 5)';

type Cell = string | number | null | undefined;

/**
 * A spreadsheet reads a cell starting with one of these as a formula (or, for tab and CR, may drop them and
 * read what follows as one); OWASP's CSV injection guidance is to start such a text cell with an apostrophe.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

function textCell(text: string): string {
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  // Every text cell is quoted, as OWASP also advises, so no separator or line end inside it can start a cell.
  return `"${safe.replaceAll('"', '""')}"`;
}

function cell(value: Cell): string {
  if (value === null || value === undefined) return '';
  // Numbers are written as numbers, so a negative one ("-0.4") stays a number and is not prefixed.
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return value === '' ? '' : textCell(value);
}

function noteFor(m: Measure): string | undefined {
  if (!m.suppressed) return m.note;
  return m.note ? `${SUPPRESSED_NOTE}; ${m.note}` : SUPPRESSED_NOTE;
}

/** Options for the CSV; by default it starts with a byte-order mark so that Excel reads it as UTF-8. */
export interface ReturnCsvOptions {
  readonly byteOrderMark?: boolean;
}

/**
 * The quarterly return as CSV, one row per measure: quarter, lot, section, id, label, value (pence for ids
 * ending `-pence`), percentage, denominator, note. Text cells that a spreadsheet would run as a formula are
 * neutralised with a leading apostrophe.
 */
export function returnCsv(r: QuarterlyReturn, options: ReturnCsvOptions = {}): string {
  const rows: Cell[][] = [
    [...RETURN_CSV_COLUMNS],
    ...r.measures.map((m) => [
      r.quarter,
      m.lot,
      m.section,
      m.id,
      m.label,
      m.suppressed ? null : m.value,
      m.percentage,
      m.denominator,
      noteFor(m),
    ]),
  ];
  const body = rows.map((row) => `${row.map(cell).join(',')}\r\n`).join('');
  return (options.byteOrderMark ?? true) ? `\uFEFF${body}` : body;
}
