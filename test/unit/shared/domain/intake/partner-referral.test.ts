import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FieldError } from '../../../../../shared/domain/field-errors.ts';
import {
  PARTNER_REFERRAL_MAX_BYTES,
  PartnerReferralBodySchema,
  partnerReferralFromJson,
  partnerReferralFromText,
} from '../../../../../shared/domain/intake/partner-referral.ts';
import { aPartnerReferralBody, aPartnerVictim, RECEIVED_AT } from '../../../../fixtures/referrals.ts';

const errorsOf = (result: ReturnType<typeof partnerReferralFromJson>): FieldError[] =>
  result.ok ? [] : result.errors;
const fieldsOf = (result: ReturnType<typeof partnerReferralFromJson>) => errorsOf(result).map((e) => e.field);

describe('a partner agency refers a victim by posting JSON', () => {
  it('becomes a partner referral carrying the partner reference and the referrer', () => {
    const result = partnerReferralFromJson(aPartnerReferralBody(), RECEIVED_AT);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { referral } = result;
    expect(referral.source).toBe('partner');
    expect(referral.externalReference).toBe('DSA-2026-0042');
    expect(referral.referrer).toEqual({
      organisation: 'Example Support Service',
      name: 'Bram Sample',
      email: 'bram.sample@example.org',
      phone: { e164: '+441164960456', kind: 'landline' },
    });
    expect(referral.victim.phones.mobile).toEqual({ e164: '+447700900123', kind: 'mobile' });
    expect(referral.victim.address?.postcode).toBe('LE1 1ZZ');
    expect(referral.contactMethod).toBe('mobile-telephone');
    expect(referral.risk).toBe('medium');
    expect(referral.vulnerabilities).toEqual(['domestic-abuse', 'isolation']);
    expect(referral.unsafeChannels).toEqual(['voicemail']);
    expect(referral.equality).toEqual({ sex: 'female', disability: 'prefer-not-to-say' });
  });

  it('is taken as received when it arrived unless the partner says when it was referred', () => {
    const arrived = partnerReferralFromJson(aPartnerReferralBody(), RECEIVED_AT);
    expect(arrived.ok && arrived.referral.receivedAt).toEqual(RECEIVED_AT);
    const referred = partnerReferralFromJson(
      aPartnerReferralBody({ referredAt: '2026-12-15T09:30:00Z' }),
      RECEIVED_AT,
    );
    expect(referred.ok && referred.referral.receivedAt).toEqual(new Date('2026-12-15T09:30:00Z'));
  });

  it('understands a referral time written as UK local time', () => {
    // 30 June 2026 is in British Summer Time: 10:00 in Leicester is 09:00 UTC.
    const result = partnerReferralFromJson(
      aPartnerReferralBody({ referredAt: '30/06/2026 10:00' }),
      new Date('2026-06-30T12:00:00Z'),
    );
    expect(result.ok && result.referral.receivedAt).toEqual(new Date('2026-06-30T09:00:00Z'));
  });

  it('refuses a referral time later than the referral arrived, since deadlines run from it', () => {
    const result = partnerReferralFromJson(
      aPartnerReferralBody({ referredAt: '2026-12-15T11:00:00Z' }),
      RECEIVED_AT,
    );
    expect(errorsOf(result)).toEqual([
      { field: 'referredAt', message: 'is later than the time the referral arrived' },
    ]);
    // A few minutes ahead is clock skew, not an error.
    expect(
      partnerReferralFromJson(aPartnerReferralBody({ referredAt: '2026-12-15T10:02:00Z' }), RECEIVED_AT).ok,
    ).toBe(true);
  });

  it('needs no more than the referrer organisation, the victim, a way to reach them, consent and the assessment', () => {
    const body = {
      reference: 'DSA-1',
      referrer: { organisation: 'Example Support Service' },
      victim: { forename: 'Ada', surname: 'Example', phones: { home: '0116 496 0123' } },
      contactMethod: 'home-telephone',
      consent: true,
      risk: 'standard',
      offence: 'domestic-abuse',
      npa: 'rutland',
    };
    const result = partnerReferralFromJson(body, RECEIVED_AT);
    expect(result.ok).toBe(true);
    expect(result.ok && result.referral.vulnerabilities).toEqual([]);
  });

  it('publishes its body schema so the partner form can be checked against it', () => {
    expect(PartnerReferralBodySchema.safeParse(aPartnerReferralBody()).success).toBe(true);
  });
});

describe('a partner referral that cannot be taken names the field as the partner sent it', () => {
  it.each([
    ['a misspelt top-level field', { ...aPartnerReferralBody(), refrence: 'DSA-1' }, 'refrence'],
    [
      'a misspelt victim field',
      aPartnerReferralBody({ victim: { ...aPartnerVictim(), surnmae: 'Example' } }),
      'victim.surnmae',
    ],
    [
      'a misspelt phone',
      aPartnerReferralBody({ victim: aPartnerVictim({ phones: { mobil: '07700 900123' } }) }),
      'victim.phones.mobil',
    ],
    [
      'a misspelt equality answer',
      aPartnerReferralBody({ equality: { gender: 'female' } }),
      'equality.gender',
    ],
  ])('%s is an error naming the key, never silently dropped', (_, body, field) => {
    const errors = errorsOf(partnerReferralFromJson(body, RECEIVED_AT));
    expect(errors).toEqual([{ field, message: 'is not a field of this format (check the spelling)' }]);
  });

  it.each([
    ['a missing reference', { reference: undefined }, 'reference', 'is required'],
    ['a missing referrer', { referrer: undefined }, 'referrer', 'is required'],
    ['a missing contact method', { contactMethod: undefined }, 'contactMethod', 'is required'],
    ['missing consent', { consent: undefined }, 'consent', 'is required'],
    ['consent written as text', { consent: 'yes' }, 'consent', 'must be true or false'],
    ['a reference sent as a number', { reference: 42 }, 'reference', 'must be text'],
    [
      'vulnerabilities sent as one string',
      { vulnerabilities: 'isolation' },
      'vulnerabilities',
      'must be a list of text values',
    ],
    ['an age sent as a string', { victim: aPartnerVictim({ age: '42' }) }, 'victim.age', 'must be a number'],
    [
      'an address sent as one string',
      { victim: aPartnerVictim({ address: '12 Example Street' }) },
      'victim.address',
      'must be an object',
    ],
  ])('%s is an error naming the field', (_, overrides, field, message) => {
    expect(errorsOf(partnerReferralFromJson(aPartnerReferralBody(overrides), RECEIVED_AT))).toEqual([
      { field, message },
    ]);
  });

  it.each([[null], [[]], ['referral'], [42], [true]])(
    'a body that is not a JSON object (%j) is an error naming (body)',
    (body) => {
      expect(errorsOf(partnerReferralFromJson(body, RECEIVED_AT))).toEqual([
        { field: '(body)', message: 'must be a JSON object' },
      ]);
    },
  );

  it.each([
    ['a reference with spaces', 'reference', { reference: 'DSA 2026' }],
    ['an unreadable referral time', 'referredAt', { referredAt: 'yesterday' }],
    [
      'an impossible date of birth',
      'victim.dateOfBirth',
      { victim: aPartnerVictim({ dateOfBirth: '2026-02-31' }) },
    ],
    [
      'a postcode that is not a postcode',
      'victim.address.postcode',
      {
        victim: aPartnerVictim({
          address: { line1: '12 Example Street', town: 'Leicester', postcode: 'LE1' },
        }),
      },
    ],
    [
      'a telephone number that is not one',
      'victim.phones.mobile',
      { victim: aPartnerVictim({ phones: { mobile: '0770' } }) },
    ],
    [
      'a formula for a name',
      'victim.forename',
      { victim: aPartnerVictim({ forename: '=HYPERLINK("http://example.org")' }) },
    ],
    [
      'markup in an address',
      'victim.address.line1',
      {
        victim: aPartnerVictim({
          address: { line1: '<script>alert(1)</script>', town: 'Leicester', postcode: 'LE1 1ZZ' },
        }),
      },
    ],
    ['an unknown contact method', 'contactMethod', { contactMethod: 'carrier-pigeon' }],
    ['an unknown area', 'npa', { npa: 'gotham' }],
    ['an unknown vulnerability', 'vulnerabilities.1', { vulnerabilities: ['isolation', 'unlucky'] }],
    ['an unknown equality answer', 'equality.sex', { equality: { sex: 'sometimes' } }],
    ['no consent', 'consent', { consent: false }],
    [
      'SMS to a landline',
      'victim.phones.mobile',
      { contactMethod: 'sms', victim: aPartnerVictim({ phones: { mobile: '0116 496 0123' } }) },
    ],
    [
      'e-mail marked unsafe and chosen',
      'contactMethod',
      { contactMethod: 'email', unsafeChannels: ['email'] },
    ],
    ['an over-long summary', 'summary', { summary: 'x'.repeat(2001) }],
  ])('%s is an error naming %s', (_, field, overrides) => {
    expect(fieldsOf(partnerReferralFromJson(aPartnerReferralBody(overrides), RECEIVED_AT))).toEqual([field]);
  });

  it('reports every content error at once, one message per field', () => {
    const result = partnerReferralFromJson(
      aPartnerReferralBody({
        risk: 'extreme',
        offence: 'jaywalking',
        victim: aPartnerVictim({ forename: '' }),
      }),
      RECEIVED_AT,
    );
    expect(fieldsOf(result).sort()).toEqual(['offence', 'risk', 'victim.forename']);
  });

  it('never echoes what was submitted in an error message', () => {
    const personal = 'Ada Example 07700 900123';
    const result = partnerReferralFromJson(
      aPartnerReferralBody({
        contactMethod: personal,
        npa: personal,
        victim: aPartnerVictim({ forename: `${personal}!` }),
      }),
      RECEIVED_AT,
    );
    expect(errorsOf(result).length).toBe(3);
    for (const error of errorsOf(result)) expect(error.message).not.toContain('Ada');
  });
});

describe('a partner referral arrives as the raw request body', () => {
  it('is read as JSON', () => {
    expect(partnerReferralFromText(JSON.stringify(aPartnerReferralBody()), RECEIVED_AT).ok).toBe(true);
  });

  it('is refused without echoing it when it is not JSON', () => {
    const errors = errorsOf(partnerReferralFromText('{"victim": Ada Example}', RECEIVED_AT));
    expect(errors).toEqual([{ field: '(body)', message: 'is not valid JSON' }]);
  });

  it('is refused over 64 KiB, counting bytes rather than characters', () => {
    expect(PARTNER_REFERRAL_MAX_BYTES).toBe(65_536);
    // 33,000 two-byte characters: under the limit in characters, over it in bytes.
    const text = JSON.stringify(aPartnerReferralBody({ summary: 'é'.repeat(33_000) }));
    expect(text.length).toBeLessThan(PARTNER_REFERRAL_MAX_BYTES);
    expect(errorsOf(partnerReferralFromText(text, RECEIVED_AT))).toEqual([
      { field: '(body)', message: 'is larger than 64 KiB' },
    ]);
  });

  it('is read up to the limit exactly', () => {
    const body = JSON.stringify(aPartnerReferralBody());
    const padded = body.replace(/}$/, `${' '.repeat(PARTNER_REFERRAL_MAX_BYTES - body.length)}}`);
    expect(padded.length).toBe(PARTNER_REFERRAL_MAX_BYTES);
    expect(partnerReferralFromText(padded, RECEIVED_AT).ok).toBe(true);
  });
});

describe('whatever a partner posts', () => {
  const everyErrorNamesAField = (result: ReturnType<typeof partnerReferralFromJson>) =>
    errorsOf(result).every((e) => typeof e.field === 'string' && e.field.length > 0 && e.message.length > 0);

  it('any JSON value is answered with a referral or errors that each name a field, never an exception', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (body) => {
        const result = partnerReferralFromJson(body, RECEIVED_AT);
        expect(result.ok || (result.errors.length > 0 && everyErrorNamesAField(result))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('a valid body with any fields replaced by any JSON is answered the same way', () => {
    const keys = Object.keys(aPartnerReferralBody());
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...keys, 'extra'), fc.jsonValue()), (overrides) => {
        const result = partnerReferralFromJson(aPartnerReferralBody(overrides), RECEIVED_AT);
        expect(result.ok || (result.errors.length > 0 && everyErrorNamesAField(result))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('any text is answered with a referral or named errors', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
        const result = partnerReferralFromText(text, RECEIVED_AT);
        expect(result.ok || everyErrorNamesAField(result)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
