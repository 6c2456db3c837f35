import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createIngestPoliceDownload } from '../../functions/intake/ingest-police-download/ingest-police-download.ts';
import { localContext, s3ObjectCreated } from '../../local/lambda-events.ts';
import type { DynamoDbCaseStore } from '../../shared/adapters/dynamodb/case-store.ts';
import { type IntakeSummary, intakeFileId } from '../../shared/application/ingest.ts';
import { caseIdFor, personKeyFor } from '../../shared/domain/case.ts';
import {
  InvalidDownloadError,
  POLICE_COLUMNS,
  POLICE_DOWNLOAD_LIMITS,
  type PoliceColumn,
  parsePoliceDownload,
} from '../../shared/domain/intake/police-download.ts';
import { aPoliceRow, csvCell, POLICE_HEADER } from '../fixtures/referrals.ts';
import { RecordingWorkflows } from '../support/recording-workflows.ts';
import { fixedClock, freshStore } from '../support/store.ts';
import {
  expectNamed,
  FORMULA,
  isIntakeRecord,
  MemoryObjects,
  SCRIPT,
  snapshotOf,
  writesBetween,
} from './support.ts';

// The bad-input corpus for the police daily download (docs/service-rules.md: bad input): every malformed row is quarantined naming
// its column (or `(row)`) while the good rows either side of it open their cases; every unreadable file is
// refused as a whole naming `file` or `header`. Each row is read by the parser between two good rows, and
// all of them together, each between good rows, go through the real ingest-police-download function on
// DynamoDB Local, which must write nothing for any bad row but its quarantine record.

// The function logs each refused file at ERROR; the corpus asserts on what it answered and stored instead.
const logLevel = vi.hoisted(() => {
  const previous = process.env.POWERTOOLS_LOG_LEVEL;
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  return previous;
});
afterAll(() => {
  if (logLevel === undefined) delete process.env.POWERTOOLS_LOG_LEVEL;
  else process.env.POWERTOOLS_LOG_LEVEL = logLevel;
});

type Cells = Partial<Record<PoliceColumn, string>>;

/** One malformed row: the cells laid over a valid row, or the raw bytes of the line given its reference. */
interface RowCase {
  readonly name: string;
  readonly bad: Cells | ((reference: string) => string | Uint8Array);
  /** The column (or `(row)`) the rejection must name. */
  readonly field: string;
  /** What was sent, which the message must not repeat. */
  readonly value?: string;
}

const lineOf = (cells: Cells) => {
  const row = aPoliceRow(cells);
  return POLICE_COLUMNS.map(([column]) => csvCell(row[column])).join(',');
};

/** A valid row's line with `bytes` as the raw content of one column (a byte that is not UTF-8, say). */
const withBytes =
  (column: PoliceColumn, bytes: readonly number[], around: [string, string] = ['', '']) =>
  (reference: string) => {
    const marker = '\u0001MARK\u0001';
    const [before = '', after = ''] = lineOf({ crime_reference: reference, [column]: marker }).split(marker);
    return Buffer.concat([
      Buffer.from(before + around[0]),
      Buffer.from(bytes),
      Buffer.from(around[1] + after),
    ]);
  };

/** A valid row's cells, `count` of them, or with one cell dropped or added. */
const cellsOf = (reference: string) => {
  const row = aPoliceRow({ crime_reference: reference });
  return POLICE_COLUMNS.map(([column]) => csvCell(row[column]));
};

const long = (n: number, unit = 'a') => unit.repeat(n);

const ROWS: readonly RowCase[] = [
  // Encodings: a byte that is not UTF-8 spoils its own row, named by its column.
  {
    name: 'a Latin-1 ü in the surname',
    bad: withBytes('surname', [0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72]),
    field: 'surname',
  },
  {
    name: 'a Windows-1252 curly apostrophe in the forename',
    bad: withBytes('forename', [0x4f, 0x92, 0x42, 0x72, 0x69, 0x65, 0x6e]),
    field: 'forename',
  },
  {
    name: 'a lone UTF-8 continuation byte in the town',
    bad: withBytes('town', [0x4c, 0x80, 0x65]),
    field: 'town',
  },
  {
    name: 'a truncated three-byte sequence in address line 1',
    bad: withBytes('address_line_1', [0x31, 0x32, 0x20, 0xe2, 0x82]),
    field: 'address_line_1',
  },
  {
    name: 'an overlong encoding of < in the forename',
    bad: withBytes('forename', [0x41, 0xc0, 0xbc, 0x64, 0x61]),
    field: 'forename',
  },
  {
    name: 'a 0xFF byte in the postcode',
    bad: withBytes('postcode', [0x4c, 0x45, 0x31, 0xff]),
    field: 'postcode',
  },
  {
    name: 'a UTF-16 surrogate encoded as UTF-8 (CESU) in the surname',
    bad: withBytes('surname', [0xed, 0xa0, 0x80]),
    field: 'surname',
  },
  { name: 'a NUL byte in the forename', bad: { forename: 'Ada\u0000' }, field: 'forename' },
  { name: 'a zero-width space in the surname', bad: { surname: 'Exa\u200Bmple' }, field: 'surname' },
  {
    name: 'a right-to-left override in the forename',
    bad: { forename: 'Ada\u202Egnp.exe' },
    field: 'forename',
  },
  { name: 'a byte-order mark inside a cell', bad: { surname: 'Ex\uFEFFample' }, field: 'surname' },
  { name: 'a vertical tab in the town', bad: { town: 'Leic\u000Bester' }, field: 'town' },
  { name: 'an emoji as the forename', bad: { forename: '\u{1F600}' }, field: 'forename' },

  // Structure: truncated and extra columns, broken quoting, a row too long.
  { name: 'a row truncated to 31 cells', bad: (ref) => cellsOf(ref).slice(0, -1).join(','), field: '(row)' },
  {
    name: 'a row with an extra 33rd cell',
    bad: (ref) => [...cellsOf(ref), 'extra'].join(','),
    field: '(row)',
  },
  { name: 'a row holding only its crime reference', bad: (ref) => ref, field: '(row)' },
  { name: 'a row cut off half way', bad: (ref) => cellsOf(ref).slice(0, 12).join(','), field: '(row)' },
  {
    name: 'a quoted address never closed',
    bad: (ref) => cellsOf(ref).join(',').replace('12 Example Street', '"12 Example Street'),
    field: '(row)',
  },
  {
    name: 'a stray quote inside an unquoted cell',
    bad: (ref) => cellsOf(ref).join(',').replace('12 Example Street', '12 "Example" Street'),
    field: '(row)',
  },
  {
    name: 'a quoted cell running over more than five lines',
    bad: (ref) => cellsOf(ref).join(',').replace('12 Example Street', '"12\n\n\n\n\nExample Street"'),
    field: '(row)',
  },
  {
    name: 'a row longer than 16,000 characters',
    bad: (ref) => [...cellsOf(ref).slice(0, -1), long(16_001)].join(','),
    field: '(row)',
  },
  { name: 'a tab-separated row', bad: (ref) => cellsOf(ref).join('\t'), field: '(row)' },
  { name: 'a semicolon-separated row', bad: (ref) => cellsOf(ref).join(';'), field: '(row)' },
  {
    name: 'a row of 32 empty cells but its reference',
    bad: (ref) => [ref, ...Array(31).fill('')].join(','),
    field: 'referred_at',
  },
  {
    name: 'text after a closing quote',
    bad: (ref) => cellsOf(ref).join(',').replace('12 Example Street', '"12 Example" Street'),
    field: '(row)',
  },

  // Oversized fields.
  { name: 'a forename of 501 characters', bad: { forename: long(501) }, field: 'forename' },
  { name: 'a town of 5,000 characters', bad: { town: long(5000) }, field: 'town' },
  { name: 'a postcode of 600 characters', bad: { postcode: long(600, 'Z') }, field: 'postcode' },
  { name: 'a forename of 101 letters', bad: { forename: long(101) }, field: 'forename' },
  {
    name: 'an address line of 121 characters',
    bad: { address_line_1: `1 ${long(119)}` },
    field: 'address_line_1',
  },
  {
    name: 'a crime reference of 65 characters',
    bad: { crime_reference: `LP-${long(62, '1')}` },
    field: 'crime_reference',
  },
  { name: 'a title of 21 letters', bad: { title: long(21, 'M') }, field: 'title' },
  { name: 'an e-mail address of 255 characters', bad: { email: `${long(243)}@example.org` }, field: 'email' },
  {
    name: 'a vulnerability list of 500 characters of one factor',
    bad: { vulnerability: Array(45).fill('Isolation').join(';').slice(0, 500) },
    field: 'vulnerability',
  },

  // Spreadsheet formulas (=, +, -, @ at the start) in every free-text column.
  { name: '=HYPERLINK(…) as the forename', bad: { forename: FORMULA }, field: 'forename', value: FORMULA },
  { name: '+cmd as the surname', bad: { surname: "+cmd|' /C calc'!A0" }, field: 'surname' },
  { name: '-2+3 as the forename', bad: { forename: '-2+3+cmd' }, field: 'forename' },
  { name: '@SUM(…) as the surname', bad: { surname: '@SUM(1+1)*cmd' }, field: 'surname' },
  { name: '=1+1 as address line 1', bad: { address_line_1: '=1+1' }, field: 'address_line_1' },
  {
    name: '=HYPERLINK(…) as address line 2',
    bad: { address_line_2: FORMULA },
    field: 'address_line_2',
    value: FORMULA,
  },
  {
    name: '=IMPORTXML(…) as the town',
    bad: { town: '=IMPORTXML("http://evil.example.org","//a")' },
    field: 'town',
  },
  {
    name: '=HYPERLINK(…) as the crime reference',
    bad: { crime_reference: FORMULA },
    field: 'crime_reference',
    value: FORMULA,
  },
  { name: '=1 as the title', bad: { title: '=1' }, field: 'title' },
  { name: 'a tab then =1+1 as the forename', bad: { forename: '\t=1+1' }, field: 'forename' },
  { name: 'an apostrophe-escaped formula as the surname', bad: { surname: "'=1+1" }, field: 'surname' },
  { name: 'a formula after a house number', bad: { address_line_1: '0=cmd|calc' }, field: 'address_line_1' },
  {
    name: '=HYPERLINK(…) as the e-mail address',
    bad: { email: '=HYPERLINK("x")@example.org' },
    field: 'email',
  },
  { name: '@ as the town', bad: { town: '@Leicester' }, field: 'town' },
  { name: '=HYPERLINK(…) as the postcode', bad: { postcode: '=HYPERLINK("x")' }, field: 'postcode' },
  {
    name: '+44 formula as the home phone',
    bad: { home_phone: '=HYPERLINK("tel:01164960001")' },
    field: 'home_phone',
  },

  // Markup and script in text columns.
  { name: '<script> as the forename', bad: { forename: SCRIPT }, field: 'forename', value: SCRIPT },
  {
    name: 'an <img onerror> as the surname',
    bad: { surname: '<img src=x onerror=alert(1)>' },
    field: 'surname',
  },
  {
    name: 'bold markup in address line 1',
    bad: { address_line_1: '<b>12</b> Example Street' },
    field: 'address_line_1',
  },
  { name: 'an attribute break-out as the town', bad: { town: '"><svg onload=alert(1)>' }, field: 'town' },
  { name: 'an <i> tag as the title', bad: { title: '<i>' }, field: 'title' },
  { name: 'an HTML entity in the forename', bad: { forename: 'Ada&#60;script' }, field: 'forename' },
  {
    name: 'a javascript: URL as address line 2',
    bad: { address_line_2: 'javascript:alert(1)' },
    field: 'address_line_2',
  },
  { name: '<script> as the crime reference', bad: { crime_reference: SCRIPT }, field: 'crime_reference' },
  { name: 'markup as the e-mail address', bad: { email: '<script>@example.org' }, field: 'email' },
  { name: 'markup as the offence', bad: { offence: SCRIPT }, field: 'offence', value: SCRIPT },

  // Impossible dates and times.
  {
    name: 'a date of birth of 31/02/1980',
    bad: { date_of_birth: '31/02/1980' },
    field: 'date_of_birth',
    value: '31/02/1980',
  },
  {
    name: 'a date of birth of 29/02/2023 (not a leap year)',
    bad: { date_of_birth: '29/02/2023' },
    field: 'date_of_birth',
  },
  { name: 'a date of birth of day 0', bad: { date_of_birth: '00/01/1980' }, field: 'date_of_birth' },
  { name: 'a date of birth in month 13', bad: { date_of_birth: '1980-13-01' }, field: 'date_of_birth' },
  { name: 'a date of birth before 1900', bad: { date_of_birth: '31/12/1899' }, field: 'date_of_birth' },
  {
    name: 'a date of birth after the referral',
    bad: { date_of_birth: '16/12/2026' },
    field: 'date_of_birth',
  },
  { name: 'a date of birth in words', bad: { date_of_birth: 'yesterday' }, field: 'date_of_birth' },
  { name: 'a date of birth of 1980-02-30', bad: { date_of_birth: '1980-02-30' }, field: 'date_of_birth' },
  { name: 'a date of birth in American order', bad: { date_of_birth: '12/18/1980' }, field: 'date_of_birth' },
  { name: 'a referral on 32 December', bad: { referred_at: '32/12/2026 08:16' }, field: 'referred_at' },
  { name: 'a referral at 25:00', bad: { referred_at: '15/12/2026 25:00' }, field: 'referred_at' },
  { name: 'a referral at 08:60', bad: { referred_at: '15/12/2026 08:60' }, field: 'referred_at' },
  {
    name: 'a referral in the hour the clocks skip',
    bad: { referred_at: '29/03/2026 01:30' },
    field: 'referred_at',
  },
  {
    name: 'an ISO referral time without an offset',
    bad: { referred_at: '2026-12-15T08:16:00' },
    field: 'referred_at',
  },
  { name: 'no referral time', bad: { referred_at: '' }, field: 'referred_at' },
  {
    name: 'a referral time as a spreadsheet serial number',
    bad: { referred_at: '46371.34' },
    field: 'referred_at',
  },
  { name: 'a referral date without a time', bad: { referred_at: '15/12/2026' }, field: 'referred_at' },

  // Telephone numbers.
  { name: 'a home phone too short to be a number', bad: { home_phone: '0116 496' }, field: 'home_phone' },
  { name: 'a mobile with a letter in it', bad: { mobile_phone: '07700 90000a' }, field: 'mobile_phone' },
  {
    name: 'a landline as the mobile for SMS',
    bad: { mobile_phone: '0116 496 0002', contact_method: 'SMS text' },
    field: 'mobile_phone',
  },
  {
    name: 'a work phone with an extension in words',
    bad: { work_phone: '0116 496 0501 ext 2' },
    field: 'work_phone',
  },
  { name: 'an emergency number as the home phone', bad: { home_phone: '999' }, field: 'home_phone' },
  { name: 'a home phone of eleven zeros', bad: { home_phone: '00000000000' }, field: 'home_phone' },
  { name: 'a mobile of 26 digits', bad: { mobile_phone: long(26, '7') }, field: 'mobile_phone' },
  {
    name: 'a number with an unknown country code',
    bad: { mobile_phone: '+999 1234 5678' },
    field: 'mobile_phone',
  },
  {
    name: 'two numbers in one cell',
    bad: { home_phone: '0116 496 0001 / 0116 496 0002' },
    field: 'home_phone',
  },
  { name: 'a UK number one digit short', bad: { home_phone: '0116 496 000' }, field: 'home_phone' },

  // Postcodes.
  { name: 'a postcode of LE1 ZZZ', bad: { postcode: 'LE1 ZZZ' }, field: 'postcode' },
  { name: 'an outward code alone', bad: { postcode: 'LE1' }, field: 'postcode' },
  { name: 'a US ZIP code', bad: { postcode: '90210' }, field: 'postcode' },
  { name: 'a postcode one letter too long', bad: { postcode: 'SW1A 1AAA' }, field: 'postcode' },
  { name: 'markup after a postcode', bad: { postcode: 'LE1 1ZZ<script>' }, field: 'postcode' },
  { name: 'an address without its postcode', bad: { postcode: '' }, field: 'postcode' },

  // Unknown codes.
  {
    name: 'a contact method of carrier pigeon',
    bad: { contact_method: 'Carrier pigeon' },
    field: 'contact_method',
  },
  { name: 'no contact method', bad: { contact_method: '' }, field: 'contact_method' },
  { name: 'a risk level of Extreme', bad: { risk_level: 'Extreme' }, field: 'risk_level' },
  { name: 'an offence of jaywalking', bad: { offence: 'Jaywalking' }, field: 'offence' },
  { name: 'an area outside the force', bad: { npa: 'Nottingham' }, field: 'npa' },
  {
    name: 'an unknown vulnerability among known ones',
    bad: { vulnerability: 'Disability; Clumsiness' },
    field: 'vulnerability',
  },
  { name: 'fax as an unsafe channel', bad: { unsafe_channels: 'Fax' }, field: 'unsafe_channels' },
  { name: 'an unknown enhanced category', bad: { enhanced_category: 'VIP' }, field: 'enhanced_category' },
  {
    name: 'semaphore as a communication need',
    bad: { communication_needs: 'Semaphore' },
    field: 'communication_needs',
  },
  { name: 'an unknown answer for sex', bad: { sex: 'Unknown' }, field: 'sex' },
  { name: 'an unknown ethnicity', bad: { ethnicity: 'Martian' }, field: 'ethnicity' },
  { name: 'consent of maybe', bad: { victim_consent: 'Maybe' }, field: 'victim_consent' },
  { name: 'an age of 121', bad: { age: '121' }, field: 'age' },
  { name: 'a negative age', bad: { age: '-1' }, field: 'age' },
  { name: 'an age with a fraction', bad: { age: '4.5' }, field: 'age' },
  { name: 'an age in words', bad: { age: 'forty' }, field: 'age' },
  { name: 'Y for gender reassignment', bad: { gender_reassignment: 'Y' }, field: 'gender_reassignment' },
  { name: 'an unknown religion or belief', bad: { religion_or_belief: 'Jedi' }, field: 'religion_or_belief' },
  { name: 'a number for sexual orientation', bad: { sexual_orientation: '1' }, field: 'sexual_orientation' },
  {
    name: 'divorced for marriage or civil partnership',
    bad: { marriage_civil_partnership: 'Divorced' },
    field: 'marriage_civil_partnership',
  },
  {
    name: 'maybe for pregnancy or maternity',
    bad: { pregnancy_maternity: 'Maybe' },
    field: 'pregnancy_maternity',
  },
  { name: 'sometimes for disability', bad: { disability: 'Sometimes' }, field: 'disability' },

  // Rules across columns, and the key columns.
  {
    name: 'e-mail as the method with no address',
    bad: { contact_method: 'Email', email: '' },
    field: 'email',
  },
  {
    name: 'post as the method with letters unsafe',
    bad: { contact_method: 'Post', unsafe_channels: 'Letter' },
    field: 'contact_method',
  },
  {
    name: 'SMS as the method with SMS unsafe',
    bad: { contact_method: 'SMS text', unsafe_channels: 'SMS' },
    field: 'contact_method',
  },
  {
    name: 'the work telephone without a work number',
    bad: { contact_method: 'Work telephone' },
    field: 'work_phone',
  },
  {
    name: 'post with no address',
    bad: { contact_method: 'Post', address_line_1: '', town: '', postcode: '' },
    field: 'address_line_1',
  },
  {
    name: 'a postcode without a street or town',
    bad: { address_line_1: '', town: '' },
    field: 'address_line_1',
  },
  { name: 'an e-mail address without an @', bad: { email: 'ada.example.example.org' }, field: 'email' },
  {
    name: 'a crime reference with a space',
    bad: { crime_reference: 'LP 0000001' },
    field: 'crime_reference',
  },
  {
    name: 'a crime reference starting with a hyphen',
    bad: { crime_reference: '-LP0000001' },
    field: 'crime_reference',
  },
  { name: 'no crime reference', bad: { crime_reference: '' }, field: 'crime_reference' },
  { name: 'no forename', bad: { forename: '' }, field: 'forename' },
  {
    name: 'a declined row with an impossible referral time',
    bad: { victim_consent: 'N', referred_at: '31/02/2026 08:16' },
    field: 'referred_at',
  },
  {
    name: 'a declined row with a formula as its reference',
    bad: { victim_consent: 'N', crime_reference: '=1+1' },
    field: 'crime_reference',
  },
];

/** A whole file that cannot be taken: refused naming `file` or `header`. */
interface FileCase {
  readonly name: string;
  readonly content: () => string | Uint8Array;
  readonly field: 'file' | 'header';
}

const dataRow = lineOf({ crime_reference: 'LP-FILE-1' });
const utf16 = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);

const FILES: readonly FileCase[] = [
  { name: 'an empty file', content: () => '', field: 'file' },
  {
    name: 'a PNG image',
    content: () => Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
    field: 'header',
  },
  {
    name: 'a ZIP archive (an .xlsx)',
    content: () => Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0x06, 0]),
    field: 'header',
  },
  { name: 'JSON instead of CSV', content: () => '{"crime_reference":"LP-1"}\n', field: 'header' },
  {
    name: 'an HTML error page saved as CSV',
    content: () => '<html><body><h1>502 Bad Gateway</h1></body></html>\n',
    field: 'header',
  },
  {
    name: 'the whole file in UTF-16 with its byte-order mark',
    content: () => utf16(`${POLICE_HEADER}\r\n${dataRow}\r\n`),
    field: 'header',
  },
  {
    name: 'a header with an unknown column',
    content: () => `${POLICE_HEADER},favourite_colour\r\n${dataRow},blue\r\n`,
    field: 'header',
  },
  {
    name: 'a header missing the npa column',
    content: () => `${POLICE_HEADER.replace(',npa', '')}\r\n`,
    field: 'header',
  },
  { name: 'a header naming forename twice', content: () => `${POLICE_HEADER},forename\r\n`, field: 'header' },
  {
    name: 'no header: the first line is a referral',
    content: () => `${dataRow}\r\n${dataRow}\r\n`,
    field: 'header',
  },
  {
    name: 'a formula as a column name',
    content: () => `${POLICE_HEADER},${csvCell(FORMULA)}\r\n`,
    field: 'header',
  },
  { name: 'a header of only commas', content: () => `${','.repeat(31)}\r\n${dataRow}\r\n`, field: 'header' },
  {
    name: 'a header with an unclosed quote',
    content: () => `"${POLICE_HEADER}\r\n${dataRow}\r\n`,
    field: 'header',
  },
  {
    name: 'a tab-separated header',
    content: () => `${POLICE_HEADER.replaceAll(',', '\t')}\r\n`,
    field: 'header',
  },
  {
    name: 'more than 50,000 rows',
    content: () => `${POLICE_HEADER}\r\n${'\r\n'.repeat(POLICE_DOWNLOAD_LIMITS.maxRows + 1)}`,
    field: 'file',
  },
  {
    name: 'a file larger than 20 MiB',
    content: () => Buffer.alloc(POLICE_DOWNLOAD_LIMITS.maxBytes + 1, 0x41),
    field: 'file',
  },
];

let store: DynamoDbCaseStore;
const objects = new MemoryObjects();
const workflows = new RecordingWorkflows();
const clock = fixedClock('2026-12-15T09:00:00Z');

/** A table and the real function over it. */
async function intake() {
  const fresh = await freshStore();
  return { ...fresh, ingest: createIngestPoliceDownload({ store: fresh.store, clock, workflows, objects }) };
}

/** Runs the file through the real function as S3 would, and reports what it wrote to the table. */
async function ingested(on: Awaited<ReturnType<typeof intake>>, key: string, content: string | Uint8Array) {
  objects.put('intake', key, content);
  const before = await snapshotOf(on.client, on.tableName);
  const started = workflows.started.size;
  const summaries = await on.ingest(
    s3ObjectCreated('intake', key, Buffer.byteLength(content)),
    localContext('ingest-police-download'),
  );
  const after = await snapshotOf(on.client, on.tableName);
  return { summaries, before, after, started: workflows.started.size - started };
}

const crlf = (lines: readonly (string | Uint8Array)[]) =>
  Buffer.concat(lines.flatMap((line) => [Buffer.from(line), Buffer.from('\r\n')]));

/** The bad row's line, with its own crime reference where the case does not set one. */
const badLineOf = (corpus: RowCase, index: number) =>
  typeof corpus.bad === 'function'
    ? corpus.bad(`LP-BAD-${index}`)
    : lineOf({ crime_reference: `LP-BAD-${index}`, ...corpus.bad });

/** How many rows (records, as a spreadsheet numbers them) a line takes: a broken quote may spill over. */
function rowsTakenBy(line: string | Uint8Array): number {
  const outcomes = parsePoliceDownload(crlf([POLICE_HEADER, line, lineOf({ crime_reference: 'LP-END' })]));
  return (outcomes.at(-1)?.row ?? 0) - 2;
}

/**
 * Every malformed row in one download, each between two good rows, through the real function on DynamoDB
 * Local: what it answered, the row each bad line began on, and what it wrote.
 */
const combined = {
  goodReferences: [] as string[],
  badRowOf: [] as number[],
  fileId: '',
  written: [] as string[],
  summary: undefined as IntakeSummary | undefined,
};

beforeAll(async () => {
  const on = await intake();
  store = on.store;
  const lines: (string | Uint8Array)[] = [POLICE_HEADER];
  let row = 2;
  const good = () => {
    const reference = `LP-OK-${row}`;
    combined.goodReferences.push(reference);
    lines.push(lineOf({ crime_reference: reference }));
    row++;
  };
  good();
  ROWS.forEach((corpus, index) => {
    const line = badLineOf(corpus, index);
    combined.badRowOf.push(row);
    lines.push(line);
    row += rowsTakenBy(line);
    // A quote left open reads on for up to five lines: quote-free good rows after it keep the next case apart.
    const quoted = Buffer.from(line).includes(0x22);
    for (let n = 0; n < (quoted ? 4 : 1); n++) good();
  });
  const content = crlf(lines);
  const key = 'corpus/every-bad-row.csv';
  combined.fileId = intakeFileId(key, content);
  const { summaries, before, after } = await ingested(on, key, content);
  combined.summary = summaries[0];
  const goodCases = combined.goodReferences.map((reference) => caseIdFor('police', reference));
  const [firstGood] = parsePoliceDownload(crlf([POLICE_HEADER, lineOf({})]));
  const person = firstGood?.kind === 'referral' ? personKeyFor(firstGood.referral.victim) : undefined;
  const ours = (item: string) =>
    isIntakeRecord(item) ||
    goodCases.some((caseId) => item.startsWith(`CASE#${caseId} |`)) ||
    combined.goodReferences.some((reference) => item.startsWith(`REFERRAL#police#${reference} |`)) ||
    item.startsWith(`PERSON#${person} |`) ||
    // A good case's search keys (docs/data-model.md): hashes under `FIND#`, the case id at the end.
    (item.startsWith('FIND#') && goodCases.some((caseId) => item.endsWith(`#${caseId}`)));
  combined.written = writesBetween(before, after, ours);
}, 120_000);

describe('the police download corpus: a malformed row is quarantined naming its column, its neighbours go through', () => {
  it('has a distinct input for every case', () => {
    expect(new Set(ROWS.map((c) => c.name)).size).toBe(ROWS.length);
    expect(ROWS.length + FILES.length).toBeGreaterThanOrEqual(100);
  });

  it.each(ROWS.map((c, index) => [c.name, c, index] as const))('%s', async (_name, corpus, index) => {
    // The parser, on the bad row alone between two good ones: the good rows are referrals, the bad one (and
    // any line a broken quote spilled onto) is rejected, naming the column.
    const bad = badLineOf(corpus, index);
    const outcomes = parsePoliceDownload(
      crlf([
        POLICE_HEADER,
        lineOf({ crime_reference: 'LP-OK-A' }),
        bad,
        lineOf({ crime_reference: 'LP-OK-B' }),
      ]),
    );
    expect(outcomes[0]).toMatchObject({ row: 2, kind: 'referral' });
    expect(outcomes.at(-1)).toMatchObject({ kind: 'referral' });
    expect(outcomes.slice(1, -1).map((o) => o.kind)).toEqual(outcomes.slice(1, -1).map(() => 'rejected'));
    const rejected = outcomes[1];
    if (rejected?.kind !== 'rejected') throw new Error('the bad row was not rejected');
    expect(rejected.row).toBe(3);
    expectNamed(rejected.errors, corpus.field, corpus.value);

    // The function, on the download holding every case: quarantined at its row, naming the column, no case.
    const row = combined.badRowOf[index] as number;
    expect(combined.summary?.errors.filter((e) => e.row === row).map((e) => e.field)).toContain(corpus.field);
    expect(await store.getCase(caseIdFor('police', `LP-BAD-${index}`))).toBeUndefined();
  });

  it('took every good row and wrote nothing for any bad one but its quarantine record', async () => {
    expect(combined.summary).toMatchObject({
      accepted: combined.goodReferences.length,
      duplicates: 0,
      declined: 0,
    });
    expect(combined.summary?.rejected).toBeGreaterThanOrEqual(ROWS.length);
    expect(combined.written).toEqual([]);
    expect([...workflows.started.values()].sort()).toEqual(
      combined.goodReferences.map((reference) => caseIdFor('police', reference)).sort(),
    );
    const quarantined = await store.listQuarantine(combined.fileId);
    for (const [index, corpus] of ROWS.entries()) {
      expect(quarantined.map((q) => [q.row, q.field])).toContainEqual([
        combined.badRowOf[index],
        corpus.field,
      ]);
    }
  });
});

describe('the police download corpus: a file that cannot be read is refused whole, with its reason', () => {
  let on: Awaited<ReturnType<typeof intake>>;
  beforeAll(async () => {
    on = await intake();
  });

  it.each(FILES.map((c, index) => [c.name, c, index] as const))('%s', async (_name, corpus, index) => {
    const content = corpus.content();

    let refused: unknown;
    try {
      parsePoliceDownload(content);
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(InvalidDownloadError);
    expect((refused as InvalidDownloadError).field).toBe(corpus.field);
    expect((refused as Error).message).not.toContain('HYPERLINK');

    const key = `corpus/file-${index}.csv`;
    const { summaries, before, after, started } = await ingested(on, key, content);
    expect(summaries).toEqual([]);
    expect(started).toBe(0);
    // The one record the refusal leaves is its quarantine entry, row 1, naming what is wrong.
    const written = writesBetween(before, after);
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(new RegExp(`^INTAKE#.* \\| QUARANTINE#000001#${corpus.field}$`));
  });
});
