import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { localDynamoDbConfig } from '../../shared/adapters/dynamodb/clients.ts';
import { ensureTable, TableDesignError } from '../../shared/adapters/dynamodb/create-table.ts';

const config = localDynamoDbConfig(inject('dynamoDbEndpoint'));
const admin = new DynamoDBClient(config);

afterAll(() => {
  admin.destroy();
});

/** The case table as the version before the queue-by-type index made it: two indexes. */
async function aTableOfTheEarlierDesign(): Promise<string> {
  const tableName = `test-${randomUUID()}`;
  const index = (name: string) => ({
    IndexName: name,
    KeySchema: [
      { AttributeName: `${name}pk`, KeyType: 'HASH' as const },
      { AttributeName: `${name}sk`, KeyType: 'RANGE' as const },
    ],
    Projection: { ProjectionType: 'ALL' as const },
  });
  await admin.send(
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
});
