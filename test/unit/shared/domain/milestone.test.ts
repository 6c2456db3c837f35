import { describe, expect, it } from 'vitest';
import { nthWorkingDayBefore } from '../../../../shared/domain/calendar.ts';
import {
  reEngagementAt,
  reEngagementDue,
  reEngagementExecutionName,
  reEngagementScheduleName,
  validateMilestone,
  validateWithdrawal,
} from '../../../../shared/domain/milestone.ts';

/** Tuesday 15 December 2026, 10:00 in Leicester. */
const NOW = new Date('2026-12-15T10:00:00Z');

describe('working days before a date', () => {
  it.each([
    ['a Monday, five back: the Monday before', '2027-03-15', 5, '2027-03-08'],
    ['across a weekend', '2027-03-10', 3, '2027-03-05'],
    ['across Christmas and Boxing Day (substitute days)', '2026-12-31', 3, '2026-12-24'],
    ['across Easter (Good Friday and Easter Monday)', '2027-03-30', 2, '2027-03-24'],
    ['none: the date itself', '2027-03-13', 0, '2027-03-13'],
  ])('%s', (_what, date, n, expected) => {
    expect(nthWorkingDayBefore(date, n)).toBe(expected);
  });
});

describe('when a milestone’s re-engagement call is raised', () => {
  it('at 9am in Leicester five working days before the date, in GMT or BST', () => {
    expect(reEngagementAt({ kind: 'sentencing', date: '2027-03-15', consent: true }, NOW)).toEqual(
      new Date('2027-03-08T09:00:00Z'),
    );
    // 9am BST is 08:00 UTC.
    expect(reEngagementAt({ kind: 'trial', date: '2027-06-14', consent: true }, NOW)).toEqual(
      new Date('2027-06-07T08:00:00Z'),
    );
  });

  it('at once when that is past but the date is still ahead', () => {
    expect(reEngagementAt({ kind: 'first-hearing', date: '2026-12-17', consent: true }, NOW)).toEqual(NOW);
  });

  it('never without consent, nor for a milestone today or past', () => {
    expect(reEngagementAt({ kind: 'sentencing', date: '2027-03-15', consent: false }, NOW)).toBeUndefined();
    expect(reEngagementAt({ kind: 'charge', date: '2026-12-15', consent: true }, NOW)).toBeUndefined();
    expect(reEngagementAt({ kind: 'charge', date: '2026-11-02', consent: true }, NOW)).toBeUndefined();
  });

  it('is due by the start of the milestone’s day, by a schedule and an execution named for the milestone', () => {
    expect(reEngagementDue('2027-06-14')).toEqual(new Date('2027-06-13T23:00:00Z'));
    expect(reEngagementScheduleName('VF-ABCDE-00001', 3)).toBe('re-engagement.VF-ABCDE-00001.3');
    expect(reEngagementExecutionName('VF-ABCDE-00001', 3)).toBe('VF-ABCDE-00001.re-engagement.3');
  });
});

describe('the milestone form', () => {
  const form = { kind: 'sentencing', day: '15', month: '3', year: '2027', consent: 'yes' };

  it('gives back what it records', () => {
    expect(validateMilestone(form, NOW)).toEqual({
      ok: true,
      details: { kind: 'sentencing', date: '2027-03-15', consent: true },
    });
    expect(validateMilestone({ ...form, kind: 'offender-release', consent: 'no' }, NOW)).toEqual({
      ok: true,
      details: { kind: 'offender-release', date: '2027-03-15', consent: false },
    });
  });

  it('names every field that is wrong at once', () => {
    expect(validateMilestone({}, NOW)).toEqual({
      ok: false,
      errors: [
        { field: 'kind', text: 'Select what is happening' },
        { field: 'date', text: 'Enter the date' },
        { field: 'consent', text: 'Select whether the victim agrees to be contacted before it' },
      ],
    });
  });

  it.each([
    [{ day: '15', month: '', year: '' }, 'The date must include a month and a year'],
    [{ day: '31', month: '2', year: '2027' }, 'The date must be a real date, like 14 3 2027'],
    [{ day: 'x', month: '3', year: '2027' }, 'The date must be a real date, like 14 3 2027'],
    [{ day: '1', month: '1', year: '2070' }, 'The date must be within 30 years of today'],
  ])('refuses the date %o', (date, text) => {
    const result = validateMilestone({ ...form, ...date }, NOW);
    expect(result).toEqual({ ok: false, errors: [{ field: 'date', text }] });
  });

  it('refuses a kind or an answer that is not one of the choices', () => {
    const result = validateMilestone({ ...form, kind: 'appeal', consent: 'maybe' }, NOW);
    expect(result.ok ? [] : result.errors.map((e) => e.field)).toEqual(['kind', 'consent']);
  });

  it('asks why a date is withdrawn, in ordinary text of 500 characters or fewer', () => {
    expect(validateWithdrawal('Hearing adjourned')).toBeUndefined();
    expect(validateWithdrawal('  ')).toEqual({ field: 'reason', text: 'Enter why the date is withdrawn' });
    expect(validateWithdrawal('x'.repeat(501))?.text).toBe('The reason must be 500 characters or fewer');
    expect(validateWithdrawal('bad\u0007bell')?.text).toBe('The reason must be ordinary text');
  });
});
