import { describe, expect, it, vi } from 'vitest';
import { logger } from '../../../../functions/logger.ts';
import {
  createRebuildSearchKeys,
  InvalidRebuildRequestError,
} from '../../../../functions/maintenance/rebuild-search-keys/rebuild-search-keys.ts';
import { localContext } from '../../../../local/lambda-events.ts';
import { InMemoryCaseSearch } from '../../../../shared/adapters/memory/case-search.ts';
import { InMemoryCaseSearchKeys } from '../../../../shared/adapters/memory/case-search-keys.ts';
import { InMemoryCaseStore } from '../../../../shared/adapters/memory/case-store.ts';
import { openCase } from '../../../../shared/domain/case.ts';
import { phoneTermOf } from '../../../../shared/domain/case-search.ts';
import { aValidatedReferral } from '../../../fixtures/referrals.ts';

const ORIGIN = { channel: 'police-download', file: 'download-2026-12-15.csv', row: 2 } as const;

/** Three synthetic cases, none with its phone key (as stored before intake wrote them). */
async function olderCases() {
  const store = new InMemoryCaseStore();
  const referrals = [1, 2, 3].map((n) =>
    aValidatedReferral(
      `LP-000030${n}`,
      {},
      { surname: ['Sample', 'Example', 'Specimen'][n - 1], phones: { mobile: `07700 90004${n}` } },
    ),
  );
  await store.createCases(
    referrals.map((r) => ({ opened: openCase(r, [], new Date('2026-12-16T12:00:00Z')), origin: ORIGIN })),
  );
  for (const n of [1, 2, 3]) {
    const term = phoneTermOf(`+44770090004${n}`);
    store.searchKeys.delete(`${term.kind}#${term.hash}`);
  }
  return { store, search: new InMemoryCaseSearch(store), keys: new InMemoryCaseSearchKeys(store) };
}

describe('rebuild-search-keys', () => {
  it('rebuilds every case and answers the counts, logging counts only', async () => {
    const { keys, search } = await olderCases();
    const info = vi.spyOn(logger, 'info');
    const answer = await createRebuildSearchKeys({ keys })({}, localContext('rebuild-search-keys', 900_000));
    expect(answer).toEqual({ status: 'done', casesRead: 3, keysWritten: expect.any(Number), pages: 1 });
    expect(await search.casesByPhone('+447700900042', { limit: 5 })).toHaveLength(1);
    const logged = JSON.stringify(info.mock.calls);
    expect(logged).toContain('search keys: rebuilt');
    expect(logged).not.toMatch(/Sample|Example|Specimen|7700|VF-/);
    info.mockRestore();
  });

  it('stops with a minute left and carries on from its next', async () => {
    const { keys, search } = await olderCases();
    const handler = createRebuildSearchKeys({ keys });
    // Under a minute left after the first page: it stops there.
    const first = await handler({ pageSize: 1 }, localContext('rebuild-search-keys', 30_000));
    expect(first).toMatchObject({ status: 'more', casesRead: 1, pages: 1, next: expect.any(String) });
    const rest = await handler(
      { pageSize: 1, from: first.next },
      localContext('rebuild-search-keys', 900_000),
    );
    expect(rest).toMatchObject({ status: 'done', casesRead: 2 });
    expect(rest.next).toBeUndefined();
    for (const n of [1, 2, 3])
      expect(await search.casesByPhone(`+44770090004${n}`, { limit: 5 })).toHaveLength(1);
  });

  it('refuses an input it does not know, naming the field, and a cursor no run gave', async () => {
    const { keys } = await olderCases();
    const handler = createRebuildSearchKeys({ keys });
    const context = localContext('rebuild-search-keys', 900_000);
    await expect(handler({ pageSize: 5000 }, context)).rejects.toThrow(/^pageSize /);
    await expect(handler({ form: 'x' }, context)).rejects.toBeInstanceOf(InvalidRebuildRequestError);
    await expect(handler({ from: 'nonsense' }, context)).rejects.toThrow(
      new InvalidRebuildRequestError('from must be the next cursor a rebuild returned'),
    );
  });
});
