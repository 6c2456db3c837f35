import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  bankHolidaysFromLibrary,
  FIRST_YEAR,
  LAST_YEAR,
  TABLE_PATH,
  tableSource,
} from '../../../../scripts/bank-holidays.ts';
import { BANK_HOLIDAYS_BY_YEAR } from '../../../../shared/domain/bank-holidays.generated.ts';
import { bankHolidaysIn, isWorkingDay, nthWorkingDayAfter } from '../../../../shared/domain/calendar.ts';

// The functions read bank holidays from a table written from date-holidays (scripts/bank-holidays.ts).
// These fail when the table is edited by hand or date-holidays is upgraded without running
// `npm run bank-holidays` again.
describe('the bank-holiday table is what date-holidays says', () => {
  it('is byte for byte what the script writes from the installed date-holidays', () => {
    expect(readFileSync(TABLE_PATH, 'utf8')).toBe(tableSource());
  });

  it(`gives date-holidays' England & Wales public holidays for every year ${FIRST_YEAR}–${LAST_YEAR}`, () => {
    for (let year = FIRST_YEAR; year <= LAST_YEAR; year += 1) {
      expect(bankHolidaysIn(year), String(year)).toEqual(bankHolidaysFromLibrary(year));
    }
  });

  it('holds the one-off holidays the library knows (2022 jubilee and state funeral, 2023 coronation)', () => {
    expect(bankHolidaysIn(2022)).toEqual(expect.arrayContaining(['2022-06-02', '2022-06-03', '2022-09-19']));
    expect(bankHolidaysIn(2023)).toContain('2023-05-08');
    expect(isWorkingDay('2023-05-08')).toBe(false);
  });

  it('refuses a date beyond the table rather than treating it as having no bank holidays', () => {
    expect(Object.keys(BANK_HOLIDAYS_BY_YEAR)).toHaveLength(LAST_YEAR - FIRST_YEAR + 1);
    expect(() => bankHolidaysIn(LAST_YEAR + 1)).toThrow(
      `bank holidays are known for ${FIRST_YEAR} to ${LAST_YEAR} only (got a date in ${LAST_YEAR + 1})`,
    );
    expect(() => isWorkingDay('1999-12-31')).toThrow('bank holidays are known for 2000 to 2100 only');
    expect(() => nthWorkingDayAfter(`${LAST_YEAR}-12-30`, 3)).toThrow(`got a date in ${LAST_YEAR + 1}`);
  });
});
