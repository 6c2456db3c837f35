import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addCalendarDays,
  InvalidCalendarInputError,
  isWorkingDay,
} from '../../../../shared/domain/calendar.ts';
import { CONTACT_METHODS, type ContactMethod } from '../../../../shared/domain/contact-method.ts';
import {
  contactDeadlines,
  dueOnTheDay,
  dueWithinHours,
  dueWithinWorkingDays,
  ENHANCED_TELEPHONE_HOURS,
  HOME_VISIT_WORKING_DAYS,
  SECOND_HOME_VISIT_WORKING_DAYS,
  TELEPHONE_HOURS,
} from '../../../../shared/domain/deadlines.ts';

// Expected values are worked out by hand below. Clock changes: BST from Sun 29 Mar 2026 01:00Z to
// Sun 25 Oct 2026 01:00Z, and from Sun 28 Mar 2027 01:00Z. A local midnight in BST is 23:00Z the day before.

const instant = (iso: string): Date => new Date(iso);
const HOUR = 3_600_000;

// An oracle independent of luxon: London wall-clock date and time from the platform's Intl data.
const londonParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});
function londonWallClock(at: Date): { date: string; time: string } {
  const part = (type: Intl.DateTimeFormatPartTypes): string =>
    londonParts.formatToParts(at).find((p) => p.type === type)?.value ?? '';
  return {
    date: `${part('year')}-${part('month')}-${part('day')}`,
    time: `${part('hour')}:${part('minute')}:${part('second')}`,
  };
}

const anyInstant2025To2030 = fc.date({
  min: new Date('2025-01-01T00:00:00.000Z'),
  max: new Date('2030-12-31T23:59:59.999Z'),
  noInvalidDate: true,
});
const anyContactMethod = fc.constantFrom<ContactMethod>(...CONTACT_METHODS);

describe('contractual numbers (docs/service-rules.md)', () => {
  it('promises telephone contact within 48 h, or 24 h for enhanced victims, and visits within 5 and 10 working days', () => {
    expect([
      TELEPHONE_HOURS,
      ENHANCED_TELEPHONE_HOURS,
      HOME_VISIT_WORKING_DAYS,
      SECOND_HOME_VISIT_WORKING_DAYS,
    ]).toEqual([48, 24, 5, 10]);
  });
});

describe('"within N working days" is due at local midnight after the Nth working day after receipt', () => {
  it.each([
    // The worked example (docs/service-rules.md). Fri 18 Dec 2026: Mon 21, Tue 22, Wed 23, Thu 24, (Fri 25 + Mon 28 bank holidays) Tue 29
    // → due 00:00 Wed 30 Dec, GMT.
    { receivedAt: '2026-12-18T10:00:00.000Z', n: 5, due: '2026-12-30T00:00:00.000Z' },
    // …Wed 30 (6), Thu 31 (7), (Fri 1 Jan) Mon 4 (8), Tue 5 (9), Wed 6 (10) → 00:00 Thu 7 Jan.
    { receivedAt: '2026-12-18T10:00:00.000Z', n: 10, due: '2027-01-07T00:00:00.000Z' },
    // n = 0 collapses to "on the day".
    { receivedAt: '2026-12-18T10:00:00.000Z', n: 0, due: '2026-12-19T00:00:00.000Z' },
    // Fri 27 Mar 2026 (GMT): Mon 30, Tue 31, Wed 1, Thu 2, (Good Fri 3, Easter Mon 6) Tue 7 → 00:00 BST Wed 8 Apr.
    { receivedAt: '2026-03-27T12:00:00.000Z', n: 5, due: '2026-04-07T23:00:00.000Z' },
    // …Wed 8 (6), Thu 9 (7), Fri 10 (8), Mon 13 (9), Tue 14 (10) → 00:00 BST Wed 15 Apr.
    { receivedAt: '2026-03-27T12:00:00.000Z', n: 10, due: '2026-04-14T23:00:00.000Z' },
    // Sat 28 Mar 2026, the day before the clocks go forward: same five working days as the Friday.
    { receivedAt: '2026-03-28T10:00:00.000Z', n: 5, due: '2026-04-07T23:00:00.000Z' },
    // Fri 23 Oct 2026 15:00 BST: Mon 26, Tue 27, Wed 28, Thu 29, Fri 30 → 00:00 GMT Sat 31 Oct.
    { receivedAt: '2026-10-23T14:00:00.000Z', n: 5, due: '2026-10-31T00:00:00.000Z' },
    // …Mon 2 Nov (6), Tue 3, Wed 4, Thu 5, Fri 6 (10) → 00:00 Sat 7 Nov.
    { receivedAt: '2026-10-23T14:00:00.000Z', n: 10, due: '2026-11-07T00:00:00.000Z' },
    // Mon 19 Oct 2026 (BST): Tue 20, Wed 21, Thu 22, Fri 23, Mon 26 → 00:00 GMT Tue 27 Oct.
    { receivedAt: '2026-10-19T09:00:00.000Z', n: 5, due: '2026-10-27T00:00:00.000Z' },
    // Mon 18 May 2026: Tue 19, Wed 20, Thu 21, Fri 22, (Mon 25 Spring bank holiday) Tue 26 → 00:00 BST Wed 27 May.
    { receivedAt: '2026-05-18T10:00:00.000Z', n: 5, due: '2026-05-26T23:00:00.000Z' },
    // …Wed 27 (6), Thu 28, Fri 29, Mon 1 Jun, Tue 2 Jun (10) → 00:00 BST Wed 3 Jun.
    { receivedAt: '2026-05-18T10:00:00.000Z', n: 10, due: '2026-06-02T23:00:00.000Z' },
    // Thu 30 Apr 2026: Fri 1 May, (Mon 4 Early May) Tue 5, Wed 6, Thu 7, Fri 8 → 00:00 BST Sat 9 May.
    { receivedAt: '2026-04-30T12:00:00.000Z', n: 5, due: '2026-05-08T23:00:00.000Z' },
    // Wed 26 Aug 2026: Thu 27, Fri 28, (Mon 31 Summer) Tue 1, Wed 2, Thu 3 Sep → 00:00 BST Fri 4 Sep.
    { receivedAt: '2026-08-26T08:00:00.000Z', n: 5, due: '2026-09-03T23:00:00.000Z' },
    // Wed 24 Mar 2027 (GMT): Thu 25, (Good Fri 26, Easter Mon 29) Tue 30, Wed 31, Thu 1, Fri 2 Apr
    // → 00:00 BST Sat 3 Apr (BST began Sun 28 Mar 2027).
    { receivedAt: '2027-03-24T12:00:00.000Z', n: 5, due: '2027-04-02T23:00:00.000Z' },
    // Thu 23 Dec 2027: Fri 24, (Mon 27, Tue 28 substitutes) Wed 29, Thu 30, Fri 31, (Mon 3 Jan 2028 substitute
    // for Sat 1 Jan) Tue 4 Jan → 00:00 Wed 5 Jan 2028.
    { receivedAt: '2027-12-23T10:00:00.000Z', n: 5, due: '2028-01-05T00:00:00.000Z' },
    // 23:30 BST Wed 10 Jun 2026 belongs to Wed: Thu 11, Fri 12, Mon 15, Tue 16, Wed 17 → 00:00 BST Thu 18 Jun.
    { receivedAt: '2026-06-10T22:30:00.000Z', n: 5, due: '2026-06-17T23:00:00.000Z' },
    // 00:30 BST Thu 11 Jun 2026 (23:30Z on the 10th) belongs to Thu: Fri 12, Mon 15, Tue 16, Wed 17, Thu 18
    // → 00:00 BST Fri 19 Jun.
    { receivedAt: '2026-06-10T23:30:00.000Z', n: 5, due: '2026-06-18T23:00:00.000Z' },
  ])('a referral received $receivedAt is due within $n working days by $due', ({ receivedAt, n, due }) => {
    expect(dueWithinWorkingDays(instant(receivedAt), n).toISOString()).toBe(due);
  });

  it('a working-day deadline always falls at a London midnight straight after the Nth working day', () => {
    fc.assert(
      fc.property(anyInstant2025To2030, fc.integer({ min: 1, max: 15 }), (receivedAt, n) => {
        const due = dueWithinWorkingDays(receivedAt, n);
        expect(due.getTime()).toBeGreaterThan(receivedAt.getTime());
        const wallClock = londonWallClock(due);
        expect(wallClock.time).toBe('00:00:00');
        expect(due.getUTCMilliseconds()).toBe(0);
        // The day before the due midnight is the Nth working day after the day of receipt.
        const lastDay = addCalendarDays(wallClock.date, -1);
        expect(isWorkingDay(lastDay)).toBe(true);
        let workingDays = 0;
        for (let day = londonWallClock(receivedAt).date; day < lastDay; ) {
          day = addCalendarDays(day, 1);
          if (isWorkingDay(day)) workingDays += 1;
        }
        expect(workingDays).toBe(n);
      }),
    );
  });
});

describe('"on the day received" is due at the next London midnight', () => {
  it.each([
    { receivedAt: '2026-12-18T10:00:00.000Z', due: '2026-12-19T00:00:00.000Z', why: 'Friday, GMT' },
    { receivedAt: '2026-12-25T10:00:00.000Z', due: '2026-12-26T00:00:00.000Z', why: 'even on Christmas Day' },
    { receivedAt: '2026-01-15T23:30:00.000Z', due: '2026-01-16T00:00:00.000Z', why: '23:30 GMT' },
    {
      receivedAt: '2026-06-10T22:30:00.000Z',
      due: '2026-06-10T23:00:00.000Z',
      why: '23:30 BST, 30 min left',
    },
    { receivedAt: '2026-06-10T23:30:00.000Z', due: '2026-06-11T23:00:00.000Z', why: '00:30 BST, a new day' },
    { receivedAt: '2026-03-28T23:30:00.000Z', due: '2026-03-29T00:00:00.000Z', why: 'midnight before BST' },
    { receivedAt: '2026-03-29T12:00:00.000Z', due: '2026-03-29T23:00:00.000Z', why: 'the 23-hour day' },
    { receivedAt: '2026-10-24T22:30:00.000Z', due: '2026-10-24T23:00:00.000Z', why: '23:30 BST Saturday' },
    // 00:30 BST on Sun 25 Oct, the 25-hour day: due 00:00 GMT Mon 26 Oct, 24.5 h later.
    { receivedAt: '2026-10-24T23:30:00.000Z', due: '2026-10-26T00:00:00.000Z', why: 'the 25-hour day' },
  ])('a message for a referral received $receivedAt is due by $due ($why)', ({ receivedAt, due }) => {
    expect(dueOnTheDay(instant(receivedAt)).toISOString()).toBe(due);
  });
});

describe('"within H hours" counts elapsed hours, whatever the day', () => {
  it.each([
    {
      receivedAt: '2026-12-18T10:00:00.000Z',
      hours: 48,
      due: '2026-12-20T10:00:00.000Z',
      why: 'over a weekend',
    },
    {
      receivedAt: '2026-12-24T15:00:00.000Z',
      hours: 48,
      due: '2026-12-26T15:00:00.000Z',
      why: 'over Christmas',
    },
    // 10:00 GMT Sat → 11:00 BST Mon: 48 real hours, not 48 wall-clock hours.
    { receivedAt: '2026-03-28T10:00:00.000Z', hours: 48, due: '2026-03-30T10:00:00.000Z', why: 'into BST' },
    // 11:00 BST Sat → 10:00 GMT Mon.
    { receivedAt: '2026-10-24T10:00:00.000Z', hours: 48, due: '2026-10-26T10:00:00.000Z', why: 'out of BST' },
    { receivedAt: '2026-12-18T10:00:00.000Z', hours: 24, due: '2026-12-19T10:00:00.000Z', why: 'enhanced' },
    {
      receivedAt: '2026-12-18T10:00:00.000Z',
      hours: 1.5,
      due: '2026-12-18T11:30:00.000Z',
      why: 'part hours',
    },
  ])('$hours h after $receivedAt is $due ($why)', ({ receivedAt, hours, due }) => {
    expect(dueWithinHours(instant(receivedAt), hours).toISOString()).toBe(due);
  });
});

describe('contact deadlines follow the contact method the victim chose', () => {
  const dec18 = '2026-12-18T10:00:00.000Z';
  const onTheDay = instant('2026-12-19T00:00:00.000Z');
  it.each<{ method: ContactMethod; enhanced: boolean; receivedAt: string; expected: Record<string, Date> }>([
    // Telephone: three attempts within 48 h, 24 h when enhanced.
    {
      method: 'home-telephone',
      enhanced: false,
      receivedAt: dec18,
      expected: { initialContactDue: instant('2026-12-20T10:00:00.000Z') },
    },
    {
      method: 'mobile-telephone',
      enhanced: false,
      receivedAt: dec18,
      expected: { initialContactDue: instant('2026-12-20T10:00:00.000Z') },
    },
    {
      method: 'work-telephone',
      enhanced: true,
      receivedAt: dec18,
      expected: { initialContactDue: instant('2026-12-19T10:00:00.000Z') },
    },
    {
      method: 'mobile-telephone',
      enhanced: true,
      receivedAt: dec18,
      expected: { initialContactDue: instant('2026-12-19T10:00:00.000Z') },
    },
    // Written: on the day received, enhanced or not.
    { method: 'email', enhanced: false, receivedAt: dec18, expected: { initialContactDue: onTheDay } },
    { method: 'email', enhanced: true, receivedAt: dec18, expected: { initialContactDue: onTheDay } },
    { method: 'post', enhanced: false, receivedAt: dec18, expected: { initialContactDue: onTheDay } },
    { method: 'sms', enhanced: true, receivedAt: dec18, expected: { initialContactDue: onTheDay } },
    // In person (the worked example): notice on the day, visit by 00:00 30 Dec, second visit by 00:00 7 Jan 2027.
    {
      method: 'in-person',
      enhanced: false,
      receivedAt: dec18,
      expected: {
        initialContactDue: onTheDay,
        homeVisitDue: instant('2026-12-30T00:00:00.000Z'),
        secondHomeVisitDue: instant('2027-01-07T00:00:00.000Z'),
      },
    },
    {
      method: 'in-person',
      enhanced: true,
      receivedAt: dec18,
      expected: {
        initialContactDue: onTheDay,
        homeVisitDue: instant('2026-12-30T00:00:00.000Z'),
        secondHomeVisitDue: instant('2027-01-07T00:00:00.000Z'),
      },
    },
    // In person across the spring clock change and Easter (see the working-day table above).
    {
      method: 'in-person',
      enhanced: false,
      receivedAt: '2026-03-27T12:00:00.000Z',
      expected: {
        initialContactDue: instant('2026-03-28T00:00:00.000Z'),
        homeVisitDue: instant('2026-04-07T23:00:00.000Z'),
        secondHomeVisitDue: instant('2026-04-14T23:00:00.000Z'),
      },
    },
  ])(
    'a $method referral (enhanced: $enhanced) received $receivedAt gets exactly the expected deadlines',
    ({ method, enhanced, receivedAt, expected }) => {
      // toStrictEqual: keys that do not apply are absent, not undefined.
      expect(contactDeadlines({ receivedAt: instant(receivedAt), method, enhanced })).toStrictEqual(expected);
    },
  );

  it('every deadline is after receipt, and the visits come in order after the notice', () => {
    fc.assert(
      fc.property(anyInstant2025To2030, anyContactMethod, fc.boolean(), (receivedAt, method, enhanced) => {
        const deadlines = contactDeadlines({ receivedAt, method, enhanced });
        for (const due of Object.values(deadlines)) {
          expect(due.getTime()).toBeGreaterThan(receivedAt.getTime());
        }
        if (method === 'in-person') {
          expect(deadlines.homeVisitDue).toBeDefined();
          expect(deadlines.secondHomeVisitDue).toBeDefined();
          expect(deadlines.initialContactDue.getTime()).toBeLessThan(deadlines.homeVisitDue?.getTime() ?? 0);
          expect(deadlines.homeVisitDue?.getTime()).toBeLessThan(
            deadlines.secondHomeVisitDue?.getTime() ?? 0,
          );
        } else {
          expect(Object.keys(deadlines)).toEqual(['initialContactDue']);
        }
      }),
    );
  });

  it('telephone deadlines are exactly 48 h, or 24 h for enhanced victims; written notices are due by the next London midnight', () => {
    fc.assert(
      fc.property(anyInstant2025To2030, anyContactMethod, fc.boolean(), (receivedAt, method, enhanced) => {
        const { initialContactDue } = contactDeadlines({ receivedAt, method, enhanced });
        const elapsed = initialContactDue.getTime() - receivedAt.getTime();
        if (method.endsWith('-telephone')) {
          expect(elapsed).toBe((enhanced ? 24 : 48) * HOUR);
        } else {
          // The next local midnight: at most one (23-, 24- or 25-hour) local day away.
          expect(londonWallClock(initialContactDue).time).toBe('00:00:00');
          expect(londonWallClock(initialContactDue).date).toBe(
            addCalendarDays(londonWallClock(receivedAt).date, 1),
          );
          expect(elapsed).toBeLessThanOrEqual(25 * HOUR);
        }
      }),
    );
  });
});

describe('deadlines refuse nonsense input', () => {
  const at = instant('2026-12-18T10:00:00.000Z');
  it.each([
    { what: 'an invalid receipt time', call: () => dueOnTheDay(new Date('nope')) },
    { what: 'a negative working-day count', call: () => dueWithinWorkingDays(at, -1) },
    { what: 'a fractional working-day count', call: () => dueWithinWorkingDays(at, 2.5) },
    { what: 'a negative number of hours', call: () => dueWithinHours(at, -1) },
    { what: 'an infinite number of hours', call: () => dueWithinHours(at, Number.POSITIVE_INFINITY) },
    { what: 'NaN hours', call: () => dueWithinHours(at, Number.NaN) },
    {
      what: 'an unknown contact method',
      call: () => contactDeadlines({ receivedAt: at, method: 'fax' as ContactMethod, enhanced: false }),
    },
    {
      what: 'a missing receipt time',
      call: () =>
        contactDeadlines({ receivedAt: undefined as unknown as Date, method: 'email', enhanced: false }),
    },
  ])('rejects $what with an InvalidCalendarInputError', ({ call }) => {
    expect(call).toThrow(InvalidCalendarInputError);
  });
});
