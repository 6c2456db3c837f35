import { S3Client } from '@aws-sdk/client-s3';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient } from '@aws-sdk/client-sfn';
import { AwsMessenger, messagingClients } from '../../../shared/adapters/aws/aws-messenger.ts';
import { EventBridgeSchedules } from '../../../shared/adapters/aws/eventbridge-scheduler.ts';
import { RETURNS_MAX_ATTEMPTS, S3ReturnStore } from '../../../shared/adapters/aws/s3-return-store.ts';
import {
  StepFunctionsComplaintClocks,
  StepFunctionsTargetHardeningJobs,
  StepFunctionsWorkflows,
} from '../../../shared/adapters/aws/step-functions-workflows.ts';
import { DynamoDbAgencyList } from '../../../shared/adapters/dynamodb/agencies.ts';
import { documentClient } from '../../../shared/adapters/dynamodb/clients.ts';
import { DynamoDbComplaints } from '../../../shared/adapters/dynamodb/complaints.ts';
import { DynamoDbMessageStore } from '../../../shared/adapters/dynamodb/message-store.ts';
import { DynamoDbMilestoneStore } from '../../../shared/adapters/dynamodb/milestones.ts';
import { DynamoDbOpenChatRota } from '../../../shared/adapters/dynamodb/open-chat-rota.ts';
import { DynamoDbOpenChats } from '../../../shared/adapters/dynamodb/open-chats.ts';
import { DynamoDbOutcomeStore } from '../../../shared/adapters/dynamodb/outcomes.ts';
import { DynamoDbQuickQuestions } from '../../../shared/adapters/dynamodb/quick-questions.ts';
import { DynamoDbRecipientLimits } from '../../../shared/adapters/dynamodb/recipient-limits.ts';
import { DynamoDbReturnSubmissions } from '../../../shared/adapters/dynamodb/return-submissions.ts';
import {
  DynamoDbMhTriageStore,
  DynamoDbRjProcessStore,
} from '../../../shared/adapters/dynamodb/rj-process.ts';
import { DynamoDbThOversightStore } from '../../../shared/adapters/dynamodb/target-hardening-oversight.ts';
import { dynamoDbTargetHardeningStores } from '../../../shared/adapters/dynamodb/target-hardening-stores.ts';
import { DynamoDbWebChats } from '../../../shared/adapters/dynamodb/web-chats.ts';
import { LLR_AGENCIES, LLR_AGENCIES_SEED } from '../../../shared/domain/agencies.ts';
import { productLimitsFrom } from '../../../shared/domain/target-hardening.ts';
import { createWebApp, webAppHandler } from '../../../web/app.ts';
import {
  alertsMessengerConfig,
  complaintClockArn,
  complaintClockRules,
  contactPathArn,
  openChatRota,
  publicSiteConfig,
  reEngagementConfig,
  returnsReadConfig,
  targetHardeningArn,
  webAppConfig,
} from '../../config.ts';
import { logger } from '../../logger.ts';
import { awsWebAppDeps, readSessionSecret } from './web-app.ts';

// Read and checked once, at cold start: a missing setting or secret fails here, naming what is wrong.
const config = webAppConfig();
const limits = productLimitsFrom(process.env);
const jobsArn = targetHardeningArn();
const returnsBucket = returnsReadConfig();
const reEngagement = reEngagementConfig();
const { publicSiteUrl } = publicSiteConfig();
const messengerSettings = alertsMessengerConfig();
const sessionSecret = await readSessionSecret(new SecretsManagerClient({}), config.sessionSecretArn);
const client = documentClient();
const sfn = new SFNClient({});
// The onward-referral agencies start as the LLR list: written into the table once (conditional writes, so
// instances starting together agree); after that each cold start reads one item and writes nothing.
await new DynamoDbAgencyList(client, config.tableName).seed(LLR_AGENCIES_SEED, LLR_AGENCIES, new Date());

export const handler = webAppHandler(
  createWebApp({
    ...awsWebAppDeps({ config, client, sfn, sessionSecret }),
    // What no case's audit holds (a search that found nothing): ids and codes only.
    log: (message, detail) => logger.info(message, detail),
    // The contractor's portal and the referral from the case page (docs/target-hardening.md).
    targetHardening: {
      jobs: dynamoDbTargetHardeningStores(client, config.tableName),
      limits,
      workflows: new StepFunctionsTargetHardeningJobs(sfn, jobsArn),
      oversight: new DynamoDbThOversightStore(client, config.tableName),
    },
    // Milestones, and the EventBridge Scheduler schedules that raise re-engagement calls before them.
    reEngagement: {
      milestones: new DynamoDbMilestoneStore(client, config.tableName),
      schedules: new EventBridgeSchedules(new SchedulerClient({}), reEngagement.group, reEngagement.roleArn),
      reEngagementArn: reEngagement.stateMachineArn,
    },
    // Booked web chats (docs/web-chat.md): answered in the Amazon Connect agent workspace, their
    // transcripts kept on the case and shown here.
    webChats: new DynamoDbWebChats(client, config.tableName),
    webChatsInConnect: true,
    // Open web chats, answered by the call-taker on the rota team leaders keep, over the configured one
    // until they save a pattern (docs/web-chat.md).
    openChats: {
      chats: new DynamoDbOpenChats(client, config.tableName),
      rota: openChatRota(),
      rotaStore: new DynamoDbOpenChatRota(client, config.tableName),
    },
    // Referrals keyed in by staff start their contact paths.
    keyedReferrals: { workflows: new StepFunctionsWorkflows(sfn, contactPathArn()) },
    // Restorative justice as a process and mental health triage, kept under each case.
    restorativeJustice: {
      rj: new DynamoDbRjProcessStore(client, config.tableName),
      triage: new DynamoDbMhTriageStore(client, config.tableName),
    },
    // Quick questions from the public pages; the asker's "answer ready" e-mail links to the public pages.
    quickQuestions: {
      questions: new DynamoDbQuickQuestions(client, config.tableName),
      messages: new DynamoDbMessageStore(client, config.tableName),
      messenger: new AwsMessenger(messagingClients(), messengerSettings),
      recipientLimits: new DynamoDbRecipientLimits(client, config.tableName),
      publicBaseUrl: publicSiteUrl,
    },
    // Complaints (docs/complaints.md): keyed in here with their clocks, acknowledged on the safe channel.
    // Outcomes against targets (docs/outcomes.md): the police survey's import, the year's targets and the
    // improvement plans a missed target raises.
    outcomes: new DynamoDbOutcomeStore(client, config.tableName),
    complaints: {
      complaints: new DynamoDbComplaints(client, config.tableName),
      clocks: new StepFunctionsComplaintClocks(sfn, complaintClockArn()),
      rules: complaintClockRules(),
      messages: new DynamoDbMessageStore(client, config.tableName),
      messenger: new AwsMessenger(messagingClients(), messengerSettings),
      recipientLimits: new DynamoDbRecipientLimits(client, config.tableName),
    },
    // The analyst's quarterly returns (docs/reporting.md): listed and read, never written, by the web app;
    // their submission to the commissioner's office kept on the table.
    returns: {
      stored: new S3ReturnStore(
        new S3Client({ maxAttempts: RETURNS_MAX_ATTEMPTS, retryMode: 'adaptive' }),
        returnsBucket,
      ),
      submissions: new DynamoDbReturnSubmissions(client, config.tableName),
    },
  }),
);
