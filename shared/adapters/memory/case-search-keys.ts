import { searchOrderOf, searchTermsOf } from '../../domain/case-search.ts';
import {
  decodeRebuildCursor,
  encodeRebuildCursor,
  InvalidRebuildCursorError,
  rebuildPageSizeOf,
  type SearchableCase,
} from '../../domain/search-key-rebuild.ts';
import type { CaseSearchKeys, StoredCasesPage } from '../../ports/case-search-keys.ts';
import type { InMemoryCaseStore } from './case-store.ts';

/**
 * Every case's search keys rebuilt in memory: the DynamoDB adapter's twin over the in-memory case store,
 * held to the same contract (test/contract/case-search-keys.test.ts). Cases are paged in case id order; a
 * cursor holds the last case's key, as the table's would.
 */
export class InMemoryCaseSearchKeys implements CaseSearchKeys {
  constructor(private readonly store: InMemoryCaseStore) {}

  async storedCases(options: {
    readonly from?: string;
    readonly pageSize: number;
  }): Promise<StoredCasesPage> {
    const pageSize = rebuildPageSizeOf(options.pageSize);
    const after = options.from === undefined ? undefined : caseIdOf(decodeRebuildCursor(options.from));
    const ids = this.store.storedCaseIds().filter((caseId) => after === undefined || caseId > after);
    const page = ids.slice(0, pageSize);
    const cases: SearchableCase[] = [];
    for (const caseId of page) {
      const stored = await this.store.getCase(caseId);
      if (stored) cases.push({ caseId, referral: stored.referral });
    }
    const last = page.at(-1);
    return {
      cases,
      ...(ids.length > pageSize && last
        ? { next: encodeRebuildCursor({ pk: `CASE#${last}`, sk: 'CASE' }) }
        : {}),
    };
  }

  async writeSearchKeys(cases: readonly SearchableCase[]): Promise<number> {
    let written = 0;
    for (const { caseId, referral } of cases) {
      const order = searchOrderOf(referral.receivedAt.toISOString(), caseId);
      for (const term of searchTermsOf(referral)) {
        const key = `${term.kind}#${term.hash}`;
        this.store.searchKeys.set(key, (this.store.searchKeys.get(key) ?? new Map()).set(order, caseId));
        written += 1;
      }
    }
    return written;
  }
}

/** The case a cursor's key names: the in-memory store pages by case, so any other key is not its cursor. */
function caseIdOf(key: { readonly pk: string; readonly sk: string }): string {
  if (!key.pk.startsWith('CASE#') || key.sk !== 'CASE')
    throw new InvalidRebuildCursorError('from must be the next cursor a rebuild returned');
  return key.pk.slice('CASE#'.length);
}
