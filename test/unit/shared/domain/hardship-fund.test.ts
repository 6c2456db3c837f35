import { describe, expect, it } from 'vitest';
import {
  financialYearOf,
  InvalidHardshipPaymentError,
  pounds,
  validateHardshipPayment,
} from '../../../../shared/domain/hardship-fund.ts';

describe('the hardship fund', () => {
  it.each([
    ['2026-04-01T00:00:00+01:00', '2026-27'],
    ['2027-03-31T22:59:00Z', '2026-27'],
    // 23:30 UTC on 31 March 2027 is 00:30 on 1 April in Leicester (BST): the next year.
    ['2027-03-31T23:30:00Z', '2027-28'],
    ['2026-12-15T10:00:00Z', '2026-27'],
    ['2099-06-01T10:00:00Z', '2099-00'],
  ])('puts %s in the financial year %s', (at, year) => {
    expect(financialYearOf(new Date(at))).toBe(year);
  });

  it.each([
    ['25', 2500],
    ['£25.50', 2550],
    [' 100 ', 10_000],
    ['500', 50_000],
  ])('reads %s as %i pence', (text, pence) => {
    expect(validateHardshipPayment(text, 'Travel to court').amountPence).toBe(pence);
  });

  it.each([
    ['twenty', 'amount'],
    ['25.5', 'amount'],
    ['-5', 'amount'],
    ['0.00', 'amount'],
    ['500.01', 'amount'],
  ])('refuses %s, naming the amount', (text, field) => {
    expect(() => validateHardshipPayment(text, 'Travel')).toThrow(InvalidHardshipPaymentError);
    try {
      validateHardshipPayment(text, 'Travel');
    } catch (error) {
      expect((error as InvalidHardshipPaymentError).errors.map((e) => e.field)).toEqual([field]);
    }
  });

  it('says pence as pounds', () => {
    expect(pounds(500_000)).toBe('£5,000.00');
    expect(pounds(2550)).toBe('£25.50');
  });
});
