import { DynamoDbAuditLog } from '../../../shared/adapters/dynamodb/audit-log.ts';
import { DynamoDbCaseStore } from '../../../shared/adapters/dynamodb/case-store.ts';
import { documentClient } from '../../../shared/adapters/dynamodb/clients.ts';
import { DynamoDbContactLog } from '../../../shared/adapters/dynamodb/contact-log.ts';
import { DynamoDbPhoneCalls } from '../../../shared/adapters/dynamodb/phone-calls.ts';
import { DynamoDbSupportStore } from '../../../shared/adapters/dynamodb/support-store.ts';
import { systemClock } from '../../../shared/adapters/system-clock.ts';
import { connectAgentsConfig, functionConfig } from '../../config.ts';
import { createRecordPhoneCall } from './record-phone-call.ts';

const { tableName } = functionConfig();
const client = documentClient();

export const handler = createRecordPhoneCall({
  calls: new DynamoDbPhoneCalls(client, tableName),
  contacts: new DynamoDbContactLog(client, tableName),
  support: new DynamoDbSupportStore(client, tableName),
  audit: new DynamoDbAuditLog(client, tableName),
  store: new DynamoDbCaseStore(client, tableName),
  clock: systemClock,
  agents: connectAgentsConfig(),
});
