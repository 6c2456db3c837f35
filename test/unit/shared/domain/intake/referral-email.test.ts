import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FieldError } from '../../../../../shared/domain/field-errors.ts';
import {
  PARTNER_EMAIL_LABELS,
  parseReferralEmail,
  REFERRAL_EMAIL_LIMITS,
  riskFromSentinelScore,
  SENTINEL_EMAIL_LABELS,
  SENTINEL_ORGANISATION,
} from '../../../../../shared/domain/intake/referral-email.ts';
import type { Referral } from '../../../../../shared/domain/referral.ts';
import {
  anEmail,
  aPartnerEmail,
  aSentinelEmail,
  type EmailFields,
  type EmailOptions,
  RECEIVED_AT,
} from '../../../../fixtures/referrals.ts';

async function referralFrom(raw: string | Uint8Array): Promise<Referral> {
  const { result } = await parseReferralEmail(raw, RECEIVED_AT);
  if (!result.ok) throw new Error(`expected a referral, got ${JSON.stringify(result.errors)}`);
  return result.referral;
}

async function errorsFrom(raw: string | Uint8Array): Promise<FieldError[]> {
  const { result } = await parseReferralEmail(raw, RECEIVED_AT);
  return result.ok ? [] : result.errors;
}

const fieldsFrom = async (raw: string) => (await errorsFrom(raw)).map((e) => e.field);

describe('a partner agency refers a victim by e-mail', () => {
  it('becomes a partner referral with the values read as people write them', async () => {
    const { format } = await parseReferralEmail(aPartnerEmail(), RECEIVED_AT);
    expect(format).toBe('partner');
    const referral = await referralFrom(aPartnerEmail());
    expect(referral).toMatchObject({
      source: 'partner',
      externalReference: 'DSA-2026-0042',
      // 15/12/2026 09:30 in Leicester is GMT in December.
      receivedAt: new Date('2026-12-15T09:30:00Z'),
      referrer: {
        organisation: 'Example Support Service',
        name: 'Bram Sample',
        email: 'bram.sample@example.org',
      },
      victim: {
        title: 'Ms',
        forename: 'Ada',
        surname: 'Example',
        dateOfBirth: '1980-12-18',
        address: { line1: '12 Example Street', town: 'Leicester', postcode: 'LE1 1ZZ' },
        phones: { mobile: { e164: '+447700900123', kind: 'mobile' } },
        email: 'ada.example@example.org',
      },
      contactMethod: 'mobile-telephone',
      consent: true,
      risk: 'medium',
      vulnerabilities: ['domestic-abuse', 'isolation'],
      offence: 'stalking-harassment',
      npa: 'leicester-east',
      unsafeChannels: ['voicemail'],
      equality: { sex: 'prefer-not-to-say' },
    });
  });

  it('is taken as received when it arrived when no referral time is given', async () => {
    expect((await referralFrom(aPartnerEmail({ 'Referred at': undefined }))).receivedAt).toEqual(RECEIVED_AT);
  });

  it.each<[string, EmailFields, Partial<Referral>]>([
    ['SMS text', { 'Contact method': 'SMS text' }, { contactMethod: 'sms' }],
    ['Text message', { 'Contact method': 'Text message' }, { contactMethod: 'sms' }],
    ['E-mail', { 'Contact method': 'E-mail' }, { contactMethod: 'email' }],
    ['Letter', { 'Contact method': 'Letter' }, { contactMethod: 'post' }],
    ['Home visit', { 'Contact method': 'Home visit' }, { contactMethod: 'in-person' }],
    ['Yes for consent', { Consent: 'Yes' }, { consent: true }],
    [
      'Y for a yes/no equality answer',
      { Disability: 'Y' },
      { equality: { sex: 'prefer-not-to-say', disability: 'yes' } },
    ],
    ['Hinckley & Bosworth', { NPA: 'Hinckley & Bosworth' }, { npa: 'hinckley-and-bosworth' }],
    ['Burglary (residential)', { Offence: 'Burglary (residential)' }, { offence: 'burglary-residential' }],
    [
      'Text and letters as unsafe',
      { 'Unsafe channels': 'Text, letters' },
      { unsafeChannels: ['sms', 'letter'] },
    ],
    [
      'BSL',
      { 'Communication needs': 'BSL; Large print' },
      { communicationNeeds: ['british-sign-language', 'large-print'] },
    ],
    [
      'Persistently targeted',
      { 'Enhanced category': 'Persistently targeted' },
      { enhancedCategory: 'persistently-targeted' },
    ],
  ])('understands %s', async (_, fields, expected) => {
    expect(await referralFrom(aPartnerEmail(fields))).toMatchObject(expected);
  });

  it('matches labels whatever their case, spacing or hyphens', async () => {
    const raw = aPartnerEmail({
      Forename: undefined,
      'Date of birth': undefined,
      FORENAME: 'Ada',
      'date-of-birth': '18/12/1980',
    });
    expect((await referralFrom(raw)).victim).toMatchObject({ forename: 'Ada', dateOfBirth: '1980-12-18' });
  });

  it('ignores the greeting, the signature and blank lines around the labels', async () => {
    const referral = await referralFrom(aPartnerEmail({}, { extraLines: ['', '   '] }));
    expect(referral.externalReference).toBe('DSA-2026-0042');
  });

  it('takes the reference from the subject when the body leaves it out', async () => {
    expect((await referralFrom(aPartnerEmail({ Reference: undefined }))).externalReference).toBe(
      'DSA-2026-0042',
    );
  });

  it.each<[string, EmailOptions]>([
    ['quoted-printable', { encoding: 'quoted-printable' }],
    ['base64', { encoding: 'base64' }],
    ['multipart with an HTML alternative', { withHtml: true }],
    ['base64 multipart with an HTML alternative', { encoding: 'base64', withHtml: true }],
  ])('is read when the mail client sends it %s', async (_, options) => {
    const referral = await referralFrom(aPartnerEmail({ Forename: 'Zoë' }, options));
    expect(referral.victim.forename).toBe('Zoë');
  });

  it('is read from bytes as well as text', async () => {
    const referral = await referralFrom(new TextEncoder().encode(aPartnerEmail()));
    expect(referral.source).toBe('partner');
  });
});

describe('a partner e-mail that cannot be taken names the label, the line or the part at fault', () => {
  it.each([
    ['a subject of another kind', 'Referral for Ada Example'],
    ['a reply', 'RE: Victim First referral DSA-2026-0042'],
    ['a forward', 'FW: Victim First referral DSA-2026-0042'],
  ])('%s is an unknown format naming the subject, without echoing it', async (_, subject) => {
    const { format, result } = await parseReferralEmail(aPartnerEmail({}, { subject }), RECEIVED_AT);
    expect(format).toBe('unknown');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.field)).toEqual(['subject']);
    expect(result.errors[0]?.message).not.toContain('Ada');
  });

  it('a message with no subject says the subject is missing', async () => {
    const raw = aPartnerEmail().replace(/^Subject: .*\r\n/m, '');
    expect(await errorsFrom(raw)).toEqual([{ field: 'subject', message: 'is missing' }]);
  });

  it('a reference in the body that differs from the subject is an error naming Reference', async () => {
    expect(await errorsFrom(aPartnerEmail({ Reference: 'DSA-2026-0043' }))).toEqual([
      { field: 'Reference', message: 'does not match the reference in the subject' },
    ]);
  });

  it('a referral with no reference anywhere is an error naming the subject', async () => {
    const raw = aPartnerEmail({ Reference: undefined }, { subject: 'Victim First referral' });
    expect(await fieldsFrom(raw)).toEqual(['subject']);
  });

  it.each([
    [
      'no opening line',
      (raw: string) => raw.replace('--- VICTIM FIRST REFERRAL ---', 'VICTIM FIRST REFERRAL'),
    ],
    ['no closing line', (raw: string) => raw.replace('--- END ---', '')],
    [
      'two referrals',
      (raw: string) =>
        raw.replace('Kind regards', '--- VICTIM FIRST REFERRAL ---\r\nForename: Bram\r\n--- END ---'),
    ],
  ])('a body with %s is an error naming the body', async (_, spoil) => {
    expect(await fieldsFrom(spoil(aPartnerEmail()))).toEqual(['body']);
  });

  it('a line that is not "Label: value" is named by its line in the body', async () => {
    // The body opens with four lines before the marker, then 23 label lines: the extra line is line 29.
    const errors = await errorsFrom(
      aPartnerEmail({}, { extraLines: ['Ada Example lives at the address above'] }),
    );
    expect(errors).toEqual([{ field: 'body line 29', message: 'is not written as "Label: value"' }]);
  });

  it('a line with nothing before its colon is not "Label: value" either', async () => {
    expect(await fieldsFrom(aPartnerEmail({}, { extraLines: [': 07700 900123'] }))).toEqual(['body line 29']);
  });

  it('an unknown label is named as written', async () => {
    expect(await errorsFrom(aPartnerEmail({ 'Middle name': 'Bea' }))).toEqual([
      { field: 'Middle name', message: 'is not a label of the Victim First referral e-mail' },
    ]);
  });

  it('a repeated label is named once, whatever case it is written in', async () => {
    expect(await errorsFrom(aPartnerEmail({}, { extraLines: ['SURNAME: Sample'] }))).toEqual([
      { field: 'Surname', message: 'appears more than once' },
    ]);
  });

  it(`a value over ${REFERRAL_EMAIL_LIMITS.maxValueLength} characters is named by its label`, async () => {
    expect(await errorsFrom(aPartnerEmail({ 'Address line 2': 'a'.repeat(501) }))).toEqual([
      { field: 'Address line 2', message: 'is longer than 500 characters' },
    ]);
  });

  it('a value that was not valid text in its character set is named by its label', async () => {
    const bytes = new TextEncoder().encode(aPartnerEmail({ Surname: 'ExQmple' }));
    const at = Buffer.from(bytes).indexOf('ExQmple') + 2;
    bytes[at] = 0xff; // a byte that is never UTF-8
    expect(await errorsFrom(bytes)).toEqual([
      { field: 'Surname', message: 'contains bytes that could not be read as text' },
    ]);
  });

  it.each([
    ['a postcode that is not a postcode', { Postcode: 'LE1' }, 'Postcode'],
    ['a second address line with markup', { 'Address line 2': '<b>Flat 2</b>' }, 'Address line 2'],
    ['a formula for a surname', { Surname: '=HYPERLINK("http://example.org")' }, 'Surname'],
    ['an impossible date of birth', { 'Date of birth': '31/02/1980' }, 'Date of birth'],
    ['an age in words', { Age: 'forty' }, 'Age'],
    ['a referral time that cannot be read', { 'Referred at': '15/12/2026' }, 'Referred at'],
    ['a referral time after the e-mail arrived', { 'Referred at': '15/12/2026 11:00' }, 'Referred at'],
    ['an unknown contact method', { 'Contact method': 'Carrier pigeon' }, 'Contact method'],
    ['SMS without a mobile number', { 'Contact method': 'SMS', 'Mobile phone': undefined }, 'Mobile phone'],
    [
      'post without an address',
      { 'Contact method': 'Post', 'Address line 1': undefined, Town: undefined, Postcode: undefined },
      'Address line 1',
    ],
    ['an unknown vulnerability', { Vulnerability: 'Isolation; Unlucky' }, 'Vulnerability'],
    ['an unknown area', { NPA: 'Gotham' }, 'NPA'],
    ['no consent', { Consent: 'N' }, 'Consent'],
    ['consent in words', { Consent: 'Probably' }, 'Consent'],
    ['no organisation', { Organisation: undefined }, 'Organisation'],
    ['a reference with spaces', { Reference: undefined }, 'subject'],
    ['an unknown ethnicity', { Ethnicity: 'Martian' }, 'Ethnicity'],
  ])('%s is an error naming %s', async (_, fields, label) => {
    const options = label === 'subject' ? { subject: 'Victim First referral DSA 2026 0042' } : {};
    expect(await fieldsFrom(aPartnerEmail(fields, options))).toEqual([label]);
  });

  it('never echoes what was written in an error message', async () => {
    const errors = await errorsFrom(
      aPartnerEmail({
        'Contact method': 'Call Ada Example',
        NPA: 'Ada Example',
        Forename: 'Ada Example 1',
        Postcode: 'Ada',
      }),
    );
    expect(errors.length).toBe(4);
    for (const error of errors) expect(error.message).not.toContain('Ada');
  });

  it('reports every problem in the block at once', async () => {
    const fields = await fieldsFrom(
      aPartnerEmail({ Postcode: 'LE1', NPA: 'Gotham', Nickname: 'Bea' }, { extraLines: ['no colon here'] }),
    );
    expect(fields.sort()).toEqual(['NPA', 'Nickname', 'Postcode', 'body line 30']);
  });

  it(`a message over ${REFERRAL_EMAIL_LIMITS.maxBytes / 1024 / 1024} MiB is refused before it is parsed`, async () => {
    const raw = aPartnerEmail({}, { extraLines: ['x'.repeat(REFERRAL_EMAIL_LIMITS.maxBytes)] });
    const { format, result } = await parseReferralEmail(raw, RECEIVED_AT);
    expect(format).toBe('unknown');
    expect(result).toEqual({ ok: false, errors: [{ field: '(message)', message: 'is larger than 10 MiB' }] });
  });

  it('a block of more lines than any referral needs is refused whole', async () => {
    const extraLines = Array.from({ length: REFERRAL_EMAIL_LIMITS.maxBlockLines }, () => 'Nickname: Bea');
    expect(await fieldsFrom(aPartnerEmail({}, { extraLines }))).toEqual(['body']);
  });
});

describe('Sentinel refers a high-risk anti-social behaviour case by e-mail', () => {
  it('becomes a Sentinel referral with the reporting officer as referrer', async () => {
    const { format } = await parseReferralEmail(aSentinelEmail(), RECEIVED_AT);
    expect(format).toBe('sentinel-asb');
    expect(await referralFrom(aSentinelEmail())).toMatchObject({
      source: 'sentinel-asb',
      externalReference: 'SEN-ASB-2026-0042',
      referrer: { organisation: SENTINEL_ORGANISATION, name: 'PC Cleo Specimen' },
      victim: {
        forename: 'Dev',
        surname: 'Fictional',
        phones: { home: { e164: '+441164960789', kind: 'landline' } },
      },
      contactMethod: 'home-telephone',
      risk: 'high',
      offence: 'asb-personal',
      npa: 'charnwood',
    });
  });

  it.each([
    ['0', 'standard'],
    ['29', 'standard'],
    ['30', 'medium'],
    ['59', 'medium'],
    ['60', 'high'],
    ['100', 'high'],
  ])('a risk score of %s is %s risk', async (score, risk) => {
    expect((await referralFrom(aSentinelEmail({ 'Risk score': score }))).risk).toBe(risk);
  });

  it('maps every score from 0 to 100 to the band its thresholds give', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), (score) => {
        const expected = score >= 60 ? 'high' : score >= 30 ? 'medium' : 'standard';
        expect(riskFromSentinelScore(score)).toBe(expected);
      }),
    );
  });

  it.each([['101'], ['-1'], ['72.5'], ['High'], ['']])(
    'a risk score of "%s" is an error naming Risk score',
    async (score) => {
      const message = score === '' ? 'is required' : 'must be a whole number from 0 to 100';
      expect(await errorsFrom(aSentinelEmail({ 'Risk score': score }))).toEqual([
        { field: 'Risk score', message },
      ]);
    },
  );

  it.each([
    ['Personal', 'asb-personal'],
    ['Nuisance', 'asb-nuisance'],
    ['Environmental', 'asb-environmental'],
    ['ASB nuisance', 'asb-nuisance'],
  ])('an incident category of %s is the offence %s', async (category, offence) => {
    expect((await referralFrom(aSentinelEmail({ 'Incident category': category }))).offence).toBe(offence);
  });

  it.each([
    ['Criminal damage', 'must be Personal, Nuisance or Environmental'],
    [undefined, 'is required'],
  ])('an incident category of %s is an error naming Incident category', async (category, message) => {
    expect(await errorsFrom(aSentinelEmail({ 'Incident category': category }))).toEqual([
      { field: 'Incident category', message },
    ]);
  });

  it('names its own reference label when it differs from the subject', async () => {
    expect(await fieldsFrom(aSentinelEmail({ 'Sentinel reference': 'SEN-ASB-2026-0099' }))).toEqual([
      'Sentinel reference',
    ]);
  });

  it('does not take the partner-only labels', async () => {
    expect(await errorsFrom(aSentinelEmail({ Organisation: 'Example Support Service' }))).toEqual([
      { field: 'Organisation', message: 'is not a label of the Sentinel ASB referral e-mail' },
    ]);
  });

  it('needs its own markers, not the partner ones', async () => {
    const raw = aSentinelEmail().replace('--- SENTINEL ASB REFERRAL ---', '--- VICTIM FIRST REFERRAL ---');
    expect(await fieldsFrom(raw)).toEqual(['body']);
  });

  it('names a bad victim or contact value by the shared label', async () => {
    expect(await fieldsFrom(aSentinelEmail({ 'Home phone': '0116 496' }))).toEqual(['Home phone']);
  });
});

describe('the label tables', () => {
  it.each([
    ['partner', PARTNER_EMAIL_LABELS],
    ['Sentinel', SENTINEL_EMAIL_LABELS],
  ])('the %s labels are distinct and each fills a distinct field', (_, table) => {
    const labels = table.map(([label]) => label.toLowerCase());
    const fields = table.map(([, field]) => field);
    expect(new Set(labels).size).toBe(labels.length);
    expect(new Set(fields).size).toBe(fields.length);
  });
});

describe('whatever arrives at the referral mailbox', () => {
  it('any text is answered with a format and a result, never an exception', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 400 }), async (text) => {
        const { format, result } = await parseReferralEmail(text, RECEIVED_AT);
        expect(['partner', 'sentinel-asb', 'unknown']).toContain(format);
        if (!result.ok) for (const error of result.errors) expect(error.field.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it('any bytes are answered without an exception', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), async (bytes) => {
        const { format } = await parseReferralEmail(bytes, RECEIVED_AT);
        expect(['partner', 'sentinel-asb', 'unknown']).toContain(format);
      }),
      { numRuns: 300 },
    );
  });

  it('any lines inside a referral block are answered with a referral or named errors', async () => {
    const labels = PARTNER_EMAIL_LABELS.map(([label]) => label);
    const line = fc.oneof(
      fc.string({ maxLength: 60 }).filter((s) => !/[\r\n]/.test(s)),
      fc
        .tuple(fc.constantFrom(...labels), fc.string({ maxLength: 60 }))
        .map(([label, value]) => `${label}: ${value.replace(/[\r\n]/g, ' ')}`),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 12 }), async (extraLines) => {
        const { format, result } = await parseReferralEmail(
          anEmail(
            'Victim First referral X-1',
            ['--- VICTIM FIRST REFERRAL ---', ...extraLines, '--- END ---'].join('\n'),
          ),
          RECEIVED_AT,
        );
        expect(format).toBe('partner');
        if (!result.ok) for (const error of result.errors) expect(error.field.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });
});
