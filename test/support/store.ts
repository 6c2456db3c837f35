import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { DynamoDbCaseStore } from '../../shared/adapters/dynamodb/case-store.ts';
import { documentClient, localDynamoDbConfig } from '../../shared/adapters/dynamodb/clients.ts';
import { ensureTable } from '../../shared/adapters/dynamodb/create-table.ts';

/** A fresh table on the run's DynamoDB Local, and the real case store over it. */
export async function freshStore(): Promise<{
  store: DynamoDbCaseStore;
  client: DynamoDBDocumentClient;
  tableName: string;
}> {
  const config = localDynamoDbConfig(inject('dynamoDbEndpoint'));
  const tableName = `test-${randomUUID()}`;
  const admin = new DynamoDBClient(config);
  await ensureTable(admin, tableName);
  admin.destroy();
  const client = documentClient(config);
  return { store: new DynamoDbCaseStore(client, tableName), client, tableName };
}

/** A clock that says what the test tells it. */
export function fixedClock(iso: string) {
  let now = new Date(iso);
  return {
    now: () => new Date(now),
    set: (next: string) => {
      now = new Date(next);
    },
  };
}
