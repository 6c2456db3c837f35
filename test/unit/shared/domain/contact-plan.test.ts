import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isWithinServiceHours } from '../../../../shared/domain/calendar.ts';
import { openCase } from '../../../../shared/domain/case.ts';
import { planCallSlots, planContactPath } from '../../../../shared/domain/contact-plan.ts';
import { aValidatedReferral } from '../../../fixtures/referrals.ts';

const at = (iso: string) => new Date(iso);
const partOfDay = (d: Date) => {
  const hour = Number(
    new Intl.DateTimeFormat('en-GB', { hour: 'numeric', hourCycle: 'h23', timeZone: 'Europe/London' }).format(
      d,
    ),
  );
  return hour < 12 ? 'morning' : hour < 16 ? 'afternoon' : 'evening';
};

/** A case for Ada Example, received on Monday 23 November 2026: no date of birth, an e-mail address. */
function aCase(overrides: Record<string, unknown> = {}, victim: Record<string, unknown> = {}) {
  const referral = aValidatedReferral(
    'LP-0000001',
    { receivedAt: '2026-11-23T10:00:00Z', ...overrides },
    { dateOfBirth: undefined, email: 'ada.example@example.org', ...victim },
  );
  return openCase(referral, [], referral.receivedAt);
}

describe('call slots (rule 1)', () => {
  it('spreads three calls over the morning, afternoon and evening before a 48-hour deadline', () => {
    const { slots, fit } = planCallSlots(at('2026-11-23T10:00:00Z'), at('2026-11-25T10:00:00Z'));
    expect(fit).toBe(true);
    expect(slots.map((s) => s.toISOString())).toEqual([
      '2026-11-23T10:00:00.000Z', // Mon 10:00 morning
      '2026-11-23T13:00:00.000Z', // Mon 13:00 afternoon
      '2026-11-23T16:00:00.000Z', // Mon 16:00 evening
    ]);
    expect(new Set(slots.map(partOfDay)).size).toBe(3);
  });

  it('finds no room on a Saturday evening before a 24-hour deadline and says so', () => {
    // Sat 28 Nov 2026 17:30: Saturday closes at 18:00, Sunday is closed, deadline Sun 17:30.
    const { slots, fit } = planCallSlots(at('2026-11-28T17:30:00Z'), at('2026-11-29T17:30:00Z'));
    expect(fit).toBe(false);
    expect(slots[0]?.toISOString()).toBe('2026-11-28T17:30:00.000Z');
    expect(slots[1]?.toISOString()).toBe('2026-11-30T09:00:00.000Z'); // Monday opening, after the deadline
  });

  it('skips a bank-holiday weekend', () => {
    // Fri 28 Aug 2026 17:00; Mon 31 Aug is the summer bank holiday. 48 hours ends Sun 17:00.
    const { slots } = planCallSlots(at('2026-08-28T16:00:00Z'), at('2026-08-30T16:00:00Z'));
    for (const slot of slots) expect(slot.toISOString().slice(0, 10)).not.toBe('2026-08-31');
  });

  it('never plans a call outside service hours', () => {
    fc.assert(
      fc.property(
        fc.date({ min: at('2026-01-01T00:00:00Z'), max: at('2027-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.boolean(),
        (from, enhanced) => {
          const deadline = new Date(from.getTime() + (enhanced ? 24 : 48) * 3_600_000);
          const { slots } = planCallSlots(from, deadline);
          expect(slots).toHaveLength(3);
          for (const slot of slots) expect(isWithinServiceHours(slot)).toBe(true);
          for (let i = 1; i < slots.length; i++) {
            expect((slots[i] as Date).getTime() - (slots[i - 1] as Date).getTime()).toBeGreaterThanOrEqual(
              3 * 3_600_000,
            );
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('contact plans', () => {
  it('plans the telephone path with the 24-hour deadline for an enhanced victim', () => {
    const plan = planContactPath(aCase({ risk: 'high' }), at('2026-11-23T10:00:00Z'));
    expect(plan).toMatchObject({
      path: 'telephone',
      enhanced: true,
      priority: 1,
      initialContactDue: '2026-11-24T10:00:00.000Z',
    });
  });

  it('plans a visit on working day 2 and a second on working day 7, inside their windows', () => {
    const plan = planContactPath(
      aCase({ contactMethod: 'in-person', receivedAt: '2026-12-18T10:00:00Z' }),
      at('2026-12-18T10:00:00Z'),
    );
    // Received Fri 18 Dec 2026: working days 21, 22, 23, 24, 29, 30, 31 Dec, 4, 5, 6 Jan.
    expect(plan.visitSlots).toEqual(['2026-12-22T10:00:00.000Z', '2026-12-31T14:00:00.000Z']);
    expect(plan.homeVisitDue).toBe('2026-12-30T00:00:00.000Z');
    expect(plan.secondHomeVisitDue).toBe('2027-01-07T00:00:00.000Z');
    expect(plan.writtenChannel).toBe('letter');
  });

  it('sends the visit notice by SMS when letters are unsafe, and allows no final letter', () => {
    const plan = planContactPath(
      aCase({ contactMethod: 'in-person', unsafeChannels: ['letter'] }),
      at('2026-11-23T10:00:00Z'),
    );
    expect(plan).toMatchObject({ writtenChannel: 'sms', finalLetterAllowed: false });
  });

  it('has no written channel when the only one that fits is unsafe', () => {
    const plan = planContactPath(
      aCase({ contactMethod: 'in-person', unsafeChannels: ['letter', 'sms'] }),
      at('2026-11-23T10:00:00Z'),
    );
    expect(plan.writtenChannel).toBeUndefined();
  });

  it('tells the caseworker when no voicemail may be left', () => {
    expect(
      planContactPath(aCase({ unsafeChannels: ['voicemail'] }), at('2026-11-23T10:00:00Z')).voicemailAllowed,
    ).toBe(false);
  });
});
