import { SFNClient } from '@aws-sdk/client-sfn';
import { StepFunctionsWorkflows } from '../../../shared/adapters/aws/step-functions-workflows.ts';
import { DynamoDbCaseStore } from '../../../shared/adapters/dynamodb/case-store.ts';
import { documentClient } from '../../../shared/adapters/dynamodb/clients.ts';
import { DynamoDbFormDrafts } from '../../../shared/adapters/dynamodb/form-drafts.ts';
import { DynamoDbWebChatSlotBookings } from '../../../shared/adapters/dynamodb/web-chat-slots.ts';
import { systemClock } from '../../../shared/adapters/system-clock.ts';
import { createPublicApp, publicAppHandler } from '../../../web/public/app.ts';
import { contactPathArn, functionConfig, webChatSlotCapacity } from '../../config.ts';

// Read and checked once, at cold start: a missing setting fails here, naming what is wrong.
const { tableName } = functionConfig();
const client = documentClient();

/**
 * The public pages (docs/public-pages.md) behind the HTTP API's public routes: no sign-in, no staff
 * session, its own function so that nothing of the staff web app's grants is reachable from a public page.
 */
export const handler = publicAppHandler(
  createPublicApp({
    clock: systemClock,
    secureCookies: true,
    referrals: {
      store: new DynamoDbCaseStore(client, tableName),
      clock: systemClock,
      workflows: new StepFunctionsWorkflows(new SFNClient({}), contactPathArn()),
      drafts: new DynamoDbFormDrafts(client, tableName),
      webChatSlots: new DynamoDbWebChatSlotBookings(client, tableName),
      webChatSlotCapacity: webChatSlotCapacity(),
    },
  }),
);
