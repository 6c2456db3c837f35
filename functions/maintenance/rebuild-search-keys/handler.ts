import { DynamoDbCaseSearchKeys } from '../../../shared/adapters/dynamodb/case-search-keys.ts';
import { documentClient } from '../../../shared/adapters/dynamodb/clients.ts';
import { functionConfig } from '../../config.ts';
import { createRebuildSearchKeys } from './rebuild-search-keys.ts';

// Read and checked once, at cold start: a missing setting fails here, naming what is missing.
const { tableName } = functionConfig();

export const handler = createRebuildSearchKeys({
  keys: new DynamoDbCaseSearchKeys(documentClient(), tableName),
});
