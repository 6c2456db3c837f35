import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { casesReindexCommand } from '../../local/cli/cases.ts';
import { LOCAL_TABLE_NAME, openLocalStore } from '../../local/environment.ts';
import { DynamoDbCaseSearch } from '../../shared/adapters/dynamodb/case-search.ts';
import { openCase } from '../../shared/domain/case.ts';
import { searchTermsOf } from '../../shared/domain/case-search.ts';
import { aValidatedReferral } from '../fixtures/referrals.ts';
import { dropPhoneKeysOnDynamoDb } from '../support/search-keys.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'vf-cases-'));
const previous = process.env.VF_DATA_DIR;

afterAll(() => {
  if (previous === undefined) delete process.env.VF_DATA_DIR;
  else process.env.VF_DATA_DIR = previous;
  rmSync(dataDir, { recursive: true, force: true });
});

const ORIGIN = { channel: 'police-download', file: 'download-2026-12-15.csv', row: 2 } as const;

describe('vf cases reindex', () => {
  it("rewrites the local cases' search keys, so a case stored before phone keys is found by its number", async () => {
    // Two synthetic cases on the local table of the data folder, one stored as an intake from before phone
    // keys stored it.
    const referrals = [
      aValidatedReferral('LP-0000401', {}, { phones: { mobile: '07700 900036' } }),
      aValidatedReferral('LP-0000402', {}, { surname: 'Sample', phones: { mobile: '07700 900037' } }),
    ];
    const keys = referrals.reduce((sum, r) => sum + searchTermsOf(r).length, 0);
    const local = await openLocalStore(dataDir);
    try {
      await local.store.createCases(
        referrals.map((r) => ({ opened: openCase(r, [], new Date('2026-12-16T12:00:00Z')), origin: ORIGIN })),
      );
      await dropPhoneKeysOnDynamoDb(local.client, LOCAL_TABLE_NAME, '+447700900036');
      const search = new DynamoDbCaseSearch(local.client, LOCAL_TABLE_NAME);
      expect(await search.casesByPhone('+447700900036', { limit: 5 })).toEqual([]);

      process.env.VF_DATA_DIR = dataDir;
      const lines: string[] = [];
      let json: unknown;
      const capture = {
        line: (text = '') => lines.push(text),
        json: (v: unknown) => (json = v),
        error: () => {},
      };
      await casesReindexCommand({ json: true }, capture);

      expect(lines).toEqual([`Search keys rebuilt: 2 cases read, ${keys} keys written`]);
      expect(json).toEqual({ casesRead: 2, keysWritten: keys });
      expect(await search.casesByPhone('+447700900036', { limit: 5 })).toHaveLength(1);

      // Again: the same keys, written over themselves.
      lines.length = 0;
      await casesReindexCommand({}, capture);
      expect(lines).toEqual([`Search keys rebuilt: 2 cases read, ${keys} keys written`]);
    } finally {
      await local.close();
    }
  }, 120_000);
});
