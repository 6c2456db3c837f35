import { DynamoDbCaseStore } from '../../shared/adapters/dynamodb/case-store.ts';
import { documentClient } from '../../shared/adapters/dynamodb/clients.ts';
import { DynamoDbTaskStore } from '../../shared/adapters/dynamodb/task-store.ts';
import { systemClock } from '../../shared/ports/clock.ts';
import { functionConfig } from '../config.ts';
import type { ContactDeps } from './contact-deps.ts';

/** The contact-path functions' dependencies in AWS: one DynamoDB client, the case and task stores. */
export function awsContactDeps(): ContactDeps {
  const { tableName } = functionConfig();
  const client = documentClient();
  return {
    store: new DynamoDbCaseStore(client, tableName),
    tasks: new DynamoDbTaskStore(client, tableName),
    clock: systemClock,
  };
}
