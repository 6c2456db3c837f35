import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addCalendarDays,
  bankHolidaysIn,
  DEFAULT_SERVICE_HOURS,
  InvalidCalendarInputError,
  isBankHoliday,
  isoWeekdayOf,
  isWithinServiceHours,
  isWorkingDay,
  localDateOf,
  nextServiceOpening,
  nthWorkingDayAfter,
  SERVICE_TIME_ZONE,
  type ServiceHours,
  serviceWindowOn,
  serviceWindowsBetween,
  startOfLocalDay,
} from '../../../../shared/domain/calendar.ts';

// Clock changes used throughout (UK rule: last Sunday of March / October at 01:00 UTC):
//   BST starts Sun 29 Mar 2026 01:00Z (01:00 GMT → 02:00 BST), ends Sun 25 Oct 2026 01:00Z (02:00 BST → 01:00 GMT).
//   BST starts Sun 28 Mar 2027 01:00Z.
// In BST local midnight is 23:00Z the previous day and 09:00 local is 08:00Z.

const instant = (iso: string): Date => new Date(iso);

const anyInstant2025To2030 = fc.date({
  min: new Date('2025-01-01T00:00:00.000Z'),
  max: new Date('2030-12-31T23:59:59.999Z'),
  noInvalidDate: true,
});

describe('the calendar runs on London time', () => {
  it('uses Europe/London as the service time zone', () => {
    expect(SERVICE_TIME_ZONE).toBe('Europe/London');
  });

  it.each([
    { at: '2026-01-15T23:30:00.000Z', local: '2026-01-15', why: '23:30 GMT is still 15 Jan' },
    { at: '2026-06-10T22:30:00.000Z', local: '2026-06-10', why: '23:30 BST on Wed 10 Jun' },
    { at: '2026-06-10T23:30:00.000Z', local: '2026-06-11', why: '00:30 BST on Thu 11 Jun' },
    { at: '2026-03-28T23:59:59.000Z', local: '2026-03-28', why: '23:59:59 GMT on the Saturday' },
    { at: '2026-03-29T00:59:59.999Z', local: '2026-03-29', why: 'the last GMT moment, 00:59 local' },
    { at: '2026-03-29T01:00:00.000Z', local: '2026-03-29', why: 'the first BST moment, 02:00 local' },
    { at: '2026-10-24T22:59:59.000Z', local: '2026-10-24', why: '23:59:59 BST on Sat 24 Oct' },
    { at: '2026-10-24T23:00:00.000Z', local: '2026-10-25', why: '00:00 BST on Sun 25 Oct' },
    { at: '2026-10-25T23:30:00.000Z', local: '2026-10-25', why: '23:30 GMT after the clocks went back' },
  ])('a referral received at $at is received on London date $local ($why)', ({ at, local }) => {
    expect(localDateOf(instant(at))).toBe(local);
  });

  it.each([
    { date: '2026-01-15', midnight: '2026-01-15T00:00:00.000Z' },
    { date: '2026-03-29', midnight: '2026-03-29T00:00:00.000Z' }, // still GMT: the change is at 01:00Z
    { date: '2026-03-30', midnight: '2026-03-29T23:00:00.000Z' },
    { date: '2026-06-11', midnight: '2026-06-10T23:00:00.000Z' },
    { date: '2026-10-25', midnight: '2026-10-24T23:00:00.000Z' }, // still BST at midnight
    { date: '2026-10-26', midnight: '2026-10-26T00:00:00.000Z' },
  ])('London day $date begins at $midnight', ({ date, midnight }) => {
    expect(startOfLocalDay(date).toISOString()).toBe(midnight);
  });

  it.each([
    { date: '2026-03-28', n: 1, expected: '2026-03-29' },
    { date: '2026-03-29', n: 1, expected: '2026-03-30' },
    { date: '2026-10-24', n: 2, expected: '2026-10-26' },
    { date: '2026-12-31', n: 1, expected: '2027-01-01' },
    { date: '2028-02-28', n: 1, expected: '2028-02-29' },
    { date: '2026-03-01', n: -1, expected: '2026-02-28' },
    { date: '2026-06-10', n: 0, expected: '2026-06-10' },
  ])('$n calendar day(s) from $date is $expected, whatever the clocks do', ({ date, n, expected }) => {
    expect(addCalendarDays(date, n)).toBe(expected);
  });

  it.each([
    { date: '2026-06-15', weekday: 1 },
    { date: '2026-06-17', weekday: 3 },
    { date: '2026-06-21', weekday: 7 },
  ])('$date is ISO weekday $weekday', ({ date, weekday }) => {
    expect(isoWeekdayOf(date)).toBe(weekday);
  });

  it('places every instant inside the London day it is dated to', () => {
    fc.assert(
      fc.property(anyInstant2025To2030, (at) => {
        const day = localDateOf(at);
        expect(startOfLocalDay(day).getTime()).toBeLessThanOrEqual(at.getTime());
        expect(startOfLocalDay(addCalendarDays(day, 1)).getTime()).toBeGreaterThan(at.getTime());
      }),
    );
  });
});

describe("bank holidays are England & Wales's, from date-holidays", () => {
  // gov.uk England & Wales bank holidays, written out by hand as the oracle.
  const govUk: Record<number, string[]> = {
    2026: [
      '2026-01-01',
      '2026-04-03', // Good Friday
      '2026-04-06', // Easter Monday
      '2026-05-04', // Early May
      '2026-05-25', // Spring
      '2026-08-31', // Summer
      '2026-12-25', // Christmas Day, Friday
      '2026-12-28', // Boxing Day falls on Saturday → substitute Monday
    ],
    2027: [
      '2027-01-01',
      '2027-03-26', // Good Friday
      '2027-03-29', // Easter Monday
      '2027-05-03',
      '2027-05-31',
      '2027-08-30',
      '2027-12-27', // Christmas Day falls on Saturday → substitute Monday
      '2027-12-28', // Boxing Day falls on Sunday → substitute Tuesday
    ],
  };

  it.each([2026, 2027])('knows every gov.uk bank holiday in %i, and any extra date is a weekend', (year) => {
    const known = bankHolidaysIn(year);
    expect(known).toEqual(expect.arrayContaining(govUk[year] ?? []));
    for (const extra of known.filter((date) => !(govUk[year] ?? []).includes(date))) {
      expect(isoWeekdayOf(extra)).toBeGreaterThanOrEqual(6);
    }
  });

  it.each([
    { date: '2026-12-28', holiday: true, why: 'Boxing Day 2026 substitute (Mon)' },
    { date: '2027-12-27', holiday: true, why: 'Christmas Day 2027 substitute (Mon)' },
    { date: '2027-12-28', holiday: true, why: 'Boxing Day 2027 substitute (Tue)' },
    { date: '2028-01-03', holiday: true, why: "New Year's Day 2028 substitute (Mon)" },
    { date: '2026-04-03', holiday: true, why: 'Good Friday 2026' },
    { date: '2026-04-06', holiday: true, why: 'Easter Monday 2026' },
    { date: '2027-03-26', holiday: true, why: 'Good Friday 2027' },
    { date: '2027-03-29', holiday: true, why: 'Easter Monday 2027' },
    { date: '2026-05-04', holiday: true, why: 'Early May bank holiday 2026' },
    { date: '2026-08-31', holiday: true, why: 'Summer bank holiday 2026' },
    { date: '2026-12-29', holiday: false, why: 'an ordinary Tuesday after Christmas' },
    { date: '2026-04-05', holiday: false, why: 'Easter Sunday is only an observance' },
    { date: '2026-03-15', holiday: false, why: "Mother's Day is only an observance" },
  ])('$date is a bank holiday: $holiday ($why)', ({ date, holiday }) => {
    expect(isBankHoliday(date)).toBe(holiday);
  });

  it.each([
    { date: '2026-12-24', working: true, why: 'Thursday, Christmas Eve' },
    { date: '2026-12-25', working: false, why: 'Christmas Day' },
    { date: '2026-12-28', working: false, why: 'Boxing Day substitute' },
    { date: '2026-12-29', working: true, why: 'Tuesday' },
    { date: '2027-12-27', working: false, why: 'Christmas Day substitute' },
    { date: '2027-12-28', working: false, why: 'Boxing Day substitute' },
    { date: '2027-12-29', working: true, why: 'Wednesday' },
    { date: '2026-04-02', working: true, why: 'Maundy Thursday' },
    { date: '2026-04-03', working: false, why: 'Good Friday' },
    { date: '2026-04-06', working: false, why: 'Easter Monday' },
    { date: '2026-04-07', working: true, why: 'Tuesday after Easter' },
    { date: '2026-05-25', working: false, why: 'Spring bank holiday' },
    { date: '2026-06-13', working: false, why: 'Saturday' },
    { date: '2026-06-14', working: false, why: 'Sunday' },
    { date: '2026-06-15', working: true, why: 'Monday' },
  ])('$date is a working day: $working ($why)', ({ date, working }) => {
    expect(isWorkingDay(date)).toBe(working);
  });

  it.each([
    // Fri 18 Dec 2026: Mon 21, Tue 22, Wed 23, Thu 24, (Fri 25, Sat, Sun, Mon 28 off) Tue 29.
    { date: '2026-12-18', n: 5, expected: '2026-12-29' },
    // …then Wed 30 (6), Thu 31 (7), (Fri 1 Jan off) Mon 4 (8), Tue 5 (9), Wed 6 Jan (10).
    { date: '2026-12-18', n: 10, expected: '2027-01-06' },
    { date: '2026-12-18', n: 0, expected: '2026-12-18' },
    { date: '2026-12-19', n: 1, expected: '2026-12-21' },
    // Thu 23 Dec 2027: Fri 24 (1), (27, 28 off) Wed 29 (2), Thu 30 (3), Fri 31 (4), (Mon 3 Jan off) Tue 4 Jan (5).
    { date: '2027-12-23', n: 5, expected: '2028-01-04' },
    { date: '2026-04-02', n: 1, expected: '2026-04-07' },
    { date: '2026-05-22', n: 1, expected: '2026-05-26' },
  ])('the working day $n after $date is $expected', ({ date, n, expected }) => {
    expect(nthWorkingDayAfter(date, n)).toBe(expected);
  });
});

describe('service hours: when the service calls, chats and visits', () => {
  it.each([
    {
      date: '2026-06-15',
      opens: '2026-06-15T08:00:00.000Z',
      closes: '2026-06-15T17:00:00.000Z',
      why: 'Mon, BST',
    },
    {
      date: '2026-06-17',
      opens: '2026-06-17T08:00:00.000Z',
      closes: '2026-06-17T19:00:00.000Z',
      why: 'Wed late',
    },
    {
      date: '2026-01-14',
      opens: '2026-01-14T09:00:00.000Z',
      closes: '2026-01-14T20:00:00.000Z',
      why: 'Wed, GMT',
    },
    {
      date: '2026-06-20',
      opens: '2026-06-20T08:00:00.000Z',
      closes: '2026-06-20T17:00:00.000Z',
      why: 'Saturday',
    },
    {
      date: '2026-03-28',
      opens: '2026-03-28T09:00:00.000Z',
      closes: '2026-03-28T18:00:00.000Z',
      why: 'Sat, GMT',
    },
    {
      date: '2026-03-30',
      opens: '2026-03-30T08:00:00.000Z',
      closes: '2026-03-30T17:00:00.000Z',
      why: 'Mon, BST',
    },
    {
      date: '2026-10-24',
      opens: '2026-10-24T08:00:00.000Z',
      closes: '2026-10-24T17:00:00.000Z',
      why: 'Sat, BST',
    },
    {
      date: '2026-10-26',
      opens: '2026-10-26T09:00:00.000Z',
      closes: '2026-10-26T18:00:00.000Z',
      why: 'Mon, GMT',
    },
  ])('the service is open on $date from $opens to $closes ($why)', ({ date, opens, closes }) => {
    expect(serviceWindowOn(date)).toEqual({ opens: instant(opens), closes: instant(closes) });
  });

  it.each([
    { date: '2026-06-21', why: 'Sunday' },
    { date: '2026-03-29', why: 'Sunday the clocks go forward' },
    { date: '2026-08-31', why: 'Summer bank holiday' },
    { date: '2026-04-03', why: 'Good Friday' },
    { date: '2026-12-28', why: 'Boxing Day substitute' },
    { date: '2026-12-26', why: 'Boxing Day itself, a Saturday' },
    { date: '2027-12-25', why: 'Christmas Day on a Saturday' },
  ])('the service is closed all day on $date ($why)', ({ date }) => {
    expect(serviceWindowOn(date)).toBeNull();
  });

  it.each([
    { at: '2026-06-17T18:59:59.999Z', open: true, why: 'Wed 19:59:59 BST, late opening' },
    { at: '2026-06-17T19:00:00.000Z', open: false, why: 'Wed 20:00 BST, closing is exclusive' },
    { at: '2026-01-14T19:30:00.000Z', open: true, why: 'Wed 19:30 GMT' },
    { at: '2026-06-18T08:00:00.000Z', open: true, why: 'Thu 09:00 BST, opening is inclusive' },
    { at: '2026-06-18T07:59:59.999Z', open: false, why: 'Thu 08:59:59 BST' },
    { at: '2026-06-18T16:59:59.999Z', open: true, why: 'Thu 17:59:59 BST' },
    { at: '2026-06-18T17:30:00.000Z', open: false, why: 'Thu 18:30 BST' },
    { at: '2026-01-15T18:00:00.000Z', open: false, why: 'Thu 18:00 GMT' },
    { at: '2026-06-20T10:00:00.000Z', open: true, why: 'Sat 11:00 BST' },
    { at: '2026-06-21T10:00:00.000Z', open: false, why: 'Sun 11:00 BST' },
    { at: '2026-08-31T10:00:00.000Z', open: false, why: 'Summer bank holiday' },
  ])('the service is open at $at: $open ($why)', ({ at, open }) => {
    expect(isWithinServiceHours(instant(at))).toBe(open);
  });

  it.each([
    { at: '2026-06-17T10:00:00.000Z', next: '2026-06-17T10:00:00.000Z', why: 'already open' },
    { at: '2026-06-17T07:00:00.000Z', next: '2026-06-17T08:00:00.000Z', why: 'Wed 08:00 BST → 09:00' },
    { at: '2026-06-17T19:30:00.000Z', next: '2026-06-18T08:00:00.000Z', why: 'Wed 20:30 BST → Thu' },
    { at: '2026-06-10T23:30:00.000Z', next: '2026-06-11T08:00:00.000Z', why: '00:30 BST Thu → Thu 09:00' },
    { at: '2026-06-20T17:00:00.000Z', next: '2026-06-22T08:00:00.000Z', why: 'Sat 18:00 → Mon, Sun shut' },
    { at: '2026-03-28T18:30:00.000Z', next: '2026-03-30T08:00:00.000Z', why: 'Sat GMT → Mon BST' },
    { at: '2026-10-24T17:30:00.000Z', next: '2026-10-26T09:00:00.000Z', why: 'Sat BST → Mon GMT' },
    { at: '2026-04-02T17:00:00.000Z', next: '2026-04-04T08:00:00.000Z', why: 'Thu → Sat, Good Friday shut' },
    // Thu 24 Dec 18:00 GMT: Fri 25, Sat 26 (Boxing Day), Sun 27 and Mon 28 (substitute) all closed.
    { at: '2026-12-24T18:00:00.000Z', next: '2026-12-29T09:00:00.000Z', why: 'Christmas 2026' },
  ])('a task at $at can next be worked at $next ($why)', ({ at, next }) => {
    expect(nextServiceOpening(instant(at)).toISOString()).toBe(next);
  });

  it.each([
    {
      why: 'across the October clock change',
      from: '2026-10-23T12:00:00.000Z',
      to: '2026-10-27T00:00:00.000Z',
      windows: [
        ['2026-10-23T12:00:00.000Z', '2026-10-23T17:00:00.000Z'], // Fri, clipped to from
        ['2026-10-24T08:00:00.000Z', '2026-10-24T17:00:00.000Z'], // Sat, BST
        ['2026-10-26T09:00:00.000Z', '2026-10-26T18:00:00.000Z'], // Mon, GMT (Sun closed)
      ],
    },
    {
      why: 'across the March clock change',
      from: '2026-03-27T00:00:00.000Z',
      to: '2026-03-30T12:00:00.000Z',
      windows: [
        ['2026-03-27T09:00:00.000Z', '2026-03-27T18:00:00.000Z'], // Fri, GMT
        ['2026-03-28T09:00:00.000Z', '2026-03-28T18:00:00.000Z'], // Sat, GMT
        ['2026-03-30T08:00:00.000Z', '2026-03-30T12:00:00.000Z'], // Mon, BST, clipped to to
      ],
    },
    {
      why: 'over Christmas 2026',
      from: '2026-12-24T00:00:00.000Z',
      to: '2026-12-30T00:00:00.000Z',
      windows: [
        ['2026-12-24T09:00:00.000Z', '2026-12-24T18:00:00.000Z'],
        ['2026-12-29T09:00:00.000Z', '2026-12-29T18:00:00.000Z'],
      ],
    },
    {
      why: 'for an empty range',
      from: '2026-06-17T10:00:00.000Z',
      to: '2026-06-17T10:00:00.000Z',
      windows: [],
    },
  ])('lists the service windows $why', ({ from, to, windows }) => {
    expect(serviceWindowsBetween(instant(from), instant(to))).toEqual(
      windows.map(([opens, closes]) => ({ opens: instant(opens ?? ''), closes: instant(closes ?? '') })),
    );
  });

  it.each([
    { date: '2026-08-31', open: true, why: 'a bank holiday when bank holidays are worked' },
    { date: '2026-06-20', open: false, why: 'a Saturday when Saturdays are not worked' },
  ])('configured service hours decide $date ($why)', ({ date, open }) => {
    const hours: ServiceHours = {
      weekdays: { ...DEFAULT_SERVICE_HOURS.weekdays, 6: null },
      closedOnBankHolidays: false,
    };
    expect(serviceWindowOn(date, hours) !== null).toBe(open);
  });

  it('the next opening is always open and never earlier than the moment asked about', () => {
    fc.assert(
      fc.property(anyInstant2025To2030, (at) => {
        const next = nextServiceOpening(at);
        expect(next.getTime()).toBeGreaterThanOrEqual(at.getTime());
        expect(isWithinServiceHours(next)).toBe(true);
        // Nothing opened in between.
        expect(serviceWindowsBetween(at, next)).toEqual([]);
      }),
    );
  });

  it('every listed window lies inside service hours and inside the range asked about', () => {
    fc.assert(
      fc.property(anyInstant2025To2030, fc.integer({ min: 0, max: 10 * 24 * 60 }), (from, minutes) => {
        const to = new Date(from.getTime() + minutes * 60_000);
        for (const window of serviceWindowsBetween(from, to)) {
          expect(window.opens.getTime()).toBeGreaterThanOrEqual(from.getTime());
          expect(window.closes.getTime()).toBeLessThanOrEqual(to.getTime());
          expect(window.opens.getTime()).toBeLessThan(window.closes.getTime());
          expect(isWithinServiceHours(window.opens)).toBe(true);
          expect(isWithinServiceHours(new Date(window.closes.getTime() - 1))).toBe(true);
        }
      }),
    );
  });
});

describe('the calendar refuses nonsense input', () => {
  it.each([
    { what: 'an invalid instant', call: () => localDateOf(new Date('not a date')) },
    { what: 'a 30 February', call: () => startOfLocalDay('2026-02-30') },
    { what: 'a month 13', call: () => isWorkingDay('2026-13-01') },
    { what: 'an unpadded date', call: () => isBankHoliday('2026-2-3') },
    { what: 'an empty date', call: () => addCalendarDays('', 1) },
    { what: 'a fractional day count', call: () => addCalendarDays('2026-01-01', 0.5) },
    { what: 'a negative working-day count', call: () => nthWorkingDayAfter('2026-01-01', -1) },
    { what: 'a fractional working-day count', call: () => nthWorkingDayAfter('2026-01-01', 1.5) },
    { what: 'a NaN working-day count', call: () => nthWorkingDayAfter('2026-01-01', Number.NaN) },
    { what: 'a year out of range', call: () => bankHolidaysIn(-1) },
    {
      what: 'a range that ends before it starts',
      call: () => serviceWindowsBetween(instant('2026-06-18T00:00:00Z'), instant('2026-06-17T00:00:00Z')),
    },
    {
      what: 'an unpadded opening time',
      call: () =>
        serviceWindowOn('2026-06-15', {
          ...DEFAULT_SERVICE_HOURS,
          weekdays: { ...DEFAULT_SERVICE_HOURS.weekdays, 1: { opens: '9:00', closes: '18:00' } },
        }),
    },
    {
      what: 'a session that closes before it opens',
      call: () =>
        isWithinServiceHours(instant('2026-06-15T10:00:00Z'), {
          ...DEFAULT_SERVICE_HOURS,
          weekdays: { ...DEFAULT_SERVICE_HOURS.weekdays, 1: { opens: '18:00', closes: '09:00' } },
        }),
    },
    {
      what: 'service hours that never open',
      call: () =>
        nextServiceOpening(instant('2026-06-15T10:00:00Z'), {
          weekdays: { 1: null, 2: null, 3: null, 4: null, 5: null, 6: null, 7: null },
          closedOnBankHolidays: true,
        }),
    },
  ])('rejects $what with an InvalidCalendarInputError', ({ call }) => {
    expect(call).toThrow(InvalidCalendarInputError);
    try {
      call();
    } catch (error) {
      expect((error as Error).name).toBe('InvalidCalendarInputError');
    }
  });
});
