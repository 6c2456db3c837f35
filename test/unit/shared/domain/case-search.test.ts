import { describe, expect, it } from 'vitest';
import { caseIdFor } from '../../../../shared/domain/case.ts';
import {
  answerSearch,
  caseReferenceOf,
  MOST_EXAMINED,
  phoneTermOf,
  planSearch,
  postcodeForSearch,
  readSearchForm,
  type SearchCandidate,
  type SearchReads,
  searchAuditCode,
  searchTermsOf,
  surnameForSearch,
} from '../../../../shared/domain/case-search.ts';
import { aValidatedReferral } from '../../../fixtures/referrals.ts';

const TODAY = '2026-12-15';

describe('search values', () => {
  it('folds a surname: accents, case, spaces, hyphens, apostrophes and full stops do not matter', () => {
    const same = ["O'Brien", 'o brien', 'OBRIEN', 'O’Brien', 'Ó Brien', ' o.brien '].map(surnameForSearch);
    expect(new Set(same)).toEqual(new Set(['obrien']));
    expect(surnameForSearch('Smith-Jones')).toBe(surnameForSearch('Smith Jones'));
    // Letters of every script are kept, so a name in another script is still searchable.
    expect(surnameForSearch('Ωμέγα')).toBe('ωμεγα');
    expect(surnameForSearch("'-.")).toBe('');
  });

  it('reads a postcode without its spaces, in upper case, and refuses what is not a full one', () => {
    expect(postcodeForSearch(' le1 1zz ')).toBe('LE11ZZ');
    expect(postcodeForSearch('LE11ZZ')).toBe('LE11ZZ');
    expect(postcodeForSearch('LE1')).toBeUndefined();
    expect(postcodeForSearch('not a postcode')).toBeUndefined();
  });

  it("reads a case reference as Crockford's base-32 is read: dashes, spaces, case and the VF are optional", () => {
    const id = caseIdFor('police', 'LP-0000001');
    const code = id.slice(3).replace('-', '');
    for (const typed of [id, id.toLowerCase(), `VF${code}`, code, `vf ${code.slice(0, 5)} ${code.slice(5)}`])
      expect(caseReferenceOf(typed), typed).toBe(id);
    // O is read as 0, I and L as 1.
    expect(caseReferenceOf('VF-O0OOO-ILIL1')).toBe('VF-00000-11111');
    expect(caseReferenceOf('VF-12345')).toBeUndefined();
    expect(caseReferenceOf('VF-UUUUU-UUUUU')).toBeUndefined();
    expect(caseReferenceOf('')).toBeUndefined();
  });
});

describe('the search terms of a case', () => {
  it('holds a hash per kind, never a value typed or stored', () => {
    const terms = searchTermsOf(aValidatedReferral('LP-0000001'));

    expect(terms.map((t) => t.kind)).toEqual(['crime', 'surname', 'surname-dob', 'dob', 'postcode', 'phone']);
    for (const term of terms) expect(term.hash).toMatch(/^[0-9a-f]{64}$/);
    const text = JSON.stringify(terms);
    for (const value of ['Example', 'example', '1980-03-05', 'LE1', 'LP-0000001', '7700900001'])
      expect(text).not.toContain(value);
  });

  it('leaves out what the referral does not have', () => {
    const terms = searchTermsOf(
      aValidatedReferral('LP-0000001', {}, { dateOfBirth: undefined, address: undefined }),
    );
    expect(terms.map((t) => t.kind)).toEqual(['crime', 'surname', 'phone']);
  });

  it("keeps each of the victim's numbers once, as the 0800 line looks a caller's number up", () => {
    const terms = searchTermsOf(
      aValidatedReferral('LP-0000001', {}, { phones: { mobile: '07700 900036', home: '07700900036' } }),
    );
    expect(terms.filter((t) => t.kind === 'phone')).toEqual([phoneTermOf('+447700900036')]);
    const none = searchTermsOf(aValidatedReferral('LP-0000001', { contactMethod: 'post' }, { phones: {} }));
    expect(none.map((t) => t.kind)).not.toContain('phone');
  });

  it('gives the same terms for the same values however they were written', () => {
    const a = searchTermsOf(aValidatedReferral('LP-0000001', {}, { surname: "O'Brien" }));
    const b = searchTermsOf(aValidatedReferral('lp-0000001', {}, { surname: 'OBRIEN' }));
    expect(a).toEqual(b);
  });
});

describe('planning a search', () => {
  const kinds = (query: Parameters<typeof planSearch>[0]) => {
    const plan = planSearch(query);
    return plan && { from: plan.from.map((t) => t.kind), filters: plan.filters.map((f) => f[0]?.kind) };
  };

  it('leads with the most selective key and narrows by the rest', () => {
    expect(kinds({ surname: 'Example' })).toEqual({ from: ['surname'], filters: [] });
    expect(kinds({ surname: 'Example', dateOfBirth: '1980-03-05' })).toEqual({
      from: ['surname-dob'],
      filters: [],
    });
    expect(kinds({ dateOfBirth: '1980-03-05' })).toEqual({ from: ['dob'], filters: [] });
    expect(kinds({ postcode: 'LE1 1ZZ', surname: 'Example' })).toEqual({
      from: ['postcode'],
      filters: ['surname'],
    });
    expect(kinds({ postcode: 'LE1 1ZZ', dateOfBirth: '1980-03-05' })).toEqual({
      from: ['postcode'],
      filters: ['dob'],
    });
    expect(kinds({ crimeReference: 'LP-1', surname: 'Example' })).toEqual({
      from: ['crime', 'crime', 'crime', 'crime'],
      filters: ['surname'],
    });
    expect(kinds({})).toBeUndefined();
  });

  it('looks a case reference up directly, narrowed by anything else given', () => {
    expect(planSearch({ caseId: 'VF-00000-11111' })).toEqual({
      caseId: 'VF-00000-11111',
      from: [],
      filters: [],
    });
    expect(planSearch({ caseId: 'VF-00000-11111', surname: 'Example' })?.filters).toHaveLength(1);
  });

  it('names the fields used in its audit code, never their values', () => {
    expect(searchAuditCode({ surname: 'Example', dateOfBirth: '1980-03-05' })).toBe('search:surname:dob');
    const everything = searchAuditCode({
      caseId: 'VF-00000-11111',
      crimeReference: 'LP-1',
      surname: 'Example',
      dateOfBirth: '1980-03-05',
      postcode: 'LE1 1ZZ',
    });
    expect(everything).toBe('search:case-reference:crime-reference:surname:dob:postcode');
    expect(everything.length).toBeLessThanOrEqual(60);
  });
});

describe('reading the search form', () => {
  it('is not a search when the page is opened without one', () => {
    expect(readSearchForm({}, TODAY)).toEqual({ asked: false });
  });

  it('reads what was typed into a search', () => {
    const read = readSearchForm(
      {
        caseReference: '',
        crimeReference: ' LP-0000001 ',
        surname: 'Example',
        'dateOfBirth-day': '5',
        'dateOfBirth-month': '3',
        'dateOfBirth-year': '1980',
        postcode: 'le1 1zz',
      },
      TODAY,
    );
    expect(read).toEqual({
      asked: true,
      query: {
        crimeReference: 'LP-0000001',
        surname: 'Example',
        dateOfBirth: '1980-03-05',
        postcode: 'le1 1zz',
      },
    });
  });

  it('asks for something to search by when every field is empty', () => {
    const read = readSearchForm({ caseReference: '', surname: ' ', postcode: '' }, TODAY);
    expect(read).toEqual({
      asked: true,
      problems: [
        {
          field: 'caseReference',
          href: 'caseReference',
          text: 'Enter a case reference, crime reference, surname, date of birth or postcode',
        },
      ],
    });
  });

  it('names each field that is wrong, and each part of a date at fault', () => {
    const problems = (form: Record<string, string>) => {
      const read = readSearchForm(form, TODAY);
      return 'problems' in read ? read.problems.map((p) => `${p.href}: ${p.text}`) : [];
    };
    expect(
      problems({ caseReference: 'VF-123', crimeReference: 'LP 1', surname: "'", postcode: 'LE1' }),
    ).toEqual([
      'caseReference: Case reference must be VF followed by 10 letters and numbers, like VF-7K2QX-9MBR4',
      'crimeReference: Crime reference must only include letters, numbers and * / _ . -',
      'surname: Surname must include a letter',
      'postcode: Enter a full UK postcode, like LE1 1ZZ',
    ]);
    const date = (day: string, month: string, year: string) =>
      problems({ 'dateOfBirth-day': day, 'dateOfBirth-month': month, 'dateOfBirth-year': year });
    expect(date('', '', '1980')).toEqual(['dateOfBirth-day: Date of birth must include a day and month']);
    expect(date('5', '3', '80')).toEqual(['dateOfBirth-year: Year must include 4 numbers']);
    expect(date('31', '2', '1980')).toEqual(['dateOfBirth-day: Date of birth must be a real date']);
    expect(date('5', 'March', '1980')).toEqual(['dateOfBirth-month: Date of birth must be a real date']);
    expect(date('16', '12', '2026')).toEqual(['dateOfBirth-day: Date of birth must be in the past']);
    const read = readSearchForm(
      { 'dateOfBirth-day': '5', 'dateOfBirth-month': '', 'dateOfBirth-year': '' },
      TODAY,
    );
    expect('problems' in read && read.problems[0]?.parts).toEqual(['month', 'year']);
  });
});

describe('answering a search', () => {
  /** Reads over lists of candidates: each term's cases, newest first. */
  function reads(under: Record<string, SearchCandidate[]>, calls = { pages: 0, checks: 0 }): SearchReads {
    return {
      direct: async (caseId) => ({ caseId, order: `2026-12-15T10:00:00.000Z#${caseId}` }),
      candidates: async function* (terms, pageSize) {
        const all = terms.flatMap((t) => under[t.kind] ?? []);
        for (let i = 0; i < all.length; i += pageSize) {
          calls.pages++;
          yield all.slice(i, i + pageSize);
        }
      },
      has: async (terms, candidate) => {
        calls.checks++;
        return terms.some((t) => (under[t.kind] ?? []).some((c) => c.caseId === candidate.caseId));
      },
    };
  }
  const cases = (prefix: string, n: number) =>
    Array.from({ length: n }, (_, i) => ({
      caseId: `${prefix}${i}`,
      order: `${String(n - i).padStart(6, '0')}`,
    }));

  it('stops at one more than the limit and says there were more', async () => {
    const calls = { pages: 0, checks: 0 };
    const found = await answerSearch({ surname: 'Example' }, 50, reads({ surname: cases('s', 500) }, calls));
    expect(found.caseIds).toHaveLength(50);
    expect(found.more).toBe(true);
    expect(calls.pages).toBe(1);
    expect((await answerSearch({ surname: 'Example' }, 50, reads({ surname: cases('s', 50) }))).more).toBe(
      false,
    );
  });

  it('keeps only the candidates every filter has', async () => {
    const found = await answerSearch(
      { postcode: 'LE1 1ZZ', surname: 'Example' },
      50,
      reads({ postcode: cases('p', 5), surname: [{ caseId: 'p3', order: 'x' }] }),
    );
    expect(found).toEqual({ caseIds: ['p3'], more: false });
  });

  it('stops narrowing a very common key after examining its most, saying there may be more', async () => {
    const calls = { pages: 0, checks: 0 };
    const found = await answerSearch(
      { postcode: 'LE1 1ZZ', surname: 'Example' },
      50,
      reads({ postcode: cases('p', MOST_EXAMINED + 500), surname: [] }, calls),
    );
    expect(found).toEqual({ caseIds: [], more: true });
    expect(calls.checks).toBe(MOST_EXAMINED);
    // Exactly the most, all examined: nothing more to say.
    const all = await answerSearch(
      { postcode: 'LE1 1ZZ', surname: 'Example' },
      50,
      reads({ postcode: cases('p', MOST_EXAMINED), surname: [] }),
    );
    expect(all).toEqual({ caseIds: [], more: false });
  });

  it('finds nothing without something to search by, and refuses a limit out of range', async () => {
    expect(await answerSearch({}, 50, reads({}))).toEqual({ caseIds: [], more: false });
    await expect(answerSearch({ surname: 'Example' }, 0, reads({}))).rejects.toBeInstanceOf(RangeError);
    await expect(answerSearch({ surname: 'Example' }, 201, reads({}))).rejects.toBeInstanceOf(RangeError);
  });
});
