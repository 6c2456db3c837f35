import { AwsMessenger, messagingClients } from '../../../shared/adapters/aws/aws-messenger.ts';
import { DynamoDbMessageStore } from '../../../shared/adapters/dynamodb/message-store.ts';
import { alertsMessengerConfig, jobContactsConfig } from '../../config.ts';
import { awsJobDeps } from '../aws-deps.ts';
import { createNotifyJob } from './notify-job.ts';

const deps = awsJobDeps();

export const handler = createNotifyJob({
  ...deps,
  messages: new DynamoDbMessageStore(deps.client, deps.tableName),
  messenger: new AwsMessenger(messagingClients(), alertsMessengerConfig()),
  contacts: jobContactsConfig(),
});
