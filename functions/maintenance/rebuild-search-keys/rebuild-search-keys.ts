import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { rebuildSearchKeys } from '../../../shared/application/rebuild-search-keys.ts';
import {
  InvalidRebuildCursorError,
  MOST_REBUILD_PAGE_SIZE,
} from '../../../shared/domain/search-key-rebuild.ts';
import type { CaseSearchKeys } from '../../../shared/ports/case-search-keys.ts';
import { lambdaHandler } from '../../lambda-handler.ts';
import { logger } from '../../logger.ts';

export interface RebuildSearchKeysDeps {
  readonly keys: CaseSearchKeys;
}

/** An operator's input: nothing to start, `{"from": "<next>"}` to carry on, and optionally a page size. */
const Input = z
  .object({
    from: z.string().min(1).max(2048).optional(),
    pageSize: z.number().int().min(1).max(MOST_REBUILD_PAGE_SIZE).optional(),
  })
  .strict();

/** The input is not a rebuild's: names the field. */
export class InvalidRebuildRequestError extends Error {
  override name = 'InvalidRebuildRequestError';
}

/** What the operator is answered: the counts, and `next` while there are cases left (invoke again with it). */
export interface RebuildSearchKeysAnswer {
  readonly status: 'done' | 'more';
  readonly casesRead: number;
  readonly keysWritten: number;
  readonly pages: number;
  readonly next?: string;
}

/** Time kept back after a page: a page of 1,000 items and its keys' writes take seconds, not this long. */
const MARGIN_MS = 60_000;

/**
 * Rebuilds every case's search keys (shared/application/rebuild-search-keys.ts), invoked by an operator
 * (docs/operations.md, "Rebuild the search keys"): it pages through the cases until the last page, or
 * until a minute of its time is left, and answers the counts with `next` to invoke it again from. Running
 * it again writes the same keys. Logs ids and counts only: never a cursor (it holds a table key) or a
 * value of a case.
 */
export function createRebuildSearchKeys(deps: RebuildSearchKeysDeps) {
  return lambdaHandler(async (payload: unknown, context: Context): Promise<RebuildSearchKeysAnswer> => {
    const parsed = Input.safeParse(payload ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new InvalidRebuildRequestError(
        `${issue?.path.map(String).join('.') || 'input'} ${issue?.message ?? 'is not valid'}`,
      );
    }
    const { from, pageSize } = parsed.data;
    logger.info('search keys: rebuild started', { resumed: from !== undefined });
    let result: Awaited<ReturnType<typeof rebuildSearchKeys>>;
    try {
      result = await rebuildSearchKeys(deps.keys, {
        ...(from === undefined ? {} : { from }),
        ...(pageSize === undefined ? {} : { pageSize }),
        goOn: () => context.getRemainingTimeInMillis() > MARGIN_MS,
        onPage: (progress) => {
          if (progress.pages % 50 === 0) logger.info('search keys: rebuilding', progress);
        },
      });
    } catch (error) {
      if (error instanceof InvalidRebuildCursorError) throw new InvalidRebuildRequestError(error.message);
      throw error;
    }
    const { casesRead, keysWritten, pages, next } = result;
    const status = next === undefined ? 'done' : 'more';
    logger.info('search keys: rebuilt', { status, casesRead, keysWritten, pages });
    return { status, casesRead, keysWritten, pages, ...(next === undefined ? {} : { next }) };
  });
}
