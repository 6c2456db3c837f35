import { parse } from 'csv-parse/sync';
import { DateTime } from 'luxon';
import type { FieldError } from '../field-errors.ts';
import { toIsoDate } from './dates.ts';
import { toBoolean } from './field-values.ts';
import { InvalidDownloadError } from './police-download.ts';

/** Limits on the police survey file (docs/intake-formats.md): a year's survey is a few thousand rows. */
export const POLICE_SURVEY_LIMITS = {
  maxBytes: 2 * 1024 * 1024,
  maxRows: 20_000,
  maxCellLength: 100,
} as const;

/** The columns of the police survey file, in any order (docs/intake-formats.md). */
export const SURVEY_COLUMNS = ['reference', 'surveyed_on', 'coped_and_recovered', 'satisfied'] as const;
type SurveyColumn = (typeof SURVEY_COLUMNS)[number];

/** A case reference as the service writes it, or a police crime reference (the police download's). */
const CASE_REFERENCE = /^VF-[A-Z0-9]{5}-[A-Z0-9]{5}$/;
const CRIME_REFERENCE = /^[A-Z0-9][A-Z0-9/-]{0,39}$/;

/** What one row of the survey file became: the answers with the reference to match, or why it is refused. */
export type SurveyRow =
  | {
      readonly row: number;
      readonly kind: 'answers';
      /** A case reference (`VF-…`) or the crime reference of a police referral. */
      readonly reference: { readonly caseId: string } | { readonly crimeReference: string };
      readonly surveyedOn: string;
      readonly copedAndRecovered?: boolean;
      readonly satisfied?: boolean;
    }
  | { readonly row: number; readonly kind: 'rejected'; readonly errors: readonly FieldError[] };

/** Y or N, or blank (not asked); anything else is named. */
function answer(cell: string): boolean | undefined | 'bad' {
  if (cell.trim() === '') return undefined;
  const value = toBoolean(cell);
  return typeof value === 'boolean' ? value : 'bad';
}

/** Reads one row's cells: a row is refused naming each bad column, never echoing what it held. */
export function readSurveyRow(
  row: number,
  cells: Readonly<Record<SurveyColumn, string>>,
  today: string,
): SurveyRow {
  const errors: FieldError[] = [];
  for (const column of SURVEY_COLUMNS)
    if (cells[column].length > POLICE_SURVEY_LIMITS.maxCellLength)
      errors.push({
        field: column,
        message: `is longer than ${POLICE_SURVEY_LIMITS.maxCellLength} characters`,
      });
  if (errors.length > 0) return { row, kind: 'rejected', errors };
  const reference = cells.reference.trim().toUpperCase();
  if (reference === '') errors.push({ field: 'reference', message: 'is required' });
  else if (!CASE_REFERENCE.test(reference) && !CRIME_REFERENCE.test(reference))
    errors.push({ field: 'reference', message: 'must be a case reference (VF-…) or a crime reference' });
  const surveyedOn = toIsoDate(cells.surveyed_on);
  const date = DateTime.fromISO(surveyedOn);
  if (cells.surveyed_on.trim() === '') errors.push({ field: 'surveyed_on', message: 'is required' });
  else if (!/^\d{4}-\d{2}-\d{2}$/.test(surveyedOn) || !date.isValid)
    errors.push({ field: 'surveyed_on', message: 'must be a date, like 18/12/2026' });
  else if (surveyedOn > today) errors.push({ field: 'surveyed_on', message: 'must not be in the future' });
  const coped = answer(cells.coped_and_recovered);
  const satisfied = answer(cells.satisfied);
  if (coped === 'bad') errors.push({ field: 'coped_and_recovered', message: 'must be Y, N or blank' });
  if (satisfied === 'bad') errors.push({ field: 'satisfied', message: 'must be Y, N or blank' });
  if (coped === undefined && satisfied === undefined)
    errors.push({ field: '(row)', message: 'answers neither coped_and_recovered nor satisfied' });
  if (errors.length > 0) return { row, kind: 'rejected', errors };
  return {
    row,
    kind: 'answers',
    reference: CASE_REFERENCE.test(reference) ? { caseId: reference } : { crimeReference: reference },
    surveyedOn,
    ...(coped === undefined || coped === 'bad' ? {} : { copedAndRecovered: coped }),
    ...(satisfied === undefined || satisfied === 'bad' ? {} : { satisfied }),
  };
}

/**
 * Parses the police survey file: UTF-8 with or without a byte-order mark, CRLF or LF, quoted cells, a
 * header naming the four columns in any order. Each row becomes answers or a rejection naming its
 * spreadsheet row (header = row 1); a bad row never stops its neighbours. A file that cannot be read at
 * all throws InvalidDownloadError naming what is wrong. `today` is the local date: no survey is in the future.
 */
export function parsePoliceSurvey(content: Uint8Array | string, today: string): SurveyRow[] {
  const size = typeof content === 'string' ? Buffer.byteLength(content) : content.byteLength;
  if (size === 0) throw new InvalidDownloadError('file', 'is empty');
  if (size > POLICE_SURVEY_LIMITS.maxBytes)
    throw new InvalidDownloadError(
      'file',
      `is larger than ${POLICE_SURVEY_LIMITS.maxBytes / 1024 / 1024} MiB`,
    );
  const raw = typeof content === 'string' ? content : new TextDecoder('utf-8').decode(content);
  const text = raw.startsWith('\uFEFF') ? raw.slice(1) : raw;
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.at(-1) === '') lines.pop();
  const [headerLine, ...rows] = lines;
  let names: string[];
  try {
    names = ((parse(headerLine ?? '') as string[][])[0] ?? []).map((n) => n.trim().toLowerCase());
  } catch {
    throw new InvalidDownloadError('header', 'the first row must name the columns');
  }
  const known = new Set<string>(SURVEY_COLUMNS);
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length > 0)
    throw new InvalidDownloadError(
      'header',
      `unknown column ${unknown.map((n, i) => (/^[a-z0-9_ ]{1,40}$/.test(n) ? n : `in position ${i + 1}`)).join(', ')}`,
    );
  const missing = SURVEY_COLUMNS.filter((c) => !names.includes(c));
  if (missing.length > 0) throw new InvalidDownloadError('header', `missing column ${missing.join(', ')}`);
  if (new Set(names).size !== names.length)
    throw new InvalidDownloadError('header', 'a column appears twice');
  if (rows.length > POLICE_SURVEY_LIMITS.maxRows)
    throw new InvalidDownloadError('file', `has more than ${POLICE_SURVEY_LIMITS.maxRows} rows`);
  const outcomes: SurveyRow[] = [];
  rows.forEach((line, index) => {
    const row = index + 2;
    if (line.trim() === '') return;
    let cells: string[];
    try {
      cells = (parse(line, { relax_column_count: true }) as string[][])[0] ?? [];
    } catch {
      outcomes.push({
        row,
        kind: 'rejected',
        errors: [{ field: '(row)', message: 'cannot be read as CSV' }],
      });
      return;
    }
    if (cells.length !== names.length) {
      outcomes.push({
        row,
        kind: 'rejected',
        errors: [{ field: '(row)', message: `has ${cells.length} cells, the header has ${names.length}` }],
      });
      return;
    }
    if (cells.some((c) => c.includes('\uFFFD'))) {
      outcomes.push({
        row,
        kind: 'rejected',
        errors: [{ field: '(row)', message: 'contains bytes that are not UTF-8 text' }],
      });
      return;
    }
    const byColumn = Object.fromEntries(names.map((n, i) => [n, cells[i] ?? ''])) as Record<
      SurveyColumn,
      string
    >;
    outcomes.push(readSurveyRow(row, byColumn, today));
  });
  return outcomes;
}
