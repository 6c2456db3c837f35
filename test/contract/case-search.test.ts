import { ScanCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoDbCaseSearch } from '../../shared/adapters/dynamodb/case-search.ts';
import { caseItems } from '../../shared/adapters/dynamodb/case-store.ts';
import { InMemoryCaseSearch } from '../../shared/adapters/memory/case-search.ts';
import { InMemoryCaseStore } from '../../shared/adapters/memory/case-store.ts';
import { caseIdFor, openCase } from '../../shared/domain/case.ts';
import type { NewCase } from '../../shared/domain/case-records.ts';
import type { Referral } from '../../shared/domain/referral.ts';
import type { CaseSearch } from '../../shared/ports/case-search.ts';
import type { CaseStore } from '../../shared/ports/case-store.ts';
import { aValidatedReferral, RECEIVED_AT } from '../fixtures/referrals.ts';
import { freshStore } from '../support/store.ts';

const OPENED_AT = new Date('2026-12-16T12:00:00Z');
const ORIGIN = { channel: 'police-download', file: 'download-2026-12-15.csv', row: 2 } as const;

const aNewCase = (referral: Referral): NewCase => ({
  opened: openCase(referral, [], OPENED_AT),
  origin: ORIGIN,
});

// Synthetic victims: Ada Example twice (the police, then a partner a day later), Bram Sample at Ada's
// postcode, and Cara O'Brien born the same day as Ada, elsewhere.
const ADA_POLICE = aValidatedReferral('LP-0000001');
const ADA_PARTNER = aValidatedReferral('DSA-2026-0042', {
  source: 'partner',
  receivedAt: '2026-12-16T09:30:00Z',
  referrer: { organisation: 'Example Support Service', email: 'referrals@example.org' },
});
const BRAM = aValidatedReferral(
  'LP-0000002',
  { receivedAt: '2026-12-14T15:00:00Z' },
  { forename: 'Bram', surname: 'Sample', dateOfBirth: '1975-06-01', phones: { mobile: '07700 900002' } },
);
const CARA = aValidatedReferral(
  'LP-0000003',
  { receivedAt: '2026-12-15T12:00:00Z' },
  {
    forename: 'Cara',
    surname: "O'Brien",
    address: { line1: '3 Sample Road', town: 'Hinckley', postcode: 'LE10 2ZZ' },
    phones: { mobile: '07700 900003' },
  },
);
const id = (referral: Referral) => caseIdFor(referral.source, referral.externalReference);
const [ada, adaAgain, bram, cara] = [ADA_POLICE, ADA_PARTNER, BRAM, CARA].map(id) as [
  string,
  string,
  string,
  string,
];

interface Stores {
  readonly store: CaseStore;
  readonly search: CaseSearch;
}

const inMemory = async (): Promise<Stores> => {
  const store = new InMemoryCaseStore();
  return { store, search: new InMemoryCaseSearch(store) };
};

const onDynamoDb = async () => {
  const { store, client, tableName } = await freshStore();
  return { store, client, tableName, search: new DynamoDbCaseSearch(client, tableName) };
};

async function withVictims(open: () => Promise<Stores>): Promise<Stores> {
  const stores = await open();
  // One person is written once a transaction: Ada's second case comes in a batch of its own.
  await stores.store.createCases([ADA_POLICE, BRAM, CARA].map(aNewCase));
  await stores.store.createCases([aNewCase(ADA_PARTNER)]);
  return stores;
}

const LIMIT = { limit: 50 };

// The same contract for the in-memory twin and the DynamoDB adapter on DynamoDB Local.
describe.each([
  ['in memory', inMemory],
  ['on DynamoDB Local', onDynamoDb],
])('finding a case %s', (_where, open) => {
  it("finds a victim's cases by surname and date of birth, newest received first", async () => {
    const { search } = await withVictims(open);

    expect(await search.find({ surname: 'Example', dateOfBirth: '1980-03-05' }, LIMIT)).toEqual({
      caseIds: [adaAgain, ada],
      more: false,
    });
  });

  it('finds by surname alone however it is written, and by date of birth alone', async () => {
    const { search } = await withVictims(open);

    expect((await search.find({ surname: ' example ' }, LIMIT)).caseIds).toEqual([adaAgain, ada]);
    for (const surname of ['OBrien', "o'brien", 'O BRIEN'])
      expect((await search.find({ surname }, LIMIT)).caseIds, surname).toEqual([cara]);
    expect((await search.find({ dateOfBirth: '1980-03-05' }, LIMIT)).caseIds).toEqual([adaAgain, cara, ada]);
  });

  it('finds by postcode, with or without its space, narrowed by a surname', async () => {
    const { search } = await withVictims(open);

    expect((await search.find({ postcode: 'le11zz' }, LIMIT)).caseIds).toEqual([adaAgain, ada, bram]);
    expect((await search.find({ postcode: 'LE1 1ZZ', surname: 'Sample' }, LIMIT)).caseIds).toEqual([bram]);
    expect((await search.find({ postcode: 'LE10 2ZZ', surname: 'Example' }, LIMIT)).caseIds).toEqual([]);
  });

  it("finds by a referral's own reference, whoever sent it, in any case", async () => {
    const { search } = await withVictims(open);

    expect((await search.find({ crimeReference: 'lp-0000002' }, LIMIT)).caseIds).toEqual([bram]);
    expect((await search.find({ crimeReference: 'DSA-2026-0042' }, LIMIT)).caseIds).toEqual([adaAgain]);
    expect((await search.find({ crimeReference: 'LP-0000009' }, LIMIT)).caseIds).toEqual([]);
  });

  it('looks a case reference up directly; every other value given must match it too', async () => {
    const { search } = await withVictims(open);

    expect(await search.find({ caseId: bram }, LIMIT)).toEqual({ caseIds: [bram], more: false });
    expect((await search.find({ caseId: bram, surname: 'Sample' }, LIMIT)).caseIds).toEqual([bram]);
    expect((await search.find({ caseId: bram, surname: 'Example' }, LIMIT)).caseIds).toEqual([]);
    expect((await search.find({ caseId: 'VF-00000-00000' }, LIMIT)).caseIds).toEqual([]);
  });

  it('finds nothing when one of the values does not match, and nothing without a value', async () => {
    const { search } = await withVictims(open);

    expect((await search.find({ surname: 'Example', dateOfBirth: '1975-06-01' }, LIMIT)).caseIds).toEqual([]);
    expect((await search.find({ dateOfBirth: '1980-03-05', postcode: 'LE10 2ZZ' }, LIMIT)).caseIds).toEqual([
      cara,
    ]);
    expect((await search.find({ crimeReference: 'LP-0000001', surname: 'Sample' }, LIMIT)).caseIds).toEqual(
      [],
    );
    expect(await search.find({}, LIMIT)).toEqual({ caseIds: [], more: false });
    // A value that cannot be searched matches nothing, rather than being left out.
    expect((await search.find({ surname: 'Example', postcode: 'LE1' }, LIMIT)).caseIds).toEqual([]);
    expect((await search.find({ surname: 'Example', dateOfBirth: '5 March 1980' }, LIMIT)).caseIds).toEqual(
      [],
    );
  });

  it('gives at most the limit, the newest, and says when more matched', async () => {
    const { store, search } = await open();
    const many = Array.from({ length: 12 }, (_, n) =>
      aValidatedReferral(
        `LP-10000${String(n).padStart(2, '0')}`,
        { receivedAt: new Date(RECEIVED_AT.getTime() + n * 60_000).toISOString() },
        { surname: 'Many', forename: `Ada${String.fromCharCode(65 + n)}` },
      ),
    );
    await store.createCases(many.map(aNewCase));
    const newestFirst = many.map(id).reverse();

    expect(await search.find({ surname: 'Many' }, { limit: 5 })).toEqual({
      caseIds: newestFirst.slice(0, 5),
      more: true,
    });
    expect(await search.find({ surname: 'Many' }, { limit: 12 })).toEqual({
      caseIds: newestFirst,
      more: false,
    });
    await expect(search.find({ surname: 'Many' }, { limit: 0 })).rejects.toBeInstanceOf(RangeError);
  });

  it("keeps a case under its first referral's details when the same referral comes again changed", async () => {
    const { store, search } = await withVictims(open);

    const changed = aValidatedReferral('LP-0000001', {}, { surname: 'Changed' });
    expect(await store.createCases([aNewCase(changed)])).toEqual(['duplicate']);

    expect((await search.find({ surname: 'Changed' }, LIMIT)).caseIds).toEqual([]);
    expect((await search.find({ surname: 'Example' }, LIMIT)).caseIds).toEqual([adaAgain, ada]);
  });

  it("finds a caller's cases by the number they gave, newest first, each number of a victim once", async () => {
    const { store, search } = await withVictims(open);
    const twoNumbers = aValidatedReferral(
      'LP-0000004',
      { receivedAt: '2026-12-16T15:00:00Z' },
      { forename: 'Dee', surname: 'Specimen', phones: { mobile: '07700 900004', home: '0116 496 0004' } },
    );
    await store.createCases([aNewCase(twoNumbers)]);

    expect(await search.casesByPhone('+447700900001', LIMIT)).toEqual([adaAgain, ada]);
    expect(await search.casesByPhone('+447700900001', { limit: 1 })).toEqual([adaAgain]);
    expect(await search.casesByPhone('+447700900003', LIMIT)).toEqual([cara]);
    expect(await search.casesByPhone('+441164960004', LIMIT)).toEqual([id(twoNumbers)]);
    expect(await search.casesByPhone('+447700900004', LIMIT)).toEqual([id(twoNumbers)]);
    expect(await search.casesByPhone('+447700900999', LIMIT)).toEqual([]);
    await expect(search.casesByPhone('+447700900001', { limit: 0 })).rejects.toBeInstanceOf(RangeError);
  });

  it('keeps no search keys for a declined referral', async () => {
    const { store, search } = await open();
    await store.recordDeclined({
      source: 'police',
      externalReference: 'LP-0000001',
      receivedAt: RECEIVED_AT,
      origin: ORIGIN,
    });

    expect(await store.createCases([aNewCase(ADA_POLICE)])).toEqual(['duplicate']);
    expect((await search.find({ surname: 'Example' }, LIMIT)).caseIds).toEqual([]);
    expect((await search.find({ crimeReference: 'LP-0000001' }, LIMIT)).caseIds).toEqual([]);
  });
});

describe('the search keys on DynamoDB', () => {
  it('hold hashes and ids only: no name, date of birth, postcode or reference in a key or an attribute', async () => {
    const { client, tableName } = await withVictimsOnDynamoDb();
    const { Items = [] } = await client.send(new ScanCommand({ TableName: tableName }));
    const keys = Items.filter((item) => String(item.pk).startsWith('FIND#'));

    // Four cases, each with a surname, date of birth, postcode, reference and mobile: six keys each.
    expect(keys).toHaveLength(24);
    for (const item of keys) {
      expect(item.pk).toMatch(/^FIND#(surname|surname-dob|dob|postcode|crime|phone)#[0-9a-f]{64}$/);
      expect(item.sk).toMatch(/^RECEIVED#\d{4}-\d{2}-\d{2}T[\d:.]+Z#VF-[0-9A-Z]{5}-[0-9A-Z]{5}$/);
      expect(Object.keys(item).sort()).toEqual(['caseId', 'pk', 'sk', 'type']);
      const text = JSON.stringify(item).toLowerCase();
      for (const value of ['example', 'sample', 'brien', '1980-03-05', 'le1', 'lp-000', 'dsa-', '7700900'])
        expect(text).not.toContain(value);
    }
  });

  it('are finished by an intake retried after it stopped between writing the case and its keys', async () => {
    const { store, client, tableName, search } = await onDynamoDb();
    // The case's own transaction, as intake writes it, and then nothing: the run stopped there.
    const { referralKey, caseItem } = caseItems(aNewCase(BRAM).opened, ORIGIN);
    await client.send(
      new TransactWriteCommand({
        TransactItems: [referralKey, caseItem].map((Item) => ({ Put: { TableName: tableName, Item } })),
      }),
    );
    expect((await search.find({ surname: 'Sample' }, LIMIT)).caseIds).toEqual([]);

    // The retried run finds the case written (a duplicate) and writes its keys from the case as stored.
    expect(await store.createCases([aNewCase(BRAM)])).toEqual(['duplicate']);
    expect((await search.find({ surname: 'Sample', dateOfBirth: '1975-06-01' }, LIMIT)).caseIds).toEqual([
      bram,
    ]);
    expect((await search.find({ crimeReference: 'LP-0000002' }, LIMIT)).caseIds).toEqual([bram]);
    expect((await search.find({ postcode: 'LE1 1ZZ' }, LIMIT)).caseIds).toEqual([bram]);

    // Again: the same items, nothing added.
    await store.createCases([aNewCase(BRAM)]);
    const { Items = [] } = await client.send(new ScanCommand({ TableName: tableName }));
    expect(Items.filter((item) => String(item.pk).startsWith('FIND#'))).toHaveLength(6);
  });
});

async function withVictimsOnDynamoDb() {
  const stores = await onDynamoDb();
  // One person is written once a transaction: Ada's second case comes in a batch of its own.
  await stores.store.createCases([ADA_POLICE, BRAM, CARA].map(aNewCase));
  await stores.store.createCases([aNewCase(ADA_PARTNER)]);
  return stores;
}
