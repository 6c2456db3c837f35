import { DateTime } from 'luxon';
import { SERVICE_TIME_ZONE } from '../../shared/domain/calendar.ts';
import { POLICE_COLUMNS, type PoliceColumn } from '../../shared/domain/intake/police-download.ts';
import { NEIGHBOURHOOD_POLICING_AREAS, OFFENCE_CATEGORIES } from '../../shared/domain/referral-codes.ts';
import { type Random, seededRandom } from './random.ts';

// Clearly fictional people: example names, Example streets, Ofcom's drama numbers, example.org mail.
const FORENAMES = [
  'Ada',
  'Bram',
  'Cleo',
  'Dev',
  'Esme',
  'Finn',
  'Gus',
  'Hana',
  'Ivo',
  'Jude',
  'Kit',
  'Lola',
  'Milo',
  'Nell',
];
const SURNAMES = [
  'Example',
  'Sample',
  'Specimen',
  'Fictional',
  'Placeholder',
  'Madeup',
  'Testcase',
  'Dummy',
  'Notreal',
];
const STREETS = ['Example Street', 'Sample Road', 'Fictional Avenue', 'Specimen Close', 'Placeholder Lane'];
const TOWNS = [
  ['Leicester', 'LE1'],
  ['Loughborough', 'LE11'],
  ['Hinckley', 'LE10'],
  ['Melton Mowbray', 'LE13'],
  ['Oakham', 'LE15'],
  ['Market Harborough', 'LE16'],
] as const;
const METHOD_LABELS = [
  'Home telephone',
  'Mobile telephone',
  'Work telephone',
  'Email',
  'In person',
  'Post',
  'SMS text',
];

export type Row = Record<PoliceColumn, string>;

/** How a synthetic row should look; unspecified parts are drawn from the seeded source. */
export interface RowShape {
  method?: string;
  declined?: boolean;
  enhancedCategory?: string;
  risk?: 'Standard' | 'Medium' | 'High';
  child?: boolean;
  unsafe?: string;
  /** Reuse this person (a repeat victim) rather than drawing a new one. */
  person?: Pick<Row, 'forename' | 'surname' | 'date_of_birth' | 'address_line_1' | 'town' | 'postcode'>;
}

/** A code as people write it: `leicester-east` → `Leicester east`. */
const label = (code: string) => code.charAt(0).toUpperCase() + code.slice(1).replace(/-/g, ' ');

const csvCell = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** Writes rows as the crime system's download: header first, CRLF line ends. */
export function toCsv(rows: readonly Row[]): string {
  const header = POLICE_COLUMNS.map(([column]) => column);
  const lines = [
    header.join(','),
    ...rows.map((row) => header.map((column) => csvCell(row[column])).join(',')),
  ];
  return `${lines.join('\r\n')}\r\n`;
}

/** One synthetic row: reference n, received at `receivedAt` (UK local time in the file). */
export function syntheticRow(random: Random, n: number, receivedAt: Date, shape: RowShape = {}): Row {
  const [town, outcode] = random.pick(TOWNS);
  const forename = shape.person?.forename ?? random.pick(FORENAMES);
  const surname = shape.person?.surname ?? random.pick(SURNAMES);
  const birthYear = shape.child ? random.int(2010, 2014) : random.int(1940, 2004);
  const dob =
    shape.person?.date_of_birth ??
    `${String(random.int(1, 28)).padStart(2, '0')}/${String(random.int(1, 12)).padStart(2, '0')}/${birthYear}`;
  const method = shape.method ?? random.pick(METHOD_LABELS);
  const digits = String(n % 1000).padStart(3, '0');
  return {
    crime_reference: `LP-${String(n).padStart(7, '0')}`,
    referred_at: DateTime.fromJSDate(receivedAt, { zone: SERVICE_TIME_ZONE }).toFormat('dd/MM/yyyy HH:mm'),
    victim_consent: shape.declined ? 'N' : 'Y',
    title: random.pick(['Mx', 'Ms', 'Mr', 'Mrs', 'Dr', '']),
    forename,
    surname,
    date_of_birth: dob,
    age: '',
    address_line_1: shape.person?.address_line_1 ?? `${random.int(1, 199)} ${random.pick(STREETS)}`,
    address_line_2: '',
    town: shape.person?.town ?? town,
    postcode: shape.person?.postcode ?? `${outcode} ${random.int(1, 9)}ZZ`,
    home_phone: `0116 496 0${digits}`,
    mobile_phone: `07700 900${digits}`,
    work_phone:
      method === 'Work telephone' || random.chance(0.2)
        ? `0116 496 0${String((n + 500) % 1000).padStart(3, '0')}`
        : '',
    email: `${forename}.${surname}.${n}@example.org`.toLowerCase(),
    contact_method: method,
    unsafe_channels: shape.unsafe ?? '',
    risk_level: shape.risk ?? random.pick(['Standard', 'Standard', 'Standard', 'Medium', 'High'] as const),
    vulnerability: random.chance(0.3)
      ? random.pick(['Disability', 'Mental health', 'Older person', 'Isolation; Disability'])
      : '',
    enhanced_category: shape.enhancedCategory ?? '',
    offence: label(random.pick(OFFENCE_CATEGORIES)),
    npa: label(random.pick(NEIGHBOURHOOD_POLICING_AREAS)),
    communication_needs: random.chance(0.05) ? 'Large print' : '',
    sex: random.pick(['Female', 'Male', 'Prefer not to say', '']),
    gender_reassignment: random.pick(['No', 'Prefer not to say', '']),
    disability: random.pick(['Yes', 'No', '']),
    ethnicity: random.pick([
      'White',
      'Asian or Asian British',
      'Black or Black British',
      'Mixed',
      'Other',
      '',
    ]),
    religion_or_belief: random.pick(['No religion', 'Christian', 'Muslim', 'Hindu', 'Sikh', '']),
    sexual_orientation: random.pick(['Heterosexual', 'Gay or lesbian', 'Bisexual', 'Prefer not to say', '']),
    marriage_civil_partnership: random.pick(['Married', 'Neither', '']),
    pregnancy_maternity: random.pick(['No', '']),
  };
}

/** A download of `count` rows received across one day from `day` (a realistic mix, seeded). */
export function syntheticDownload(
  count: number,
  seed: number,
  day = new Date('2026-11-23T08:00:00Z'),
): Row[] {
  const random = seededRandom(seed);
  const rows: Row[] = [];
  for (let n = 1; n <= count; n++) {
    const receivedAt = new Date(day.getTime() + random.int(0, 16 * 60) * 60_000);
    rows.push(
      syntheticRow(random, n, receivedAt, {
        declined: random.chance(0.05),
        ...(random.chance(0.1)
          ? {
              enhancedCategory: random.pick([
                'Serious crime',
                'Persistently targeted',
                'Vulnerable or intimidated',
              ]),
            }
          : {}),
      }),
    );
  }
  return rows;
}

/** The curated sample for the README: every method, enhanced, declined, repeats and unsafe channels. */
export function sampleDownload(): Row[] {
  const random = seededRandom(2026);
  const base = new Date('2026-11-23T08:05:00Z');
  const at = (i: number) => new Date(base.getTime() + i * 11 * 60_000);
  const rows: Row[] = [];
  let n = 1;
  const add = (shape: RowShape) => {
    const row = syntheticRow(random, n, at(n), shape);
    rows.push(row);
    n++;
    return row;
  };
  for (const method of METHOD_LABELS) for (let i = 0; i < 5; i++) add({ method, risk: 'Standard' });
  for (const enhancedCategory of ['Serious crime', 'Persistently targeted', 'Vulnerable or intimidated']) {
    add({ method: 'Mobile telephone', enhancedCategory });
    add({ method: 'Home telephone', enhancedCategory });
  }
  add({ method: 'Mobile telephone', risk: 'High' });
  add({ method: 'Email', risk: 'High' });
  add({ method: 'Mobile telephone', child: true });
  add({ method: 'In person', child: true });
  for (let i = 0; i < 4; i++) add({ declined: true });
  add({ method: 'Mobile telephone', unsafe: 'Voicemail' });
  add({ method: 'Home telephone', unsafe: 'Letter' });
  add({ method: 'Email', unsafe: 'SMS; Letter' });
  add({ method: 'SMS text', unsafe: 'Email; Voicemail' });
  add({ method: 'In person', unsafe: 'SMS' });
  add({ method: 'Post', unsafe: 'Email' });
  // Repeat victims: the same people referred again for another crime.
  for (const earlier of [rows[0], rows[8], rows[16], rows[30]]) {
    if (earlier) add({ method: earlier.contact_method, person: earlier });
  }
  while (rows.length < 64) add({});
  return rows;
}
