import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { sampleDownload, syntheticRow, toCsv } from '../../local/synthetic/police-download.ts';
import { seededRandom } from '../../local/synthetic/random.ts';
import type { DynamoDbCaseStore } from '../../shared/adapters/dynamodb/case-store.ts';
import { ingestRows, intakeFileId } from '../../shared/application/ingest.ts';
import { caseIdFor } from '../../shared/domain/case.ts';
import { parsePoliceDownload } from '../../shared/domain/intake/police-download.ts';
import { RecordingWorkflows } from '../support/recording-workflows.ts';
import { fixedClock, freshStore } from '../support/store.ts';

let workflows = new RecordingWorkflows();

const SAMPLE = readFileSync(new URL('../../samples/police-download.csv', import.meta.url));

async function ingest(store: DynamoDbCaseStore, content: Uint8Array | string, file = 'police-download.csv') {
  return ingestRows(
    parsePoliceDownload(content),
    { file, fileId: intakeFileId(file, content), channel: 'police-download' },
    { store, clock: fixedClock('2026-11-23T18:00:00Z'), workflows },
  );
}

describe('police daily download into the case store', () => {
  let store: DynamoDbCaseStore;
  beforeEach(async () => {
    ({ store } = await freshStore());
    workflows = new RecordingWorkflows();
  });

  it('opens one case for every consenting row of the sample and counts the declined ones', async () => {
    const summary = await ingest(store, SAMPLE);
    const rows = sampleDownload();
    const declined = rows.filter((row) => row.victim_consent === 'N').length;
    expect(summary).toMatchObject({ accepted: rows.length - declined, declined, duplicates: 0, rejected: 0 });
    expect(workflows.started.size).toBe(rows.length - declined);
    const first = rows[0];
    if (!first) throw new Error('sample is empty');
    const opened = await store.getCase(caseIdFor('police', first.crime_reference));
    expect(opened?.referral.victim.surname).toBe(first.surname);
  });

  it('never opens a second case when the same file is ingested again', async () => {
    const first = await ingest(store, SAMPLE);
    const second = await ingest(store, SAMPLE);
    expect(second).toMatchObject({ accepted: 0, declined: 0, rejected: 0 });
    expect(second.duplicates).toBe(first.accepted + first.declined);
  });

  it('opens each case once when two copies of the file are ingested at the same moment', async () => {
    const [a, b] = await Promise.all([ingest(store, SAMPLE, 'a.csv'), ingest(store, SAMPLE, 'b.csv')]);
    expect(a.accepted + b.accepted).toBe(60);
    expect(a.duplicates + b.duplicates).toBe(64);
  });

  it('quarantines a broken row with its row number, field and reason while its neighbours go through', async () => {
    const random = seededRandom(5);
    const at = new Date('2026-11-23T10:00:00Z');
    const rows = [1, 2, 3].map((n) => syntheticRow(random, n, at, { method: 'Mobile telephone' }));
    const middle = rows[1];
    if (!middle) throw new Error('no row');
    middle.postcode = 'NOT A POSTCODE';
    const csv = toCsv(rows);
    const summary = await ingest(store, csv, 'broken.csv');
    expect(summary).toMatchObject({ accepted: 2, rejected: 1 });
    expect(summary.errors).toEqual([{ row: 3, field: 'postcode', message: 'is not a valid UK postcode' }]);
    const quarantined = await store.listQuarantine(intakeFileId('broken.csv', csv));
    expect(quarantined).toEqual([expect.objectContaining({ file: 'broken.csv', row: 3, field: 'postcode' })]);
    expect(await store.getCase(caseIdFor('police', middle.crime_reference))).toBeUndefined();
  });

  it('marks a second referral for the same person as a repeat victim', async () => {
    const random = seededRandom(9);
    const earlier = syntheticRow(random, 1, new Date('2026-11-20T10:00:00Z'), { method: 'Email' });
    const later = syntheticRow(random, 2, new Date('2026-11-23T10:00:00Z'), {
      method: 'Email',
      person: earlier,
    });
    await ingest(store, toCsv([earlier]), 'monday.csv');
    await ingest(store, toCsv([later]), 'thursday.csv');
    const repeat = await store.getCase(caseIdFor('police', later.crime_reference));
    expect(repeat?.repeatVictim).toBe(true);
    expect(repeat?.previousCaseIds).toEqual([caseIdFor('police', earlier.crime_reference)]);
    const original = await store.getCase(caseIdFor('police', earlier.crime_reference));
    expect(original?.repeatVictim).toBe(false);
  });

  it('sees the repeat when both referrals for one person arrive in the same file', async () => {
    const random = seededRandom(10);
    const first = syntheticRow(random, 1, new Date('2026-11-23T09:00:00Z'), { method: 'Post' });
    const second = syntheticRow(random, 2, new Date('2026-11-23T11:00:00Z'), {
      method: 'Post',
      person: first,
    });
    await ingest(store, toCsv([first, second]));
    expect((await store.getCase(caseIdFor('police', second.crime_reference)))?.repeatVictim).toBe(true);
  });

  it('never takes a later row of the same file for a previous case, whichever transaction lands first', async () => {
    const random = seededRandom(12);
    const first = syntheticRow(random, 1, new Date('2026-11-23T09:00:00Z'), { method: 'Post' });
    const second = syntheticRow(random, 2, new Date('2026-11-23T11:00:00Z'), {
      method: 'Post',
      person: first,
    });
    const firstId = caseIdFor('police', first.crime_reference);
    const secondId = caseIdFor('police', second.crime_reference);
    // The two rows are written by two writers at once; the first row's writer is held until the second
    // row's case is in the store, as happens when a run is cut short and run again, or by chance.
    let secondStored = () => {};
    const stored = new Promise<void>((resolve) => {
      secondStored = resolve;
    });
    const racing = Object.create(store) as DynamoDbCaseStore;
    let lookUps = 0;
    racing.previousCaseIds = async (keys) => {
      if (++lookUps === 1) await stored;
      return store.previousCaseIds(keys);
    };
    racing.createCases = async (cases) => {
      const statuses = await store.createCases(cases);
      if (cases.some((c) => c.opened.caseId === secondId)) secondStored();
      return statuses;
    };
    const csv = toCsv([first, second]);
    await ingestRows(
      parsePoliceDownload(csv),
      { file: 'race.csv', fileId: intakeFileId('race.csv', csv), channel: 'police-download' },
      { store: racing, clock: fixedClock('2026-11-23T18:00:00Z'), workflows },
    );

    expect(lookUps).toBe(2);
    expect(await store.getCase(firstId)).toMatchObject({ repeatVictim: false, previousCaseIds: [] });
    expect(await store.getCase(secondId)).toMatchObject({ repeatVictim: true, previousCaseIds: [firstId] });
  });

  it('triages an enhanced victim into first place with a 24-hour telephone deadline', async () => {
    const random = seededRandom(11);
    const row = syntheticRow(random, 1, new Date('2026-11-23T10:00:00Z'), {
      method: 'Mobile telephone',
      enhancedCategory: 'Persistently targeted',
      risk: 'Standard',
    });
    await ingest(store, toCsv([row]));
    const opened = await store.getCase(caseIdFor('police', row.crime_reference));
    expect(opened?.triage).toMatchObject({
      enhanced: true,
      priority: 1,
      enhancedReasons: ['victims-code-enhanced'],
    });
    expect(opened?.deadlines.initialContactDue.toISOString()).toBe('2026-11-24T10:00:00.000Z');
  });
});
