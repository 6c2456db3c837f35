import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoDbCaseSearch } from '../../shared/adapters/dynamodb/case-search.ts';
import { DynamoDbCaseSearchKeys } from '../../shared/adapters/dynamodb/case-search-keys.ts';
import { InMemoryCaseSearch } from '../../shared/adapters/memory/case-search.ts';
import { InMemoryCaseSearchKeys } from '../../shared/adapters/memory/case-search-keys.ts';
import { InMemoryCaseStore } from '../../shared/adapters/memory/case-store.ts';
import { rebuildSearchKeys } from '../../shared/application/rebuild-search-keys.ts';
import { caseIdFor, openCase } from '../../shared/domain/case.ts';
import { phoneTermOf, searchTermsOf } from '../../shared/domain/case-search.ts';
import type { Referral } from '../../shared/domain/referral.ts';
import type { CaseSearch } from '../../shared/ports/case-search.ts';
import type { CaseSearchKeys } from '../../shared/ports/case-search-keys.ts';
import type { CaseStore } from '../../shared/ports/case-store.ts';
import { aValidatedReferral } from '../fixtures/referrals.ts';
import { dropPhoneKeysOnDynamoDb } from '../support/search-keys.ts';
import { freshStore } from '../support/store.ts';

const OPENED_AT = new Date('2026-12-16T12:00:00Z');
const ORIGIN = { channel: 'police-download', file: 'download-2026-12-15.csv', row: 2 } as const;

// Synthetic victims: Ada Example (mobile and home), Bram Sample, Cara Placeholder; Ada's case stored the way
// an intake from before phone keys stored it.
const ADA = aValidatedReferral(
  'LP-0000201',
  { receivedAt: '2026-12-14T10:00:00Z' },
  { phones: { mobile: '07700 900036', home: '0116 496 0036' } },
);
const BRAM = aValidatedReferral(
  'LP-0000202',
  { receivedAt: '2026-12-15T10:00:00Z' },
  { forename: 'Bram', surname: 'Sample', phones: { mobile: '07700 900037' } },
);
const CARA = aValidatedReferral(
  'LP-0000203',
  { receivedAt: '2026-12-16T10:00:00Z' },
  { forename: 'Cara', surname: 'Placeholder', phones: { mobile: '07700 900038' } },
);
const ALL = [ADA, BRAM, CARA];
const idOf = (referral: Referral) => caseIdFor(referral.source, referral.externalReference);
const KEYS_OF_ALL = ALL.reduce((sum, referral) => sum + searchTermsOf(referral).length, 0);
const LIMIT = { limit: 10 };

interface World {
  readonly store: CaseStore;
  readonly keys: CaseSearchKeys;
  readonly search: CaseSearch;
  readonly dropPhoneKeys: (e164: string) => Promise<void>;
  /** Everything the store holds, in a stable order: what a rebuild must leave as it found it. */
  readonly everything: () => Promise<string[]>;
}

const inMemory = async (): Promise<World> => {
  const store = new InMemoryCaseStore();
  return {
    store,
    keys: new InMemoryCaseSearchKeys(store),
    search: new InMemoryCaseSearch(store),
    dropPhoneKeys: async (e164) => {
      const term = phoneTermOf(e164);
      store.searchKeys.delete(`${term.kind}#${term.hash}`);
    },
    everything: async () =>
      [
        ...[...store.searchKeys].flatMap(([key, cases]) =>
          [...cases].map(([order, caseId]) => `${key} ${order} ${caseId}`),
        ),
        ...(await Promise.all(
          store.storedCaseIds().map(async (caseId) => JSON.stringify(await store.getCase(caseId))),
        )),
      ].sort(),
  };
};

const onDynamoDb = async (): Promise<World> => {
  const { store, client, tableName } = await freshStore();
  return {
    store,
    keys: new DynamoDbCaseSearchKeys(client, tableName),
    search: new DynamoDbCaseSearch(client, tableName),
    dropPhoneKeys: (e164) => dropPhoneKeysOnDynamoDb(client, tableName, e164),
    everything: async () => {
      const items: string[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await client.send(
          new ScanCommand({ TableName: tableName, ...(start ? { ExclusiveStartKey: start } : {}) }),
        );
        items.push(...(page.Items ?? []).map((item) => JSON.stringify(item, Object.keys(item).sort())));
        start = page.LastEvaluatedKey;
      } while (start);
      return items.sort();
    },
  };
};

/** The three cases, Ada's stored without her two phone keys. */
async function withAnOlderCase(open: () => Promise<World>): Promise<World> {
  const world = await open();
  await world.store.createCases(
    ALL.map((referral) => ({ opened: openCase(referral, [], OPENED_AT), origin: ORIGIN })),
  );
  await world.dropPhoneKeys('+447700900036');
  await world.dropPhoneKeys('+441164960036');
  return world;
}

describe.each([
  ['in memory', inMemory],
  ['on DynamoDB Local', onDynamoDb],
])('rebuilding every case’s search keys, %s', (_name, open) => {
  it("finds a case stored before phone keys by the caller's number after the rebuild", async () => {
    const { keys, search } = await withAnOlderCase(open);
    expect(await search.casesByPhone('+447700900036', LIMIT)).toEqual([]);

    const result = await rebuildSearchKeys(keys);

    expect(result).toEqual({ casesRead: 3, keysWritten: KEYS_OF_ALL, pages: expect.any(Number) });
    expect(await search.casesByPhone('+447700900036', LIMIT)).toEqual([idOf(ADA)]);
    expect(await search.casesByPhone('+441164960036', LIMIT)).toEqual([idOf(ADA)]);
    expect(await search.casesByPhone('+447700900037', LIMIT)).toEqual([idOf(BRAM)]);
  });

  it('writes the same keys again on a second run, and nothing else', async () => {
    const world = await withAnOlderCase(open);
    await rebuildSearchKeys(world.keys);
    const before = await world.everything();

    const again = await rebuildSearchKeys(world.keys);

    expect(again).toMatchObject({ casesRead: 3, keysWritten: KEYS_OF_ALL });
    expect(await world.everything()).toEqual(before);
  });

  it('stops when told to, and resumed from its cursor reads the rest of the cases', async () => {
    const { keys, search } = await withAnOlderCase(open);
    const progress: number[] = [];
    let pagesLeft = 2;

    const first = await rebuildSearchKeys(keys, {
      pageSize: 1,
      goOn: () => --pagesLeft > 0,
      onPage: ({ pages }) => progress.push(pages),
    });

    expect(first.pages).toBe(2);
    expect(progress).toEqual([1, 2]);
    expect(first.next).toEqual(expect.any(String));
    const rest = await rebuildSearchKeys(keys, { pageSize: 1, ...(first.next ? { from: first.next } : {}) });
    expect(rest.next).toBeUndefined();
    expect(first.casesRead + rest.casesRead).toBe(3);
    expect(first.keysWritten + rest.keysWritten).toBe(KEYS_OF_ALL);
    expect(await search.casesByPhone('+447700900036', LIMIT)).toEqual([idOf(ADA)]);
  });
});
