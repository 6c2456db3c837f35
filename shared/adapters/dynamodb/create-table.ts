import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { TABLE_DESIGN } from '../../storage-layout/table-design.ts';

type Index = (typeof TABLE_DESIGN.indexes)[number];

const indexDefinition = (index: Index) => ({
  IndexName: index.name,
  KeySchema: [
    { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
    { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
  ],
  Projection: { ProjectionType: 'ALL' as const },
});

const attributeDefinitions = (names: readonly string[]) =>
  [...new Set(names)].map((name) => ({ AttributeName: name, AttributeType: 'S' as const }));

/** A table that exists without every index of the current design. */
export class TableDesignError extends Error {
  override name = 'TableDesignError';
}

/**
 * Creates the single table from TABLE_DESIGN if it is not there yet (local system and tests). A table
 * that is there must have every index of the design: one an earlier version made without one is refused,
 * naming it, rather than answering some listings from an index it does not have.
 */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    const described = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const existing = (described.Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName);
    const missing = TABLE_DESIGN.indexes.filter((index) => !existing.includes(index.name));
    if (missing.length > 0) {
      throw new TableDesignError(
        `the table ${tableName} was made by an earlier version and has no index ${missing.map((index) => index.name).join(', ')}; ` +
          'local data is synthetic: remove the dynamodb folder of the data directory (VF_DATA_DIR, .vf by default) to start afresh',
      );
    }
    return;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: attributeDefinitions([
        TABLE_DESIGN.partitionKey,
        TABLE_DESIGN.sortKey,
        ...TABLE_DESIGN.indexes.flatMap((index) => [index.partitionKey, index.sortKey]),
      ]),
      KeySchema: [
        { AttributeName: TABLE_DESIGN.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE_DESIGN.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: TABLE_DESIGN.indexes.map(indexDefinition),
    }),
  );
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: TABLE_DESIGN.timeToLiveAttribute, Enabled: true },
    }),
  );
}
