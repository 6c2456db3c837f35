import { describe, expect, it } from 'vitest';
import { callTakerOn, datesFrom, validateRotaChange } from '../../../../shared/domain/open-chat-rota.ts';

const configured = { 1: 'caseworker.one', 2: 'caseworker.one' };
const saved = {
  days: { 2: 'caseworker.two' },
  changedBy: 'team.leader',
  changedAt: new Date('2026-12-01T09:00:00Z'),
};

describe('who takes open chats on a date', () => {
  it('is the date’s cover, else the saved weekly pattern, else the configured one', () => {
    const covers = [{ date: '2026-12-15', staffId: 'caseworker.three' }];
    // Tuesday 15 December 2026 has cover; Tuesday 22nd follows the saved pattern.
    expect(callTakerOn('2026-12-15', { configured, saved, covers })).toEqual({
      staffId: 'caseworker.three',
      from: 'cover',
    });
    expect(callTakerOn('2026-12-22', { configured, saved, covers })).toEqual({
      staffId: 'caseworker.two',
      from: 'pattern',
    });
    // A saved pattern replaces the configured one whole: Monday is nobody's once saved without it.
    expect(callTakerOn('2026-12-21', { configured, saved, covers })).toEqual({ from: 'pattern' });
    expect(callTakerOn('2026-12-21', { configured, covers })).toEqual({
      staffId: 'caseworker.one',
      from: 'configured',
    });
  });

  it('counts days by the service’s local date', () => {
    // 23:30 UTC on 31 May is 00:30 on 1 June in Leicester.
    expect(datesFrom(new Date('2027-05-31T23:30:00Z'), 3)).toEqual([
      '2027-06-01',
      '2027-06-02',
      '2027-06-03',
    ]);
  });

  it('refuses a change naming the field that is wrong', () => {
    const base = { changeId: 'k-1', by: 'team.leader', at: new Date() };
    expect(() =>
      validateRotaChange({ ...base, kind: 'cover', date: '2027-02-28', staffId: 'a' }),
    ).not.toThrow();
    expect(() => validateRotaChange({ ...base, kind: 'cover', date: '2027-02-30', staffId: 'a' })).toThrow(
      expect.objectContaining({ field: 'date' }),
    );
    expect(() => validateRotaChange({ ...base, kind: 'cover', date: '2027-2-3', staffId: 'a' })).toThrow(
      expect.objectContaining({ field: 'date' }),
    );
    expect(() => validateRotaChange({ ...base, kind: 'pattern', days: { 0: 'a' } })).toThrow(
      expect.objectContaining({ field: 'days' }),
    );
  });
});
