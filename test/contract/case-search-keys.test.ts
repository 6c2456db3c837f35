import { describe, expect, it } from 'vitest';
import { DynamoDbCaseSearch } from '../../shared/adapters/dynamodb/case-search.ts';
import { DynamoDbCaseSearchKeys } from '../../shared/adapters/dynamodb/case-search-keys.ts';
import { InMemoryCaseSearch } from '../../shared/adapters/memory/case-search.ts';
import { InMemoryCaseSearchKeys } from '../../shared/adapters/memory/case-search-keys.ts';
import { InMemoryCaseStore } from '../../shared/adapters/memory/case-store.ts';
import { caseIdFor, openCase } from '../../shared/domain/case.ts';
import { phoneTermOf, searchTermsOf } from '../../shared/domain/case-search.ts';
import type { Referral } from '../../shared/domain/referral.ts';
import {
  encodeRebuildCursor,
  InvalidRebuildCursorError,
  type SearchableCase,
} from '../../shared/domain/search-key-rebuild.ts';
import type { CaseSearch } from '../../shared/ports/case-search.ts';
import type { CaseSearchKeys } from '../../shared/ports/case-search-keys.ts';
import type { CaseStore } from '../../shared/ports/case-store.ts';
import { aValidatedReferral } from '../fixtures/referrals.ts';
import { dropPhoneKeysOnDynamoDb } from '../support/search-keys.ts';
import { freshStore } from '../support/store.ts';

const OPENED_AT = new Date('2026-12-16T12:00:00Z');
const ORIGIN = { channel: 'police-download', file: 'download-2026-12-15.csv', row: 2 } as const;

// Synthetic victims, each with their own mobile number (07700 9000xx).
const REFERRALS = Array.from({ length: 5 }, (_, i) =>
  aValidatedReferral(
    `LP-000010${i}`,
    { receivedAt: `2026-12-1${i}T10:00:00Z` },
    { forename: 'Ada', surname: `Example${'x'.repeat(i)}`, phones: { mobile: `07700 90001${i}` } },
  ),
);
const idOf = (referral: Referral) => caseIdFor(referral.source, referral.externalReference);

interface Stores {
  readonly store: CaseStore;
  readonly keys: CaseSearchKeys;
  readonly search: CaseSearch;
  /** Removes a number's phone keys, as a case stored before intake wrote them would lack them. */
  readonly dropPhoneKeys: (e164: string) => Promise<void>;
}

const inMemory = async (): Promise<Stores> => {
  const store = new InMemoryCaseStore();
  return {
    store,
    keys: new InMemoryCaseSearchKeys(store),
    search: new InMemoryCaseSearch(store),
    dropPhoneKeys: async (e164) => {
      const term = phoneTermOf(e164);
      store.searchKeys.delete(`${term.kind}#${term.hash}`);
    },
  };
};

const onDynamoDb = async (): Promise<Stores> => {
  const { store, client, tableName } = await freshStore();
  return {
    store,
    keys: new DynamoDbCaseSearchKeys(client, tableName),
    search: new DynamoDbCaseSearch(client, tableName),
    dropPhoneKeys: (e164) => dropPhoneKeysOnDynamoDb(client, tableName, e164),
  };
};

async function withCases(open: () => Promise<Stores>): Promise<Stores> {
  const stores = await open();
  await stores.store.createCases(
    REFERRALS.map((referral) => ({ opened: openCase(referral, [], OPENED_AT), origin: ORIGIN })),
  );
  // A declined referral has a referral key and no case: it is no page's case.
  await stores.store.recordDeclined({
    source: 'police',
    externalReference: 'LP-0000999',
    receivedAt: new Date('2026-12-15T10:00:00Z'),
    origin: ORIGIN,
  });
  return stores;
}

async function everyPage(keys: CaseSearchKeys, pageSize: number): Promise<SearchableCase[][]> {
  const pages: SearchableCase[][] = [];
  let from: string | undefined;
  do {
    const page = await keys.storedCases({ ...(from === undefined ? {} : { from }), pageSize });
    pages.push([...page.cases]);
    from = page.next;
  } while (from !== undefined);
  return pages;
}

// The same contract for the in-memory twin and the DynamoDB adapter on DynamoDB Local.
describe.each([
  ['in memory', inMemory],
  ['on DynamoDB Local', onDynamoDb],
])('the search keys of every case, %s', (_name, open) => {
  it('pages through every stored case once, each as stored, at most the page size a page', async () => {
    const { keys } = await withCases(open);
    const pages = await everyPage(keys, 2);
    expect(pages.length).toBeGreaterThan(2);
    for (const page of pages) expect(page.length).toBeLessThanOrEqual(2);
    const cases = pages.flat();
    expect(cases.map((c) => c.caseId).sort()).toEqual(REFERRALS.map(idOf).sort());
    const first = cases.find((c) => c.caseId === idOf(REFERRALS[0] as Referral));
    expect(first?.referral.receivedAt).toEqual(new Date('2026-12-10T10:00:00Z'));
    expect(first?.referral.victim.phones.mobile?.e164).toBe('+447700900010');

    // One page big enough for the lot has no next.
    const whole = await keys.storedCases({ pageSize: 1000 });
    expect(whole.cases).toHaveLength(REFERRALS.length);
    expect(whole.next).toBeUndefined();
  });

  it('refuses a cursor no page gave, and a page size outside 1 to 1,000', async () => {
    const { keys } = await withCases(open);
    for (const from of ['', 'not a cursor', 'bm90IGpzb24', encodeRebuildCursor({ pk: 'CASE#', sk: '' })])
      await expect(keys.storedCases({ from, pageSize: 10 }), from).rejects.toBeInstanceOf(
        InvalidRebuildCursorError,
      );
    for (const pageSize of [0, 1001, 1.5])
      await expect(keys.storedCases({ pageSize })).rejects.toBeInstanceOf(RangeError);
  });

  it("writes a case's keys as intake does: a case stored without its phone key is found by it again", async () => {
    const { keys, search, dropPhoneKeys } = await withCases(open);
    await dropPhoneKeys('+447700900012');
    expect(await search.casesByPhone('+447700900012', { limit: 10 })).toEqual([]);

    const { cases } = await keys.storedCases({ pageSize: 1000 });
    const target = cases.filter((c) => c.caseId === idOf(REFERRALS[2] as Referral));
    // crime, surname, surname-dob, dob, postcode and the one phone.
    expect(await keys.writeSearchKeys(target)).toBe(
      searchTermsOf((target[0] as SearchableCase).referral).length,
    );
    expect(await search.casesByPhone('+447700900012', { limit: 10 })).toEqual([
      idOf(REFERRALS[2] as Referral),
    ]);
    expect((await search.find({ surname: 'Examplexx' }, { limit: 10 })).caseIds).toEqual([
      idOf(REFERRALS[2] as Referral),
    ]);
    expect(await keys.writeSearchKeys([])).toBe(0);
  });
});
