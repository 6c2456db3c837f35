import { REBUILD_PAGE_SIZE, rebuildPageSizeOf } from '../domain/search-key-rebuild.ts';
import type { CaseSearchKeys } from '../ports/case-search-keys.ts';

/** What a rebuild did: the cases it read, the keys it wrote, the pages, and where to resume if it stopped. */
export interface RebuildResult {
  readonly casesRead: number;
  readonly keysWritten: number;
  readonly pages: number;
  /** Set when the run stopped before the last page: pass it as `from` to carry on. */
  readonly next?: string;
}

export interface RebuildOptions {
  /** Resume after the page a run stopped at (its `next`); from the first page without it. */
  readonly from?: string;
  /** Items read a page (1 to 1,000); 500 without it. */
  readonly pageSize?: number;
  /**
   * Asked after each page: false stops the run there, with `next` to resume from (a function stops this way
   * before its time runs out). Without it the run goes to the last page.
   */
  readonly goOn?: () => boolean;
  /** Told after each page, with the counts so far (ids and counts only: nothing of a case is passed). */
  readonly onPage?: (progress: Omit<RebuildResult, 'next'>) => void;
}

/**
 * Rebuilds every case's search keys from the case as stored (docs/data-model.md, search keys), so a case
 * stored before a kind of key existed, such as the 0800 line's phone keys, is found by it. Pages through
 * the stored cases and writes each page's keys with the same idempotent Puts intake uses: running it again,
 * or resuming it from any page, writes the same keys over themselves and nothing else. Nothing goes on a
 * case's timeline: the case does not change, only what finds it.
 */
export async function rebuildSearchKeys(
  keys: CaseSearchKeys,
  options: RebuildOptions = {},
): Promise<RebuildResult> {
  const pageSize = rebuildPageSizeOf(options.pageSize ?? REBUILD_PAGE_SIZE);
  let from = options.from;
  let casesRead = 0;
  let keysWritten = 0;
  let pages = 0;
  do {
    const page = await keys.storedCases({ ...(from === undefined ? {} : { from }), pageSize });
    keysWritten += await keys.writeSearchKeys(page.cases);
    casesRead += page.cases.length;
    pages += 1;
    from = page.next;
    options.onPage?.({ casesRead, keysWritten, pages });
  } while (from !== undefined && (options.goOn?.() ?? true));
  return { casesRead, keysWritten, pages, ...(from === undefined ? {} : { next: from }) };
}
