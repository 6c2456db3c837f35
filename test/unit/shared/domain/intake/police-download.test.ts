import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  InvalidDownloadError,
  POLICE_COLUMNS,
  POLICE_DOWNLOAD_LIMITS,
  type PoliceColumn,
  parsePoliceDownload,
  type RowOutcome,
} from '../../../../../shared/domain/intake/police-download.ts';
import { aPoliceDownload, aPoliceRow, csvCell, POLICE_HEADER } from '../../../../fixtures/referrals.ts';

const rowLine = (overrides: Partial<Record<PoliceColumn, string>> = {}) => {
  const row = aPoliceRow(overrides);
  return POLICE_COLUMNS.map(([column]) => csvCell(row[column])).join(',');
};

const summary = (outcomes: readonly RowOutcome[]) =>
  outcomes.map((o) =>
    o.kind === 'rejected' ? [o.row, o.kind, o.errors.map((e) => e.field)] : [o.row, o.kind],
  );

const rejectedFields = (overrides: Partial<Record<PoliceColumn, string>>) => {
  const [outcome] = parsePoliceDownload(aPoliceDownload([aPoliceRow(overrides)]));
  return outcome?.kind === 'rejected' ? [...new Set(outcome.errors.map((e) => e.field))] : [];
};

function thrown(content: string | Uint8Array): InvalidDownloadError {
  try {
    parsePoliceDownload(content);
  } catch (error) {
    if (error instanceof InvalidDownloadError) return error;
    throw error;
  }
  throw new Error('expected InvalidDownloadError');
}

describe('the police daily download is read row by row', () => {
  it('turns a valid row into a police referral with the codes people wrote as the model codes', () => {
    const [outcome] = parsePoliceDownload(aPoliceDownload([aPoliceRow()]));
    expect(outcome?.kind).toBe('referral');
    if (outcome?.kind !== 'referral') return;
    expect(outcome.row).toBe(2);
    expect(outcome.referral).toMatchObject({
      source: 'police',
      externalReference: 'LP-0000001',
      // 15/12/2026 08:16 in Leicester is GMT in December.
      receivedAt: new Date('2026-12-15T08:16:00Z'),
      victim: { forename: 'Ada', surname: 'Example', dateOfBirth: '1980-12-18' },
      contactMethod: 'home-telephone',
      risk: 'standard',
      offence: 'burglary-residential',
      npa: 'leicester-city-centre',
      equality: { sex: 'prefer-not-to-say' },
    });
  });

  it.each([
    ['LF, no byte-order mark', { lineEnding: '\n' as const }],
    ['CRLF, no byte-order mark', { lineEnding: '\r\n' as const }],
    ['LF with a byte-order mark', { lineEnding: '\n' as const, bom: true }],
    ['CRLF with a byte-order mark', { lineEnding: '\r\n' as const, bom: true }],
  ])('reads UTF-8 text written with %s', (_, options) => {
    const text = aPoliceDownload(
      [aPoliceRow(), aPoliceRow({ crime_reference: 'LP-0000002', forename: 'Zoë' })],
      options,
    );
    for (const content of [text, new TextEncoder().encode(text)]) {
      const outcomes = parsePoliceDownload(content);
      expect(summary(outcomes)).toEqual([
        [2, 'referral'],
        [3, 'referral'],
      ]);
      expect(outcomes[1]?.kind === 'referral' && outcomes[1].referral.victim.forename).toBe('Zoë');
    }
  });

  it('reads a last row without a line ending', () => {
    const text = aPoliceDownload([aPoliceRow()]).trimEnd();
    expect(summary(parsePoliceDownload(text))).toEqual([[2, 'referral']]);
  });

  it('reads a quoted cell holding a comma as one cell', () => {
    const [outcome] = parsePoliceDownload(
      aPoliceDownload([aPoliceRow({ address_line_1: 'Flat 2, 12 Example Street' })]),
    );
    expect(outcome?.kind === 'referral' && outcome.referral.victim.address?.line1).toBe(
      'Flat 2, 12 Example Street',
    );
  });

  it('reads doubled quotes inside a quoted cell as one cell, then rejects the quote the address cannot hold', () => {
    const outcomes = parsePoliceDownload(
      aPoliceDownload([aPoliceRow({ address_line_2: 'The "Old" Barn, Rear' })]),
    );
    expect(summary(outcomes)).toEqual([[2, 'rejected', ['address_line_2']]]);
  });

  it('keeps spreadsheet row numbers when a quoted cell runs over a line break', () => {
    const text = aPoliceDownload([
      aPoliceRow(),
      aPoliceRow({ crime_reference: 'LP-0000002', address_line_1: '12 Example Street\nLeicester' }),
      aPoliceRow({ crime_reference: 'LP-0000003' }),
    ]);
    expect(summary(parsePoliceDownload(text))).toEqual([
      [2, 'referral'],
      [3, 'rejected', ['address_line_1']],
      [4, 'referral'],
    ]);
  });

  it('counts the header as row 1 and blank lines as rows, as a spreadsheet does', () => {
    const text = aPoliceDownload([rowLine(), '', rowLine({ crime_reference: 'LP-0000003' })]);
    expect(summary(parsePoliceDownload(text))).toEqual([
      [2, 'referral'],
      [4, 'referral'],
    ]);
  });

  it('reads a download with only a header as no rows', () => {
    expect(parsePoliceDownload(`${POLICE_HEADER}\r\n`)).toEqual([]);
  });

  it('accepts header names in any case and with spaces around them', () => {
    const header = POLICE_COLUMNS.map(([column]) => ` ${column.toUpperCase()} `).join(',');
    expect(summary(parsePoliceDownload(`${header}\n${rowLine()}\n`))).toEqual([[2, 'referral']]);
  });

  it('accepts the columns in any order', () => {
    const columns = POLICE_COLUMNS.map(([column]) => column).reverse();
    const row = aPoliceRow();
    const text = `${columns.join(',')}\n${columns.map((column) => csvCell(row[column])).join(',')}\n`;
    expect(summary(parsePoliceDownload(text))).toEqual([[2, 'referral']]);
  });
});

describe('a broken row spoils only itself', () => {
  it('a stray quote inside a cell rejects its row and the rows after it keep their numbers', () => {
    const text = aPoliceDownload([
      rowLine(),
      rowLine({ crime_reference: 'LP-0000002' }).replace('Ada', 'A"da'),
      rowLine({ crime_reference: 'LP-0000003' }),
    ]);
    expect(summary(parsePoliceDownload(text))).toEqual([
      [2, 'referral'],
      [3, 'rejected', ['(row)']],
      [4, 'referral'],
    ]);
  });

  it('a quote opened and never closed rejects its row, not the rest of the file', () => {
    const rows = [rowLine(), rowLine({ crime_reference: 'LP-0000002' }).replace('Ada', '"Ada')];
    for (let n = 3; n <= 9; n++) rows.push(rowLine({ crime_reference: `LP-000000${n}` }));
    const outcomes = parsePoliceDownload(aPoliceDownload(rows));
    expect(summary(outcomes)).toEqual([
      [2, 'referral'],
      [3, 'rejected', ['(row)']],
      ...[4, 5, 6, 7, 8, 9, 10].map((row) => [row, 'referral']),
    ]);
    const rejected = outcomes[1];
    expect(rejected?.kind === 'rejected' && rejected.errors[0]?.message).toBe(
      'opens a quoted cell that is never closed',
    );
  });

  it.each([
    ['too few', rowLine().replace(/,[^,]*$/, ''), 'has 31 cells, the header has 32'],
    ['too many', `${rowLine()},extra`, 'has 33 cells, the header has 32'],
  ])('a row with %s cells is rejected and says how many it has', (_, line, message) => {
    const outcomes = parsePoliceDownload(aPoliceDownload([line, rowLine({ crime_reference: 'LP-0000003' })]));
    expect(outcomes).toEqual([
      { row: 2, kind: 'rejected', errors: [{ field: '(row)', message }] },
      expect.objectContaining({ row: 3, kind: 'referral' }),
    ]);
  });

  it(`a cell over ${POLICE_DOWNLOAD_LIMITS.maxCellLength} characters is rejected naming its column`, () => {
    const outcomes = parsePoliceDownload(aPoliceDownload([aPoliceRow({ address_line_2: 'a'.repeat(501) })]));
    expect(outcomes).toEqual([
      {
        row: 2,
        kind: 'rejected',
        errors: [{ field: 'address_line_2', message: 'is longer than 500 characters' }],
      },
    ]);
  });

  it('bytes that are not UTF-8 reject their row naming the column, and the neighbours are read', () => {
    const bytes = new TextEncoder().encode(
      aPoliceDownload([
        aPoliceRow(),
        aPoliceRow({ crime_reference: 'LP-0000002', surname: 'ExQmple' }),
        aPoliceRow(),
      ]),
    );
    bytes[Buffer.from(bytes).indexOf('ExQmple') + 2] = 0xff;
    const outcomes = parsePoliceDownload(bytes);
    expect(outcomes[1]).toEqual({
      row: 3,
      kind: 'rejected',
      errors: [{ field: 'surname', message: 'contains bytes that are not UTF-8 text' }],
    });
    expect(summary(outcomes).map(([, kind]) => kind)).toEqual(['referral', 'rejected', 'referral']);
  });
});

describe('a download whose header is wrong is not taken at all', () => {
  const columns = POLICE_COLUMNS.map(([column]) => column);

  it.each([
    ['an unknown column', [...columns, 'shoe_size'], 'shoe_size', 'unknown column'],
    [
      'a misspelt column',
      columns.map((c) => (c === 'postcode' ? 'post_code' : c)),
      'post_code',
      'unknown column',
    ],
    ['a missing column', columns.filter((c) => c !== 'npa'), 'npa', 'missing column'],
    ['a column named twice', [...columns, 'surname'], 'surname', 'appears twice'],
  ])('%s throws InvalidDownloadError naming it', (_, header, column, problem) => {
    const error = thrown(`${header.join(',')}\n${rowLine()}\n`);
    expect(error.name).toBe('InvalidDownloadError');
    expect(error.field).toBe('header');
    expect(error.message).toContain(column);
    expect(error.message).toContain(problem);
  });

  it('an empty file throws InvalidDownloadError', () => {
    expect(thrown('').field).toBe('file');
    expect(thrown(new Uint8Array()).field).toBe('file');
  });

  it('a header with a broken quote throws InvalidDownloadError', () => {
    expect(thrown(`"${POLICE_HEADER}\n${rowLine()}\n`).field).toBe('header');
  });

  it(`a file of more than ${POLICE_DOWNLOAD_LIMITS.maxRows} rows throws InvalidDownloadError`, () => {
    const text = `${POLICE_HEADER}\n${'\n'.repeat(POLICE_DOWNLOAD_LIMITS.maxRows + 1)}`;
    // Blank lines count as rows, as they do in a spreadsheet; the trailing one ends the last row.
    expect(thrown(`${text}x\n`).message).toContain(`more than ${POLICE_DOWNLOAD_LIMITS.maxRows} rows`);
  });

  it('a file over the size limit throws InvalidDownloadError before it is read', () => {
    const big = new Uint8Array(POLICE_DOWNLOAD_LIMITS.maxBytes + 1);
    expect(thrown(big).message).toBe('file: is larger than 20 MiB');
  });
});

describe('a victim who declined consent at the police stage', () => {
  it('is counted as declined, keeping only the crime reference and the time, whatever else the row holds', () => {
    const outcomes = parsePoliceDownload(
      aPoliceDownload([aPoliceRow({ victim_consent: 'N', postcode: 'not a postcode', forename: '' })]),
    );
    expect(outcomes).toEqual([
      {
        row: 2,
        kind: 'declined',
        externalReference: 'LP-0000001',
        receivedAt: new Date('2026-12-15T08:16:00Z'),
      },
    ]);
  });

  it.each([
    ['no crime reference', { crime_reference: '' }, 'crime_reference'],
    ['no time of referral', { referred_at: '' }, 'referred_at'],
  ])('is rejected when the row has %s, since it could not be counted once', (_, overrides, field) => {
    expect(rejectedFields({ victim_consent: 'No', ...overrides })).toEqual([field]);
  });

  it.each([['N'], ['No'], ['n'], ['FALSE']])('is recognised when consent is written %s', (consent) => {
    const [outcome] = parsePoliceDownload(aPoliceDownload([aPoliceRow({ victim_consent: consent })]));
    expect(outcome?.kind).toBe('declined');
  });

  it('is not assumed when consent is blank or unclear', () => {
    expect(rejectedFields({ victim_consent: '' })).toEqual(['victim_consent']);
    expect(rejectedFields({ victim_consent: 'Maybe' })).toEqual(['victim_consent']);
  });
});

describe('a row with a value the service must not store is rejected naming the column', () => {
  it.each<[string, Partial<Record<PoliceColumn, string>>, PoliceColumn]>([
    [
      'a spreadsheet formula for a forename',
      { forename: '=HYPERLINK("http://example.org","Click")' },
      'forename',
    ],
    ['a formula starting with + for a surname', { surname: '+SUM(A1:A2)' }, 'surname'],
    ['a formula starting with @ in an address', { address_line_1: '@SUM(1+1)' }, 'address_line_1'],
    ['a formula starting with - for a town', { town: '-2+3' }, 'town'],
    ['a script tag for a forename', { forename: '<script>alert(1)</script>' }, 'forename'],
    ['markup in an address', { address_line_1: '12 <b>Example</b> Street' }, 'address_line_1'],
    ['an impossible date of birth', { date_of_birth: '31/02/2026' }, 'date_of_birth'],
    ['a date of birth after the referral', { date_of_birth: '01/01/2027' }, 'date_of_birth'],
    ['an impossible time of referral', { referred_at: '31/02/2026 10:00' }, 'referred_at'],
    ['a time the clocks skipped', { referred_at: '29/03/2026 01:30' }, 'referred_at'],
    ['a home phone number too short', { home_phone: '0116 496' }, 'home_phone'],
    ['a mobile number with letters', { mobile_phone: '07700 90O123' }, 'mobile_phone'],
    ['a postcode that is not one', { postcode: 'LE1 ZZZ' }, 'postcode'],
    ['an e-mail address that is not one', { email: 'ada.example.org' }, 'email'],
    ['an age in words', { age: 'forty' }, 'age'],
    ['a contact method of "Carrier pigeon"', { contact_method: 'Carrier pigeon' }, 'contact_method'],
    ['an unknown area', { npa: 'Gotham' }, 'npa'],
    ['an unknown risk level', { risk_level: 'Extreme' }, 'risk_level'],
    ['an unknown offence', { offence: 'Jaywalking' }, 'offence'],
    ['an unknown vulnerability', { vulnerability: 'Isolation; Unlucky' }, 'vulnerability'],
    ['an unknown unsafe channel', { unsafe_channels: 'Carrier pigeon' }, 'unsafe_channels'],
    ['an unknown equality answer', { ethnicity: 'Martian' }, 'ethnicity'],
    [
      'SMS chosen with a landline as the mobile',
      { contact_method: 'SMS text', mobile_phone: '0116 496 0002' },
      'mobile_phone',
    ],
    [
      'post chosen with no address',
      { contact_method: 'Post', address_line_1: '', town: '', postcode: '' },
      'address_line_1',
    ],
    [
      'post chosen when letters are unsafe',
      { contact_method: 'Post', unsafe_channels: 'Letter' },
      'contact_method',
    ],
  ])('%s', (_, overrides, column) => {
    expect(rejectedFields(overrides)).toContain(column);
  });

  it('reads the ways the crime system writes coded values', () => {
    const [outcome] = parsePoliceDownload(
      aPoliceDownload([
        aPoliceRow({
          contact_method: 'SMS text',
          unsafe_channels: 'Voicemail; Letter',
          vulnerability: 'Older person, Isolation',
          enhanced_category: 'Vulnerable or intimidated',
          risk_level: 'HIGH',
          npa: 'Hinckley & Bosworth',
          marriage_civil_partnership: 'Civil partnership',
        }),
      ]),
    );
    expect(outcome?.kind === 'referral' && outcome.referral).toMatchObject({
      contactMethod: 'sms',
      unsafeChannels: ['voicemail', 'letter'],
      vulnerabilities: ['older-person', 'isolation'],
      enhancedCategory: 'vulnerable-or-intimidated',
      risk: 'high',
      npa: 'hinckley-and-bosworth',
      equality: { sex: 'prefer-not-to-say', marriageOrCivilPartnership: 'civil-partnership' },
    });
  });
});

describe('whatever file arrives', () => {
  const rowsAreSpreadsheetRows = (outcomes: readonly RowOutcome[]) =>
    outcomes.every((o, i) => o.row >= 2 && (i === 0 || o.row > (outcomes[i - 1] as RowOutcome).row));

  const readsOrThrowsInvalidDownload = (content: string) => {
    try {
      expect(rowsAreSpreadsheetRows(parsePoliceDownload(content))).toBe(true);
    } catch (error) {
      if (!(error instanceof InvalidDownloadError)) throw error;
    }
  };

  it('any string either throws InvalidDownloadError or gives outcomes on rows 2 and on, strictly increasing', () => {
    fc.assert(fc.property(fc.string({ maxLength: 500 }), readsOrThrowsInvalidDownload), { numRuns: 500 });
  });

  it('any lines after a valid header give outcomes on rows 2 and on, strictly increasing', () => {
    const cell = fc.oneof(
      fc.constantFrom('', '"', '""', ',', '\n', '\r\n', 'Ada', 'LP-1', 'Y', 'N'),
      fc.string({ maxLength: 8 }),
    );
    const line = fc.oneof(
      fc.constant(rowLine()),
      fc.array(cell, { maxLength: 40 }).map((cells) => cells.join(',')),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), fc.constantFrom('\n', '\r\n'), (lines, eol) =>
        readsOrThrowsInvalidDownload([POLICE_HEADER, ...lines].join(eol)),
      ),
      { numRuns: 300 },
    );
  });
});

describe('reading awkward files without losing or mis-numbering rows', () => {
  it('a file with carriage-return line endings is either read or refused, never silently empty', () => {
    const text = [POLICE_HEADER, rowLine(), rowLine({ crime_reference: 'LP-0000002' })].join('\r');
    let outcomes: RowOutcome[] | undefined;
    try {
      outcomes = parsePoliceDownload(text);
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidDownloadError);
      return;
    }
    expect(outcomes.length).toBe(2);
  });

  it('two stray quotes in neighbouring rows reject both rows and keep the later rows on their spreadsheet numbers', () => {
    const text = aPoliceDownload([
      rowLine().replace('Ada', 'A"da'),
      rowLine({ crime_reference: 'LP-0000003' }).replace('Ada', 'A"da'),
      rowLine({ crime_reference: 'LP-0000004' }),
    ]);
    expect(summary(parsePoliceDownload(text))).toEqual([
      [2, 'rejected', ['(row)']],
      [3, 'rejected', ['(row)']],
      [4, 'referral'],
    ]);
  });

  it('a download without its header row is refused without quoting the first referral', () => {
    expect(thrown(`${rowLine()}\n`).message).not.toContain('example.org');
  });

  it('an unknown contact method is rejected without quoting what was written', () => {
    const [outcome] = parsePoliceDownload(
      aPoliceDownload([aPoliceRow({ contact_method: 'Ring Ada Example' })]),
    );
    expect(outcome?.kind === 'rejected' && outcome.errors[0]?.message).not.toContain('Ada');
  });
});
