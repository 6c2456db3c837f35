import type { Case } from './case.ts';

// Rebuilding every case's search keys (docs/data-model.md, search keys): an operator's maintenance job that
// writes each stored case's keys again from the case, so a case stored before a kind of key existed (the
// 0800 line's phone keys) is found by it. The stores page through the cases; the application service
// (shared/application/rebuild-search-keys.ts) writes the keys.

/** What a case's search keys are made from (shared/domain/case-search.ts, searchTermsOf). */
export type SearchableCase = Pick<Case, 'caseId' | 'referral'>;

/** How many items a page of the rebuild reads when not told, and the most it may be told to. */
export const REBUILD_PAGE_SIZE = 500;
export const MOST_REBUILD_PAGE_SIZE = 1000;

/** A page size as the stores take it: a whole number from 1 to 1,000, else a RangeError. */
export function rebuildPageSizeOf(pageSize: number): number {
  if (!Number.isSafeInteger(pageSize) || pageSize < 1 || pageSize > MOST_REBUILD_PAGE_SIZE)
    throw new RangeError(`a page size must be a whole number from 1 to ${MOST_REBUILD_PAGE_SIZE}`);
  return pageSize;
}

/** A cursor to resume from that no page of this store gave (mistyped, cut short, from another tool). */
export class InvalidRebuildCursorError extends Error {
  override name = 'InvalidRebuildCursorError';
}

/**
 * The place a page of the rebuild ended, as the stores give and take it: the key of the table item the
 * page stopped at, written as base64url JSON so it passes through a command line unchanged. It holds a
 * table key (a case id, or a search key's hash), never a value of a case.
 */
export function encodeRebuildCursor(key: { readonly pk: string; readonly sk: string }): string {
  return Buffer.from(JSON.stringify({ pk: key.pk, sk: key.sk }), 'utf8').toString('base64url');
}

/** A cursor read back into the key it holds; an InvalidRebuildCursorError if it is not one. */
export function decodeRebuildCursor(cursor: string): { pk: string; sk: string } {
  const refused = () => new InvalidRebuildCursorError('from must be the next cursor a rebuild returned');
  if (cursor.length === 0 || cursor.length > 2048 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw refused();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw refused();
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw refused();
  const { pk, sk, ...rest } = parsed as Record<string, unknown>;
  if (typeof pk !== 'string' || typeof sk !== 'string' || !pk || !sk || Object.keys(rest).length > 0)
    throw refused();
  return { pk, sk };
}
