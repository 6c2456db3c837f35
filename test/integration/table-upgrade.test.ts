import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { startDynamoDbLocal } from '../../local/dynamodb/dynamodb-local.ts';
import { LOCAL_TABLE_NAME } from '../../local/environment.ts';
import { localDynamoDbConfig } from '../../shared/adapters/dynamodb/clients.ts';
import { ensureTable, TableDesignError } from '../../shared/adapters/dynamodb/create-table.ts';
import { databasesServing } from '../support/processes.ts';

const run = promisify(execFile);
const VF = new URL('../../bin/vf.js', import.meta.url).pathname;
const SAMPLE = new URL('../../samples/police-download.csv', import.meta.url).pathname;
const config = localDynamoDbConfig(inject('dynamoDbEndpoint'));
const admin = new DynamoDBClient(config);

afterAll(() => {
  admin.destroy();
});

/** The case table as the version before the queue-by-type index made it: two indexes. */
async function aTableOfTheEarlierDesign(
  on: DynamoDBClient = admin,
  tableName = `test-${randomUUID()}`,
): Promise<string> {
  const index = (name: string) => ({
    IndexName: name,
    KeySchema: [
      { AttributeName: `${name}pk`, KeyType: 'HASH' as const },
      { AttributeName: `${name}sk`, KeyType: 'RANGE' as const },
    ],
    Projection: { ProjectionType: 'ALL' as const },
  });
  await on.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk'].map((name) => ({
        AttributeName: name,
        AttributeType: 'S',
      })),
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [index('gsi1'), index('gsi2')],
    }),
  );
  return tableName;
}

describe('a case table made by an earlier version', () => {
  it('is refused, naming the index it lacks and how to start afresh, and is left as it was', async () => {
    const tableName = await aTableOfTheEarlierDesign();

    const refused = ensureTable(admin, tableName);
    await expect(refused).rejects.toThrow(TableDesignError);
    await expect(refused).rejects.toThrow(
      `the table ${tableName} was made by an earlier version and has no index gsi3; local data is synthetic: ` +
        'remove the dynamodb folder of the data directory (VF_DATA_DIR, .vf by default) to start afresh',
    );
    const described = await admin.send(new DescribeTableCommand({ TableName: tableName }));
    expect(described.Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName).sort()).toEqual([
      'gsi1',
      'gsi2',
    ]);
  });

  it('is used as it is once it has every index of the design', async () => {
    const tableName = `test-${randomUUID()}`;
    await ensureTable(admin, tableName);
    await expect(ensureTable(admin, tableName)).resolves.toBeUndefined();
  });

  it('stops a vf command on a data directory that holds one, with the message and exit code 2, leaving nothing running', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vf-earlier-table-'));
    try {
      const database = await startDynamoDbLocal({ dataDir: join(dataDir, 'dynamodb') });
      const earlier = new DynamoDBClient(localDynamoDbConfig(database.endpoint));
      await aTableOfTheEarlierDesign(earlier, LOCAL_TABLE_NAME);
      earlier.destroy();
      await database.stop();

      const refused = await run(process.execPath, [VF, 'ingest', 'police', SAMPLE], {
        env: { ...process.env, VF_DATA_DIR: dataDir },
        timeout: 120_000,
      }).then(
        () => ({ code: 0, stderr: '' }),
        (error: { code: number; stderr: string }) => error,
      );

      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(
        `vf: the table ${LOCAL_TABLE_NAME} was made by an earlier version and has no index gsi3;`,
      );
      expect(refused.stderr).not.toContain('    at ');
      expect(databasesServing(dataDir)).toEqual([]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
