import { describe, expect, it } from 'vitest';
import { InvalidDownloadError } from '../../../../../shared/domain/intake/police-download.ts';
import { parsePoliceSurvey } from '../../../../../shared/domain/intake/police-survey.ts';

const TODAY = '2026-12-15';
const HEADER = 'reference,surveyed_on,coped_and_recovered,satisfied';

describe('the police survey file', () => {
  it('reads case and crime references, UK and ISO dates, Y/N/blank answers, with a BOM and CRLF', () => {
    const rows = parsePoliceSurvey(
      `\uFEFF${HEADER}\r\nVF-ABCDE-12345,18/12/2025,Y,\r\nlp-0000001,2026-12-15,no,Yes\r\n\r\n`,
      TODAY,
    );
    expect(rows).toEqual([
      {
        row: 2,
        kind: 'answers',
        reference: { caseId: 'VF-ABCDE-12345' },
        surveyedOn: '2025-12-18',
        copedAndRecovered: true,
      },
      {
        row: 3,
        kind: 'answers',
        reference: { crimeReference: 'LP-0000001' },
        surveyedOn: '2026-12-15',
        copedAndRecovered: false,
        satisfied: true,
      },
    ]);
  });

  it('takes the columns in any order', () => {
    const [row] = parsePoliceSurvey(
      'satisfied,reference,coped_and_recovered,surveyed_on\nN,LP-1,,01/12/2026\n',
      TODAY,
    );
    expect(row).toMatchObject({ kind: 'answers', satisfied: false, surveyedOn: '2026-12-01' });
  });

  it('refuses each bad row by its number and column, never echoing what it held, and reads its neighbours', () => {
    const rows = parsePoliceSurvey(
      [
        HEADER,
        ',01/12/2026,Y,Y',
        'Ada Example 07700 900123,01/12/2026,Y,Y',
        'LP-2,16/12/2026,Y,Y',
        'LP-3,30/02/2026,Y,Y',
        'LP-4,01/12/2026,maybe,Y',
        'LP-5,01/12/2026,,',
        'LP-6,01/12/2026,Y',
        'LP-7,01/12/2026,Y,"N',
        'LP-8,01/12/2026,Y,Y',
      ].join('\n'),
      TODAY,
    );
    expect(rows.map((r) => (r.kind === 'rejected' ? [r.row, r.errors] : [r.row, 'answers']))).toEqual([
      [2, [{ field: 'reference', message: 'is required' }]],
      [3, [{ field: 'reference', message: 'must be a case reference (VF-…) or a crime reference' }]],
      [4, [{ field: 'surveyed_on', message: 'must not be in the future' }]],
      [5, [{ field: 'surveyed_on', message: 'must be a date, like 18/12/2026' }]],
      [6, [{ field: 'coped_and_recovered', message: 'must be Y, N or blank' }]],
      [7, [{ field: '(row)', message: 'answers neither coped_and_recovered nor satisfied' }]],
      [8, [{ field: '(row)', message: 'has 3 cells, the header has 4' }]],
      [9, [{ field: '(row)', message: 'cannot be read as CSV' }]],
      [10, 'answers'],
    ]);
    expect(JSON.stringify(rows)).not.toContain('07700');
  });

  it('refuses a file it cannot read at all, naming what is wrong', () => {
    const problem = (content: string) => {
      try {
        parsePoliceSurvey(content, TODAY);
      } catch (error) {
        if (error instanceof InvalidDownloadError) return error.message;
        throw error;
      }
      return 'read';
    };
    expect(problem('')).toBe('file: is empty');
    expect(problem('reference,surveyed_on,satisfied\n')).toBe('header: missing column coped_and_recovered');
    expect(problem(`${HEADER},notes\n`)).toBe('header: unknown column notes');
    expect(problem(`${HEADER},satisfied\n`)).toBe('header: a column appears twice');
    expect(problem(`${HEADER}\n${'LP-1,01/12/2026,Y,Y\n'.repeat(20_001)}`)).toBe(
      'file: has more than 20000 rows',
    );
  });
});
