import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient } from '@aws-sdk/client-sfn';
import {
  StepFunctionsTargetHardeningJobs,
  StepFunctionsWebChatBookings,
  StepFunctionsWorkflows,
} from '../../../shared/adapters/aws/step-functions-workflows.ts';
import { DynamoDbCaseStore } from '../../../shared/adapters/dynamodb/case-store.ts';
import { documentClient } from '../../../shared/adapters/dynamodb/clients.ts';
import { DynamoDbThJobStore } from '../../../shared/adapters/dynamodb/target-hardening-jobs.ts';
import { DynamoDbThReferralStore } from '../../../shared/adapters/dynamodb/target-hardening-referrals.ts';
import { systemClock } from '../../../shared/adapters/system-clock.ts';
import { contactPathArn, receiveReferralConfig, targetHardeningArn, webChatArn } from '../../config.ts';
import { readOriginSecret } from './origin-secret.ts';
import { createReceiveReferral } from './receive-referral.ts';

// Read and checked once, at cold start: without the origin secret's ARN, or the secret, the function fails
// here, so in AWS a self-referral is never taken without the header CloudFront adds.
const { tableName, originSecretArn } = receiveReferralConfig();
const originSecret = await readOriginSecret(new SecretsManagerClient({}), originSecretArn);
const client = documentClient();
const sfn = new SFNClient({});

export const handler = createReceiveReferral({
  store: new DynamoDbCaseStore(client, tableName),
  clock: systemClock,
  workflows: new StepFunctionsWorkflows(sfn, contactPathArn()),
  webChatBookings: new StepFunctionsWebChatBookings(sfn, webChatArn()),
  referrals: new DynamoDbThReferralStore(client, tableName),
  jobs: new DynamoDbThJobStore(client, tableName),
  targetHardening: new StepFunctionsTargetHardeningJobs(sfn, targetHardeningArn()),
  originSecret,
});
