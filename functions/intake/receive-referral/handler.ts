import { SFNClient } from '@aws-sdk/client-sfn';
import {
  StepFunctionsTargetHardeningJobs,
  StepFunctionsWorkflows,
} from '../../../shared/adapters/aws/step-functions-workflows.ts';
import { DynamoDbCaseStore } from '../../../shared/adapters/dynamodb/case-store.ts';
import { documentClient } from '../../../shared/adapters/dynamodb/clients.ts';
import { DynamoDbTargetHardeningStore } from '../../../shared/adapters/dynamodb/target-hardening-store.ts';
import { systemClock } from '../../../shared/ports/clock.ts';
import { contactPathArn, functionConfig, targetHardeningArn } from '../../config.ts';
import { createReceiveReferral } from './receive-referral.ts';

const { tableName } = functionConfig();
const client = documentClient();
const sfn = new SFNClient({});

export const handler = createReceiveReferral({
  store: new DynamoDbCaseStore(client, tableName),
  clock: systemClock,
  workflows: new StepFunctionsWorkflows(sfn, contactPathArn()),
  jobs: new DynamoDbTargetHardeningStore(client, tableName),
  targetHardening: new StepFunctionsTargetHardeningJobs(sfn, targetHardeningArn()),
});
