import { DateTime } from 'luxon';
import { localDateOf, SERVICE_TIME_ZONE } from '../../shared/domain/calendar.ts';
import type { Case } from '../../shared/domain/case.ts';
import {
  type CaseSearchQuery,
  readSearchForm,
  SEARCH_RESULTS_SHOWN,
  type SearchProblem,
  searchAuditCode,
} from '../../shared/domain/case-search.ts';
import type { Permission } from '../../shared/domain/roles.ts';
import type { CaseSearch } from '../../shared/ports/case-search.ts';
import type { CaseStore } from '../../shared/ports/case-store.ts';
import type { Clock } from '../../shared/ports/clock.ts';
import type { SupportStore } from '../../shared/ports/support-store.ts';
import type { WebResponse } from '../http.ts';
import type { PageKit, SignedInContext } from './page-kit.ts';

/** Who may find a case: the people who open cases, caseworkers and team leaders. */
export const CASE_FINDERS: Permission = 'cases:read';

/** What the search page needs: the search keys, each case found and whether it is closed, and the time. */
export interface FindACaseDeps {
  readonly caseSearch: CaseSearch;
  readonly store: Pick<CaseStore, 'getCase'>;
  readonly support: Pick<SupportStore, 'getSupport'>;
  readonly clock: Clock;
  /** Notes a search that found nothing (no case's audit holds it): who, when and which fields, no values. */
  readonly log?: (message: string, detail: Readonly<Record<string, string>>) => void;
}

/** The form's fields as the page shows them back (what was typed, the date in its three parts). */
const SHOWN_BACK = [
  'caseReference',
  'crimeReference',
  'surname',
  'dateOfBirth-day',
  'dateOfBirth-month',
  'dateOfBirth-year',
  'postcode',
] as const;

/** Every field of the form, empty: what a post leaves out counts as not filled in. */
const EMPTY_FORM: Readonly<Record<string, string>> = Object.fromEntries(SHOWN_BACK.map((name) => [name, '']));

/** The search page with nothing entered. */
const emptyPage = () => ({
  title: 'Find a case',
  values: EMPTY_FORM as Record<string, string>,
  errors: {} as Record<string, string>,
  dateParts: {},
});

/** A date of birth (YYYY-MM-DD) as a person reads it: "5 March 1980". */
const birthDate = (iso: string | undefined) =>
  iso ? DateTime.fromISO(iso, { zone: 'utc' }).toFormat('d MMMM yyyy') : 'Not known';

/** The day a case was received, in Leicester: "15 Dec 2026". */
const receivedDate = (at: Date) =>
  DateTime.fromJSDate(at, { zone: SERVICE_TIME_ZONE }).toFormat('d MMM yyyy');

/**
 * Finding a case (docs/web-app.md, "Find a case"): the form, and when it is posted the cases that match,
 * newest received first, at most 50. The search is posted, never sent in the address, so no victim's name
 * or date of birth is kept in the browser's history or in a log of URLs; the results answer the post
 * itself (no redirect carrying the values). Each case a search returns is audited on that case as
 * `searched`, with which fields were used (never what was typed), so every victim's audit shows who found
 * them; a search that finds nothing is noted in the log instead.
 */
export function createFindACasePage(kit: PageKit, deps: FindACaseDeps) {
  /** The empty form; anything in the address is ignored. */
  async function findPage(ctx: SignedInContext): Promise<WebResponse> {
    return kit.render(ctx, 'find-a-case', emptyPage());
  }

  /** A posted search: its results (200), or the form with what is wrong (400). */
  async function search(ctx: SignedInContext): Promise<WebResponse> {
    // A post is always a search: a field not sent is one left empty.
    const form = { ...EMPTY_FORM, ...ctx.request.form };
    const now = deps.clock.now();
    const read = readSearchForm(form, localDateOf(now));
    const values = Object.fromEntries(SHOWN_BACK.map((name) => [name, form[name] ?? '']));
    const page = { ...emptyPage(), values };
    if (!read.asked) return kit.render(ctx, 'find-a-case', page);
    if ('problems' in read) return kit.render(ctx, 'find-a-case', withProblems(page, read.problems), 400);

    const found = await deps.caseSearch.find(read.query, { limit: SEARCH_RESULTS_SHOWN });
    const rows = await Promise.all(found.caseIds.map((caseId) => rowOf(caseId)));
    const shown = rows.filter((row) => row !== undefined);
    const what = searchAuditCode(read.query);
    if (shown.length > 0) await Promise.all(shown.map((row) => kit.audit(ctx, row.caseId, 'searched', what)));
    else noteNothingFound(ctx, read.query, now);
    return kit.render(ctx, 'find-a-case', {
      ...page,
      searched: true,
      rows: shown,
      more: found.more,
      limit: SEARCH_RESULTS_SHOWN,
    });
  }

  async function rowOf(caseId: string) {
    const [opened, support] = await Promise.all([
      deps.store.getCase(caseId),
      deps.support.getSupport(caseId),
    ]);
    return opened ? resultRow(opened, support.closed !== undefined) : undefined;
  }

  function noteNothingFound(ctx: SignedInContext, query: CaseSearchQuery, at: Date) {
    deps.log?.('case search found nothing', {
      user: ctx.session.user,
      role: ctx.session.roles.join('+'),
      what: searchAuditCode(query),
      at: at.toISOString(),
      requestId: ctx.request.requestId,
    });
  }

  return { findPage, search };
}

/** One case as the results table shows it. */
function resultRow(opened: Case, closed: boolean) {
  const { victim, receivedAt } = opened.referral;
  return {
    caseId: opened.caseId,
    href: `/cases/${encodeURIComponent(opened.caseId)}`,
    name: `${victim.forename} ${victim.surname}`,
    dateOfBirth: birthDate(victim.dateOfBirth),
    postcode: victim.address?.postcode ?? 'Not known',
    received: receivedDate(receivedAt),
    closed,
  };
}

/** The page with each field's problem beside it and in the error summary. */
function withProblems<T extends { errors: Record<string, string> }>(
  page: T,
  problems: readonly SearchProblem[],
): T & { errorSummary: Array<{ text: string; href: string }> } {
  return {
    ...page,
    errors: Object.fromEntries(problems.map((p) => [p.field, p.text])),
    // Each part of the date at fault is marked too (GOV.UK's date input).
    dateParts: Object.fromEntries(
      (problems.find((p) => p.field === 'dateOfBirth')?.parts ?? []).map((part) => [part, true]),
    ),
    errorSummary: problems.map((p) => ({ text: p.text, href: `#${p.href}` })),
  };
}
