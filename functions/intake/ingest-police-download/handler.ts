import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { S3ObjectStore } from '../../../shared/adapters/aws/s3-object-store.ts';
import { StepFunctionsWorkflows } from '../../../shared/adapters/aws/step-functions-workflows.ts';
import { DynamoDbCaseStore } from '../../../shared/adapters/dynamodb/case-store.ts';
import { documentClient } from '../../../shared/adapters/dynamodb/clients.ts';
import { systemClock } from '../../../shared/adapters/system-clock.ts';
import { contactPathArn, functionConfig } from '../../config.ts';
import { createIngestPoliceDownload } from './ingest-police-download.ts';

const { tableName } = functionConfig();

export const handler = createIngestPoliceDownload({
  store: new DynamoDbCaseStore(documentClient(), tableName),
  clock: systemClock,
  workflows: new StepFunctionsWorkflows(new SFNClient({}), contactPathArn()),
  objects: new S3ObjectStore(new S3Client({})),
});
