import { ConnectClient } from '@aws-sdk/client-connect';
import { S3Client } from '@aws-sdk/client-s3';
import { ConnectChatContacts } from '../../../shared/adapters/aws/connect-chat-contacts.ts';
import { S3ObjectStore } from '../../../shared/adapters/aws/s3-object-store.ts';
import { DynamoDbAuditLog } from '../../../shared/adapters/dynamodb/audit-log.ts';
import { DynamoDbCaseStore } from '../../../shared/adapters/dynamodb/case-store.ts';
import { documentClient } from '../../../shared/adapters/dynamodb/clients.ts';
import { DynamoDbContactLog } from '../../../shared/adapters/dynamodb/contact-log.ts';
import { DynamoDbSupportStore } from '../../../shared/adapters/dynamodb/support-store.ts';
import { DynamoDbWebChats } from '../../../shared/adapters/dynamodb/web-chats.ts';
import { systemClock } from '../../../shared/adapters/system-clock.ts';
import { connectChatConfig, functionConfig } from '../../config.ts';
import { createKeepChatTranscript } from './keep-chat-transcript.ts';

const { tableName } = functionConfig();
const { instanceId, contactFlowId } = connectChatConfig();
const client = documentClient();

export const handler = createKeepChatTranscript({
  webChats: new DynamoDbWebChats(client, tableName),
  contacts: new DynamoDbContactLog(client, tableName),
  support: new DynamoDbSupportStore(client, tableName),
  audit: new DynamoDbAuditLog(client, tableName),
  store: new DynamoDbCaseStore(client, tableName),
  chatContacts: new ConnectChatContacts(new ConnectClient({}), instanceId, contactFlowId),
  objects: new S3ObjectStore(new S3Client({})),
  clock: systemClock,
});
