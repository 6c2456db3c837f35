import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbCaseStore } from '../../shared/adapters/dynamodb/case-store.ts';
import { documentClient } from '../../shared/adapters/dynamodb/clients.ts';
import { DynamoDbTaskStore } from '../../shared/adapters/dynamodb/task-store.ts';
import { systemClock } from '../../shared/adapters/system-clock.ts';
import { functionConfig } from '../config.ts';
import { powertoolsOperationsMetrics } from '../operations-metrics.ts';
import type { ContactDeps } from './contact-deps.ts';

/** The contact-path functions' dependencies in AWS: one DynamoDB client, the case and task stores. */
export function awsContactDeps(
  client: DynamoDBDocumentClient = documentClient(),
): ContactDeps & { readonly client: DynamoDBDocumentClient; readonly tableName: string } {
  const { tableName } = functionConfig();
  return {
    client,
    tableName,
    store: new DynamoDbCaseStore(client, tableName),
    tasks: new DynamoDbTaskStore(client, tableName),
    clock: systemClock,
    metrics: powertoolsOperationsMetrics(),
  };
}
