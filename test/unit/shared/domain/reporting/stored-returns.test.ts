import { describe, expect, it } from 'vitest';
import { InvalidQuarterError } from '../../../../../shared/domain/reporting/quarters.ts';
import {
  parseReturnFileName,
  quarterOfStem,
  returnFileName,
} from '../../../../../shared/domain/reporting/stored-returns.ts';

describe('the names returns are stored under', () => {
  it.each([
    ['2026/27-Q2', 'csv', '2026-27-Q2.csv'],
    ['2025/26-Q4', 'pdf', '2025-26-Q4.pdf'],
    ['2099/00-Q1', 'json', '2099-00-Q1.json'],
  ] as const)('writes %s as %s → %s and reads it back', (quarter, format, name) => {
    expect(returnFileName(quarter, format)).toBe(name);
    expect(parseReturnFileName(name)).toEqual({ quarter, format });
  });

  it.each([
    'notes.csv',
    '2026-27-Q5.csv',
    '2026-28-Q1.csv',
    '2026-27-Q2.docx',
    '2026-27-Q2',
    '.2026-27-Q2.csv',
    '2026/27-Q2.csv',
  ])('reads %s as no return', (name) => {
    expect(parseReturnFileName(name)).toBeUndefined();
  });

  it('takes a quarter in a web address as 2026-27-Q2 or as its own name, and refuses anything else quoting it', () => {
    expect(quarterOfStem('2026-27-Q2')).toBe('2026/27-Q2');
    expect(quarterOfStem('2026/27-Q2')).toBe('2026/27-Q2');
    expect(() => quarterOfStem('2026-Q2')).toThrow(InvalidQuarterError);
    expect(() => quarterOfStem('2026-Q2')).toThrow(/"2026-Q2"/);
  });
});
