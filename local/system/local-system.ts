import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Hono } from 'hono';
import { complaintClockRules, openChatRota, webChatSlotCapacity } from '../../functions/config.ts';
import { FUNCTIONS, type FunctionName } from '../../functions/registry.ts';
import { UnprovenRequestError } from '../../functions/tasks/task-api/task-api.ts';
import { DynamoDbAgencyList } from '../../shared/adapters/dynamodb/agencies.ts';
import { DynamoDbAuditLog } from '../../shared/adapters/dynamodb/audit-log.ts';
import { DynamoDbCaseOwners } from '../../shared/adapters/dynamodb/case-owners.ts';
import { DynamoDbCaseSearch } from '../../shared/adapters/dynamodb/case-search.ts';
import { DynamoDbCaseSearchKeys } from '../../shared/adapters/dynamodb/case-search-keys.ts';
import { DynamoDbCaseStore } from '../../shared/adapters/dynamodb/case-store.ts';
import { documentClient, localDynamoDbConfig } from '../../shared/adapters/dynamodb/clients.ts';
import { DynamoDbComplaints } from '../../shared/adapters/dynamodb/complaints.ts';
import { DynamoDbContactLog } from '../../shared/adapters/dynamodb/contact-log.ts';
import { ensureTable } from '../../shared/adapters/dynamodb/create-table.ts';
import { DynamoDbFormDrafts } from '../../shared/adapters/dynamodb/form-drafts.ts';
import { DynamoDbGroupSessions } from '../../shared/adapters/dynamodb/group-sessions.ts';
import { DynamoDbHardshipFund } from '../../shared/adapters/dynamodb/hardship-fund.ts';
import { DynamoDbMessageStore } from '../../shared/adapters/dynamodb/message-store.ts';
import { DynamoDbMilestoneStore } from '../../shared/adapters/dynamodb/milestones.ts';
import { DynamoDbOpenChatRota } from '../../shared/adapters/dynamodb/open-chat-rota.ts';
import { DynamoDbOpenChats } from '../../shared/adapters/dynamodb/open-chats.ts';
import { DynamoDbOutcomeStore } from '../../shared/adapters/dynamodb/outcomes.ts';
import { DynamoDbPhoneCalls } from '../../shared/adapters/dynamodb/phone-calls.ts';
import { DynamoDbPinAttempts } from '../../shared/adapters/dynamodb/pin-attempts.ts';
import { DynamoDbQuickQuestions } from '../../shared/adapters/dynamodb/quick-questions.ts';
import { DynamoDbRecipientLimits } from '../../shared/adapters/dynamodb/recipient-limits.ts';
import { DynamoDbReturnSubmissions } from '../../shared/adapters/dynamodb/return-submissions.ts';
import { DynamoDbMhTriageStore, DynamoDbRjProcessStore } from '../../shared/adapters/dynamodb/rj-process.ts';
import { DynamoDbSessionStore } from '../../shared/adapters/dynamodb/session-store.ts';
import { DynamoDbSupportStore } from '../../shared/adapters/dynamodb/support-store.ts';
import { DynamoDbThOversightStore } from '../../shared/adapters/dynamodb/target-hardening-oversight.ts';
import { dynamoDbTargetHardeningStores } from '../../shared/adapters/dynamodb/target-hardening-stores.ts';
import { DynamoDbTaskStore } from '../../shared/adapters/dynamodb/task-store.ts';
import { DynamoDbVolunteerAssignments } from '../../shared/adapters/dynamodb/volunteer-assignments.ts';
import { DynamoDbWebChatSlotBookings } from '../../shared/adapters/dynamodb/web-chat-slots.ts';
import { DynamoDbWebChats } from '../../shared/adapters/dynamodb/web-chats.ts';
import { FolderMessenger } from '../../shared/adapters/local/folder-messenger.ts';
import { FolderObjectStore } from '../../shared/adapters/local/folder-object-store.ts';
import { FolderReturnStore } from '../../shared/adapters/local/folder-return-store.ts';
import { systemClock } from '../../shared/adapters/system-clock.ts';
import { LLR_AGENCIES, LLR_AGENCIES_SEED } from '../../shared/domain/agencies.ts';
import type { Identity } from '../../shared/domain/roles.ts';
import { productLimitsFrom } from '../../shared/domain/target-hardening.ts';
import type { Clock } from '../../shared/ports/clock.ts';
import type { Messenger } from '../../shared/ports/messenger.ts';
import type { TargetHardeningStores } from '../../shared/ports/target-hardening.ts';
import { createWebApp, type WebEnv } from '../../web/app.ts';
import { LOCAL_PEOPLE, localStaffDirectory } from '../../web/people.ts';
import { createPublicApp } from '../../web/public/app.ts';
import {
  csrfMatches,
  DEFAULT_SESSION_POLICY,
  SESSION_COOKIE,
  type Session,
  SessionCodec,
  Sessions,
} from '../../web/session.ts';
import { Engine } from '../engine/engine.ts';
import { EngineSchedules } from '../engine/engine-schedules.ts';
import { EngineComplaintClocks, EngineWebChatBookings, EngineWorkflows } from '../engine/engine-workflows.ts';
import { ExecutionStore, ensureEngineTable } from '../engine/execution-store.ts';
import {
  dataDirectory,
  ensureTables,
  LOCAL_ENGINE_TABLE_NAME,
  LOCAL_TABLE_NAME,
  openLocalDatabase,
  reportsDirectory,
} from '../environment.ts';
import { localContext } from '../lambda-events.ts';
import { LOCAL_CONNECT_AGENTS } from '../phone-line.ts';
import { LOCAL_REFERRERS } from '../synthetic/referrers.ts';
import { LOCAL_FUNCTIONS, type LocalHandler } from './functions.ts';
import { type LocalDefinitions, synthesizeLocalDefinitions } from './state-machines.ts';

export interface LocalSystemOptions {
  /** Where local data lives (DynamoDB Local's files, buckets); VF_DATA_DIR or `.vf/` by default. */
  readonly dataDir?: string;
  /** A DynamoDB Local already running (tests, benchmarks); otherwise the data directory's own is opened. */
  readonly endpoint?: string;
  readonly tableName?: string;
  readonly engineTableName?: string;
  readonly clock?: Clock;
  /** Definitions already synthesized (tests reuse one synth across systems). */
  readonly definitions?: LocalDefinitions;
  readonly concurrency?: number;
  readonly pollMs?: number;
  /** Wraps the local messenger (tests stand a refusing provider in front of it). */
  readonly wrapMessenger?: (messenger: Messenger) => Messenger;
}

/**
 * The whole system on one machine (docs/local-system.md): the stores, the engine and every function,
 * in-process.
 */
export interface LocalSystem {
  readonly endpoint: string;
  readonly dataDir: string;
  readonly clock: Clock;
  readonly store: DynamoDbCaseStore;
  readonly tasks: DynamoDbTaskStore;
  /** Who owns each case: the unallocated cases and each caseworker's caseload. */
  readonly owners: DynamoDbCaseOwners;
  /** Which volunteers have which cases (docs/web-app.md, "Volunteers"). */
  readonly volunteers: DynamoDbVolunteerAssignments;
  readonly engine: Engine;
  readonly workflows: EngineWorkflows;
  readonly definitions: LocalDefinitions;
  readonly objects: FolderObjectStore;
  readonly messages: DynamoDbMessageStore;
  readonly messenger: FolderMessenger;
  readonly handlers: { readonly [K in FunctionName]: LocalHandler };
  /** The caseworker web app, with the local sign-in (web/): the Hono app AWS runs, served by `vf start`. */
  readonly web: Hono<WebEnv>;
  /** The public pages (web/public/): the Hono app AWS runs as `public-pages`, served by `vf start`. */
  readonly publicWeb: Hono;
  readonly audit: DynamoDbAuditLog;
  /** The support store (plans, assessments, closures) and the contact log, as the web app writes them. */
  readonly support: DynamoDbSupportStore;
  readonly contacts: DynamoDbContactLog;
  readonly milestones: DynamoDbMilestoneStore;
  readonly schedules: EngineSchedules;
  /** The hardship fund, young people's group sessions, restorative justice and mental health triage. */
  readonly hardship: DynamoDbHardshipFund;
  readonly groupSessions: DynamoDbGroupSessions;
  readonly quickQuestions: DynamoDbQuickQuestions;
  readonly complaints: DynamoDbComplaints;
  readonly restorativeJustice: {
    readonly rj: DynamoDbRjProcessStore;
    readonly triage: DynamoDbMhTriageStore;
  };
  /**
   * The web app's sessions: the local server reads the session cookie here (`/outbox`), and
   * `sessions.endAllFor(user)` signs a person out everywhere, as an administrator's role change does.
   */
  readonly sessions: Sessions;
  readonly jobs: TargetHardeningStores;
  /** The quarterly returns made here (`<data>/reports/`), as the analyst's pages list them. */
  readonly returns: FolderReturnStore;
  /** Which quarterly returns the analyst marked as submitted to the commissioner's office. */
  readonly returnSubmissions: DynamoDbReturnSubmissions;
  /** The police survey's answers, the year's targets and the improvement plans (docs/outcomes.md). */
  readonly outcomes: DynamoDbOutcomeStore;
  /** Booked web chats: their links, sessions and lines (docs/web-chat.md). */
  readonly webChats: DynamoDbWebChats;
  /** Open web chats, started on the public site and answered by the rota's call-taker (docs/web-chat.md). */
  readonly openChats: DynamoDbOpenChats;
  /** Where web chat links point: the local server sets its own address when it starts. */
  readonly publicSite: { url: string };
  /** Invokes a function of the registry in-process with a Lambda-shaped event. */
  invoke(name: FunctionName, event: unknown): Promise<unknown>;
  close(): Promise<void>;
}

/** Who the local system's target-hardening alerts go to: synthetic, in the outbox only. */
export const LOCAL_JOB_CONTACTS = {
  contractorEmail: 'jobs@fitter.example.org',
  contractorMobile: '+447700900999',
  teamLeaderEmail: 'team-leaders@victim-first.example.org',
  portalUrl: 'http://127.0.0.1:3000',
} as const;

/** A session as the request's cookie value gives it (the web app's own sign-in), or none. */
export type ReadSession = (cookie: string | undefined) => Session | undefined | Promise<Session | undefined>;

/** Methods that change nothing: the session cookie alone may make them. */
const READS = new Set(['GET', 'HEAD']);

/**
 * The local sign-in for the task API, standing in for the API's JWT authorizer. Either `x-vf-user` names one
 * of the local people (LOCAL_PEOPLE; any other name is nobody, and the header alone decides when present),
 * or the web app's session cookie, read by `readSession`: a GET may rest on the cookie alone (a cross-site
 * page cannot read the answer), anything else must also carry the session's form token in `x-csrf-token`,
 * since a browser sends the cookie with a request any page makes (docs/web-app.md).
 */
export function localIdentify(readSession: ReadSession) {
  return async (event: APIGatewayProxyEventV2): Promise<Identity | undefined> => {
    const headers = event.headers ?? {};
    const named = headers['x-vf-user'];
    if (named !== undefined) {
      const person = LOCAL_PEOPLE.find((p) => p.id === named.trim());
      return person ? { id: person.id, roles: person.roles } : undefined;
    }
    const cookie = event.cookies?.find((c) => c.startsWith(`${SESSION_COOKIE}=`));
    const session = await readSession(cookie?.slice(SESSION_COOKIE.length + 1));
    if (!session) return undefined;
    if (
      !READS.has(event.requestContext?.http?.method ?? '') &&
      !csrfMatches(session, headers['x-csrf-token'])
    )
      throw new UnprovenRequestError(
        'x-csrf-token',
        'must be the session’s form token when signed in by cookie',
      );
    return { id: session.user, roles: session.roles };
  };
}

/**
 * The secret that signs the local web app's session cookies: made once per data directory and kept there,
 * so a restart does not sign everyone out.
 */
function localSessionSecret(dataDir: string): Buffer {
  const file = join(dataDir, 'session-secret');
  if (existsSync(file)) {
    const kept = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    if (kept.length >= 32) return kept;
  }
  const secret = randomBytes(32);
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, secret.toString('base64'), { mode: 0o600 });
  return secret;
}

/** Opens the local system: tables created if missing, the engine loaded with the synthesized state machines. */
export async function openLocalSystem(options: LocalSystemOptions = {}): Promise<LocalSystem> {
  const dataDir = options.dataDir ?? dataDirectory();
  const database = options.endpoint
    ? { endpoint: options.endpoint, close: async () => undefined }
    : await openLocalDatabase(dataDir);
  const config = localDynamoDbConfig(database.endpoint);
  const tableName = options.tableName ?? LOCAL_TABLE_NAME;
  const engineTableName = options.engineTableName ?? LOCAL_ENGINE_TABLE_NAME;
  await ensureTables(database, async (admin) => {
    await ensureTable(admin, tableName);
    await ensureEngineTable(admin, engineTableName);
  });
  const client = documentClient(config);
  const clock = options.clock ?? systemClock;
  const definitions = options.definitions ?? synthesizeLocalDefinitions();
  const store = new DynamoDbCaseStore(client, tableName);
  const tasks = new DynamoDbTaskStore(client, tableName);
  const owners = new DynamoDbCaseOwners(client, tableName);
  const volunteers = new DynamoDbVolunteerAssignments(client, tableName);
  const objects = new FolderObjectStore(join(dataDir, 'buckets'));
  const handlers = {} as Record<FunctionName, LocalHandler>;
  const invoke = (name: FunctionName, event: unknown) =>
    handlers[name](event, localContext(FUNCTIONS[name].id, FUNCTIONS[name].timeoutSeconds * 1000));
  const engine = new Engine({
    store: new ExecutionStore(client, engineTableName),
    clock,
    machines: definitions.machines,
    invoke: async (functionArn, payload) => {
      const name = definitions.functionsByArn.get(functionArn);
      if (!name)
        throw Object.assign(new Error(`no function ${functionArn}`), {
          name: 'Lambda.ResourceNotFoundException',
        });
      return invoke(name, payload);
    },
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
  });
  const workflows = new EngineWorkflows(
    engine,
    definitions.contactPathArn,
    definitions.supportReviewArn,
    definitions.targetHardeningArn,
  );
  const jobs = dynamoDbTargetHardeningStores(client, tableName);
  // Seeded once per table: a PIN's hash has a random salt, so writing it again at each start would change
  // the table for nothing (and cost a slow hash per referrer).
  await Promise.all(
    LOCAL_REFERRERS.map(async ({ pin, ...referrer }) => {
      if (!(await jobs.referrerByNumber(referrer.referrerNumber))) await jobs.putReferrer(referrer, pin);
    }),
  );
  // The onward-referral agencies start as the LLR list (once per table; the admin's edits then stand).
  const agencies = new DynamoDbAgencyList(client, tableName);
  await agencies.seed(LLR_AGENCIES_SEED, LLR_AGENCIES, clock.now());
  const messages = new DynamoDbMessageStore(client, tableName);
  const messenger = new FolderMessenger(dataDir);
  const sending = options.wrapMessenger ? options.wrapMessenger(messenger) : messenger;
  // http://localhost: the session cookie cannot be Secure there; in AWS it always is.
  const sessions = new Sessions(
    new SessionCodec(localSessionSecret(dataDir), { ...DEFAULT_SESSION_POLICY, secureCookie: false }),
    // Open sessions on the case table: signing out or ending a person's sessions outlives a restart.
    new DynamoDbSessionStore(client, tableName),
  );
  const audit = new DynamoDbAuditLog(client, tableName);
  const support = new DynamoDbSupportStore(client, tableName);
  // The contact log: the web app's contact pages write it, the quarterly return reads it.
  const contacts = new DynamoDbContactLog(client, tableName);
  // Young people's group sessions: the web app records them, the quarterly return counts them.
  const groupSessions = new DynamoDbGroupSessions(client, tableName);
  // Court and release dates: the web app records them, the engine's schedules raise the calls before them.
  const milestones = new DynamoDbMilestoneStore(client, tableName);
  const schedules = new EngineSchedules(engine);
  const hardship = new DynamoDbHardshipFund(client, tableName);
  const restorativeJustice = {
    rj: new DynamoDbRjProcessStore(client, tableName),
    triage: new DynamoDbMhTriageStore(client, tableName),
  };
  const productLimits = productLimitsFrom(process.env);
  // Quick questions: the public pages ask them, the web app answers them, the quarterly return counts them.
  const quickQuestions = new DynamoDbQuickQuestions(client, tableName);
  // Survey answers, targets and improvement plans: the web app keeps them, the quarterly return reads them.
  const outcomes = new DynamoDbOutcomeStore(client, tableName);
  const recipientLimits = new DynamoDbRecipientLimits(client, tableName);
  const returns = new FolderReturnStore(reportsDirectory(dataDir));
  const returnSubmissions = new DynamoDbReturnSubmissions(client, tableName);
  // Complaints: made on the public page or keyed in, each with its clock on the engine (docs/complaints.md).
  const complaints = new DynamoDbComplaints(client, tableName);
  const complaintClocks = definitions.complaintClockArn
    ? new EngineComplaintClocks(engine, definitions.complaintClockArn)
    : undefined;
  const receivingComplaints = complaintClocks && {
    complaints,
    audit,
    clocks: complaintClocks,
    rules: complaintClockRules(),
  };
  // Booked web chats: intake starts each on the engine; send-message issues its link on the local server.
  const webChats = new DynamoDbWebChats(client, tableName);
  const openChats = new DynamoDbOpenChats(client, tableName);
  const publicSite = { url: 'http://127.0.0.1:3000' };
  // The registry's web-app function on this machine: the same app as in AWS, with the local sign-in page.
  const web = createWebApp({
    tasks,
    store,
    clock,
    workflows,
    messages,
    audit,
    support,
    sessions,
    localPeople: LOCAL_PEOPLE,
    staff: localStaffDirectory,
    owners,
    volunteers,
    reviews: workflows,
    // A long case's reassessments and dependency check, on the support-review state machine.
    caseChecks: workflows,
    hardship,
    contacts,
    groupSessions,
    // Quick questions asked on the public pages; the answer's e-mail goes through the local messenger.
    quickQuestions: { questions: quickQuestions, messages, messenger: sending, recipientLimits },
    ...(receivingComplaints
      ? { complaints: { ...receivingComplaints, messages, messenger: sending, recipientLimits } }
      : {}),
    agencies,
    targetHardening: {
      jobs,
      limits: productLimits,
      workflows,
      oversight: new DynamoDbThOversightStore(client, tableName),
    },
    returns: { stored: returns, submissions: returnSubmissions },
    // The police survey's answers, the year's targets and the improvement plans (docs/outcomes.md).
    outcomes,
    // Find a case, from the search keys intake writes with each case (docs/data-model.md).
    caseSearch: new DynamoDbCaseSearch(client, tableName),
    // Restorative justice as a process and mental health triage, kept under each case.
    restorativeJustice,
    // Booked web chats: the caseworker's side of the local stand-in chat.
    webChats,
    // Open web chats, answered by the call-taker on the rota team leaders keep at /open-chats/rota (until
    // they save a pattern, OPEN_CHAT_ROTA, or caseworker.one daily).
    openChats: {
      chats: openChats,
      rota: openChatRota(),
      rotaStore: new DynamoDbOpenChatRota(client, tableName),
    },
    // Referrals keyed in by staff start their contact paths on the engine.
    keyedReferrals: { workflows },
    // Milestones, and the engine's own schedules raising the re-engagement calls on its clock.
    ...(definitions.reEngagementArn
      ? {
          reEngagement: {
            milestones,
            schedules,
            reEngagementArn: definitions.reEngagementArn,
          },
        }
      : {}),
  });
  // The registry's public-pages function on this machine: the same app as in AWS, over http (no Secure).
  const webChatBookings = definitions.webChatArn
    ? new EngineWebChatBookings(engine, definitions.webChatArn)
    : undefined;
  const publicWeb = createPublicApp({
    clock,
    secureCookies: false,
    // Booked web chats: the victim's side of the local stand-in chat.
    chat: { webChats },
    openChats,
    referrals: {
      store,
      clock,
      workflows,
      ...(webChatBookings ? { webChatBookings } : {}),
      drafts: new DynamoDbFormDrafts(client, tableName),
      webChatSlots: new DynamoDbWebChatSlotBookings(client, tableName),
      webChatSlotCapacity: webChatSlotCapacity(),
    },
    quickQuestions,
    ...(receivingComplaints ? { complaints: receivingComplaints } : {}),
  });
  const deps = {
    store,
    tasks,
    owners,
    audit,
    // The 0800 line: the caller's number looked up under the search keys, the match kept by contact id.
    caseSearch: new DynamoDbCaseSearch(client, tableName),
    phoneCalls: new DynamoDbPhoneCalls(client, tableName),
    searchKeys: new DynamoDbCaseSearchKeys(client, tableName),
    connectAgents: LOCAL_CONNECT_AGENTS,
    clock,
    workflows,
    webChats,
    publicSiteUrl: () => publicSite.url,
    ...(webChatBookings ? { webChatBookings } : {}),
    objects,
    // The API takes the person from `x-vf-user`, or from the web app's session in the browser; the API
    // itself refuses a role that works no queue, and each queue to a role that does not work it.
    identify: localIdentify((cookie) => sessions.readSession(cookie, clock.now())),
    messages,
    jobs,
    pinAttempts: new DynamoDbPinAttempts(client, tableName),
    schedules,
    targetHardeningArn: definitions.targetHardeningArn,
    // The task API starts a plan review's next review and a reassessment's next mark, as the web app does.
    reviews: workflows,
    caseChecks: workflows,
    jobContacts: LOCAL_JOB_CONTACTS,
    messenger: sending,
    recipientLimits,
    quickQuestions,
    complaints,
    printManifests: messenger,
    support,
    agencies,
    contacts,
    groupSessions,
    returns,
    outcomes,
    productLimits,
    web,
    publicWeb,
  };
  for (const name of Object.keys(LOCAL_FUNCTIONS) as FunctionName[])
    handlers[name] = LOCAL_FUNCTIONS[name](deps);
  return {
    endpoint: database.endpoint,
    dataDir,
    clock,
    store,
    tasks,
    owners,
    volunteers,
    engine,
    workflows,
    definitions,
    objects,
    messages,
    messenger,
    handlers,
    web,
    publicWeb,
    audit,
    support,
    contacts,
    milestones,
    schedules,
    hardship,
    groupSessions,
    quickQuestions,
    complaints,
    restorativeJustice,
    sessions,
    jobs,
    returns,
    returnSubmissions,
    outcomes,
    webChats,
    openChats,
    publicSite,
    invoke,
    close: async () => {
      await engine.stop();
      client.destroy();
      await database.close();
    },
  };
}
