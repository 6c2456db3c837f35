import { describe, expect, it } from 'vitest';
import { openCase } from '../../../../../shared/domain/case.ts';
import type { WrittenChannel } from '../../../../../shared/domain/contact-plan.ts';
import {
  InvalidPersonalisationError,
  isPrintableInLetter,
  MESSAGE_CHANNELS,
  MESSAGE_PURPOSES,
  type MessagePurpose,
  recipientFromReferral,
  renderSms,
  UnsupportedChannelError,
  validatePersonalisation,
  writtenContent,
} from '../../../../../shared/domain/messages/index.ts';
import { validateReferral } from '../../../../../shared/domain/referral.ts';
import { renderEmail } from '../../../../../shared/rendering/messages/email.ts';
import { renderLetter } from '../../../../../shared/rendering/messages/letter.ts';
import { OWN_FIELDS, REFERENCE, recipient, VALID } from './fixtures.ts';

const PAIRS = MESSAGE_PURPOSES.flatMap((purpose) =>
  (MESSAGE_CHANNELS[purpose] as readonly WrittenChannel[]).map((channel) => [purpose, channel] as const),
);

/** Renders on a channel with untyped input, as a caller at a boundary would. */
async function render(purpose: MessagePurpose, channel: WrittenChannel, input: unknown): Promise<unknown> {
  switch (channel) {
    case 'sms':
      return renderSms(purpose as never, input as never);
    case 'email':
      return renderEmail(purpose as never, input as never);
    case 'letter':
      return renderLetter(purpose as never, input as never, { date: new Date('2026-12-14T09:00:00Z') });
  }
}

async function refusal(purpose: MessagePurpose, channel: WrittenChannel, input: unknown) {
  const error = await render(purpose, channel, input).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidPersonalisationError);
  return error as InvalidPersonalisationError;
}

const fieldsOf = (error: InvalidPersonalisationError) => error.fields.map((f) => f.field);

describe('personalisation is validated before anything is rendered', () => {
  it.each(PAIRS)('%s by %s renders for valid personalisation', async (purpose, channel) => {
    await expect(render(purpose, channel, VALID[purpose])).resolves.toBeDefined();
  });

  it.each(PAIRS)(
    '%s by %s refuses empty personalisation, naming every missing field',
    async (purpose, channel) => {
      const error = await refusal(purpose, channel, {});

      expect(error.name).toBe('InvalidPersonalisationError');
      expect(error).toMatchObject({ purpose, channel });
      expect(fieldsOf(error)).toEqual(
        expect.arrayContaining(['caseReference', 'recipient', ...OWN_FIELDS[purpose]]),
      );
      for (const field of ['caseReference', ...OWN_FIELDS[purpose]]) expect(error.message).toContain(field);
    },
  );

  it.each(PAIRS)('%s by %s refuses a recipient without a name', async (purpose, channel) => {
    const error = await refusal(purpose, channel, {
      ...VALID[purpose],
      recipient: { address: recipient.address },
    });

    expect(fieldsOf(error)).toEqual(['recipient.forename', 'recipient.surname']);
  });

  it.each(PAIRS.filter(([purpose]) => OWN_FIELDS[purpose].some((f) => f.endsWith('At'))))(
    '%s by %s refuses a time that is not a date and time',
    async (purpose, channel) => {
      const field = OWN_FIELDS[purpose].find((f) => f.endsWith('At')) as string;

      const error = await refusal(purpose, channel, { ...VALID[purpose], [field]: 'next Tuesday' });

      expect(fieldsOf(error)).toEqual([field]);
    },
  );

  it('refuses a case reference that is not one', async () => {
    const error = await refusal('support-offer', 'email', {
      ...VALID['support-offer'],
      caseReference: 'VF-12',
    });

    expect(error.fields).toEqual([
      { field: 'caseReference', message: 'must be a case reference like VF-0A1B2-C3D4E' },
    ]);
  });

  it('refuses a final letter with no attempts listed', async () => {
    const error = await refusal('final-letter', 'letter', { ...VALID['final-letter'], attempts: [] });

    expect(error.fields).toEqual([{ field: 'attempts', message: 'must list at least one attempt' }]);
  });

  it('refuses an attempt of an unknown kind, naming its place in the list', async () => {
    const error = await refusal('final-letter', 'letter', {
      ...VALID['final-letter'],
      attempts: [{ at: '2026-12-14T10:00:00Z', kind: 'pigeon' }],
    });

    expect(fieldsOf(error)).toEqual(['attempts.0.kind']);
  });

  it('refuses a second visit that is not after the first', async () => {
    const error = await refusal('second-home-visit-notice', 'sms', {
      ...VALID['second-home-visit-notice'],
      firstVisitAt: '2026-12-23T10:00:00Z',
    });

    expect(fieldsOf(error)).toEqual(['firstVisitAt']);
  });

  it('refuses a needs assessment that is neither by telephone nor a home visit', async () => {
    const error = await refusal('needs-assessment-appointment', 'email', {
      ...VALID['needs-assessment-appointment'],
      by: 'carrier-pigeon',
    });

    expect(fieldsOf(error)).toEqual(['by']);
  });

  it('refuses a letter to a recipient with no address', async () => {
    const { address: _address, ...noAddress } = recipient;

    const error = await refusal('support-offer', 'letter', {
      ...VALID['support-offer'],
      recipient: noAddress,
    });

    expect(error.fields).toEqual([{ field: 'recipient.address', message: 'is required for a letter' }]);
  });

  it('sends an e-mail or SMS to a recipient with no address', () => {
    const { address: _address, ...noAddress } = recipient;

    expect(renderSms('support-offer', { caseReference: REFERENCE, recipient: noAddress }).text).toContain(
      REFERENCE,
    );
    expect(renderEmail('support-offer', { caseReference: REFERENCE, recipient: noAddress }).text).toContain(
      REFERENCE,
    );
  });

  it('refuses a letter whose name the letter font cannot print, naming the field', async () => {
    const error = await refusal('support-offer', 'letter', {
      ...VALID['support-offer'],
      recipient: { ...recipient, forename: 'Łucja', surname: 'Examplewska' },
    });

    expect(error.fields).toEqual([
      { field: 'recipient.forename', message: 'has characters a printed letter cannot show' },
    ]);
  });

  it('sends the same name by e-mail, which carries any character', () => {
    const email = renderEmail('support-offer', {
      ...VALID['support-offer'],
      recipient: { ...recipient, title: undefined, forename: 'Łucja', surname: 'Examplewska' },
    });

    expect(email.text).toContain('Dear Łucja Examplewska,');
  });

  it('never repeats the values it refuses in the error, which may be logged', async () => {
    const error = await refusal('support-offer', 'email', {
      caseReference: '=HYPERLINK("x")',
      recipient: { forename: '<script>', surname: 'Example' },
    });

    expect(fieldsOf(error)).toEqual(['caseReference', 'recipient.forename']);
    expect(error.message).not.toContain('HYPERLINK');
    expect(error.message).not.toContain('<script>');
  });

  it.each([
    ['final-letter', 'sms'],
    ['final-letter', 'email'],
    ['home-visit-notice', 'email'],
    ['web-chat-booking-confirmation', 'letter'],
    ['target-hardening-appointment', 'email'],
  ] as const)('never sends %s by %s', (purpose, channel) => {
    expect(() => validatePersonalisation(purpose, channel, VALID[purpose])).toThrow(UnsupportedChannelError);
  });

  it('refuses a purpose it does not know', () => {
    expect(() => validatePersonalisation('birthday-card' as never, 'sms', {})).toThrow(
      UnsupportedChannelError,
    );
  });
});

describe('what every message says', () => {
  const rendered = (purpose: MessagePurpose, channel: WrittenChannel): string => {
    const valid = validatePersonalisation(purpose, channel, VALID[purpose]);
    if (channel === 'sms') return renderSms(purpose as never, VALID[purpose] as never).text;
    if (channel === 'email') return renderEmail(purpose as never, VALID[purpose] as never).html;
    const content = writtenContent(purpose as never, valid as never);
    return [
      content.title,
      content.salutation,
      ...content.blocks.flatMap((b) => (b.kind === 'list' ? b.items : [b.text])),
    ].join(' ');
  };

  it.each(PAIRS)("%s by %s uses none of the service's jargon", (purpose, channel) => {
    expect(rendered(purpose, channel)).not.toMatch(/needs assessment|target hardening|referral|victim of/i);
  });

  it.each(PAIRS.filter(([, channel]) => channel === 'letter'))(
    '%s by letter is written wholly in characters the letter font prints',
    (purpose, channel) => {
      expect(isPrintableInLetter(rendered(purpose, channel))).toBe(true);
    },
  );
});

describe('the recipient from a referral', () => {
  function referral(communicationNeeds: string[]) {
    const result = validateReferral({
      source: 'police',
      externalReference: 'LP-0000042',
      receivedAt: '2026-12-14T09:00:00Z',
      consent: true,
      victim: {
        title: 'Mx',
        forename: 'Sample',
        surname: 'Example',
        address: { line1: '10 Example Street', town: 'Leicester', postcode: 'le11zz' },
      },
      contactMethod: 'post',
      risk: 'standard',
      offence: 'burglary-residential',
      npa: 'leicester-east',
      communicationNeeds,
    });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    return result.referral;
  }

  it('carries the name, address and communication needs, and nothing about the crime', () => {
    const from = recipientFromReferral(referral(['large-print']));

    expect(from).toEqual({
      title: 'Mx',
      forename: 'Sample',
      surname: 'Example',
      address: { line1: '10 Example Street', town: 'Leicester', postcode: 'LE1 1ZZ' },
      communicationNeeds: ['large-print'],
    });
  });

  it('personalises a letter for the case opened from the referral', async () => {
    const opened = openCase(referral([]), [], new Date('2026-12-14T09:00:00Z'));

    const pdf = await renderLetter(
      'support-offer',
      { caseReference: opened.caseId, recipient: recipientFromReferral(opened.referral) },
      { date: new Date('2026-12-14T09:00:00Z') },
    );

    expect(pdf.byteLength).toBeGreaterThan(1000);
  });
});
