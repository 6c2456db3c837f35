import { createHash } from 'node:crypto';
import * as postcodes from 'postcode';
import type { Referral } from './referral.ts';
import { REFERRAL_SOURCES } from './referral-codes.ts';

// Finding a case (docs/web-app.md, "Find a case"): what a case can be found by, the hashed search terms
// kept for it (docs/data-model.md, search keys), and how a search is read and answered. Pure: the stores
// (shared/ports/case-search.ts) read and write the terms.

/** The kinds of search key a case has: each holds a hash of a normalised value, never the value. */
export const SEARCH_KINDS = ['surname', 'surname-dob', 'dob', 'postcode', 'crime', 'phone'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

/** One search key of a case: its kind and the SHA-256 (hex) of the normalised value. */
export interface SearchTerm {
  readonly kind: SearchKind;
  readonly hash: string;
}

/**
 * A search as the stores answer it: every value given must match. Values as a person typed them (the
 * stores normalise them the way the keys were written); a date of birth as YYYY-MM-DD, a case reference
 * as `caseReferenceOf` gives it.
 */
export interface CaseSearchQuery {
  readonly caseId?: string;
  readonly crimeReference?: string;
  readonly surname?: string;
  readonly dateOfBirth?: string;
  readonly postcode?: string;
}

/** The most results a search page shows (docs/web-app.md). */
export const SEARCH_RESULTS_SHOWN = 50;

/**
 * How many candidates a search that narrows one key by another (a postcode with a surname) examines
 * before it stops and says there may be more: a postcode shared by hundreds of cases (a hostel, a police
 * station given as an address) is answered quickly, asking for more detail.
 */
export const MOST_EXAMINED = 1000;

const hashOf = (kind: SearchKind, value: string): SearchTerm => ({
  kind,
  hash: createHash('sha256').update(`find-v1|${kind}|${value}`).digest('hex'),
});

/**
 * A surname as it is searched: accents and case folded, and every space, hyphen, apostrophe and full stop
 * dropped, so "O'Brien", "o brien" and "OBRIEN" are the same; letters of every script are kept.
 */
export const surnameForSearch = (surname: string): string =>
  surname
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');

/** A full UK postcode as it is searched, upper case without spaces (`LE11ZZ`); undefined if it is not one. */
export function postcodeForSearch(postcode: string): string | undefined {
  const trimmed = postcode.trim();
  if (!postcodes.isValid(trimmed)) return undefined;
  return (postcodes.toNormalised(trimmed) ?? trimmed).replace(/\s+/g, '').toUpperCase();
}

/** A crime (or other referral) reference as it is searched: trimmed, upper case, as the referral key holds it. */
export const crimeReferenceForSearch = (reference: string): string => reference.trim().toUpperCase();

/** The search terms a referral's case is kept under: one per kind whose values the referral has. */
export function searchTermsOf(
  referral: Pick<Referral, 'source' | 'externalReference' | 'victim'>,
): SearchTerm[] {
  const { victim } = referral;
  // Each of the victim's numbers once (the 0800 line finds a caller's case by the number they call from).
  const phones = new Set(
    [victim.phones.home, victim.phones.mobile, victim.phones.work].flatMap((p) => (p ? [p.e164] : [])),
  );
  const surname = surnameForSearch(victim.surname);
  const dob = victim.dateOfBirth;
  const postcode = victim.address ? postcodeForSearch(victim.address.postcode) : undefined;
  return [
    hashOf('crime', `${referral.source}|${crimeReferenceForSearch(referral.externalReference)}`),
    ...(surname ? [hashOf('surname', surname)] : []),
    ...(surname && dob ? [hashOf('surname-dob', `${surname}|${dob}`)] : []),
    ...(dob ? [hashOf('dob', dob)] : []),
    ...(postcode ? [hashOf('postcode', postcode)] : []),
    ...[...phones].map(phoneTermOf),
  ];
}

/**
 * The search key of a telephone number in E.164 form (`+447700900036`): the 0800 line's look-up of the
 * caller's number (shared/ports/case-search.ts, casesByPhone). Not offered on the Find a case page.
 */
export const phoneTermOf = (e164: string): SearchTerm => hashOf('phone', e164);

/**
 * How a search is answered: the case looked up directly by reference, or the key partitions read for
 * candidates (newest first; a candidate under any of them), each candidate then kept only if it is under
 * one of the terms of every filter.
 */
export interface SearchPlan {
  readonly caseId?: string;
  readonly from: readonly SearchTerm[];
  readonly filters: ReadonlyArray<readonly SearchTerm[]>;
}

/**
 * The plan for a search, or undefined when it has nothing to search by (a plan with nothing to read when
 * a value given cannot be searched: it matches no case). The most selective key leads (the
 * case reference, the crime reference, surname with date of birth, the postcode, the date of birth, the
 * surname), and whatever else was given narrows it.
 */
export function planSearch(query: CaseSearchQuery): SearchPlan | undefined {
  const surname = query.surname === undefined ? '' : surnameForSearch(query.surname);
  const dob = query.dateOfBirth;
  const postcode = query.postcode === undefined ? undefined : postcodeForSearch(query.postcode);
  const crime = query.crimeReference === undefined ? '' : crimeReferenceForSearch(query.crimeReference);
  // A value given that cannot be searched (a partial postcode, a surname of punctuation) matches no case:
  // leaving it out would find more than was asked for.
  const unusable =
    (query.surname !== undefined && !surname) ||
    (query.postcode !== undefined && !postcode) ||
    (query.crimeReference !== undefined && !crime) ||
    (query.dateOfBirth !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(query.dateOfBirth));
  if (unusable) return { from: [], filters: [] };
  // Each criterion: the terms any one of which a matching case is kept under. A crime reference is
  // searched under every source's referrals, since the person asking may not know who referred.
  const criteria: SearchTerm[][] = [];
  if (crime) criteria.push(REFERRAL_SOURCES.map((source) => hashOf('crime', `${source}|${crime}`)));
  if (surname && dob) criteria.push([hashOf('surname-dob', `${surname}|${dob}`)]);
  else {
    if (dob) criteria.push([hashOf('dob', dob)]);
    if (surname) criteria.push([hashOf('surname', surname)]);
  }
  if (postcode) criteria.push([hashOf('postcode', postcode)]);
  if (query.caseId) return { caseId: query.caseId, from: [], filters: criteria };
  const order = (terms: readonly SearchTerm[]) =>
    ['crime', 'surname-dob', 'postcode', 'dob', 'surname'].indexOf(terms[0]?.kind ?? '');
  const [lead, ...filters] = criteria.sort((a, b) => order(a) - order(b));
  return lead ? { from: lead, filters } : undefined;
}

/** The fields of the search form, in the order the page and its audit code name them. */
export const SEARCH_FIELDS = [
  'caseReference',
  'crimeReference',
  'surname',
  'dateOfBirth',
  'postcode',
] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];

const FIELD_CODES: Readonly<Record<SearchField, string>> = {
  caseReference: 'case-reference',
  crimeReference: 'crime-reference',
  surname: 'surname',
  dateOfBirth: 'dob',
  postcode: 'postcode',
};

/**
 * The audit code of a search: which fields were used, never their values (`search:surname:dob`).
 * At most 57 characters, within the audit log's 60.
 */
export function searchAuditCode(query: CaseSearchQuery): string {
  const used: Record<SearchField, boolean> = {
    caseReference: query.caseId !== undefined,
    crimeReference: query.crimeReference !== undefined,
    surname: query.surname !== undefined,
    dateOfBirth: query.dateOfBirth !== undefined,
    postcode: query.postcode !== undefined,
  };
  return ['search', ...SEARCH_FIELDS.filter((field) => used[field]).map((f) => FIELD_CODES[f])].join(':');
}

// Crockford base-32, as caseIdFor writes a case reference (shared/domain/case.ts).
const CROCKFORD = /^[0-9A-HJKMNP-TV-Z]{10}$/;

/**
 * A case reference as typed, read as Crockford's base-32 is read: case, spaces and dashes do not matter,
 * the `VF` may be left off, and O is read as 0, I and L as 1. The reference (`VF-XXXXX-XXXXX`), or
 * undefined when it cannot be one.
 */
export function caseReferenceOf(typed: string): string | undefined {
  let code = typed.toUpperCase().replace(/[\s-]+/g, '');
  if (code.length === 12 && code.startsWith('VF')) code = code.slice(2);
  code = code.replace(/O/g, '0').replace(/[IL]/g, '1');
  if (!CROCKFORD.test(code)) return undefined;
  return `VF-${code.slice(0, 5)}-${code.slice(5)}`;
}

// A referral's reference, as intake accepts it (shared/domain/referral.ts).
const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9*/_.-]*$/;

/** What was typed in the search form, each field as sent (the date of birth in its three parts). */
export type SearchForm = Readonly<Record<string, string | undefined>>;

/** A problem with one field of the search form: the element to link to and what to do. */
export interface SearchProblem {
  readonly field: SearchField;
  /** The element the error summary links to (`dateOfBirth-day` for the date's first part at fault). */
  readonly href: string;
  readonly text: string;
  /** For the date of birth, the parts at fault (GOV.UK's date input marks each). */
  readonly parts?: ReadonlyArray<'day' | 'month' | 'year'>;
}

/**
 * Reads the search form: nothing asked (the page opened without a search), a search, or the problems with
 * it, each naming its field. `today` is the local date (YYYY-MM-DD) a date of birth must be before.
 */
export function readSearchForm(
  form: SearchForm,
  today: string,
):
  | { readonly asked: false }
  | { readonly asked: true; readonly query: CaseSearchQuery }
  | { readonly asked: true; readonly problems: readonly SearchProblem[] } {
  const parts = ['caseReference', 'crimeReference', 'surname', 'postcode'].concat(
    ['day', 'month', 'year'].map((part) => `dateOfBirth-${part}`),
  );
  if (!parts.some((name) => form[name] !== undefined)) return { asked: false };
  // Long enough for anything real, short enough that nothing pathological is worked on.
  const value = (name: string) => (form[name] ?? '').slice(0, 200).trim();
  const problems: SearchProblem[] = [];
  const problem = (field: SearchField, text: string) => problems.push({ field, href: field, text });
  const query: Record<string, string> = {};

  const caseReference = value('caseReference');
  if (caseReference) {
    const caseId = caseReferenceOf(caseReference);
    if (caseId) query.caseId = caseId;
    else
      problem(
        'caseReference',
        'Case reference must be VF followed by 10 letters and numbers, like VF-7K2QX-9MBR4',
      );
  }

  const crime = value('crimeReference');
  if (crime) {
    if (crime.length > 64) problem('crimeReference', 'Crime reference must be 64 characters or fewer');
    else if (!REFERENCE.test(crime))
      problem('crimeReference', 'Crime reference must only include letters, numbers and * / _ . -');
    else query.crimeReference = crime;
  }

  const surname = value('surname');
  if (surname) {
    if (surname.length > 100) problem('surname', 'Surname must be 100 characters or fewer');
    else if (!surnameForSearch(surname)) problem('surname', 'Surname must include a letter');
    else query.surname = surname;
  }

  const dob = dateOfBirthOf(value('dateOfBirth-day'), value('dateOfBirth-month'), value('dateOfBirth-year'));
  const wholeDate = ['day', 'month', 'year'] as const;
  const dateProblem = (text: string, parts: ReadonlyArray<'day' | 'month' | 'year'>) =>
    problems.push({ field: 'dateOfBirth', href: `dateOfBirth-${parts[0]}`, text, parts });
  if (dob && 'problem' in dob) dateProblem(dob.problem, dob.parts);
  else if (dob && dob.date >= today) dateProblem('Date of birth must be in the past', wholeDate);
  else if (dob) query.dateOfBirth = dob.date;

  const postcode = value('postcode');
  if (postcode) {
    if (postcodeForSearch(postcode)) query.postcode = postcode;
    else problem('postcode', 'Enter a full UK postcode, like LE1 1ZZ');
  }

  if (problems.length > 0) return { asked: true, problems };
  if (Object.keys(query).length === 0)
    return {
      asked: true,
      problems: [
        {
          field: 'caseReference',
          href: 'caseReference',
          text: 'Enter a case reference, crime reference, surname, date of birth or postcode',
        },
      ],
    };
  return { asked: true, query };
}

/** The date of birth from its three parts: none given, the date (YYYY-MM-DD), or what is wrong and where. */
function dateOfBirthOf(
  day: string,
  month: string,
  year: string,
):
  | undefined
  | { readonly date: string }
  | { readonly problem: string; readonly parts: ReadonlyArray<'day' | 'month' | 'year'> } {
  if (!day && !month && !year) return undefined;
  const missing = (['day', 'month', 'year'] as const).filter((_, i) => ![day, month, year][i]);
  if (missing.length > 0)
    return { problem: `Date of birth must include a ${missing.join(' and ')}`, parts: missing };
  const notNumbers = (['day', 'month'] as const).filter((_, i) => !/^\d{1,2}$/.test([day, month][i] ?? ''));
  if (notNumbers.length > 0) return { problem: 'Date of birth must be a real date', parts: notNumbers };
  if (!/^\d{4}$/.test(year)) return { problem: 'Year must include 4 numbers', parts: ['year'] };
  const [d, m, y] = [Number(day), Number(month), Number(year)];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d || y < 1900)
    return { problem: 'Date of birth must be a real date', parts: ['day', 'month', 'year'] };
  return { date: `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}` };
}

/** A search's limit as the stores take it: a whole number from 1 to 200, else a RangeError. */
export function searchLimitOf(limit: number): number {
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > 200)
    throw new RangeError('a search limit must be a whole number from 1 to 200');
  return limit;
}

/**
 * The order search keys are listed in, newest received first: by when the case was received (UTC ISO),
 * then its reference, as the table sorts `<receivedAt>#<caseId>`.
 */
export const searchOrderOf = (receivedAt: string, caseId: string): string => `${receivedAt}#${caseId}`;

/** What a search found: the matching cases, newest received first, and whether more matched than shown. */
export interface CaseSearchResult {
  readonly caseIds: string[];
  /** More cases matched than the limit (or than a narrowed search examines): the person should narrow it. */
  readonly more: boolean;
}

/** A case a search key lists: its reference and its place in the newest-first order (`searchOrderOf`). */
export interface SearchCandidate {
  readonly caseId: string;
  readonly order: string;
}

/** The reads a store answers a search with; `answerSearch` is the rest, the same for every store. */
export interface SearchReads {
  /** The case with this reference, if there is one. */
  direct(caseId: string): Promise<SearchCandidate | undefined>;
  /** The cases under any of the terms, newest first, a page (of about `pageSize`) at a time. */
  candidates(terms: readonly SearchTerm[], pageSize: number): AsyncIterable<readonly SearchCandidate[]>;
  /** Whether the case is under any of the terms. */
  has(terms: readonly SearchTerm[], candidate: SearchCandidate): Promise<boolean>;
}

// Filters are checked this many candidates at a time (one read per candidate and filter).
const CHECKED_TOGETHER = 25;

/**
 * Answers a search from a store's reads (`planSearch`): the lead key's cases newest first, each kept if
 * every filter has it, until one more than the limit is found (so `more` is known) or, narrowing, until
 * `MOST_EXAMINED` candidates have been looked at.
 */
export async function answerSearch(
  query: CaseSearchQuery,
  limit: number,
  reads: SearchReads,
): Promise<CaseSearchResult> {
  const wanted = searchLimitOf(limit) + 1;
  const plan = planSearch(query);
  if (!plan) return { caseIds: [], more: false };
  const found: string[] = [];
  const keep = async (batch: readonly SearchCandidate[]) => {
    const passes = await Promise.all(
      batch.map(async (candidate) =>
        (await Promise.all(plan.filters.map((terms) => reads.has(terms, candidate)))).every(Boolean),
      ),
    );
    batch.forEach((candidate, i) => {
      if (passes[i] && found.length < wanted) found.push(candidate.caseId);
    });
  };
  if (plan.caseId !== undefined) {
    const candidate = await reads.direct(plan.caseId);
    if (candidate) await keep([candidate]);
    return { caseIds: found, more: false };
  }
  let examined = 0;
  const pageSize = plan.filters.length > 0 ? 100 : wanted;
  for await (const page of reads.candidates(plan.from, pageSize)) {
    for (let i = 0; i < page.length && found.length < wanted; i += CHECKED_TOGETHER) {
      if (plan.filters.length > 0 && examined >= MOST_EXAMINED) return { caseIds: found, more: true };
      const batch = page.slice(i, i + CHECKED_TOGETHER);
      examined += batch.length;
      await keep(batch);
    }
    if (found.length >= wanted) break;
  }
  return { caseIds: found.slice(0, limit), more: found.length > limit };
}
