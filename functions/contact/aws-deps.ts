import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbCaseOwners } from '../../shared/adapters/dynamodb/case-owners.ts';
import { DynamoDbCaseStore } from '../../shared/adapters/dynamodb/case-store.ts';
import { documentClient } from '../../shared/adapters/dynamodb/clients.ts';
import { DynamoDbSupportStore } from '../../shared/adapters/dynamodb/support-store.ts';
import { DynamoDbTaskStore } from '../../shared/adapters/dynamodb/task-store.ts';
import { systemClock } from '../../shared/adapters/system-clock.ts';
import { functionConfig } from '../config.ts';
import { powertoolsOperationsMetrics } from '../operations-metrics.ts';
import type { ContactDeps } from './contact-deps.ts';

/** The contact-path functions' dependencies in AWS: one DynamoDB client, the case, task and owner stores. */
export function awsContactDeps(
  client: DynamoDBDocumentClient = documentClient(),
): ContactDeps & { readonly client: DynamoDBDocumentClient; readonly tableName: string } {
  const { tableName } = functionConfig();
  return {
    client,
    tableName,
    store: new DynamoDbCaseStore(client, tableName),
    tasks: new DynamoDbTaskStore(client, tableName),
    support: new DynamoDbSupportStore(client, tableName),
    owners: new DynamoDbCaseOwners(client, tableName),
    clock: systemClock,
    metrics: powertoolsOperationsMetrics(),
  };
}
