import type { Context } from 'aws-lambda';
import type { Hono } from 'hono';
import { createRaiseComplaintAlert } from '../../functions/complaints/raise-complaint-alert/raise-complaint-alert.ts';
import { createComputeDeadline } from '../../functions/contact/compute-deadline/compute-deadline.ts';
import { createCreateTask } from '../../functions/contact/create-task/create-task.ts';
import { createKeepChatTranscript } from '../../functions/contact/keep-chat-transcript/keep-chat-transcript.ts';
import { createMatchCaller } from '../../functions/contact/match-caller/match-caller.ts';
import { createPlanContactPath } from '../../functions/contact/plan-contact-path/plan-contact-path.ts';
import { createRecordCaseEvent } from '../../functions/contact/record-case-event/record-case-event.ts';
import { createRecordPhoneCall } from '../../functions/contact/record-phone-call/record-phone-call.ts';
import { createSendMessage } from '../../functions/contact/send-message/send-message.ts';
import { createIngestPoliceDownload } from '../../functions/intake/ingest-police-download/ingest-police-download.ts';
import { createIngestReferralEmail } from '../../functions/intake/ingest-referral-email/ingest-referral-email.ts';
import { createReceiveReferral } from '../../functions/intake/receive-referral/receive-referral.ts';
import { createRebuildSearchKeys } from '../../functions/maintenance/rebuild-search-keys/rebuild-search-keys.ts';
import { createAwaitDelivery } from '../../functions/messaging/await-delivery/await-delivery.ts';
import { createBuildPrintManifest } from '../../functions/messaging/build-print-manifest/build-print-manifest.ts';
import { createRecordDeliveryStatus } from '../../functions/messaging/record-delivery-status/record-delivery-status.ts';
import type { FunctionName } from '../../functions/registry.ts';
import { createProduceQuarterlyReturn } from '../../functions/reporting/produce-quarterly-return/produce-quarterly-return.ts';
import { createAwaitJob } from '../../functions/target-hardening/await-job/await-job.ts';
import { createConnectEmergency } from '../../functions/target-hardening/connect-emergency/connect-emergency.ts';
import { createNotifyJob, type JobContacts } from '../../functions/target-hardening/notify-job/notify-job.ts';
import { createPlanJob } from '../../functions/target-hardening/plan-job/plan-job.ts';
import { createRecordJobEvent } from '../../functions/target-hardening/record-job-event/record-job-event.ts';
import { createScheduleFollowUp } from '../../functions/target-hardening/schedule-follow-up/schedule-follow-up.ts';
import { createTaskApi, type TaskApiDeps } from '../../functions/tasks/task-api/task-api.ts';
import { NoChatContacts } from '../../shared/adapters/local/no-chat-contacts.ts';
import type { ProductLimits } from '../../shared/domain/target-hardening.ts';
import type { AgencyList } from '../../shared/ports/agencies.ts';
import type { AuditLog } from '../../shared/ports/audit-log.ts';
import type { CaseOwners } from '../../shared/ports/case-owners.ts';
import type { CaseSearch } from '../../shared/ports/case-search.ts';
import type { CaseSearchKeys } from '../../shared/ports/case-search-keys.ts';
import type { CaseStore } from '../../shared/ports/case-store.ts';
import type { Clock } from '../../shared/ports/clock.ts';
import type { ComplaintStore } from '../../shared/ports/complaints.ts';
import type { ContactLog } from '../../shared/ports/contact-log.ts';
import type { GroupSessions } from '../../shared/ports/group-sessions.ts';
import type { MessageStore } from '../../shared/ports/message-store.ts';
import type { Messenger, PrintManifests } from '../../shared/ports/messenger.ts';
import type { ObjectStore } from '../../shared/ports/object-store.ts';
import type { OutcomeStore } from '../../shared/ports/outcomes.ts';
import type { PhoneCalls } from '../../shared/ports/phone-calls.ts';
import type { PinAttempts } from '../../shared/ports/pin-attempts.ts';
import type { QuickQuestions } from '../../shared/ports/quick-questions.ts';
import type { RecipientLimits } from '../../shared/ports/recipient-limits.ts';
import type { ReturnStore } from '../../shared/ports/return-store.ts';
import type { Schedules } from '../../shared/ports/schedules.ts';
import type { SupportStore } from '../../shared/ports/support-store.ts';
import type { TargetHardeningStores } from '../../shared/ports/target-hardening.ts';
import type { TaskStore } from '../../shared/ports/task-store.ts';
import type { WebChatStore } from '../../shared/ports/web-chats.ts';
import type { TargetHardeningJobs, WebChatBookings, Workflows } from '../../shared/ports/workflows.ts';
import { type WebEnv, webAppHandler } from '../../web/app.ts';
import { publicAppHandler } from '../../web/public/app.ts';

/** What the local system gives every function: local adapters behind the same ports as in AWS. */
export interface LocalFunctionDeps {
  readonly store: CaseStore;
  readonly tasks: TaskStore;
  /** Who owns each case (a path ending in further support lists its case as waiting for allocation). */
  readonly owners: CaseOwners;
  readonly clock: Clock;
  readonly workflows: Workflows & TargetHardeningJobs;
  /** Target hardening's referrals, jobs, product budget and referrers, as one. */
  readonly jobs: TargetHardeningStores;
  /** The emergency line's failed attempts (its lockout). */
  readonly pinAttempts: PinAttempts;
  readonly schedules: Schedules;
  readonly targetHardeningArn: string;
  readonly jobContacts: JobContacts;
  readonly objects: ObjectStore;
  readonly messages: MessageStore;
  readonly messenger: Messenger;
  /** Each recipient's one self-referral message a day. */
  readonly recipientLimits: RecipientLimits;
  /** The local letters folder's daily print manifest. */
  readonly printManifests: PrintManifests;
  readonly support: SupportStore;
  /** The kept agency list onward referrals are counted under. */
  readonly agencies: AgencyList;
  /** The contact log, which the quarterly return counts further support from. */
  readonly contacts: ContactLog;
  /** The audit log (the 0800 line's logged calls are audited like any contact). */
  readonly audit: AuditLog;
  /** Finding a case, here by the caller's number (the 0800 line). */
  readonly caseSearch: CaseSearch;
  /** Every case's search keys, rebuilt by an operator (`vf cases reindex` runs the same service). */
  readonly searchKeys: CaseSearchKeys;
  /** The 0800 line's matched calls, by contact id. */
  readonly phoneCalls: PhoneCalls;
  /** The local caseworkers' stand-in Amazon Connect user ids (local/phone-line.ts). */
  readonly connectAgents: Readonly<Record<string, string>>;
  /** Young people's group sessions, which the quarterly return counts. */
  readonly groupSessions?: GroupSessions;
  /** Complaints: the clock raises their alerts, the quarterly return counts them. */
  readonly complaints: ComplaintStore;
  /** Quick questions, which the quarterly return counts. */
  readonly quickQuestions?: QuickQuestions;
  /** Survey answers, targets and improvement plans (docs/outcomes.md). */
  readonly outcomes?: OutcomeStore;
  /** The quarterly returns folder (`<data>/reports/`), standing in for the returns bucket. */
  readonly returns: ReturnStore;
  /** The target-hardening money rules (TH_PRICE_CAP_PENCE, TH_PRODUCT_BUDGET_PENCE). */
  readonly productLimits: ProductLimits;
  /** Booked web chats (send-message issues their links) and where the links point. */
  readonly webChats: WebChatStore;
  readonly publicSiteUrl: () => string;
  /** Starts a self-referral's booked web chat on the engine (intake). */
  readonly webChatBookings?: WebChatBookings;
  /** Who is asking an HTTP function: the local sign-in, standing in for the API's JWT authorizer. */
  readonly identify: TaskApiDeps['identify'];
  /** The caseworker web app as the local system builds it (local sign-in page, local session secret). */
  readonly web: Hono<WebEnv>;
  /** The public pages as the local system builds them (docs/public-pages.md). */
  readonly publicWeb: Hono;
}

// biome-ignore lint/suspicious/noExplicitAny: each handler takes its own Lambda event shape.
export type LocalHandler = (event: any, context: Context) => Promise<unknown>;

/**
 * Every function of the registry, built from the same handler module production bundles, with local
 * dependencies. Keyed by the registry's names: a function added there and not here fails the type check.
 */
export const LOCAL_FUNCTIONS: { readonly [K in FunctionName]: (deps: LocalFunctionDeps) => LocalHandler } = {
  raiseComplaintAlert: (deps) => createRaiseComplaintAlert(deps),
  ingestPoliceDownload: (deps) => createIngestPoliceDownload(deps),
  ingestReferralEmail: (deps) => createIngestReferralEmail(deps),
  // No `originSecret`: there is no CloudFront on one machine, so self-referrals are not checked for its header.
  receiveReferral: (deps) =>
    createReceiveReferral({ ...deps, referrals: deps.jobs, targetHardening: deps.workflows }),
  planContactPath: (deps) => createPlanContactPath(deps),
  createTask: (deps) => createCreateTask(deps),
  sendMessage: (deps) => createSendMessage(deps),
  recordCaseEvent: (deps) => createRecordCaseEvent(deps),
  computeDeadline: (deps) => createComputeDeadline(deps.clock),
  matchCaller: (deps) =>
    createMatchCaller({
      search: deps.caseSearch,
      owners: deps.owners,
      calls: deps.phoneCalls,
      clock: deps.clock,
      agents: deps.connectAgents,
    }),
  recordPhoneCall: (deps) =>
    createRecordPhoneCall({ ...deps, calls: deps.phoneCalls, agents: deps.connectAgents }),
  // No Amazon Connect locally: the stand-in chat keeps its own transcript, and a file here names no case.
  keepChatTranscript: (deps) => createKeepChatTranscript({ ...deps, chatContacts: new NoChatContacts() }),
  taskApi: (deps) => createTaskApi(deps),
  recordDeliveryStatus: (deps) => createRecordDeliveryStatus(deps),
  awaitDelivery: (deps) => createAwaitDelivery(deps),
  buildPrintManifest: (deps) =>
    createBuildPrintManifest({ manifests: deps.printManifests, clock: deps.clock }),
  connectEmergency: (deps) =>
    createConnectEmergency({
      ...deps,
      referrers: deps.jobs,
      referrals: deps.jobs,
      attempts: deps.pinAttempts,
    }),
  planJob: (deps) => createPlanJob(deps),
  awaitJob: (deps) => createAwaitJob(deps),
  recordJobEvent: (deps) => createRecordJobEvent(deps),
  notifyJob: (deps) => createNotifyJob({ ...deps, referrals: deps.jobs, contacts: deps.jobContacts }),
  scheduleFollowUp: (deps) => createScheduleFollowUp(deps),
  produceQuarterlyReturn: (deps) =>
    createProduceQuarterlyReturn({
      sources: {
        store: deps.store,
        support: deps.support,
        referrals: deps.jobs,
        jobs: deps.jobs,
        agencies: deps.agencies,
        contacts: deps.contacts,
        ...(deps.groupSessions ? { groupSessions: deps.groupSessions } : {}),
        ...(deps.quickQuestions ? { quickQuestions: deps.quickQuestions } : {}),
        complaints: deps.complaints,
        ...(deps.outcomes ? { outcomes: deps.outcomes } : {}),
      },
      ...(deps.outcomes ? { plans: { outcomes: deps.outcomes, tasks: deps.tasks } } : {}),
      returns: deps.returns,
      clock: deps.clock,
      productBudgetPence: deps.productLimits.annualBudgetPence,
    }),
  rebuildSearchKeys: (deps) => createRebuildSearchKeys({ keys: deps.searchKeys }),
  // The web app, built by local-system.ts with the local sign-in page instead of Cognito.
  webApp: (deps) => webAppHandler(deps.web),
  // The public pages, built by local-system.ts: the same app as in AWS, cookies without Secure on http.
  publicPages: (deps) => publicAppHandler(deps.publicWeb),
};
