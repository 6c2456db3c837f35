import { SFNClient } from '@aws-sdk/client-sfn';
import { StepFunctionsTargetHardeningJobs } from '../../../shared/adapters/aws/step-functions-workflows.ts';
import { DynamoDbPinAttempts } from '../../../shared/adapters/dynamodb/pin-attempts.ts';
import { DynamoDbThReferralStore } from '../../../shared/adapters/dynamodb/target-hardening-referrals.ts';
import { DynamoDbReferrerDirectory } from '../../../shared/adapters/dynamodb/target-hardening-referrers.ts';
import { targetHardeningArn } from '../../config.ts';
import { awsJobDeps } from '../aws-deps.ts';
import { createConnectEmergency } from './connect-emergency.ts';

const deps = awsJobDeps();

export const handler = createConnectEmergency({
  ...deps,
  referrers: new DynamoDbReferrerDirectory(deps.client, deps.tableName),
  referrals: new DynamoDbThReferralStore(deps.client, deps.tableName),
  attempts: new DynamoDbPinAttempts(deps.client, deps.tableName),
  workflows: new StepFunctionsTargetHardeningJobs(new SFNClient({}), targetHardeningArn()),
});
