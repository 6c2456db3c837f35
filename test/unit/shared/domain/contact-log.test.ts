import { describe, expect, it } from 'vitest';
import {
  type Contact,
  type ContactInput,
  isSaturdayInLeicester,
  minutesInWords,
  oldestFirst,
  readTimeOfDay,
  validateContact,
} from '../../../../shared/domain/contact-log.ts';

/** Monday 14 December 2026, 10:00 in Leicester (GMT). */
const NOW = new Date('2026-12-14T10:00:00Z');

/** A whole telephone contact on Friday 11 December 2026 at 14:30. */
const INPUT: ContactInput = {
  day: '11',
  month: '12',
  year: '2026',
  time: '14:30',
  channel: 'telephone',
  direction: 'to-victim',
  support: ['criminal-justice-information', 'emotional-support'],
  durationMinutes: '20',
  notes: '  Ada Example asked about the trial.\r\nCall again next week.  ',
};

const errorsOf = (input: Partial<ContactInput>, now = NOW, receivedAt?: Date) => {
  const result = validateContact({ ...INPUT, ...input }, now, receivedAt);
  return result.ok ? [] : result.errors.map((e) => [e.field, e.text]);
};

describe('validateContact', () => {
  it('reads a whole contact: the instant in Leicester, support in the list order, notes tidied', () => {
    expect(validateContact(INPUT, NOW)).toEqual({
      ok: true,
      details: {
        at: new Date('2026-12-11T14:30:00Z'),
        channel: 'telephone',
        direction: 'to-victim',
        support: ['emotional-support', 'criminal-justice-information'],
        durationMinutes: 20,
        notes: 'Ada Example asked about the trial.\nCall again next week.',
      },
    });
  });

  it('reads the time in Leicester time, British Summer Time too', () => {
    const summer = validateContact(
      { ...INPUT, day: '15', month: '7', time: '9:05am' },
      new Date('2026-07-20T09:00:00Z'),
    );
    expect(summer.ok && summer.details.at).toEqual(new Date('2026-07-15T08:05:00Z'));
  });

  it('names every missing field at once, in the order of the form', () => {
    const result = validateContact({}, NOW);
    expect(result.ok ? [] : result.errors.map((e) => e.field)).toEqual([
      'date',
      'time',
      'channel',
      'direction',
      'support',
      'durationMinutes',
    ]);
  });

  it('refuses a date that is incomplete, not real, or in the future', () => {
    expect(errorsOf({ month: '', year: '' })).toEqual([
      ['date', 'The date of the contact must include a month and a year'],
    ]);
    expect(errorsOf({ day: '31', month: '11' })).toEqual([
      ['date', 'The date of the contact must be a real date, like 14 12 2026'],
    ]);
    expect(errorsOf({ year: '26' })).toEqual([
      ['date', 'The date of the contact must be a real date, like 14 12 2026'],
    ]);
    expect(errorsOf({ day: 'x' })).toEqual([
      ['date', 'The date of the contact must be a real date, like 14 12 2026'],
    ]);
    expect(errorsOf({ day: '15' })).toEqual([
      ['date', 'The date of the contact must be today or in the past'],
    ]);
  });

  it('refuses a time that is not a time of day, is still to come, or did not exist', () => {
    expect(errorsOf({ time: '' })).toEqual([['time', 'Enter the time of the contact']]);
    for (const time of ['25:00', '14:60', '1430', 'half two', '13pm'])
      expect(errorsOf({ time }), time).toEqual([
        ['time', 'The time of the contact must be a time of day, like 14:30'],
      ]);
    expect(errorsOf({ day: '14', time: '10:01' })).toEqual([
      ['time', 'The time of the contact must be now or in the past'],
    ]);
    expect(errorsOf({ day: '14', time: '10:00' })).toEqual([]);
    // 01:30 on Sunday 29 March 2026 never happened in Leicester: the clocks went from 01:00 to 02:00.
    expect(errorsOf({ day: '29', month: '3', time: '01:30' })).toEqual([
      ['time', 'The time of the contact does not exist on that day: the clocks went forward'],
    ]);
  });

  it('refuses a contact before the referral was received', () => {
    expect(errorsOf({ day: '10', time: '08:59' }, NOW, new Date('2026-12-10T09:00:00Z'))).toEqual([
      ['date', 'The contact must be after the referral was received (10 December 2026, 09:00)'],
    ]);
    expect(errorsOf({ day: '10', time: '09:00' }, NOW, new Date('2026-12-10T09:00:00Z'))).toEqual([]);
  });

  it('needs the venue of a face-to-face contact, on one line, and keeps none for other channels', () => {
    expect(errorsOf({ channel: 'face-to-face' })).toEqual([
      ['venue', 'Enter where the face-to-face contact took place'],
    ]);
    expect(errorsOf({ channel: 'face-to-face', venue: 'Room\n4' })).toEqual([
      ['venue', 'Where the contact took place must be ordinary text, on one line'],
    ]);
    expect(errorsOf({ channel: 'face-to-face', venue: 'x'.repeat(201) })).toEqual([
      ['venue', 'Where the contact took place must be 200 characters or fewer'],
    ]);
    const visit = validateContact({ ...INPUT, channel: 'face-to-face', venue: ' Victim First office ' }, NOW);
    expect(visit.ok && visit.details.venue).toBe('Victim First office');
    const call = validateContact({ ...INPUT, venue: 'Victim First office' }, NOW);
    expect(call.ok && 'venue' in call.details).toBe(false);
  });

  it('refuses a channel, direction or support not on the lists', () => {
    expect(errorsOf({ channel: 'carrier-pigeon' })).toEqual([['channel', 'Select how the contact was made']]);
    expect(errorsOf({ direction: 'both' })).toEqual([
      ['direction', 'Select whether the victim contacted the service or the service contacted them'],
    ]);
    expect(errorsOf({ support: [] })).toEqual([['support', 'Select the support given in the contact']]);
    expect(errorsOf({ support: ['advocacy', 'astrology'] })).toEqual([
      ['support', 'Select the support given from the list'],
    ]);
  });

  it('takes a duration of 1 to 600 whole minutes', () => {
    for (const ok of ['1', '600', ' 45 ']) expect(errorsOf({ durationMinutes: ok }), ok).toEqual([]);
    for (const bad of ['0', '601'])
      expect(errorsOf({ durationMinutes: bad }), bad).toEqual([
        ['durationMinutes', 'How long the contact took must be between 1 and 600 minutes'],
      ]);
    for (const bad of ['1.5', '-3', 'an hour', '1e2'])
      expect(errorsOf({ durationMinutes: bad }), bad).toEqual([
        ['durationMinutes', 'How long the contact took must be a whole number of minutes, like 30'],
      ]);
  });

  it('takes notes of up to 2000 characters, line breaks and tabs but no other control characters', () => {
    expect(errorsOf({ notes: '😀'.repeat(2000) })).toEqual([]);
    expect(errorsOf({ notes: 'x'.repeat(2001) })).toEqual([
      ['notes', 'Notes must be 2000 characters or fewer'],
    ]);
    expect(errorsOf({ notes: 'Rang\ttwice\nno answer' })).toEqual([]);
    for (const control of ['\u0000', '\u0007', '\u001b[31m', '\u007f', '\u0085'])
      expect(errorsOf({ notes: `Rang ${control} twice` }), JSON.stringify(control)).toEqual([
        ['notes', 'Notes must be ordinary text (no control characters)'],
      ]);
    const blank = validateContact({ ...INPUT, notes: '  \r\n ' }, NOW);
    expect(blank.ok && 'notes' in blank.details).toBe(false);
  });

  it('needs a reason for a contact on a Saturday in Leicester, and keeps none on another day', () => {
    const saturday = { day: '12', time: '11:00' };
    expect(errorsOf(saturday)).toEqual([
      [
        'saturdayReason',
        'Enter why the victim could not be supported at another time (the contact was on a Saturday)',
      ],
    ]);
    // Even when the time is wrong, the Saturday still needs its reason.
    expect(errorsOf({ ...saturday, time: '' }).map(([field]) => field)).toEqual(['time', 'saturdayReason']);
    const withReason = validateContact({ ...INPUT, ...saturday, saturdayReason: ' Works weekdays ' }, NOW);
    expect(withReason.ok && withReason.details.saturdayReason).toBe('Works weekdays');
    expect(errorsOf({ ...saturday, saturdayReason: 'x'.repeat(501) })).toEqual([
      ['saturdayReason', 'Why the contact was on a Saturday must be 500 characters or fewer'],
    ]);
    const friday = validateContact({ ...INPUT, saturdayReason: 'Works weekdays' }, NOW);
    expect(friday.ok && 'saturdayReason' in friday.details).toBe(false);
    // 00:30 on Saturday 18 July 2026 in Leicester is still Friday in UTC; 23:30 on Friday 17 July in UTC is Saturday here.
    expect(errorsOf({ day: '18', month: '7', time: '00:30' }).map(([field]) => field)).toEqual([
      'saturdayReason',
    ]);
    expect(isSaturdayInLeicester(new Date('2026-07-17T23:30:00Z'))).toBe(true);
    expect(isSaturdayInLeicester(new Date('2026-07-18T23:30:00Z'))).toBe(false);
  });
});

describe('the contact log’s wording and order', () => {
  it('reads the times a person types', () => {
    expect(readTimeOfDay('14:30')).toEqual({ hour: 14, minute: 30 });
    expect(readTimeOfDay('9.05')).toEqual({ hour: 9, minute: 5 });
    expect(readTimeOfDay('2:30pm')).toEqual({ hour: 14, minute: 30 });
    expect(readTimeOfDay('12am')).toEqual({ hour: 0, minute: 0 });
    expect(readTimeOfDay('12 PM')).toEqual({ hour: 12, minute: 0 });
    expect(readTimeOfDay('14')).toBeUndefined();
  });

  it('says a duration as a person would', () => {
    expect(minutesInWords(1)).toBe('1 minute');
    expect(minutesInWords(45)).toBe('45 minutes');
    expect(minutesInWords(60)).toBe('1 hour');
    expect(minutesInWords(155)).toBe('2 hours 35 minutes');
  });

  it('orders contacts by when they happened, then when they were logged, then by case and id', () => {
    const c = (contactId: string, at: string, recordedAt = at, caseId = 'VF-CNT00-00001'): Contact => ({
      contactId,
      caseId,
      at: new Date(at),
      recordedAt: new Date(recordedAt),
      channel: 'telephone',
      direction: 'to-victim',
      support: ['advocacy'],
      durationMinutes: 5,
      by: 'caseworker.one',
    });
    const list = [
      c('d', '2026-12-12T10:00:00Z'),
      c('b', '2026-12-11T10:00:00Z', '2026-12-11T12:00:00Z'),
      c('a', '2026-12-11T10:00:00Z', '2026-12-11T11:00:00Z'),
      c('f', '2026-12-12T10:00:00Z', '2026-12-12T10:00:00Z', 'VF-CNT00-00000'),
      c('c', '2026-12-12T10:00:00Z'),
    ];
    expect([...list].sort(oldestFirst).map((x) => x.contactId)).toEqual(['a', 'b', 'f', 'c', 'd']);
  });
});
