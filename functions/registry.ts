/**
 * The one registry of Lambda functions. The CDK app creates a function for each entry and the local
 * system invokes the same handler modules in-process, so the two cannot drift (docs/local-system.md).
 */

import type { IndexName } from '../shared/storage-layout/table-design.ts';

/**
 * The IAM actions a function may use on the case table's items. A transaction (TransactWriteItems) is
 * authorized item by item: `PutItem`, `UpdateItem` and `ConditionCheckItem` for its Put, Update and
 * ConditionCheck entries (docs/infrastructure.md, "Case table access"), so it has no action of its own.
 * DeleteItem is deliberately absent: no function deletes. Scan is for rebuild-search-keys alone, an
 * operator's offline maintenance job (test/infra/table-access.test.ts refuses it to any other function).
 */
export type CaseTableAction =
  | 'GetItem'
  | 'BatchGetItem'
  | 'Query'
  | 'PutItem'
  | 'UpdateItem'
  | 'ConditionCheckItem'
  | 'BatchWriteItem'
  | 'Scan';

/**
 * What a function may do with the case table: exactly the actions its store adapters' methods send
 * (shared/adapters/dynamodb/*), and `Query` on the named indexes only where a method queries one.
 */
export interface CaseTableAccess {
  readonly actions: readonly CaseTableAction[];
  readonly indexes?: readonly IndexName[];
}

/** What a function may touch; the CDK app turns this into least-privilege grants. */
export interface FunctionAccess {
  readonly caseTable?: CaseTableAccess;
  readonly intakeBucket?: 'read';
  /** Starts a referral's contact path (Step Functions StartExecution on the contact-path state machine). */
  readonly startsContactPath?: true;
  /** Starts a self-referral's booked web chat (StartExecution on the web-chat state machine). */
  readonly startsWebChat?: true;
  /** Starts a complaint's working-day clock (StartExecution on the complaint-clock state machine). */
  readonly startsComplaintClock?: true;
  /** Sends web chat links: the public site's address (PUBLIC_SITE_URL) the links are on. */
  readonly sendsWebChatLinks?: true;
  /** Completes caseworker tasks (SendTaskSuccess / SendTaskFailure on the contact-path state machine). */
  readonly respondsToTasks?: true;
  /** Starts a support plan action's review (StartExecution on the support-review state machine). */
  readonly startsSupportReview?: true;
  /** Starts a target-hardening job's workflow (StartExecution on the target-hardening state machine). */
  readonly startsTargetHardening?: true;
  /**
   * Schedules a job's 12-month follow-up: EventBridge Scheduler CreateSchedule in the follow-up schedule
   * group, passing the role that starts the target-hardening state machine.
   */
  readonly schedulesFollowUps?: true;
  /**
   * Schedules and cancels re-engagement calls before criminal justice milestones: EventBridge Scheduler
   * CreateSchedule and DeleteSchedule in the re-engagement schedule group, passing the role that starts the
   * re-engagement state machine.
   */
  readonly schedulesReEngagements?: true;
  /**
   * Victim messaging. `send`: SES SendEmail (the sending identity, from address and configuration set
   * only), End User Messaging SendTextMessage (the origination identity and configuration set only), and
   * writing letters under `letters/` in the letters bucket. `alerts`: the same e-mail and SMS sending, and
   * no letters (staff and referrer alerts). `print-manifest`: listing and reading the metadata of
   * `letters/`, writing `manifests/`.
   */
  readonly messaging?: 'send' | 'alerts' | 'print-manifest';
  /**
   * The commissioner's quarterly returns in the returns bucket. `write`: PutObject under `returns/` only,
   * encrypting with the data key (the scheduled function). `read`: listing and reading `returns/` only (the
   * web app, for the analyst).
   */
  readonly returns?: 'write' | 'read';
  /**
   * Reads the public intake's origin secret (Secrets Manager GetSecretValue on that one secret), which
   * CloudFront sends to the API in a header, and is given its ARN: the function refuses self-referrals that
   * do not carry it (docs/infrastructure.md, "Public intake address").
   */
  readonly readsOriginSecret?: true;
}

export interface FunctionDefinition {
  /** Stable id: the CDK construct id and the local system's name for the function. */
  readonly id: string;
  /** Handler module, relative to the repository root; it exports `handler`. */
  readonly entry: string;
  readonly description: string;
  readonly timeoutSeconds: number;
  readonly memoryMiB: number;
  readonly access: FunctionAccess;
  /**
   * Packages installed beside the bundle instead of bundled into it: pdfkit reads its font files through
   * its package's own `#standard-fonts` imports, which do not survive bundling; the web app reads GOV.UK
   * Frontend's and MOJ Frontend's templates and assets from their packages' folders at run time.
   */
  readonly externalPackages?: readonly string[];
  /**
   * Folders of the repository copied beside the bundle, by the name the handler finds them under next to
   * its bundle (`join(dirname(import.meta.url), name)`): the web app's views and its own assets.
   */
  readonly bundledFolders?: Readonly<Record<string, string>>;
}

export const FUNCTIONS = {
  ingestPoliceDownload: {
    id: 'ingest-police-download',
    entry: 'functions/intake/ingest-police-download/handler.ts',
    description:
      'Validates, de-duplicates and triages the police daily download dropped in the intake bucket',
    timeoutSeconds: 900,
    memoryMiB: 1024,
    access: {
      // Case store: previousCaseIds (BatchGetItem), createCases (a transaction of Put and Update, then
      // the search keys' Puts; BatchGetItem of a duplicate's stored case), recordDeclined and
      // recordIntakeRun (PutItem), quarantine (BatchWriteItem of puts).
      caseTable: { actions: ['BatchGetItem', 'PutItem', 'UpdateItem', 'BatchWriteItem'] },
      intakeBucket: 'read',
      startsContactPath: true,
    },
  },
  ingestReferralEmail: {
    id: 'ingest-referral-email',
    entry: 'functions/intake/ingest-referral-email/handler.ts',
    description: 'Reads a partner or Sentinel ASB referral e-mail received by SES into the intake bucket',
    timeoutSeconds: 60,
    memoryMiB: 512,
    access: {
      // Case store: previousCaseIds, createCases, and quarantine for an e-mail it cannot read.
      caseTable: { actions: ['BatchGetItem', 'PutItem', 'UpdateItem', 'BatchWriteItem'] },
      intakeBucket: 'read',
      startsContactPath: true,
    },
  },
  receiveReferral: {
    id: 'receive-referral',
    entry: 'functions/intake/receive-referral/handler.ts',
    description: 'HTTP intake for partner-agency and self-referrals',
    timeoutSeconds: 29,
    memoryMiB: 512,
    access: {
      // Public: no BatchWriteItem, DeleteItem or Scan. Case store: previousCaseIds, createCases (a
      // transaction of Put and Update). Target-hardening store: recordReferral and createJob (GetItem of the
      // referral and job, UpdateItem of the counter, a transaction of Put and Update).
      caseTable: { actions: ['GetItem', 'BatchGetItem', 'PutItem', 'UpdateItem'] },
      startsContactPath: true,
      startsWebChat: true,
      startsTargetHardening: true,
      readsOriginSecret: true,
    },
  },
  planContactPath: {
    id: 'plan-contact-path',
    entry: 'functions/contact/plan-contact-path/handler.ts',
    description:
      'Computes a contact path: deadlines, call slots inside service hours, visit slots, safe channels',
    timeoutSeconds: 10,
    memoryMiB: 512,
    // Case store: getCase.
    access: { caseTable: { actions: ['GetItem'] } },
  },
  createTask: {
    id: 'create-task',
    entry: 'functions/contact/create-task/handler.ts',
    description: 'Writes a caseworker or team-leader task with its workflow token',
    timeoutSeconds: 10,
    memoryMiB: 256,
    // Case store: getCase; task store: createTask (UpdateItem); support store: getSupport (Query), whether
    // a long case's check falls on a closed case; case owners: getOwner (GetItem), then assign (UpdateItem),
    // a web chat's task given to the case's caseworker.
    access: { caseTable: { actions: ['GetItem', 'Query', 'UpdateItem'] } },
  },
  sendMessage: {
    id: 'send-message',
    entry: 'functions/contact/send-message/handler.ts',
    description:
      'Renders and sends a message to a victim on a safe channel (e-mail, SMS, letter), once per case, purpose and attempt',
    timeoutSeconds: 30,
    memoryMiB: 512,
    access: {
      sendsWebChatLinks: true,
      // Case store: getCase, timeline (Query), recordEvent (PutItem). Message store: claimSending (a
      // transaction of ConditionCheck and Update), letterRunOf and moveLetterRun (UpdateItem), recordSent
      // (a transaction of Puts), getMessage.
      caseTable: { actions: ['GetItem', 'Query', 'PutItem', 'UpdateItem', 'ConditionCheckItem'] },
      messaging: 'send',
    },
    externalPackages: ['pdfkit'],
  },
  recordCaseEvent: {
    id: 'record-case-event',
    entry: 'functions/contact/record-case-event/handler.ts',
    description: 'Records an at-risk alert, a breach with its reason, or the end of a contact path',
    timeoutSeconds: 10,
    memoryMiB: 256,
    // Case store: recordEvent (PutItem); task store: markTimedOut (UpdateItem); case owners:
    // awaitAllocation (PutItem), markClosed (UpdateItem); support store: getSupport (Query) and closeSupport (a transaction of Puts,
    // and a ConditionCheck for support completed) when the path's ending closes the case.
    access: { caseTable: { actions: ['PutItem', 'UpdateItem', 'Query', 'ConditionCheckItem'] } },
  },
  computeDeadline: {
    id: 'compute-deadline',
    entry: 'functions/contact/compute-deadline/handler.ts',
    description: 'Computes a working-day deadline (England and Wales bank holidays) for the contact path',
    timeoutSeconds: 5,
    memoryMiB: 256,
    access: {},
  },
  matchCaller: {
    id: 'match-caller',
    entry: 'functions/contact/match-caller/handler.ts',
    description:
      "Amazon Connect's 0800 line for victims: matches the caller's number to their case and says where to route the call",
    // Connect waits at most 8 seconds for a function.
    timeoutSeconds: 8,
    memoryMiB: 512,
    access: {
      // Case search: casesByPhone (Query on the phone search key's partition); case owners: getOwner
      // (GetItem); matched calls: recordMatch (PutItem).
      caseTable: { actions: ['GetItem', 'Query', 'PutItem'] },
    },
  },
  recordPhoneCall: {
    id: 'record-phone-call',
    entry: 'functions/contact/record-phone-call/handler.ts',
    description:
      "Logs a call on the 0800 line as a telephone contact on its case when Connect's contact events say it ended",
    timeoutSeconds: 30,
    memoryMiB: 256,
    access: {
      // Matched calls: matchOf (GetItem). Contact log: record (PutItem), get (GetItem); support store:
      // getSupport (Query); audit log and timeline: record, recordEvent (PutItem).
      caseTable: { actions: ['GetItem', 'Query', 'PutItem'] },
    },
  },
  keepChatTranscript: {
    id: 'keep-chat-transcript',
    entry: 'functions/contact/keep-chat-transcript/handler.ts',
    description:
      "Keeps an Amazon Connect chat's transcript on its case when Connect writes it to the intake bucket",
    timeoutSeconds: 60,
    memoryMiB: 256,
    access: {
      // Web chats: get (GetItem), say (a transaction: ConditionCheck and Put), messages (Query), end
      // (UpdateItem). Contact log: record (PutItem), get (GetItem); support store: getSupport (Query);
      // audit log and timeline: record, recordEvent (PutItem). Connect's GetContactAttributes is granted
      // by the web chat's construct (infra/constructs/web-chat-contacts.ts).
      caseTable: { actions: ['GetItem', 'Query', 'PutItem', 'UpdateItem', 'ConditionCheckItem'] },
      intakeBucket: 'read',
    },
  },
  taskApi: {
    id: 'task-api',
    entry: 'functions/tasks/task-api/handler.ts',
    description: 'The caseworker task queue: list, claim and complete tasks',
    timeoutSeconds: 10,
    memoryMiB: 512,
    access: {
      // Task store: getTask, tokenOf, listOpen (Query on gsi1 by queue, gsi2 by assignee), claim and
      // complete (UpdateItem, GetItem to say why not), markTimedOut; case store: recordEvent (PutItem).
      caseTable: { actions: ['GetItem', 'Query', 'PutItem', 'UpdateItem'], indexes: ['gsi1', 'gsi2'] },
      respondsToTasks: true,
      // A completed plan review starts the next review, a completed reassessment the next six-month mark.
      startsSupportReview: true,
    },
  },
  recordDeliveryStatus: {
    id: 'record-delivery-status',
    entry: 'functions/messaging/record-delivery-status/handler.ts',
    description:
      'Records what became of each e-mail (SES events) and text (End User Messaging events): delivered, bounced, complained, failed',
    timeoutSeconds: 30,
    memoryMiB: 256,
    access: {
      // Message store: recordDeliveryStatus (GetItem of the provider link and message, a transaction of
      // Put and Update), deliveryWaiterOf (GetItem).
      caseTable: { actions: ['GetItem', 'PutItem', 'UpdateItem'] },
      respondsToTasks: true,
    },
  },
  awaitDelivery: {
    id: 'await-delivery',
    entry: 'functions/messaging/await-delivery/handler.ts',
    description:
      "Holds a contact path until an e-mail's or text's delivery report, answering at once if it has come",
    timeoutSeconds: 10,
    memoryMiB: 256,
    // Message store: awaitDelivery (UpdateItem, then GetItem of the message).
    access: { caseTable: { actions: ['GetItem', 'UpdateItem'] }, respondsToTasks: true },
  },
  buildPrintManifest: {
    id: 'build-print-manifest',
    entry: 'functions/messaging/build-print-manifest/handler.ts',
    description: "Lists the day's letters in the letters bucket and writes the print-and-post manifest",
    timeoutSeconds: 300,
    memoryMiB: 512,
    access: { messaging: 'print-manifest' },
  },
  connectEmergency: {
    id: 'connect-emergency',
    entry: 'functions/target-hardening/connect-emergency/handler.ts',
    description:
      "Amazon Connect's emergency target-hardening line: identifies the referrer by referrer number and PIN, checks the referral number, creates the emergency job and starts it",
    // Connect waits at most 8 seconds for a function.
    timeoutSeconds: 8,
    memoryMiB: 512,
    access: {
      // Target-hardening store: referrerByPin and getReferral (GetItem), createJob (GetItem, UpdateItem of
      // the counter, a transaction of Update and Put).
      caseTable: { actions: ['GetItem', 'PutItem', 'UpdateItem'] },
      startsTargetHardening: true,
    },
  },
  planJob: {
    id: 'plan-job',
    entry: 'functions/target-hardening/plan-job/handler.ts',
    description: "Reads a target-hardening job's kind and deadlines for its workflow",
    timeoutSeconds: 10,
    memoryMiB: 256,
    // Target-hardening store: getJob.
    access: { caseTable: { actions: ['GetItem'] } },
  },
  awaitJob: {
    id: 'await-job',
    entry: 'functions/target-hardening/await-job/handler.ts',
    description: "Keeps a target-hardening workflow's token on its job while it waits for the contractor",
    timeoutSeconds: 10,
    memoryMiB: 256,
    // Target-hardening store: getJob, waitFor and the answers (UpdateItem, a transaction of Updates).
    access: { caseTable: { actions: ['GetItem', 'UpdateItem'] }, respondsToTasks: true },
  },
  recordJobEvent: {
    id: 'record-job-event',
    entry: 'functions/target-hardening/record-job-event/handler.ts',
    description: 'Records what happened on a target-hardening job: alerts, breaches, refusals, its end',
    timeoutSeconds: 10,
    memoryMiB: 256,
    // Target-hardening store: getJob, setStatus (UpdateItem), recordEvent (PutItem).
    access: { caseTable: { actions: ['GetItem', 'PutItem', 'UpdateItem'] } },
  },
  raiseComplaintAlert: {
    id: 'raise-complaint-alert',
    entry: 'functions/complaints/raise-complaint-alert/handler.ts',
    description:
      "Raises a complaint's warning before each deadline, and its breach, when the stage is not done",
    timeoutSeconds: 10,
    memoryMiB: 256,
    // Complaint store: get (GetItem), raiseAlert (a conditional UpdateItem).
    access: { caseTable: { actions: ['GetItem', 'UpdateItem'] } },
  },
  notifyJob: {
    id: 'notify-job',
    entry: 'functions/target-hardening/notify-job/handler.ts',
    description:
      'Alerts the contractor to an emergency job, a team leader to a job at risk, and a referrer to needs found at a visit',
    timeoutSeconds: 30,
    memoryMiB: 256,
    access: {
      // Target-hardening store: getReferral, getJob. Message store: claimSending (a transaction of
      // ConditionCheck and Update), recordSent (a transaction of Puts).
      caseTable: { actions: ['GetItem', 'PutItem', 'UpdateItem', 'ConditionCheckItem'] },
      messaging: 'alerts',
    },
  },
  scheduleFollowUp: {
    id: 'schedule-follow-up',
    entry: 'functions/target-hardening/schedule-follow-up/handler.ts',
    description:
      "Schedules a target-hardening job's follow-up 12 months after the visit (EventBridge Scheduler)",
    timeoutSeconds: 10,
    memoryMiB: 256,
    // Target-hardening store: getJob, setStatus (UpdateItem).
    access: { caseTable: { actions: ['GetItem', 'UpdateItem'] }, schedulesFollowUps: true },
  },
  produceQuarterlyReturn: {
    id: 'produce-quarterly-return',
    entry: 'functions/reporting/produce-quarterly-return/handler.ts',
    description:
      "Produces the commissioner's quarterly return for the quarter just ended (CSV, JSON, HTML, PDF) and stores it in the returns bucket",
    // Reads two years of cases with their timelines and support, and renders the PDF.
    timeoutSeconds: 900,
    memoryMiB: 1024,
    access: {
      // Reads: getCase, timeline, caseIdsReceivedOn, referralsReceivedOn and listSurveys (Query on gsi2),
      // listJobs, listEvents, getSupport, listTargets (Query); quick questions and complaints by the day asked
      // or received (gsi2) and answered or closed (gsi3). Writes only for a missed target: raisePlan
      // (conditional PutItem) and its team leaders' task (createTask, UpdateItem).
      caseTable: { actions: ['GetItem', 'Query', 'PutItem', 'UpdateItem'], indexes: ['gsi2', 'gsi3'] },
      returns: 'write',
    },
    externalPackages: ['pdfkit'],
  },
  webApp: {
    id: 'web-app',
    entry: 'functions/web/web-app/handler.ts',
    description:
      'The caseworker web app behind the HTTP API $default route: Cognito sign-in, the queues, tasks and cases',
    timeoutSeconds: 29,
    memoryMiB: 1024,
    access: {
      // Case, task, audit, support, hardship-fund, case-owner and target-hardening stores: reads (GetItem,
      // Query; task queues and caseloads on gsi1, gsi2, and gsi3 by type), records (PutItem, UpdateItem) and
      // transactions with a ConditionCheck (support while the case is open). No BatchWriteItem, DeleteItem or
      // Scan.
      // A referral keyed in by staff: previousCaseIds (BatchGetItem) and createCases, as intake.
      caseTable: {
        actions: ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem', 'ConditionCheckItem'],
        indexes: ['gsi1', 'gsi2', 'gsi3'],
      },
      respondsToTasks: true,
      startsContactPath: true,
      startsSupportReview: true,
      startsTargetHardening: true,
      schedulesReEngagements: true,
      startsComplaintClock: true,
      returns: 'read',
      // E-mail only in practice: a quick question's "your answer is ready" (docs/messages.md). No letters.
      messaging: 'alerts',
    },
    externalPackages: ['nunjucks', 'govuk-frontend', '@ministryofjustice/frontend'],
    bundledFolders: { views: 'web/views', assets: 'web/assets' },
  },
  publicPages: {
    id: 'public-pages',
    entry: 'functions/web/public-pages/handler.ts',
    description:
      'The public pages behind the HTTP API public routes: the self-referral and partner referral forms, quick questions, the web chat page',
    timeoutSeconds: 29,
    memoryMiB: 1024,
    access: {
      // Public: no BatchWriteItem, DeleteItem or Scan, no index. Case store: previousCaseIds (BatchGetItem),
      // createCases (a transaction of Put and Update). Form drafts: GetItem, PutItem. Web chat slots:
      // bookedBetween (Query on the table's own keys), book (a conditional UpdateItem, GetItem). Web chats:
      // findByLink, join, say (a transaction with a ConditionCheck), messages (Query).
      caseTable: {
        actions: ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem', 'ConditionCheckItem'],
      },
      startsContactPath: true,
      startsWebChat: true,
      startsComplaintClock: true,
    },
    externalPackages: ['nunjucks', 'govuk-frontend', '@ministryofjustice/frontend'],
    // amazon-connect-chatjs's prebuilt browser file, for the victim's chat page (web/assets.ts).
    bundledFolders: {
      views: 'web/views',
      assets: 'web/assets',
      'connect-chat': 'node_modules/amazon-connect-chatjs/dist',
    },
  },
  rebuildSearchKeys: {
    id: 'rebuild-search-keys',
    entry: 'functions/maintenance/rebuild-search-keys/handler.ts',
    description:
      "Rebuilds every case's search keys from the case as stored, so older cases are found by newer kinds of key (an operator's job)",
    // Pages through the table until a minute is left, then answers where to carry on.
    timeoutSeconds: 900,
    memoryMiB: 512,
    access: {
      // Case search keys: storedCases (Scan filtered to case items: this function alone, never a request
      // path), writeSearchKeys (transactions of Puts, as intake writes them).
      caseTable: { actions: ['Scan', 'PutItem'] },
    },
  },
} as const satisfies Record<string, FunctionDefinition>;

export type FunctionName = keyof typeof FUNCTIONS;

/** Every function definition, in a stable order. */
export const functionDefinitions = (): FunctionDefinition[] => Object.values(FUNCTIONS);
