import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { syntheticDownload, toCsv } from '../local/synthetic/police-download.ts';
import { caseItems, DynamoDbCaseStore, keys } from '../shared/adapters/dynamodb/case-store.ts';
import { documentClient, localDynamoDbConfig } from '../shared/adapters/dynamodb/clients.ts';
import { ensureTable } from '../shared/adapters/dynamodb/create-table.ts';
import { systemClock } from '../shared/adapters/system-clock.ts';
import { ingestRows, intakeFileId } from '../shared/application/ingest.ts';
import { openCase } from '../shared/domain/case.ts';
import { parsePoliceDownload } from '../shared/domain/intake/police-download.ts';
import { RecordingWorkflows } from '../test/support/recording-workflows.ts';

export interface IntakeFigures {
  rows: number;
  intakeRowsPerSecond: number;
  floorRowsPerSecond: number;
  intakeVsFloor: number;
}

const CONCURRENCY = 4;

async function table(endpoint: string, name: string): Promise<DynamoDBDocumentClient> {
  const config = localDynamoDbConfig(endpoint);
  const admin = new DynamoDBClient(config);
  await ensureTable(admin, name);
  admin.destroy();
  return documentClient(config);
}

/** The floor: BatchWriteItem of the very items intake writes, 25 at a time, as many writers as intake. */
async function batchWriteFloor(
  client: DynamoDBDocumentClient,
  tableName: string,
  items: Record<string, unknown>[],
) {
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  let next = 0;
  const writer = async () => {
    while (next < batches.length) {
      let pending = (batches[next++] ?? []).map((Item) => ({ PutRequest: { Item } }));
      while (pending.length > 0) {
        const result = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
        pending = (result.UnprocessedItems?.[tableName] ?? []) as typeof pending;
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, writer));
}

/**
 * Intake benchmark (docs/performance.md): a generated 20,000-row police download ingested into DynamoDB
 * Local, beside the floor measured in the same run — BatchWriteItem of the same items into the same
 * DynamoDB Local.
 */
export async function benchIntake(
  endpoint: string,
  rows = 20_000,
  log = console.log,
): Promise<IntakeFigures> {
  const csv = toCsv(syntheticDownload(rows, 42));
  const outcomes = parsePoliceDownload(csv);

  const floorClient = await table(endpoint, 'bench-floor');
  const now = new Date();
  // The same items intake writes for each case: referral key, case, and person link (here a plain put).
  const items = outcomes.flatMap((outcome) => {
    if (outcome.kind !== 'referral') return [];
    const opened = openCase(outcome.referral, [], now);
    const { referralKey, caseItem, personKey } = caseItems(opened, {
      channel: 'police-download',
      file: 'bench.csv',
      row: outcome.row,
    });
    return [
      referralKey,
      caseItem,
      ...(personKey ? [{ ...keys.person(personKey), personKey, caseIds: new Set([opened.caseId]) }] : []),
    ];
  });
  const referralRows = outcomes.filter((outcome) => outcome.kind === 'referral').length;
  const floorStart = performance.now();
  await batchWriteFloor(floorClient, 'bench-floor', items);
  const floorSeconds = (performance.now() - floorStart) / 1000;
  const floorRowsPerSecond = referralRows / floorSeconds;

  const intakeClient = await table(endpoint, 'bench-intake');
  const store = new DynamoDbCaseStore(intakeClient, 'bench-intake');
  const intakeStart = performance.now();
  const summary = await ingestRows(
    parsePoliceDownload(csv),
    {
      file: 'bench.csv',
      fileId: intakeFileId('bench.csv', csv),
      channel: 'police-download',
      concurrency: CONCURRENCY,
    },
    // Intake alone: the contact paths it starts are recorded, not run (the engine has its own benchmark).
    { store, clock: systemClock, workflows: new RecordingWorkflows() },
  );
  const intakeSeconds = (performance.now() - intakeStart) / 1000;
  const intakeRowsPerSecond = referralRows / intakeSeconds;
  log(
    `intake: ${rows} rows (${summary.accepted} accepted, ${summary.declined} declined) in ${intakeSeconds.toFixed(1)} s`,
  );
  log(
    `  intake  ${intakeRowsPerSecond.toFixed(0)} rows/s (cases opened: parse, validate, repeat check, transactions)`,
  );
  log(
    `  floor   ${floorRowsPerSecond.toFixed(0)} rows/s (cases: BatchWriteItem of the same items, ${CONCURRENCY} writers)`,
  );
  log(`  ratio   ${(intakeRowsPerSecond / floorRowsPerSecond).toFixed(2)} (goal ≥ 0.5)`);
  floorClient.destroy();
  intakeClient.destroy();
  return {
    rows,
    intakeRowsPerSecond,
    floorRowsPerSecond,
    intakeVsFloor: intakeRowsPerSecond / floorRowsPerSecond,
  };
}
