import { AwsMessenger, messagingClients } from '../../../shared/adapters/aws/aws-messenger.ts';
import { DynamoDbMessageStore } from '../../../shared/adapters/dynamodb/message-store.ts';
import { DynamoDbRecipientLimits } from '../../../shared/adapters/dynamodb/recipient-limits.ts';
import { DynamoDbWebChats } from '../../../shared/adapters/dynamodb/web-chats.ts';
import { messengerConfig, publicSiteUrl } from '../../config.ts';
import { awsContactDeps } from '../aws-deps.ts';
import { createSendMessage } from './send-message.ts';

const deps = awsContactDeps();
const site = publicSiteUrl();

export const handler = createSendMessage({
  ...deps,
  messages: new DynamoDbMessageStore(deps.client, deps.tableName),
  recipientLimits: new DynamoDbRecipientLimits(deps.client, deps.tableName),
  messenger: new AwsMessenger(messagingClients(), messengerConfig()),
  webChats: new DynamoDbWebChats(deps.client, deps.tableName),
  publicSiteUrl: () => site,
});
