import type { SearchableCase } from '../domain/search-key-rebuild.ts';

/** A page of the stored cases and where the next page starts (undefined after the last page). */
export interface StoredCasesPage {
  readonly cases: readonly SearchableCase[];
  readonly next?: string;
}

/**
 * Every stored case's search keys, written again from the case (shared/application/rebuild-search-keys.ts):
 * for an operator's offline maintenance job only, never a request path (on DynamoDB the cases are read by
 * a Scan, docs/decisions.md).
 */
export interface CaseSearchKeys {
  /**
   * A page of the stored cases, from the start or from a page's `next` (an InvalidRebuildCursorError for
   * anything else), each case once across the pages. `pageSize` (1 to 1,000) bounds what one page reads:
   * a page holds at most that many cases, and may hold none while `next` says there is more.
   */
  storedCases(options: { readonly from?: string; readonly pageSize: number }): Promise<StoredCasesPage>;
  /**
   * Writes the cases' search keys as intake writes them (the same items; writing them again changes
   * nothing), returning how many keys were written.
   */
  writeSearchKeys(cases: readonly SearchableCase[]): Promise<number>;
}
