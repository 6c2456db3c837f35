import { SFNClient } from '@aws-sdk/client-sfn';
import { StepFunctionsTaskResponses } from '../../../shared/adapters/aws/step-functions-workflows.ts';
import { documentClient } from '../../../shared/adapters/dynamodb/clients.ts';
import { DynamoDbMessageStore } from '../../../shared/adapters/dynamodb/message-store.ts';
import { functionConfig } from '../../config.ts';
import { powertoolsOperationsMetrics } from '../../operations-metrics.ts';
import { createRecordDeliveryStatus } from './record-delivery-status.ts';

const { tableName } = functionConfig();

export const handler = createRecordDeliveryStatus({
  messages: new DynamoDbMessageStore(documentClient(), tableName),
  workflows: new StepFunctionsTaskResponses(new SFNClient({})),
  metrics: powertoolsOperationsMetrics(),
});
