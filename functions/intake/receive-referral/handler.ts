import { SFNClient } from '@aws-sdk/client-sfn';
import { StepFunctionsWorkflows } from '../../../shared/adapters/aws/step-functions-workflows.ts';
import { DynamoDbCaseStore } from '../../../shared/adapters/dynamodb/case-store.ts';
import { documentClient } from '../../../shared/adapters/dynamodb/clients.ts';
import { systemClock } from '../../../shared/ports/clock.ts';
import { contactPathArn, functionConfig } from '../../config.ts';
import { createReceiveReferral } from './receive-referral.ts';

const { tableName } = functionConfig();

export const handler = createReceiveReferral({
  store: new DynamoDbCaseStore(documentClient(), tableName),
  clock: systemClock,
  workflows: new StepFunctionsWorkflows(new SFNClient({}), contactPathArn()),
});
