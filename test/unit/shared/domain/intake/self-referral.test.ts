import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SERVICE_HOURS, type ServiceHours } from '../../../../../shared/domain/calendar.ts';
import type { FieldError } from '../../../../../shared/domain/field-errors.ts';
import {
  SelfReferralFormSchema,
  selfReferralFromForm,
  WEB_CHAT_BOOKING_WORKING_DAYS,
  WEB_CHAT_SLOT_MINUTES,
  webChatSlotProblems,
  webChatSlotsFor,
} from '../../../../../shared/domain/intake/self-referral.ts';
import { aSelfReferralBody, RECEIVED_AT } from '../../../../fixtures/referrals.ts';

// RECEIVED_AT is Tuesday 15 December 2026, 10:00 GMT. Its five working days are Wed 16, Thu 17, Fri 18,
// Mon 21 and Tue 22 December, so a web chat must start before 00:00 on Wednesday 23 December.

const errorsOf = (result: ReturnType<typeof selfReferralFromForm>): FieldError[] =>
  result.ok ? [] : result.errors;
const fieldsOf = (result: ReturnType<typeof selfReferralFromForm>) => errorsOf(result).map((e) => e.field);

describe('a victim refers themselves through the web form', () => {
  it('becomes a self-referral at standard risk, since no police assessment has been made', () => {
    const result = selfReferralFromForm(aSelfReferralBody(), RECEIVED_AT);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.referral).toMatchObject({
      source: 'self',
      externalReference: '3f1c9d2e-8b7a-4c5d-9e0f-1a2b3c4d5e6f',
      receivedAt: RECEIVED_AT,
      risk: 'standard',
      victim: {
        forename: 'Esme',
        surname: 'Madeup',
        phones: { mobile: { e164: '+447700900321', kind: 'mobile' } },
      },
      contactMethod: 'mobile-telephone',
      offence: 'burglary-residential',
      npa: 'leicester-west',
      summary: 'Someone broke into my garden shed.',
    });
    expect(result.referral.referrer).toBeUndefined();
  });

  it('needs no proof and no crime reference: a name, a way to reach them, what happened and where they live', () => {
    const body = {
      submissionId: '0b6c1f3e-2d4a-4e8b-a1c2-3d4e5f6a7b8c',
      forename: 'Finn',
      surname: 'Notreal',
      email: 'finn.notreal@example.org',
      contactMethod: 'email',
      offence: 'asb-nuisance',
      npa: 'melton',
      consent: true,
    };
    expect(selfReferralFromForm(body, RECEIVED_AT).ok).toBe(true);
  });

  it('is the same referral when the form is submitted twice, so the second finds the first case', () => {
    const first = selfReferralFromForm(aSelfReferralBody(), RECEIVED_AT);
    const again = selfReferralFromForm(
      aSelfReferralBody({ submissionId: '3F1C9D2E-8B7A-4C5D-9E0F-1A2B3C4D5E6F' }),
      new Date(RECEIVED_AT.getTime() + 5_000),
    );
    expect(first.ok && again.ok && again.referral.externalReference).toBe(
      first.ok && first.referral.externalReference,
    );
  });

  it('takes communication needs and equality answers as the form offers them', () => {
    const result = selfReferralFromForm(
      aSelfReferralBody({
        communicationNeeds: ['interpreter'],
        equality: { religionOrBelief: 'prefer-not-to-say' },
      }),
      RECEIVED_AT,
    );
    expect(result.ok && result.referral.communicationNeeds).toEqual(['interpreter']);
    expect(result.ok && result.referral.equality).toEqual({ religionOrBelief: 'prefer-not-to-say' });
  });

  it('publishes its body schema so the web form can be checked against it', () => {
    expect(SelfReferralFormSchema.safeParse(aSelfReferralBody()).success).toBe(true);
  });
});

describe('a self-referral that cannot be taken names the form field', () => {
  it.each([
    [
      'a crime reference, which the form does not ask for',
      { crimeReference: 'LP-0000001' },
      'crimeReference',
    ],
    ['a risk level, which the form does not ask for', { risk: 'high' }, 'risk'],
    ['a misspelt phone', { phones: { mobil: '07700 900321' } }, 'phones.mobil'],
  ])('%s is an error naming the key', (_, overrides, field) => {
    expect(errorsOf(selfReferralFromForm(aSelfReferralBody(overrides), RECEIVED_AT))).toEqual([
      { field, message: 'is not a field of this format (check the spelling)' },
    ]);
  });

  it.each([
    ['no offence: the victim picks the closest from the list', 'offence', { offence: undefined }],
    ['no area: the form asks where they live', 'npa', { npa: undefined }],
    ['no submission id', 'submissionId', { submissionId: undefined }],
    ['no consent', 'consent', { consent: undefined }],
  ])('%s is an error naming %s', (_, field, overrides) => {
    expect(errorsOf(selfReferralFromForm(aSelfReferralBody(overrides), RECEIVED_AT))).toEqual([
      { field, message: 'is required' },
    ]);
  });

  it.each([
    ['a submission id that is not a UUID', 'submissionId', { submissionId: 'submission-1' }],
    ['a submission id with spaces', 'submissionId', { submissionId: 'not a uuid' }],
    ['consent not given', 'consent', { consent: false }],
    ['a name with markup', 'forename', { forename: '<b>Esme</b>' }],
    ['a formula for a surname', 'surname', { surname: '@SUM(1+1)' }],
    ['a mobile number that is not one', 'phones.mobile', { phones: { mobile: '0770' } }],
    ['e-mail chosen with no address', 'email', { contactMethod: 'email', email: undefined }],
    ['post chosen with no address', 'address', { contactMethod: 'post' }],
    [
      'a postcode that is not a postcode',
      'address.postcode',
      { address: { line1: '12 Example Street', town: 'Leicester', postcode: 'LE1' } },
    ],
    ['an impossible date of birth', 'dateOfBirth', { dateOfBirth: '2026-02-31' }],
    ['a date of birth after today', 'dateOfBirth', { dateOfBirth: '2027-01-01' }],
    ['too long an account of what happened', 'whatHappened', { whatHappened: 'x'.repeat(2001) }],
    ['an unknown offence', 'offence', { offence: 'jaywalking' }],
    ['an unknown area', 'npa', { npa: 'gotham' }],
    ['SMS chosen but marked unsafe', 'contactMethod', { contactMethod: 'sms', unsafeChannels: ['sms'] }],
  ])('%s is an error naming %s', (_, field, overrides) => {
    expect(fieldsOf(selfReferralFromForm(aSelfReferralBody(overrides), RECEIVED_AT))).toEqual([field]);
  });

  it('never echoes what was typed in an error message', () => {
    const result = selfReferralFromForm(
      aSelfReferralBody({
        contactMethod: 'ring Esme Madeup',
        forename: 'Esme Madeup 1',
        submissionId: 'Esme Madeup',
      }),
      RECEIVED_AT,
    );
    expect(errorsOf(result).length).toBe(3);
    for (const error of errorsOf(result)) expect(error.message).not.toContain('Esme');
  });

  it.each([[null], ['form'], [[]]])('a body that is not a JSON object (%j) names the form', (body) => {
    expect(fieldsOf(selfReferralFromForm(body, RECEIVED_AT))).toEqual(['(form)']);
  });
});

describe('a victim books a secure web chat slot (rule 9)', () => {
  it.each([
    ['later the same morning', '2026-12-15T10:30:00Z'],
    ['on Wednesday evening, when the service is open until 8pm', '2026-12-16T19:30:00Z'],
    ['on Saturday morning, when the service is open though it is not a working day', '2026-12-19T09:00:00Z'],
    ['in the last half hour of the fifth working day', '2026-12-22T17:30:00Z'],
  ])('a slot %s is booked', (_, slot) => {
    const result = selfReferralFromForm(aSelfReferralBody({ webChatSlot: slot }), RECEIVED_AT);
    expect(result.ok && result.referral.webChatSlot).toEqual(new Date(slot));
  });

  it('a slot written in UK local time is understood', () => {
    const result = selfReferralFromForm(aSelfReferralBody({ webChatSlot: '16/12/2026 14:00' }), RECEIVED_AT);
    expect(result.ok && result.referral.webChatSlot).toEqual(new Date('2026-12-16T14:00:00Z'));
  });

  it.each([
    ['that has already started', '2026-12-15T10:00:00Z', ['must be in the future']],
    ['earlier that morning', '2026-12-15T09:30:00Z', ['must be in the future']],
    [
      'at a quarter past',
      '2026-12-16T10:15:00Z',
      ['must start on the hour or at half past (slots are 30 minutes)'],
    ],
    [
      'a few seconds past the hour',
      '2026-12-16T10:00:05Z',
      ['must start on the hour or at half past (slots are 30 minutes)'],
    ],
    [
      'at closing time',
      '2026-12-21T18:00:00Z',
      ['is outside service hours: on Monday 21 December 2026 web chats run from 09:00 to 18:00'],
    ],
    [
      'before opening',
      '2026-12-17T08:30:00Z',
      ['is outside service hours: on Thursday 17 December 2026 web chats run from 09:00 to 18:00'],
    ],
    ['on a Sunday', '2026-12-20T11:00:00Z', ['is on Sunday 20 December 2026, when the service is closed']],
    [
      'after the fifth working day',
      '2026-12-23T10:00:00Z',
      ['must be within 5 working days of the referral: the last day is Tuesday 22 December 2026'],
    ],
    [
      'after five working days, on a bank holiday, at a quarter past',
      '2026-12-25T10:15:00Z',
      [
        'must start on the hour or at half past (slots are 30 minutes)',
        'is on Friday 25 December 2026, when the service is closed',
        'must be within 5 working days of the referral: the last day is Tuesday 22 December 2026',
      ],
    ],
  ])('a slot %s is refused with a message for each rule it breaks', (_, slot, messages) => {
    const errors = errorsOf(selfReferralFromForm(aSelfReferralBody({ webChatSlot: slot }), RECEIVED_AT));
    expect(errors).toEqual(messages.map((message) => ({ field: 'webChatSlot', message })));
  });

  it('a slot that is not a date and time is named, and the booking rules are not applied to it', () => {
    const errors = errorsOf(
      selfReferralFromForm(aSelfReferralBody({ webChatSlot: 'next Tuesday' }), RECEIVED_AT),
    );
    expect(errors.map((e) => e.field)).toEqual(['webChatSlot']);
  });

  it('counts working days past Christmas and the substitute bank holidays', () => {
    // Received Wed 23 Dec 2026: Thu 24, Tue 29, Wed 30, Thu 31 Dec and Mon 4 Jan 2027 are the five working days.
    const receivedAt = new Date('2026-12-23T15:00:00Z');
    const book = (slot: string) => webChatSlotProblems(new Date(slot), receivedAt);
    expect(book('2027-01-04T17:30:00Z')).toEqual([]);
    expect(book('2027-01-05T09:00:00Z')).toEqual([
      'must be within 5 working days of the referral: the last day is Monday 4 January 2027',
    ]);
    // Boxing Day falls on a Saturday: the service stays closed on it and on the substitute Monday.
    expect(book('2026-12-26T10:00:00Z')).toEqual([
      'is on Saturday 26 December 2026, when the service is closed',
    ]);
    expect(book('2026-12-28T10:00:00Z')).toEqual([
      'is on Monday 28 December 2026, when the service is closed',
    ]);
  });

  it('reads service hours in British Summer Time as Leicester clocks show them', () => {
    const receivedAt = new Date('2026-06-15T08:00:00Z'); // Monday 09:00 BST
    expect(webChatSlotProblems(new Date('2026-06-16T08:00:00Z'), receivedAt)).toEqual([]); // 09:00 BST
    expect(webChatSlotProblems(new Date('2026-06-16T07:30:00Z'), receivedAt)).toEqual([
      'is outside service hours: on Tuesday 16 June 2026 web chats run from 09:00 to 18:00',
    ]);
  });

  it('uses the service hours it is given, and the whole slot must fit before closing', () => {
    const hours: ServiceHours = {
      ...DEFAULT_SERVICE_HOURS,
      weekdays: { ...DEFAULT_SERVICE_HOURS.weekdays, 3: { opens: '10:00', closes: '16:45' } },
    };
    const book = (slot: string) =>
      errorsOf(selfReferralFromForm(aSelfReferralBody({ webChatSlot: slot }), RECEIVED_AT, hours));
    expect(book('2026-12-16T16:00:00Z')).toEqual([]);
    expect(book('2026-12-16T16:30:00Z')).toEqual([
      {
        field: 'webChatSlot',
        message: 'is outside service hours: on Wednesday 16 December 2026 web chats run from 10:00 to 16:45',
      },
    ]);
  });

  it(`offers ${WEB_CHAT_SLOT_MINUTES}-minute slots from the next half hour to the end of the ${WEB_CHAT_BOOKING_WORKING_DAYS}th working day`, () => {
    const slots = webChatSlotsFor(RECEIVED_AT);
    expect(slots[0]).toEqual(new Date('2026-12-15T10:30:00Z'));
    expect(slots.at(-1)).toEqual(new Date('2026-12-22T17:30:00Z'));
    // Tue 15 (15 slots from 10:30), Wed 16 (22), Thu 17, Fri 18, Sat 19, Mon 21, Tue 22 (18 each); no Sunday.
    expect(slots.length).toBe(15 + 22 + 18 * 5);
  });

  it('offers exactly the slots it would accept', () => {
    const from = new Date('2026-01-01T00:00:00Z').getTime();
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 730 * 48 }),
        fc.integer({ min: 0, max: 30 * 60 - 1 }),
        fc.integer({ min: 1, max: 16 * 48 }),
        (halfHour, seconds, ahead) => {
          const receivedAt = new Date(from + halfHour * 1_800_000 + seconds * 1000);
          const offered = new Set(webChatSlotsFor(receivedAt).map((slot) => slot.getTime()));
          const candidate = new Date(Math.floor(receivedAt.getTime() / 1_800_000 + ahead) * 1_800_000);
          const accepted = webChatSlotProblems(candidate, receivedAt).length === 0;
          expect(accepted).toBe(offered.has(candidate.getTime()));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('whatever the web form posts', () => {
  const answered = (result: ReturnType<typeof selfReferralFromForm>) =>
    result.ok ||
    (result.errors.length > 0 && result.errors.every((e) => e.field.length > 0 && e.message.length > 0));

  it('any JSON value is answered with a referral or errors that each name a field, never an exception', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (body) => {
        expect(answered(selfReferralFromForm(body, RECEIVED_AT))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('any web chat slot from year 0 to 9999, in any offset, is answered without an exception', () => {
    const slot = fc
      .tuple(
        fc.date({
          min: new Date('0000-01-02T00:00:00Z'),
          max: new Date('9999-12-30T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.constantFrom('Z', '+14:00', '-12:00', '+01:00'),
      )
      .map(([date, offset]) => date.toISOString().replace('Z', offset));
    fc.assert(
      fc.property(slot, (webChatSlot) => {
        expect(answered(selfReferralFromForm(aSelfReferralBody({ webChatSlot }), RECEIVED_AT))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('a slot far from the referral is refused by the booking window alone', () => {
    const errors = errorsOf(
      selfReferralFromForm(aSelfReferralBody({ webChatSlot: '9999-12-31T23:30:00-05:00' }), RECEIVED_AT),
    );
    expect(errors).toEqual([
      {
        field: 'webChatSlot',
        message: 'must be within 5 working days of the referral: the last day is Tuesday 22 December 2026',
      },
    ]);
  });
});
