import { S3Client } from '@aws-sdk/client-s3';
import { RETURNS_MAX_ATTEMPTS, S3ReturnStore } from '../../../shared/adapters/aws/s3-return-store.ts';
import { DynamoDbAgencyList } from '../../../shared/adapters/dynamodb/agencies.ts';
import { DynamoDbCaseStore } from '../../../shared/adapters/dynamodb/case-store.ts';
import { documentClient } from '../../../shared/adapters/dynamodb/clients.ts';
import { DynamoDbComplaints } from '../../../shared/adapters/dynamodb/complaints.ts';
import { DynamoDbContactLog } from '../../../shared/adapters/dynamodb/contact-log.ts';
import { DynamoDbGroupSessions } from '../../../shared/adapters/dynamodb/group-sessions.ts';
import { DynamoDbOutcomeStore } from '../../../shared/adapters/dynamodb/outcomes.ts';
import { DynamoDbQuickQuestions } from '../../../shared/adapters/dynamodb/quick-questions.ts';
import { DynamoDbSupportStore } from '../../../shared/adapters/dynamodb/support-store.ts';
import { DynamoDbThJobStore } from '../../../shared/adapters/dynamodb/target-hardening-jobs.ts';
import { DynamoDbThReferralStore } from '../../../shared/adapters/dynamodb/target-hardening-referrals.ts';
import { DynamoDbTaskStore } from '../../../shared/adapters/dynamodb/task-store.ts';
import { systemClock } from '../../../shared/adapters/system-clock.ts';
import { productLimitsFrom } from '../../../shared/domain/target-hardening.ts';
import { functionConfig, returnsWriteConfig } from '../../config.ts';
import { createProduceQuarterlyReturn } from './produce-quarterly-return.ts';

// Read and checked once, at cold start: a missing setting fails here, naming what is missing.
const { tableName } = functionConfig();
const client = documentClient();
const outcomes = new DynamoDbOutcomeStore(client, tableName);

export const handler = createProduceQuarterlyReturn({
  sources: {
    store: new DynamoDbCaseStore(client, tableName),
    support: new DynamoDbSupportStore(client, tableName),
    referrals: new DynamoDbThReferralStore(client, tableName),
    jobs: new DynamoDbThJobStore(client, tableName),
    agencies: new DynamoDbAgencyList(client, tableName),
    contacts: new DynamoDbContactLog(client, tableName),
    groupSessions: new DynamoDbGroupSessions(client, tableName),
    quickQuestions: new DynamoDbQuickQuestions(client, tableName),
    complaints: new DynamoDbComplaints(client, tableName),
    outcomes,
  },
  plans: { outcomes, tasks: new DynamoDbTaskStore(client, tableName) },
  returns: new S3ReturnStore(
    new S3Client({ maxAttempts: RETURNS_MAX_ATTEMPTS, retryMode: 'adaptive' }),
    returnsWriteConfig(),
  ),
  clock: systemClock,
  productBudgetPence: productLimitsFrom(process.env).annualBudgetPence,
});
