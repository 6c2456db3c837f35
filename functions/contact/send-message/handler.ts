import { AwsMessenger, messagingClients } from '../../../shared/adapters/aws/aws-messenger.ts';
import { documentClient } from '../../../shared/adapters/dynamodb/clients.ts';
import { DynamoDbMessageStore } from '../../../shared/adapters/dynamodb/message-store.ts';
import { functionConfig, messengerConfig } from '../../config.ts';
import { awsContactDeps } from '../aws-deps.ts';
import { createSendMessage } from './send-message.ts';

export const handler = createSendMessage({
  ...awsContactDeps(),
  messages: new DynamoDbMessageStore(documentClient(), functionConfig().tableName),
  messenger: new AwsMessenger(messagingClients(), messengerConfig()),
});
