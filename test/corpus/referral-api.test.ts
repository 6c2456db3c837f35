import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { caseIdFor } from '../../shared/domain/case.ts';
import { aPartnerReferralBody, aPartnerVictim, aSelfReferralBody } from '../fixtures/referrals.ts';
import {
  expectNamed,
  FORMULA,
  SCRIPT,
  snapshotOf,
  startRefusingSystem,
  type TableSnapshot,
  writesBetween,
} from './support.ts';

// The bad-input corpus for the intake API: partner referrals (JSON), self-referrals (the web
// form's JSON) and target-hardening referrals, each posted to the served local system as a sender would.
// Every one is answered 400 (or 413/415) with `{errors: [{field, message}]}` naming the field, and nothing
// is written: no case, no referral, no contact path or job.

const logLevel = vi.hoisted(() => {
  const previous = process.env.POWERTOOLS_LOG_LEVEL;
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  return previous;
});

/** Tuesday 15 December 2026, 10:00 in Leicester (GMT): a working day with the service open. */
const TUESDAY_10AM = new Date('2026-12-15T10:00:00Z');

type Route = 'partner' | 'self' | 'target-hardening';

interface ApiCase {
  readonly name: string;
  readonly route: Route;
  /** A JSON value (sent as JSON), or the raw text or bytes of the body. */
  readonly body: unknown;
  readonly field: string;
  readonly status?: number;
  readonly contentType?: string;
  /** What was sent, which the message must not repeat. */
  readonly value?: string;
}

const partner = (
  name: string,
  overrides: Record<string, unknown>,
  field: string,
  value?: string,
): ApiCase => ({
  name,
  route: 'partner',
  body: aPartnerReferralBody(overrides),
  field,
  ...(value === undefined ? {} : { value }),
});
const victim = (overrides: Record<string, unknown>) => ({ victim: aPartnerVictim(overrides) });
const address = (overrides: Record<string, unknown>) =>
  victim({ address: { line1: '12 Example Street', town: 'Leicester', postcode: 'LE1 1ZZ', ...overrides } });
const referrer = (overrides: Record<string, unknown>) => ({
  referrer: { organisation: 'Example Support Service', name: 'Bram Sample', ...overrides },
});

const self = (name: string, overrides: Record<string, unknown>, field: string, value?: string): ApiCase => ({
  name,
  route: 'self',
  body: aSelfReferralBody(overrides),
  field,
  ...(value === undefined ? {} : { value }),
});

const TH_SAMPLE = JSON.parse(readFileSync('samples/target-hardening-referral.json', 'utf8')) as Record<
  string,
  unknown
>;
const thVictim = TH_SAMPLE.victim as Record<string, unknown>;
const thBody = (overrides: Record<string, unknown>) => {
  const body: Record<string, unknown> = { ...TH_SAMPLE, ...overrides };
  for (const [key, value] of Object.entries(overrides)) if (value === undefined) delete body[key];
  return body;
};
const th = (name: string, overrides: Record<string, unknown>, field: string, value?: string): ApiCase => ({
  name,
  route: 'target-hardening',
  body: thBody(overrides),
  field,
  ...(value === undefined ? {} : { value }),
});
const thWithVictim = (overrides: Record<string, unknown>) => ({ victim: { ...thVictim, ...overrides } });
const thAddress = (overrides: Record<string, unknown>) =>
  thWithVictim({ address: { ...(thVictim.address as object), ...overrides } });

const long = (n: number, unit = 'a') => unit.repeat(n);
const raw = (
  name: string,
  route: Route,
  body: string | Uint8Array,
  field: string,
  status = 400,
): ApiCase => ({
  name,
  route,
  body,
  field,
  status,
});

const CASES: readonly ApiCase[] = [
  // Bodies that are not a referral at all, on each route.
  ...(['partner', 'self', 'target-hardening'] as const).flatMap((route) => [
    raw(`plain text`, route, 'hello', '(body)'),
    raw(`JSON cut off`, route, '{"reference": "DSA-1", ', '(body)'),
    raw(`an empty body`, route, '', '(body)'),
    raw(`a JSON array`, route, '[]', route === 'self' ? '(form)' : '(body)'),
    raw(`JSON null`, route, 'null', route === 'self' ? '(form)' : '(body)'),
    raw(`a JSON number`, route, '42', route === 'self' ? '(form)' : '(body)'),
    raw(`a JSON string`, route, '"referral"', route === 'self' ? '(form)' : '(body)'),
    raw(`an XML document`, route, '<referral><victim/></referral>', '(body)'),
    { ...raw(`sent as text/plain`, route, '{}', '(body)', 415), contentType: 'text/plain' },
    {
      ...raw(`sent as a form`, route, 'a=1', '(body)', 415),
      contentType: 'application/x-www-form-urlencoded',
    },
    raw(`a body over 64 KiB`, route, JSON.stringify({ pad: long(70_000) }), '(body)', 413),
  ]),

  // Partner referrals: the shape (unknown keys, wrong JSON types).
  partner('a misspelt victim field', victim({ surnmae: 'Example' }), 'victim.surnmae'),
  partner('an unknown top-level field', { colour: 'blue' }, 'colour'),
  partner(
    'a phone kind the format does not have',
    victim({ phones: { fax: '0116 496 0123' } }),
    'victim.phones.fax',
  ),
  partner('a field with a blank name', { ' ': 'x' }, '" "'),
  partner('a field name holding a line break', victim({ 'sur\nname': 'Example' }), 'victim."sur\\nname"'),
  partner('an unknown equality question', { equality: { shoeSize: '9' } }, 'equality.shoeSize'),
  partner('no reference', { reference: undefined }, 'reference'),
  partner('no referrer', { referrer: undefined }, 'referrer'),
  partner('the victim as a string', { victim: 'Ada Example' }, 'victim'),
  partner('a forename as a number', victim({ forename: 42 }), 'victim.forename'),
  partner('an age as text', victim({ age: '46' }), 'victim.age'),
  partner('consent as the word yes', { consent: 'yes' }, 'consent'),
  partner('vulnerabilities as one string', { vulnerabilities: 'isolation' }, 'vulnerabilities'),
  partner('a null summary', { summary: null }, 'summary'),
  // Content: references, times, names, addresses, numbers, codes.
  partner('a formula as the reference', { reference: FORMULA }, 'reference', FORMULA),
  partner('a reference of 65 characters', { reference: `DSA-${long(61, '1')}` }, 'reference'),
  partner('a reference with a space', { reference: 'DSA 2026 0042' }, 'reference'),
  partner('a referral time next year', { referredAt: '2027-12-15T09:30:00Z' }, 'referredAt'),
  partner('a referral on 31 February', { referredAt: '31/02/2026 10:00' }, 'referredAt'),
  partner('a referral date without a time', { referredAt: '2026-12-15' }, 'referredAt'),
  partner('a referral time without an offset', { referredAt: '2026-12-15T09:30:00' }, 'referredAt'),
  partner(
    '<script> as the organisation',
    referrer({ organisation: SCRIPT }),
    'referrer.organisation',
    SCRIPT,
  ),
  partner('a formula as the organisation', referrer({ organisation: '=cmd|calc' }), 'referrer.organisation'),
  partner('@SUM as the referrer name', referrer({ name: '@SUM(1+1)' }), 'referrer.name'),
  partner('a referrer e-mail without an @', referrer({ email: 'bram.sample.example.org' }), 'referrer.email'),
  partner('a referrer phone of two digits', referrer({ phone: '12' }), 'referrer.phone'),
  partner('<script> as the forename', victim({ forename: SCRIPT }), 'victim.forename', SCRIPT),
  partner('=HYPERLINK as the surname', victim({ surname: FORMULA }), 'victim.surname', FORMULA),
  partner('markup as the title', victim({ title: '<b>Dr</b>' }), 'victim.title'),
  partner('a date of birth of 30 February', victim({ dateOfBirth: '2026-02-30' }), 'victim.dateOfBirth'),
  partner('a date of birth before 1900', victim({ dateOfBirth: '1899-12-31' }), 'victim.dateOfBirth'),
  partner('a date of birth in the future', victim({ dateOfBirth: '2030-01-01' }), 'victim.dateOfBirth'),
  partner('an age of 200', victim({ age: 200 }), 'victim.age'),
  partner('an age of 4.5', victim({ age: 4.5 }), 'victim.age'),
  partner('a postcode of LE1 ZZZ', address({ postcode: 'LE1 ZZZ' }), 'victim.address.postcode'),
  partner('a formula as address line 1', address({ line1: '=1+1' }), 'victim.address.line1'),
  partner(
    'an <img onerror> as the town',
    address({ town: '<img src=x onerror=alert(1)>' }),
    'victim.address.town',
  ),
  partner(
    'an address line 2 of 121 characters',
    address({ line2: `Flat ${long(116)}` }),
    'victim.address.line2',
  ),
  partner(
    'an address without its town',
    victim({ address: { line1: '12 Example Street', postcode: 'LE1 1ZZ' } }),
    'victim.address.town',
  ),
  partner('a mobile one digit short', victim({ phones: { mobile: '07700 90012' } }), 'victim.phones.mobile'),
  partner(
    'a home phone in words',
    victim({ phones: { mobile: '07700 900123', home: 'call me' } }),
    'victim.phones.home',
  ),
  partner('markup as the e-mail address', victim({ email: '<script>@example.org' }), 'victim.email'),
  partner('a contact method of pigeon', { contactMethod: 'pigeon' }, 'contactMethod'),
  partner('a contact method in words', { contactMethod: 'Mobile telephone' }, 'contactMethod'),
  partner('consent refused', { consent: false }, 'consent'),
  partner('a risk of extreme', { risk: 'extreme' }, 'risk'),
  partner('an unknown vulnerability', { vulnerabilities: ['clumsiness'] }, 'vulnerabilities.0'),
  partner(
    'a vulnerability list of twelve',
    { vulnerabilities: Array(12).fill('isolation') },
    'vulnerabilities',
  ),
  partner('an offence of jaywalking', { offence: 'jaywalking' }, 'offence'),
  partner('an area outside the force', { npa: 'nottingham' }, 'npa'),
  partner('fax as an unsafe channel', { unsafeChannels: ['fax'] }, 'unsafeChannels.0'),
  partner('semaphore as a communication need', { communicationNeeds: ['semaphore'] }, 'communicationNeeds.0'),
  partner('an unknown answer for sex', { equality: { sex: 'unknown' } }, 'equality.sex'),
  partner('an unknown enhanced category', { enhancedCategory: 'vip' }, 'enhancedCategory'),
  partner('a summary of 2,001 characters', { summary: long(2001) }, 'summary'),
  partner('a bell character in the summary', { summary: 'Rang the bell \u0007 twice' }, 'summary'),
  partner(
    'SMS to a landline',
    { contactMethod: 'sms', ...victim({ phones: { mobile: '0116 496 0123' } }) },
    'victim.phones.mobile',
  ),
  partner(
    'e-mail as the method with no address',
    { contactMethod: 'email', ...victim({ email: undefined }) },
    'victim.email',
  ),
  partner('post with letters unsafe', { contactMethod: 'post', unsafeChannels: ['letter'] }, 'contactMethod'),
  {
    name: 'a Latin-1 é in the surname (not UTF-8)',
    route: 'partner',
    body: Buffer.concat([
      Buffer.from(
        JSON.stringify(aPartnerReferralBody(victim({ surname: 'Exampl#' }))).split('#')[0] as string,
      ),
      Buffer.from([0xe9]),
      Buffer.from(
        JSON.stringify(aPartnerReferralBody(victim({ surname: 'Exampl#' }))).split('#')[1] as string,
      ),
    ]),
    field: 'victim.surname',
  },

  // Self-referrals.
  self('a submission id that is not a UUID', { submissionId: 'not-a-uuid' }, 'submissionId'),
  self('no submission id', { submissionId: undefined }, 'submissionId'),
  self('a formula as the submission id', { submissionId: '=1+1' }, 'submissionId'),
  self('<script> as the forename', { forename: SCRIPT }, 'forename', SCRIPT),
  self('=HYPERLINK as the surname', { surname: FORMULA }, 'surname', FORMULA),
  self('what happened in 2,001 characters', { whatHappened: long(2001) }, 'whatHappened'),
  self('a NUL in what happened', { whatHappened: 'It happened\u0000 here' }, 'whatHappened'),
  self('a mobile in letters', { phones: { mobile: 'seven seven' } }, 'phones.mobile'),
  self(
    'a postcode of XYZ',
    { address: { line1: '1 Test Road', town: 'Leicester', postcode: 'XYZ' }, contactMethod: 'post' },
    'address.postcode',
  ),
  self(
    'markup as address line 1',
    { address: { line1: '<b>1</b> Test Road', town: 'Leicester', postcode: 'LE1 1ZZ' } },
    'address.line1',
  ),
  self('web chat as the contact method', { contactMethod: 'web-chat' }, 'contactMethod'),
  self('consent refused', { consent: false }, 'consent'),
  self('no offence', { offence: undefined }, 'offence'),
  self('an area that is not one of ours', { npa: 'atlantis' }, 'npa'),
  self('a web chat in the past', { webChatSlot: '2026-12-15T09:00:00Z' }, 'webChatSlot'),
  self('a web chat at quarter past', { webChatSlot: '2026-12-15T10:15:00Z' }, 'webChatSlot'),
  self('a web chat on a Sunday', { webChatSlot: '2026-12-20T12:00:00Z' }, 'webChatSlot'),
  self('a web chat three weeks away', { webChatSlot: '2027-01-05T10:00:00Z' }, 'webChatSlot'),
  self('a web chat at 22:00', { webChatSlot: '2026-12-15T22:00:00Z' }, 'webChatSlot'),
  self('a web chat of tomorrow', { webChatSlot: 'tomorrow' }, 'webChatSlot'),
  self('a web chat on 30 February', { webChatSlot: '30/02/2027 10:00' }, 'webChatSlot'),
  self('a risk level (the form has none)', { risk: 'high' }, 'risk'),
  self('a partner reference (the form has none)', { reference: 'DSA-1' }, 'reference'),
  self('a date of birth of 31/02/1990', { dateOfBirth: '31/02/1990' }, 'dateOfBirth'),
  self('an age of -1', { age: -1 }, 'age'),
  self('an e-mail address without a domain', { email: 'esme@' }, 'email'),
  self('a carrier pigeon unsafe', { unsafeChannels: ['carrier-pigeon'] }, 'unsafeChannels.0'),
  self('a Martian ethnicity', { equality: { ethnicity: 'martian' } }, 'equality.ethnicity'),
  self('consent as a string', { consent: 'true' }, 'consent'),
  self('phones as a list', { phones: ['07700 900321'] }, 'phones'),

  // Target-hardening referrals from the domestic and sexual abuse service.
  th('Victim First through the partner route', { service: 'victim-first' }, 'service'),
  th('a service that may not refer', { service: 'police' }, 'service'),
  th('a formula as the reference', { reference: '=cmd|calc' }, 'reference'),
  th('no reference', { reference: undefined }, 'reference'),
  th(
    '<script> as the referrer name',
    { referrer: { name: SCRIPT, email: 'dee.specimen@example.org' } },
    'referrer.name',
    SCRIPT,
  ),
  th(
    'a referrer e-mail without an @',
    { referrer: { name: 'Dee Specimen', email: 'dee' } },
    'referrer.email',
  ),
  th('no referrer', { referrer: undefined }, 'referrer'),
  th('=HYPERLINK as the forename', thWithVictim({ forename: FORMULA }), 'victim.forename', FORMULA),
  th('an <img> as the surname', thWithVictim({ surname: '<img src=x>' }), 'victim.surname'),
  th('a postcode of LE1', thAddress({ postcode: 'LE1' }), 'victim.address.postcode'),
  th('@SUM as address line 1', thAddress({ line1: '@SUM(1)' }), 'victim.address.line1'),
  th('a phone in letters', thWithVictim({ phone: 'abc' }), 'victim.phone'),
  th('no phone', thWithVictim({ phone: undefined }), 'victim.phone'),
  th('an unknown vulnerability', { vulnerabilities: ['clumsiness'] }, 'vulnerabilities.0'),
  th('an urgency of asap', { urgency: 'asap' }, 'urgency'),
  th('consent to feedback as yes', { consentToFeedback: 'yes' }, 'consentToFeedback'),
  th('an unknown top-level field', { notes: 'Call first' }, 'notes'),
  th('a misspelt victim field', thWithVictim({ dob: '1980-12-18' }), 'victim.dob'),
  th('an unknown address field', thAddress({ county: 'Leicestershire' }), 'victim.address.county'),
  th('a title of 21 letters', thWithVictim({ title: long(21, 'M') }), 'victim.title'),
  th('no address', thWithVictim({ address: undefined }), 'victim.address'),
  th('the victim as a list', { victim: [] }, 'victim'),
];

// Served as vf start serves it, on fresh tables; the engine holds no state machines, as nothing here may
// reach one (an input wrongly accepted fails to start its path, and its answer shows it).
let served: Awaited<ReturnType<typeof startRefusingSystem>>;
let before: { cases: TableSnapshot; engine: TableSnapshot };

beforeAll(async () => {
  served = await startRefusingSystem(TUESDAY_10AM);
  const { client, tableName, engineTableName } = served;
  before = { cases: await snapshotOf(client, tableName), engine: await snapshotOf(client, engineTableName) };
}, 120_000);

afterAll(async () => {
  await served?.close();
  if (logLevel === undefined) delete process.env.POWERTOOLS_LOG_LEVEL;
  else process.env.POWERTOOLS_LOG_LEVEL = logLevel;
});

async function post(corpus: ApiCase) {
  const body =
    typeof corpus.body === 'string'
      ? corpus.body
      : corpus.body instanceof Uint8Array
        ? new Uint8Array(corpus.body)
        : JSON.stringify(corpus.body);
  const response = await fetch(`${served.url}/referrals/${corpus.route}`, {
    method: 'POST',
    headers: { 'content-type': corpus.contentType ?? 'application/json' },
    body,
  });
  return {
    status: response.status,
    json: (await response.json()) as { errors?: Array<{ field: string; message: string }> },
  };
}

describe('the intake API corpus: every bad referral is refused naming its field, and nothing is written', () => {
  it('has a distinct input for every case', () => {
    expect(new Set(CASES.map((c) => `${c.route}: ${c.name}`)).size).toBe(CASES.length);
  });

  it.each(CASES.map((c) => [`${c.route}: ${c.name}`, c] as const))('%s', async (_name, corpus) => {
    const { status, json } = await post(corpus);

    expect(status).toBe(corpus.status ?? 400);
    expectNamed(json.errors, corpus.field, corpus.value);
    const reference = (corpus.body as { reference?: unknown } | undefined)?.reference;
    if (corpus.route === 'partner' && typeof reference === 'string' && reference.length <= 64) {
      expect(await served.system.store.getCase(caseIdFor('partner', reference))).toBeUndefined();
    }
  });

  it('wrote nothing for any of them: no case, no referral, no job, no contact path', async () => {
    const { client, tableName, engineTableName } = served;
    expect(writesBetween(before.cases, await snapshotOf(client, tableName))).toEqual([]);
    expect(writesBetween(before.engine, await snapshotOf(client, engineTableName))).toEqual([]);
    expect(await served.system.jobs.listJobs()).toEqual([]);
  });
});
