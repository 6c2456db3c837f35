import { ConnectClient } from '@aws-sdk/client-connect';
import { SFNClient } from '@aws-sdk/client-sfn';
import { ConnectChatContacts } from '../../../shared/adapters/aws/connect-chat-contacts.ts';
import {
  StepFunctionsComplaintClocks,
  StepFunctionsWebChatBookings,
  StepFunctionsWorkflows,
} from '../../../shared/adapters/aws/step-functions-workflows.ts';
import { DynamoDbAuditLog } from '../../../shared/adapters/dynamodb/audit-log.ts';
import { DynamoDbCaseOwners } from '../../../shared/adapters/dynamodb/case-owners.ts';
import { DynamoDbCaseStore } from '../../../shared/adapters/dynamodb/case-store.ts';
import { documentClient } from '../../../shared/adapters/dynamodb/clients.ts';
import { DynamoDbComplaints } from '../../../shared/adapters/dynamodb/complaints.ts';
import { DynamoDbFormDrafts } from '../../../shared/adapters/dynamodb/form-drafts.ts';
import { DynamoDbOpenChats } from '../../../shared/adapters/dynamodb/open-chats.ts';
import { DynamoDbQuickQuestions } from '../../../shared/adapters/dynamodb/quick-questions.ts';
import { DynamoDbWebChatSlotBookings } from '../../../shared/adapters/dynamodb/web-chat-slots.ts';
import { DynamoDbWebChats } from '../../../shared/adapters/dynamodb/web-chats.ts';
import { systemClock } from '../../../shared/adapters/system-clock.ts';
import { createPublicApp, publicAppHandler } from '../../../web/public/app.ts';
import {
  complaintClockArn,
  complaintClockRules,
  contactPathArn,
  functionConfig,
  webChatArn,
  webChatSlotCapacity,
} from '../../config.ts';
import { agentArnOf, connectChatPageConfig } from '../../connect-config.ts';

// Read and checked once, at cold start: a missing setting fails here, naming what is wrong.
const { tableName } = functionConfig();
const client = documentClient();
const sfn = new SFNClient({});
const connect = connectChatPageConfig();
const owners = new DynamoDbCaseOwners(client, tableName);

/**
 * The public pages (docs/public-pages.md) behind the HTTP API's public routes: no sign-in, no staff
 * session, its own function so that nothing of the staff web app's grants is reachable from a public page.
 */
export const handler = publicAppHandler(
  createPublicApp({
    clock: systemClock,
    secureCookies: true,
    // The victim's web chat page (docs/web-chat.md): its link checked here, the chat on Amazon Connect,
    // routed to the case's caseworker when they have a Connect user.
    chat: {
      webChats: new DynamoDbWebChats(client, tableName),
      connect: {
        contacts: new ConnectChatContacts(
          new ConnectClient({ region: connect.region }),
          connect.instanceId,
          connect.contactFlowId,
        ),
        region: connect.region,
        agentOf: async (caseId) => agentArnOf(connect, (await owners.getOwner(caseId))?.owner),
      },
    },
    // Open web chat in service hours (docs/web-chat.md): started here, answered on the staff site.
    openChats: new DynamoDbOpenChats(client, tableName),
    referrals: {
      store: new DynamoDbCaseStore(client, tableName),
      clock: systemClock,
      workflows: new StepFunctionsWorkflows(sfn, contactPathArn()),
      // A booked slot starts the web chat: its confirmation, then its task at the slot (docs/web-chat.md).
      webChatBookings: new StepFunctionsWebChatBookings(sfn, webChatArn()),
      drafts: new DynamoDbFormDrafts(client, tableName),
      webChatSlots: new DynamoDbWebChatSlotBookings(client, tableName),
      webChatSlotCapacity: webChatSlotCapacity(),
    },
    // Quick questions: asked with their first private link (a transaction of Puts), read by its hash.
    quickQuestions: new DynamoDbQuickQuestions(client, tableName),
    // Complaints (docs/complaints.md): kept (one conditional Put), audited, their clocks started.
    complaints: {
      complaints: new DynamoDbComplaints(client, tableName),
      audit: new DynamoDbAuditLog(client, tableName),
      clocks: new StepFunctionsComplaintClocks(sfn, complaintClockArn()),
      rules: complaintClockRules(),
    },
  }),
);
