import { AwsMessenger, messagingClients } from '../../../shared/adapters/aws/aws-messenger.ts';
import { DynamoDbMessageStore } from '../../../shared/adapters/dynamodb/message-store.ts';
import { DynamoDbThReferralStore } from '../../../shared/adapters/dynamodb/target-hardening-referrals.ts';
import { alertsMessengerConfig, jobContactsConfig } from '../../config.ts';
import { awsJobDeps } from '../aws-deps.ts';
import { createNotifyJob } from './notify-job.ts';

const deps = awsJobDeps();

export const handler = createNotifyJob({
  ...deps,
  referrals: new DynamoDbThReferralStore(deps.client, deps.tableName),
  messages: new DynamoDbMessageStore(deps.client, deps.tableName),
  messenger: new AwsMessenger(messagingClients(), alertsMessengerConfig()),
  contacts: jobContactsConfig(),
});
