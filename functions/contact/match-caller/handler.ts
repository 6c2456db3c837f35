import { DynamoDbCaseOwners } from '../../../shared/adapters/dynamodb/case-owners.ts';
import { DynamoDbCaseSearch } from '../../../shared/adapters/dynamodb/case-search.ts';
import { documentClient } from '../../../shared/adapters/dynamodb/clients.ts';
import { DynamoDbPhoneCalls } from '../../../shared/adapters/dynamodb/phone-calls.ts';
import { systemClock } from '../../../shared/adapters/system-clock.ts';
import { connectAgentsConfig, functionConfig } from '../../config.ts';
import { createMatchCaller } from './match-caller.ts';

const { tableName } = functionConfig();
const client = documentClient();

export const handler = createMatchCaller({
  search: new DynamoDbCaseSearch(client, tableName),
  owners: new DynamoDbCaseOwners(client, tableName),
  calls: new DynamoDbPhoneCalls(client, tableName),
  clock: systemClock,
  agents: connectAgentsConfig(),
});
