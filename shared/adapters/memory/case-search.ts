import {
  answerSearch,
  type CaseSearchQuery,
  type CaseSearchResult,
  phoneTermOf,
  type SearchCandidate,
  type SearchTerm,
  searchLimitOf,
  searchOrderOf,
} from '../../domain/case-search.ts';
import type { CaseSearch } from '../../ports/case-search.ts';
import type { InMemoryCaseStore } from './case-store.ts';

/** Keys in the order DynamoDB sorts them, newest first: by their UTF-8 bytes, descending. */
const newestFirst = (a: SearchCandidate, b: SearchCandidate) =>
  Buffer.compare(Buffer.from(b.order), Buffer.from(a.order));

/**
 * Finding a case in memory: the DynamoDB search's twin over the in-memory case store's search keys, held to
 * the same contract (test/contract/case-search.test.ts).
 */
export class InMemoryCaseSearch implements CaseSearch {
  constructor(private readonly store: InMemoryCaseStore) {}

  async find(query: CaseSearchQuery, options: { readonly limit: number }): Promise<CaseSearchResult> {
    const under = (term: SearchTerm) => this.store.searchKeys.get(`${term.kind}#${term.hash}`);
    return answerSearch(query, options.limit, {
      direct: async (caseId) => {
        const opened = await this.store.getCase(caseId);
        return opened
          ? { caseId, order: searchOrderOf(opened.referral.receivedAt.toISOString(), caseId) }
          : undefined;
      },
      candidates: async function* (terms, pageSize) {
        const all = terms
          .flatMap((term) => [...(under(term)?.entries() ?? [])])
          .map(([order, caseId]) => ({ caseId, order }))
          .sort(newestFirst);
        for (let i = 0; i < all.length; i += pageSize) yield all.slice(i, i + pageSize);
      },
      has: async (terms, candidate) => terms.some((term) => under(term)?.has(candidate.order) ?? false),
    });
  }

  async casesByPhone(e164: string, options: { readonly limit: number }): Promise<string[]> {
    const limit = searchLimitOf(options.limit);
    const term = phoneTermOf(e164);
    return [...(this.store.searchKeys.get(`${term.kind}#${term.hash}`)?.entries() ?? [])]
      .map(([order, caseId]) => ({ caseId, order }))
      .sort(newestFirst)
      .slice(0, limit)
      .map((candidate) => candidate.caseId);
  }
}
