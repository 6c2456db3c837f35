import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatTime } from '../../../../../shared/domain/messages/index.ts';

describe('dates and times are written as GOV.UK writes them, in Europe/London', () => {
  it.each([
    ['2026-12-15T10:00:00Z', 'Tuesday 15 December 2026 at 10am'],
    ['2026-12-15T14:30:00Z', 'Tuesday 15 December 2026 at 2:30pm'],
    ['2026-12-15T12:00:00Z', 'Tuesday 15 December 2026 at midday'],
    ['2026-12-16T00:00:00Z', 'Wednesday 16 December 2026 at midnight'],
    ['2026-12-15T09:05:00Z', 'Tuesday 15 December 2026 at 9:05am'],
    ['2026-12-15T00:30:00Z', 'Tuesday 15 December 2026 at 12:30am'],
    ['2026-12-15T12:45:00Z', 'Tuesday 15 December 2026 at 12:45pm'],
    // British Summer Time: 09:00 UTC is 10am in London.
    ['2026-07-01T09:00:00Z', 'Wednesday 1 July 2026 at 10am'],
    // The evening before the clocks go back (25 October 2026) and the morning after.
    ['2026-10-24T18:00:00Z', 'Saturday 24 October 2026 at 7pm'],
    ['2026-10-26T09:00:00Z', 'Monday 26 October 2026 at 9am'],
    // Late UTC on the 31st is already the 1st in London in summer.
    ['2026-05-31T23:30:00Z', 'Monday 1 June 2026 at 12:30am'],
  ])('%s is "%s"', (iso, written) => {
    expect(formatDateTime(new Date(iso))).toBe(written);
  });

  it('writes a letter date without the weekday', () => {
    expect(formatDate(new Date('2026-12-14T09:00:00Z'))).toBe('14 December 2026');
  });

  it('writes the hour alone when on the hour', () => {
    expect(formatTime(new Date('2026-12-14T18:00:00Z'))).toBe('6pm');
  });
});
