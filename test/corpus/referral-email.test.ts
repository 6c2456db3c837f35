import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createIngestReferralEmail,
  type EmailOutcome,
} from '../../functions/intake/ingest-referral-email/ingest-referral-email.ts';
import { localContext, s3ObjectCreated } from '../../local/lambda-events.ts';
import type { DynamoDbCaseStore } from '../../shared/adapters/dynamodb/case-store.ts';
import { intakeFileId } from '../../shared/application/ingest.ts';
import { parseReferralEmail } from '../../shared/domain/intake/referral-email.ts';
import { anEmail, aPartnerEmail, aSentinelEmail, RECEIVED_AT } from '../fixtures/referrals.ts';
import { RecordingWorkflows } from '../support/recording-workflows.ts';
import { fixedClock, freshStore } from '../support/store.ts';
import {
  expectNamed,
  FORMULA,
  isIntakeRecord,
  MemoryObjects,
  SCRIPT,
  snapshotOf,
  type TableSnapshot,
  writesBetween,
} from './support.ts';

// The bad-input corpus for referral e-mails: partner and Sentinel ASB e-mails as SES stores them,
// each read by the parser and then by the real ingest-referral-email function on DynamoDB Local. Every one
// is quarantined naming the label (or `subject`, `body`, `body line N`, `(message)`) and opens no case.

const logLevel = vi.hoisted(() => {
  const previous = process.env.POWERTOOLS_LOG_LEVEL;
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  return previous;
});

interface EmailCase {
  readonly name: string;
  readonly email: () => string | Uint8Array;
  readonly field: string;
  readonly value?: string;
}

const partner = (
  name: string,
  fields: Record<string, string | undefined>,
  field: string,
  value?: string,
) => ({
  name: `partner e-mail: ${name}`,
  email: () => aPartnerEmail(fields),
  field,
  ...(value === undefined ? {} : { value }),
});
const sentinel = (
  name: string,
  fields: Record<string, string | undefined>,
  field: string,
  value?: string,
) => ({
  name: `Sentinel e-mail: ${name}`,
  email: () => aSentinelEmail(fields),
  field,
  ...(value === undefined ? {} : { value }),
});

/** The partner e-mail's own text with a replacement made in it (a marker removed, a line added …). */
const edited =
  (from: string, to: string, options: Parameters<typeof aPartnerEmail>[1] = {}) =>
  () =>
    aPartnerEmail({}, options).replace(from, to);

const START = '--- VICTIM FIRST REFERRAL ---';
const END = '--- END ---';
// The partner fixture's body: four lines of greeting, the start marker, then its 23 label lines.
const FIRST_EXTRA_LINE = 5 + 23 + 1;

const CASES: readonly EmailCase[] = [
  // The message itself.
  { name: 'an empty message', email: () => '', field: 'subject' },
  {
    name: 'random bytes',
    email: () => Buffer.from([0x00, 0xff, 0x13, 0x37, 0x80, 0x0a, 0x0d]),
    field: 'subject',
  },
  {
    name: 'no subject line',
    email: edited('Subject: Victim First referral DSA-2026-0042\r\n', ''),
    field: 'subject',
  },
  {
    name: 'a subject that is not a referral',
    email: () => aPartnerEmail({}, { subject: 'Hello' }),
    field: 'subject',
  },
  {
    name: 'a reply to a referral',
    email: () => aPartnerEmail({}, { subject: 'RE: Victim First referral DSA-2026-0042' }),
    field: 'subject',
  },
  {
    name: 'a forwarded referral',
    email: () => aPartnerEmail({}, { subject: 'FW: Victim First referral DSA-2026-0042' }),
    field: 'subject',
  },
  {
    name: 'a subject and body without any reference',
    email: () => aPartnerEmail({ Reference: undefined }, { subject: 'Victim First referral' }),
    field: 'subject',
  },
  {
    name: 'a formula as the subject reference',
    email: () => aPartnerEmail({ Reference: undefined }, { subject: `Victim First referral ${FORMULA}` }),
    field: 'subject',
  },
  {
    name: 'a message over 1 MiB',
    email: () => aPartnerEmail({}, { extraLines: [`Summary: ${'x'.repeat(1_100_000)}`] }),
    field: '(message)',
  },
  {
    name: 'a body with no text',
    email: () => anEmail('Victim First referral DSA-2026-0042', '   '),
    field: 'body',
  },
  // The block.
  { name: 'no start marker', email: edited(START, 'VICTIM FIRST REFERRAL'), field: 'body' },
  { name: 'two start markers', email: edited(START, `${START}\r\n${START}`), field: 'body' },
  { name: 'no end marker', email: edited(END, 'END'), field: 'body' },
  {
    name: 'more than 200 lines between the markers',
    email: () => aPartnerEmail({}, { extraLines: Array(200).fill('') }),
    field: 'body',
  },
  {
    name: 'a line that is not Label: value',
    email: () => aPartnerEmail({}, { extraLines: ['this line has no label'] }),
    field: `body line ${FIRST_EXTRA_LINE}`,
  },
  {
    name: 'a line starting with a colon',
    email: () => aPartnerEmail({}, { extraLines: [': value only'] }),
    field: `body line ${FIRST_EXTRA_LINE}`,
  },
  { name: 'an unknown label', email: () => aPartnerEmail({ 'Shoe size': '9' }), field: 'Shoe size' },
  {
    name: 'a label given twice',
    email: () => aPartnerEmail({}, { extraLines: ['Forename: Eve'] }),
    field: 'Forename',
  },
  {
    name: 'a label of markup',
    email: () => aPartnerEmail({}, { extraLines: ['<b>Forename</b>: Ada'] }),
    field: '<b>Forename</b>',
  },
  {
    name: 'a value of 501 characters',
    email: () => aPartnerEmail({ Summary: 'x'.repeat(501) }),
    field: 'Summary',
  },
  {
    name: 'bytes that are not UTF-8 in the forename',
    email: () => {
      const [before = '', after = ''] = aPartnerEmail({ Forename: 'A#a' }).split('#');
      return Buffer.concat([Buffer.from(before), Buffer.from([0xff, 0xfe]), Buffer.from(after)]);
    },
    field: 'Forename',
  },
  // Partner labels.
  partner('<script> as the forename', { Forename: SCRIPT }, 'Forename', SCRIPT),
  partner('=HYPERLINK as the surname', { Surname: FORMULA }, 'Surname', FORMULA),
  partner('+cmd as address line 1', { 'Address line 1': '+cmd|calc' }, 'Address line 1'),
  partner('@SUM as the town', { Town: '@SUM(A1)' }, 'Town'),
  partner('markup as the organisation', { Organisation: '<i>Example</i>' }, 'Organisation'),
  partner('a postcode of LE1 ZZZ', { Postcode: 'LE1 ZZZ' }, 'Postcode'),
  partner('a mobile of five digits', { 'Mobile phone': '07700' }, 'Mobile phone'),
  partner('a date of birth of 31/02/1980', { 'Date of birth': '31/02/1980' }, 'Date of birth'),
  partner('a referral on 32 December', { 'Referred at': '32/12/2026 09:30' }, 'Referred at'),
  partner('a referral after the e-mail arrived', { 'Referred at': '16/12/2026 09:30' }, 'Referred at'),
  partner('consent refused', { Consent: 'N' }, 'Consent'),
  partner('consent of perhaps', { Consent: 'Perhaps' }, 'Consent'),
  partner('a contact method of carrier pigeon', { 'Contact method': 'Carrier pigeon' }, 'Contact method'),
  partner('a risk of extreme', { Risk: 'Extreme' }, 'Risk'),
  partner('an offence of jaywalking', { Offence: 'Jaywalking' }, 'Offence'),
  partner('an area outside the force', { NPA: 'Nottingham' }, 'NPA'),
  partner('a reference that does not match the subject', { Reference: 'DSA-2026-9999' }, 'Reference'),
  partner('no organisation', { Organisation: undefined }, 'Organisation'),
  partner('an e-mail address without a domain', { Email: 'ada@' }, 'Email'),
  partner('fax as an unsafe channel', { 'Unsafe channels': 'Fax' }, 'Unsafe channels'),
  partner('an unknown vulnerability', { Vulnerability: 'Clumsiness' }, 'Vulnerability'),
  partner('a title of 30 characters', { Title: 'Lord High Admiral of the Fleet' }, 'Title'),
  partner('an age of 200', { Age: '200' }, 'Age'),
  partner('an escape character in the summary', { Summary: 'Rang twice \u001b[31m' }, 'Summary'),
  partner('an unknown answer for sex', { Sex: 'Unknown' }, 'Sex'),
  partner('SMS to a landline', { 'Contact method': 'SMS', 'Mobile phone': '0116 496 0123' }, 'Mobile phone'),
  // Sentinel labels.
  sentinel('a risk score with a fraction', { 'Risk score': '72.5' }, 'Risk score'),
  sentinel('a risk score of 101', { 'Risk score': '101' }, 'Risk score'),
  sentinel('a risk score in words', { 'Risk score': 'High' }, 'Risk score'),
  sentinel('no risk score', { 'Risk score': undefined }, 'Risk score'),
  sentinel('an incident category of vandalism', { 'Incident category': 'Vandalism' }, 'Incident category'),
  sentinel('the partner-only Risk label', { Risk: 'High' }, 'Risk'),
  sentinel(
    'a collar number as the reporting officer',
    { 'Reporting officer': 'PC 1234' },
    'Reporting officer',
  ),
  sentinel('<script> as the forename', { Forename: SCRIPT }, 'Forename', SCRIPT),
  sentinel('a formula as the Sentinel reference', { 'Sentinel reference': '=1+1' }, 'Sentinel reference'),
  sentinel('a postcode of 12345', { Postcode: '12345' }, 'Postcode'),
  {
    name: 'an HTML-only e-mail with <script> as the forename',
    email: () =>
      [
        'From: Example Support Service <referrals@example.org>',
        'To: Victim First <intake@example.org>',
        'Subject: Victim First referral DSA-2026-0042',
        'MIME-Version: 1.0',
        'Content-Type: text/html; charset=utf-8',
        '',
        aPartnerEmail({ Forename: '&lt;script&gt;alert(1)&lt;/script&gt;' })
          .split('\r\n\r\n')
          .slice(1)
          .join('\r\n\r\n')
          .split('\r\n')
          .map((line) => `<p>${line}</p>`)
          .join('\r\n'),
      ].join('\r\n'),
    field: 'Forename',
  },
];

let store: DynamoDbCaseStore;
let client: Awaited<ReturnType<typeof freshStore>>['client'];
let tableName: string;
let before: TableSnapshot;
const objects = new MemoryObjects();
const workflows = new RecordingWorkflows();
let ingest: ReturnType<typeof createIngestReferralEmail>;

beforeAll(async () => {
  ({ store, client, tableName } = await freshStore());
  ingest = createIngestReferralEmail({
    store,
    clock: fixedClock('2026-12-15T10:00:00Z'),
    workflows,
    objects,
  });
  before = await snapshotOf(client, tableName);
});

afterAll(() => {
  if (logLevel === undefined) delete process.env.POWERTOOLS_LOG_LEVEL;
  else process.env.POWERTOOLS_LOG_LEVEL = logLevel;
});

describe('the referral e-mail corpus: each bad e-mail is quarantined naming its label, and opens no case', () => {
  it('has a distinct input for every case', () => {
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  });

  it.each(CASES.map((c, index) => [c.name, c, index] as const))('%s', async (_name, corpus, index) => {
    const email = corpus.email();

    // The parser (what it reads is within its own 10 MiB limit; the function's is 1 MiB).
    if (corpus.field !== '(message)') {
      const { result } = await parseReferralEmail(email, RECEIVED_AT);
      expect(result.ok).toBe(false);
      expectNamed(result.ok ? [] : result.errors, corpus.field, corpus.value);
    }

    // The function, as SES's delivery to the bucket triggers it.
    const key = `emails/corpus-${index}.eml`;
    objects.put('intake', key, email);
    const outcomes = (await ingest(
      s3ObjectCreated('intake', key, Buffer.byteLength(email), RECEIVED_AT),
      localContext('ingest-referral-email'),
    )) as EmailOutcome[];
    expect(outcomes).toEqual([{ status: 'rejected', fileId: expect.any(String) }]);
    const [outcome] = outcomes;
    const quarantined = await store.listQuarantine((outcome as { fileId: string }).fileId);
    expect(quarantined.map((q) => q.field)).toContain(corpus.field);
    if (corpus.field !== '(message)') expect(outcome).toMatchObject({ fileId: intakeFileId(key, email) });
  });

  it('reads an HTML-only referral (no plain-text part) from its HTML, so the corpus above fails on its content', async () => {
    const html = aPartnerEmail({ Surname: 'O’Brien' })
      .split('\r\n\r\n')
      .slice(1)
      .join('\r\n\r\n')
      .split('\r\n')
      .map((line) => `<p>${line.replaceAll('’', '&rsquo;')}</p>`)
      .join('\r\n');
    const email = [
      'Subject: Victim First referral DSA-2026-0042',
      'MIME-Version: 1.0',
      'Content-Type: text/html; charset=utf-8',
      '',
      `<html><head><style>p { margin: 0 }</style></head><body>${html}</body></html>`,
    ].join('\r\n');
    const { result } = await parseReferralEmail(email, RECEIVED_AT);
    expect(result).toMatchObject({ ok: true, referral: { victim: { surname: 'O’Brien' } } });
  });

  it('wrote nothing for any of them but their quarantine records, and started no contact path', async () => {
    expect(writesBetween(before, await snapshotOf(client, tableName), isIntakeRecord)).toEqual([]);
    expect(workflows.started.size).toBe(0);
  });
});
