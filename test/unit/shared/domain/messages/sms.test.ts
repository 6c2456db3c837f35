import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  countSmsSegments,
  MESSAGE_CHANNELS,
  MESSAGE_PURPOSES,
  type PurposeOn,
  renderSms,
  SERVICE_CONTACT,
  smsText,
  UnsupportedChannelError,
  validatePersonalisation,
} from '../../../../../shared/domain/messages/index.ts';
import { REFERENCE, recipient, STATED_TIME, VALID } from './fixtures.ts';

const SMS_PURPOSES = MESSAGE_PURPOSES.filter((p): p is PurposeOn<'sms'> =>
  (MESSAGE_CHANNELS[p] as readonly string[]).includes('sms'),
);

const withForename = <P extends PurposeOn<'sms'>>(purpose: P, forename: string) => ({
  ...VALID[purpose],
  recipient: { ...recipient, forename },
});

describe('SMS templates', () => {
  it.each(SMS_PURPOSES)(
    '%s greets the victim by first name and gives the reference and phone number',
    (purpose) => {
      const sms = renderSms(purpose, VALID[purpose]);

      expect(sms.text).toMatch(/^Hello Sample, /);
      expect(sms.text).toContain(REFERENCE);
      expect(sms.text).toContain(SERVICE_CONTACT.phone);
      expect(sms.text).toContain('Victim First');
      expect(sms).toMatchObject({ encoding: 'GSM-7', shortened: false });
      expect(sms.segments).toBeLessThanOrEqual(2);
    },
  );

  it.each(SMS_PURPOSES.filter((p) => STATED_TIME[p]))(
    '%s states the date and time in Europe/London',
    (purpose) => {
      expect(renderSms(purpose, VALID[purpose]).text).toContain(STATED_TIME[purpose]);
    },
  );

  it('leaves out the surname and address, which anyone else using the phone could read', () => {
    for (const purpose of SMS_PURPOSES) {
      const { text } = renderSms(purpose, VALID[purpose]);
      expect(text).not.toContain('Example Street');
      expect(text).not.toContain('LE1 1ZZ');
      expect(text).not.toMatch(/\bExample\b/);
    }
  });

  it('is not offered for the final letter', () => {
    expect(() => renderSms('final-letter' as never, VALID['final-letter'] as never)).toThrow(
      UnsupportedChannelError,
    );
  });

  it.each(SMS_PURPOSES)(
    '%s stays within two segments with a 100-letter name, keeping it only if it fits',
    (purpose) => {
      const forename = `Sample${'a'.repeat(94)}`;
      const sms = renderSms(purpose, withForename(purpose, forename));

      expect(sms.segments).toBeLessThanOrEqual(2);
      expect(sms.text).toContain(REFERENCE);
      if (sms.shortened) expect(sms.text).toMatch(/^Hello, this is Victim First|^Hello, your web chat/);
      else expect(sms.text).toMatch(new RegExp(`^Hello ${forename}, `));
    },
  );

  it('leaves out a 100-letter name from the support offer, which would otherwise need three segments', () => {
    const personalisation = withForename('support-offer', `Sample${'a'.repeat(94)}`);
    const valid = validatePersonalisation('support-offer', 'sms', personalisation);

    const sms = renderSms('support-offer', personalisation);

    expect(countSmsSegments(smsText('support-offer', valid, true)).segments).toBe(3);
    expect(sms).toMatchObject({ shortened: true, segments: 2 });
    expect(sms.text).toMatch(/^Hello, this is Victim First/);
  });

  it.each(SMS_PURPOSES)(
    '%s leaves out a name with a non-GSM letter that would switch it to UCS-2 and a third segment',
    (purpose) => {
      const sms = renderSms(purpose, withForename(purpose, 'Zoë'));

      expect(sms).toMatchObject({ shortened: true, encoding: 'GSM-7' });
      expect(sms.text).not.toContain('Zoë');
      expect(sms.segments).toBeLessThanOrEqual(2);
    },
  );

  it('keeps a name in the GSM alphabet, accents included', () => {
    const sms = renderSms('home-visit-notice', withForename('home-visit-notice', 'Renée'));

    expect(sms).toMatchObject({ shortened: false, encoding: 'GSM-7' });
    expect(sms.text).toMatch(/^Hello Renée, /);
  });

  it('writes a typographic apostrophe in a name as a plain one, which GSM-7 has', () => {
    const sms = renderSms('support-offer', withForename('support-offer', 'D’Sample'));

    expect(sms.text).toMatch(/^Hello D'Sample, /);
    expect(sms.encoding).toBe('GSM-7');
  });

  it('renders the same text for the same personalisation', () => {
    expect(renderSms('home-visit-notice', VALID['home-visit-notice'])).toEqual(
      renderSms('home-visit-notice', VALID['home-visit-notice']),
    );
  });
});

// Letters a referral's name may hold (NAME in referral.ts): GSM and non-GSM Latin, Greek, Cyrillic, CJK.
const NAME_CHARS = [
  ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéèüñÅØłżśëıΩΔжЖ李𠀋',
  "'",
  '’',
  '-',
  ' ',
  '.',
];
const LETTERS = NAME_CHARS.filter((c) => /^\p{L}$/u.test(c));
const CROCKFORD = [...'0123456789ABCDEFGHJKMNPQRSTVWXYZ'];

const nameArb = fc
  .tuple(fc.constantFrom(...LETTERS), fc.array(fc.constantFrom(...NAME_CHARS), { maxLength: 99 }))
  .map(([first, rest]) => (first + rest.join('')).trim())
  .filter((name) => name.length <= 100);
const referenceArb = fc
  .array(fc.constantFrom(...CROCKFORD), { minLength: 10, maxLength: 10 })
  .map((c) => `VF-${c.slice(0, 5).join('')}-${c.slice(5).join('')}`);
const instantArb = fc.date({
  min: new Date('2026-01-01T00:00:00Z'),
  max: new Date('2035-12-31T23:59:00Z'),
  noInvalidDate: true,
});

describe('SMS length (within two segments)', () => {
  it('keeps every SMS template within two segments for any name, reference and time', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SMS_PURPOSES),
        nameArb,
        referenceArb,
        instantArb,
        fc.constantFrom('telephone', 'home-visit'),
        (purpose, forename, caseReference, at, by) => {
          const later = new Date(at.getTime() + 7 * 86_400_000);
          const sms = renderSms(purpose, {
            caseReference,
            recipient: { forename, surname: 'Example' },
            visitAt: later,
            firstVisitAt: at,
            appointmentAt: at,
            chatAt: at,
            chatLink: VALID['web-chat-booking-confirmation'].chatLink,
            by,
          } as never);
          expect(sms.segments).toBeLessThanOrEqual(2);
          expect(sms.text).toContain(caseReference);
        },
      ),
      { numRuns: 500 },
    );
  });
});
