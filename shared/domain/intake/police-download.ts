import { parse } from 'csv-parse/sync';
import type { FieldError } from '../field-errors.ts';
import { type Referral, validateReferral } from '../referral.ts';
import { toIsoDate, toIsoInstant } from './dates.ts';
import { present, toBoolean, toCode, toCodeList } from './field-values.ts';

/** Limits on the police daily download (docs/intake-formats.md). */
export const POLICE_DOWNLOAD_LIMITS = {
  maxBytes: 20 * 1024 * 1024,
  maxRows: 50_000,
  maxCellLength: 500,
} as const;

/**
 * The columns of the police daily download, in the order the crime system exports them, each with the
 * referral field it fills. docs/intake-formats.md describes every column and its accepted values.
 */
export const POLICE_COLUMNS = [
  ['crime_reference', 'externalReference'],
  ['referred_at', 'receivedAt'],
  ['victim_consent', 'consent'],
  ['title', 'victim.title'],
  ['forename', 'victim.forename'],
  ['surname', 'victim.surname'],
  ['date_of_birth', 'victim.dateOfBirth'],
  ['age', 'victim.age'],
  ['address_line_1', 'victim.address.line1'],
  ['address_line_2', 'victim.address.line2'],
  ['town', 'victim.address.town'],
  ['postcode', 'victim.address.postcode'],
  ['home_phone', 'victim.phones.home'],
  ['mobile_phone', 'victim.phones.mobile'],
  ['work_phone', 'victim.phones.work'],
  ['email', 'victim.email'],
  ['contact_method', 'contactMethod'],
  ['unsafe_channels', 'unsafeChannels'],
  ['risk_level', 'risk'],
  ['vulnerability', 'vulnerabilities'],
  ['enhanced_category', 'enhancedCategory'],
  ['offence', 'offence'],
  ['npa', 'npa'],
  ['communication_needs', 'communicationNeeds'],
  ['sex', 'equality.sex'],
  ['gender_reassignment', 'equality.genderReassignment'],
  ['disability', 'equality.disability'],
  ['ethnicity', 'equality.ethnicity'],
  ['religion_or_belief', 'equality.religionOrBelief'],
  ['sexual_orientation', 'equality.sexualOrientation'],
  ['marriage_civil_partnership', 'equality.marriageOrCivilPartnership'],
  ['pregnancy_maternity', 'equality.pregnancyOrMaternity'],
] as const;

export type PoliceColumn = (typeof POLICE_COLUMNS)[number][0];

const COLUMN_FOR_PATH = new Map<string, PoliceColumn>(POLICE_COLUMNS.map(([column, path]) => [path, column]));
COLUMN_FOR_PATH.set('victim.address', 'address_line_1');

// The crime system's own words for the seven contact methods (docs/intake-formats.md), and the model's codes.
const CONTACT_METHOD_ALIASES: Record<string, string> = {
  'home-telephone': 'home-telephone',
  'mobile-telephone': 'mobile-telephone',
  'work-telephone': 'work-telephone',
  email: 'email',
  'e-mail': 'email',
  post: 'post',
  'sms-text': 'sms',
  sms: 'sms',
  'in-person': 'in-person',
};

/** What one row of the download became. */
export type RowOutcome =
  | { readonly row: number; readonly kind: 'referral'; readonly referral: Referral }
  | {
      readonly row: number;
      readonly kind: 'declined';
      readonly externalReference: string;
      readonly receivedAt: Date;
    }
  | { readonly row: number; readonly kind: 'rejected'; readonly errors: readonly FieldError[] };

/** The whole file cannot be read: nothing in it is taken. */
export class InvalidDownloadError extends Error {
  override name = 'InvalidDownloadError';
  readonly field: string;
  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.field = field;
  }
}

type Cells = Partial<Record<PoliceColumn, string>>;

/** Maps a validation path (`victim.phones.mobile`, `vulnerabilities.2`) to the column that held it. */
function columnFor(field: string): string {
  for (let path = field; path; path = path.slice(0, Math.max(path.lastIndexOf('.'), 0))) {
    const column = COLUMN_FOR_PATH.get(path);
    if (column) return column;
  }
  return field;
}

function candidateFrom(cells: Cells): Record<string, unknown> {
  const cell = (column: PoliceColumn) => present(cells[column]);
  const address =
    cell('address_line_1') || cell('address_line_2') || cell('town') || cell('postcode')
      ? {
          line1: cell('address_line_1') ?? '',
          line2: cell('address_line_2'),
          town: cell('town') ?? '',
          postcode: cell('postcode') ?? '',
        }
      : undefined;
  const age = cell('age');
  const method = cell('contact_method');
  const code = (column: PoliceColumn) => {
    const value = cell(column);
    return value === undefined ? undefined : toCode(value);
  };
  return {
    source: 'police',
    externalReference: cell('crime_reference') ?? '',
    receivedAt: toIsoInstant(cells.referred_at ?? ''),
    consent: toBoolean(cells.victim_consent ?? ''),
    victim: {
      title: cell('title'),
      forename: cell('forename') ?? '',
      surname: cell('surname') ?? '',
      dateOfBirth: cell('date_of_birth') && toIsoDate(cell('date_of_birth') as string),
      age: age === undefined ? undefined : /^\d{1,3}$/.test(age) ? Number(age) : age,
      address,
      phones: { home: cell('home_phone'), mobile: cell('mobile_phone'), work: cell('work_phone') },
      email: cell('email'),
    },
    contactMethod: method === undefined ? '' : (CONTACT_METHOD_ALIASES[toCode(method)] ?? method),
    unsafeChannels: toCodeList(cells.unsafe_channels ?? ''),
    risk: code('risk_level') ?? '',
    vulnerabilities: toCodeList(cells.vulnerability ?? ''),
    enhancedCategory: code('enhanced_category'),
    offence: code('offence') ?? '',
    npa: code('npa') ?? '',
    communicationNeeds: toCodeList(cells.communication_needs ?? ''),
    equality: {
      sex: code('sex'),
      genderReassignment: code('gender_reassignment'),
      disability: code('disability'),
      ethnicity: code('ethnicity'),
      religionOrBelief: code('religion_or_belief'),
      sexualOrientation: code('sexual_orientation'),
      marriageOrCivilPartnership: code('marriage_civil_partnership'),
      pregnancyOrMaternity: code('pregnancy_maternity'),
    },
  };
}

/** Drops keys whose value is undefined, so optional fields are absent rather than present-but-empty. */
function compact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(compact);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, compact(v)]),
    );
  }
  return value;
}

/** Reads one row's cells into a referral, a declined row, or the reasons it is rejected. */
export function readPoliceRow(row: number, cells: Cells): RowOutcome {
  const tooLong = POLICE_COLUMNS.filter(
    ([column]) => (cells[column]?.length ?? 0) > POLICE_DOWNLOAD_LIMITS.maxCellLength,
  );
  if (tooLong.length > 0) {
    return {
      row,
      kind: 'rejected',
      errors: tooLong.map(([column]) => ({
        field: column,
        message: `is longer than ${POLICE_DOWNLOAD_LIMITS.maxCellLength} characters`,
      })),
    };
  }
  const notUtf8 = POLICE_COLUMNS.filter(([column]) => cells[column]?.includes('\uFFFD'));
  if (notUtf8.length > 0) {
    return {
      row,
      kind: 'rejected',
      errors: notUtf8.map(([column]) => ({
        field: column,
        message: 'contains bytes that are not UTF-8 text',
      })),
    };
  }
  const candidate = compact(candidateFrom(cells)) as Record<string, unknown>;
  if (candidate.consent === false) {
    // Declined at the police stage: counted, never stored (docs/decisions.md). Only the reference and time
    // are kept.
    const check = validateReferral({ ...candidate, consent: true });
    const keyErrors = check.ok
      ? []
      : check.errors.filter((e) => e.field === 'externalReference' || e.field === 'receivedAt');
    if (keyErrors.length > 0) {
      return {
        row,
        kind: 'rejected',
        errors: keyErrors.map((e) => ({ field: columnFor(e.field), message: e.message })),
      };
    }
    return {
      row,
      kind: 'declined',
      externalReference: String(candidate.externalReference).trim(),
      receivedAt: new Date(String(candidate.receivedAt)),
    };
  }
  const result = validateReferral(candidate);
  if (result.ok) return { row, kind: 'referral', referral: result.referral };
  // One reason per column (the first): a quarantine record is keyed by row and column.
  const byColumn = new Map<string, string>();
  for (const error of result.errors) {
    const column = columnFor(error.field);
    if (!byColumn.has(column)) byColumn.set(column, error.message);
  }
  return { row, kind: 'rejected', errors: [...byColumn].map(([field, message]) => ({ field, message })) };
}

/** One record of the file as text, or the reason it cannot be one. */
type RawRecord = { text: string } | { error: string };
type Event = { cells?: string[]; error?: string };

// A quoted cell may hold a line break (an address, say), but no cell in this format runs past a few lines:
// a quote left open longer than this is a broken row, and the rows after it are read on their own.
const MAX_LINES_PER_RECORD = 5;

/**
 * Splits the file into records: a line break ends a record unless it is inside quotes. Each record is then
 * parsed on its own, so a stray quote spoils its own row and never its neighbours' (docs/service-rules.md:
 * bad input).
 */
function splitRecords(text: string): RawRecord[] {
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.at(-1) === '') lines.pop();
  const records: RawRecord[] = [];
  for (let i = 0; i < lines.length; ) {
    let record = lines[i] as string;
    let open = endsInsideQuotes(record, false);
    let end = i;
    while (open && end + 1 < lines.length && end - i + 1 < MAX_LINES_PER_RECORD) {
      end++;
      record += `\n${lines[end]}`;
      open = endsInsideQuotes(lines[end] as string, true);
    }
    if (open) {
      records.push({ error: csvProblem('CSV_QUOTE_NOT_CLOSED') });
      i++;
    } else {
      records.push({ text: record });
      i = end + 1;
    }
  }
  return records;
}

/**
 * Whether a line ends inside a quoted cell, reading quotes as a spreadsheet does: a quote opens a quoted
 * cell only at the start of a cell; inside one, `""` is a quote and a lone `"` closes it. A quote in the
 * middle of an unquoted cell is text here (csv-parse then rejects that row alone).
 */
function endsInsideQuotes(line: string, startsInside: boolean): boolean {
  let inside = startsInside;
  let cellStart = !startsInside;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (inside) {
      if (ch === '"') {
        if (line[i + 1] === '"') i++;
        else inside = false;
      }
    } else if (ch === '"' && cellStart) inside = true;
    cellStart = !inside && ch === ',';
  }
  return inside;
}

function readRecord(raw: RawRecord): Event {
  if ('error' in raw) return { error: raw.error };
  if (raw.text.length > POLICE_DOWNLOAD_LIMITS.maxCellLength * POLICE_COLUMNS.length) {
    return { error: csvProblem('CSV_MAX_RECORD_SIZE') };
  }
  try {
    const parsed = parse(raw.text, { relax_column_count: true }) as string[][];
    if (parsed.length > 1) return { error: csvProblem('CSV_QUOTE_NOT_CLOSED') };
    return { cells: parsed[0] ?? [''] };
  } catch (error) {
    return { error: csvProblem((error as { code?: string }).code) };
  }
}

/**
 * Parses a police daily download: UTF-8 with or without a byte-order mark, CRLF or LF, quoted fields.
 * Each row becomes a referral, a declined row or a rejection naming its spreadsheet row (header = row 1)
 * and field; a broken row never stops its neighbours. A file that cannot be read at all throws
 * InvalidDownloadError naming what is wrong.
 */
export function parsePoliceDownload(content: Uint8Array | string): RowOutcome[] {
  const size = typeof content === 'string' ? Buffer.byteLength(content) : content.byteLength;
  if (size === 0) throw new InvalidDownloadError('file', 'is empty');
  if (size > POLICE_DOWNLOAD_LIMITS.maxBytes) {
    throw new InvalidDownloadError(
      'file',
      `is larger than ${POLICE_DOWNLOAD_LIMITS.maxBytes / 1024 / 1024} MiB`,
    );
  }
  // Not fatal: a stray byte spoils only its own row, which is rejected naming its column.
  const text = typeof content === 'string' ? content : new TextDecoder('utf-8').decode(content);

  const [first, ...records] = splitRecords(text.startsWith('\uFEFF') ? text.slice(1) : text);
  const header = first === undefined ? undefined : readRecord(first);
  if (!header?.cells) throw new InvalidDownloadError('header', 'the first row must name the columns');
  const names = header.cells.map((name) => name.trim().toLowerCase());
  const known = new Set<string>(POLICE_COLUMNS.map(([column]) => column));
  if (!names.some((name) => known.has(name))) {
    throw new InvalidDownloadError('header', 'the first row must name the columns (docs/intake-formats.md)');
  }
  // Name an unknown column only when it looks like a column name: a data row must not be echoed.
  const unknown = names.flatMap((name, i) =>
    known.has(name) ? [] : [/^[a-z0-9_ ]{1,40}$/.test(name) ? name : `in position ${i + 1}`],
  );
  if (unknown.length > 0) throw new InvalidDownloadError('header', `unknown column ${unknown.join(', ')}`);
  const missing = POLICE_COLUMNS.map(([column]) => column).filter((column) => !names.includes(column));
  if (missing.length > 0) throw new InvalidDownloadError('header', `missing column ${missing.join(', ')}`);
  const duplicated = names.filter((name, i) => names.indexOf(name) !== i);
  if (duplicated.length > 0)
    throw new InvalidDownloadError('header', `column ${duplicated.join(', ')} appears twice`);
  // Counted before any row is read: a file over the limit is refused without the work of reading it.
  if (records.length > POLICE_DOWNLOAD_LIMITS.maxRows) {
    throw new InvalidDownloadError('file', `has more than ${POLICE_DOWNLOAD_LIMITS.maxRows} rows`);
  }
  const rows = records.map(readRecord);

  const outcomes: RowOutcome[] = [];
  rows.forEach((event, index) => {
    const row = index + 2;
    if (event.error) {
      outcomes.push({ row, kind: 'rejected', errors: [{ field: '(row)', message: event.error }] });
      return;
    }
    const cells = event.cells ?? [];
    if (cells.length === 1 && cells[0]?.trim() === '') return; // a blank line: nothing to take
    if (cells.length !== names.length) {
      outcomes.push({
        row,
        kind: 'rejected',
        errors: [{ field: '(row)', message: `has ${cells.length} cells, the header has ${names.length}` }],
      });
      return;
    }
    const byColumn: Cells = {};
    names.forEach((name, i) => {
      byColumn[name as PoliceColumn] = cells[i] ?? '';
    });
    outcomes.push(readPoliceRow(row, byColumn));
  });
  return outcomes;
}

function csvProblem(code: string | undefined): string {
  switch (code) {
    case 'INVALID_OPENING_QUOTE':
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'has a quote (") inside an unquoted cell; quote the whole cell and double the quote';
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'opens a quoted cell that is never closed';
    case 'CSV_MAX_RECORD_SIZE':
      return 'is too long to be a referral';
    default:
      return `cannot be read as CSV (${code ?? 'unknown problem'})`;
  }
}
