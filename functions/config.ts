import * as z from 'zod';
import { type ComplaintClockRules, DEFAULT_COMPLAINT_CLOCK } from '../shared/domain/complaints.ts';
import { DEFAULT_WEB_CHAT_SLOT_CAPACITY } from '../shared/domain/intake/self-referral.ts';
import { DEFAULT_OPEN_CHAT_ROTA, type OpenChatRota, parseOpenChatRota } from '../shared/domain/open-chat.ts';

const FunctionEnvironment = z.object({
  TABLE_NAME: z.string().min(3, 'TABLE_NAME must name the case table'),
});

/** Configuration shared by the functions, read and checked once at start-up; fails naming what is missing. */
export function functionConfig(env: NodeJS.ProcessEnv = process.env): { tableName: string } {
  const parsed = FunctionEnvironment.safeParse(env);
  if (!parsed.success) {
    throw new Error(
      `configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
    );
  }
  return { tableName: parsed.data.TABLE_NAME };
}

/** The contact-path state machine's ARN, for functions that start paths or answer tasks. */
export function contactPathArn(env: NodeJS.ProcessEnv = process.env): string {
  const arn = env.CONTACT_PATH_ARN;
  if (!arn?.startsWith('arn:'))
    throw new Error('configuration: CONTACT_PATH_ARN must be the contact-path state machine ARN');
  return arn;
}

/** The web-chat state machine's ARN, for the intake that starts a booked chat. */
export function webChatArn(env: NodeJS.ProcessEnv = process.env): string {
  const arn = env.WEB_CHAT_ARN;
  if (!arn?.startsWith('arn:'))
    throw new Error('configuration: WEB_CHAT_ARN must be the web-chat state machine ARN');
  return arn;
}

/** The complaint-clock state machine's ARN, for the functions that receive complaints. */
export function complaintClockArn(env: NodeJS.ProcessEnv = process.env): string {
  const arn = env.COMPLAINT_CLOCK_ARN;
  if (!arn?.startsWith('arn:'))
    throw new Error('configuration: COMPLAINT_CLOCK_ARN must be the complaint-clock state machine ARN');
  return arn;
}

/**
 * The complaints' working-day clock (docs/complaints.md): COMPLAINT_ACKNOWLEDGE_WORKING_DAYS (default 2),
 * COMPLAINT_RESPOND_WORKING_DAYS (20) and COMPLAINT_WARN_WORKING_DAYS_BEFORE (1), whole numbers; the
 * response after the acknowledgement, the warning before the acknowledgement. A bad value stops the function.
 */
export function complaintClockRules(env: NodeJS.ProcessEnv = process.env): ComplaintClockRules {
  const read = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max)
      throw new Error(`configuration: ${name} must be a whole number from ${min} to ${max}`);
    return value;
  };
  const acknowledgeWorkingDays = read(
    'COMPLAINT_ACKNOWLEDGE_WORKING_DAYS',
    DEFAULT_COMPLAINT_CLOCK.acknowledgeWorkingDays,
    1,
    10,
  );
  const respondWorkingDays = read(
    'COMPLAINT_RESPOND_WORKING_DAYS',
    DEFAULT_COMPLAINT_CLOCK.respondWorkingDays,
    acknowledgeWorkingDays + 1,
    60,
  );
  const warnWorkingDaysBefore = read(
    'COMPLAINT_WARN_WORKING_DAYS_BEFORE',
    DEFAULT_COMPLAINT_CLOCK.warnWorkingDaysBefore,
    0,
    acknowledgeWorkingDays - 1,
  );
  return { acknowledgeWorkingDays, respondWorkingDays, warnWorkingDaysBefore };
}

/** The public site's address (`https://…`) that web chat links are on. */
export function publicSiteUrl(env: NodeJS.ProcessEnv = process.env): string {
  const url = env.PUBLIC_SITE_URL;
  if (!url?.startsWith('https://'))
    throw new Error("configuration: PUBLIC_SITE_URL must be the public site's https:// address");
  return url;
}

/** The target-hardening state machine's ARN, for functions that start jobs or schedule follow-ups. */
export function targetHardeningArn(env: NodeJS.ProcessEnv = process.env): string {
  const arn = env.TARGET_HARDENING_ARN;
  if (!arn?.startsWith('arn:'))
    throw new Error('configuration: TARGET_HARDENING_ARN must be the target-hardening state machine ARN');
  return arn;
}

/**
 * The environment of a function that schedules re-engagement calls (the web app); the CDK app sets them from
 * the same names, so the two cannot drift.
 */
export const RE_ENGAGEMENT_ENVIRONMENT = {
  stateMachineArn: 'RE_ENGAGEMENT_ARN',
  scheduleGroup: 'RE_ENGAGEMENT_SCHEDULE_GROUP',
  schedulerRoleArn: 'RE_ENGAGEMENT_SCHEDULER_ROLE_ARN',
} as const;

/** Where re-engagement schedules go, the role they start executions with, and the machine they start. */
export function reEngagementConfig(env: NodeJS.ProcessEnv = process.env) {
  const R = RE_ENGAGEMENT_ENVIRONMENT;
  const values = parsed(
    z.object({
      [R.stateMachineArn]: z
        .string()
        .regex(/^arn:aws[a-z-]*:states:/, `${R.stateMachineArn} must be the re-engagement state machine ARN`),
      [R.scheduleGroup]: z
        .string()
        .regex(
          /^[0-9A-Za-z_.-]{1,64}$/,
          `${R.scheduleGroup} must be the re-engagement schedule group's name`,
        ),
      [R.schedulerRoleArn]: z
        .string()
        .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, `${R.schedulerRoleArn} must be an IAM role ARN`),
    }),
    env,
  );
  return {
    stateMachineArn: values[R.stateMachineArn],
    group: values[R.scheduleGroup],
    roleArn: values[R.schedulerRoleArn],
  };
}

/**
 * The environment variables of target hardening; the CDK app sets them from the same names, so the two
 * cannot drift.
 */
export const TARGET_HARDENING_ENVIRONMENT = {
  contractorEmail: 'TH_CONTRACTOR_EMAIL',
  contractorMobile: 'TH_CONTRACTOR_MOBILE',
  teamLeaderEmail: 'TH_TEAM_LEADER_EMAIL',
  portalUrl: 'TH_PORTAL_URL',
  scheduleGroup: 'FOLLOW_UP_SCHEDULE_GROUP',
  schedulerRoleArn: 'FOLLOW_UP_SCHEDULER_ROLE_ARN',
} as const;

const T = TARGET_HARDENING_ENVIRONMENT;

const ContactsEnvironment = z.object({
  [T.contractorEmail]: z.email(`${T.contractorEmail} must be the contractor's alert e-mail address`),
  [T.contractorMobile]: z
    .string()
    .regex(/^\+\d{8,15}$/, `${T.contractorMobile} must be the contractor's duty mobile in E.164 form`),
  [T.teamLeaderEmail]: z.email(`${T.teamLeaderEmail} must be the team leaders' e-mail address`),
  [T.portalUrl]: z.url(`${T.portalUrl} must be the web app's address`),
});

/** Who target-hardening alerts go to, read and checked at start-up. */
export function jobContactsConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = ContactsEnvironment.safeParse(env);
  if (!parsed.success)
    throw new Error(`configuration: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  return {
    contractorEmail: parsed.data[T.contractorEmail],
    contractorMobile: parsed.data[T.contractorMobile],
    teamLeaderEmail: parsed.data[T.teamLeaderEmail],
    portalUrl: parsed.data[T.portalUrl],
  };
}

/** Where follow-up schedules go and the role they start executions with. */
export function followUpScheduleConfig(env: NodeJS.ProcessEnv = process.env) {
  const group = env[T.scheduleGroup];
  const roleArn = env[T.schedulerRoleArn];
  if (!group) throw new Error(`configuration: ${T.scheduleGroup} must name the follow-up schedule group`);
  if (!roleArn?.startsWith('arn:'))
    throw new Error(`configuration: ${T.schedulerRoleArn} must be the scheduler role's ARN`);
  return { group, roleArn };
}

/**
 * The environment variables the messaging functions read; the CDK app sets them from the same names
 * (infra/constructs/messaging.ts), so the two cannot drift.
 */
export const MESSAGING_ENVIRONMENT = {
  fromAddress: 'MESSAGES_FROM_ADDRESS',
  emailConfigurationSet: 'SES_CONFIGURATION_SET',
  smsOriginationIdentity: 'SMS_ORIGINATION_IDENTITY',
  smsConfigurationSet: 'SMS_CONFIGURATION_SET',
  lettersBucket: 'LETTERS_BUCKET',
  lettersKeyArn: 'LETTERS_KEY_ARN',
} as const;

const E = MESSAGING_ENVIRONMENT;

const LettersEnvironment = z.object({
  [E.lettersBucket]: z.string().min(3, `${E.lettersBucket} must name the letters bucket`),
  [E.lettersKeyArn]: z
    .string()
    .regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/.+$/, `${E.lettersKeyArn} must be a KMS key ARN`),
});

const MessengerEnvironment = LettersEnvironment.extend({
  [E.fromAddress]: z.email(`${E.fromAddress} must be the e-mail address messages come from`),
  [E.emailConfigurationSet]: z
    .string()
    .min(1, `${E.emailConfigurationSet} must name the SES configuration set`),
  [E.smsOriginationIdentity]: z
    .string()
    .min(1, `${E.smsOriginationIdentity} must name the SMS phone number, sender ID or pool`),
  [E.smsConfigurationSet]: z
    .string()
    .min(1, `${E.smsConfigurationSet} must name the End User Messaging configuration set`),
});

function parsed<T>(
  schema: {
    safeParse(v: unknown): { success: true; data: T } | { success: false; error: z.ZodError };
  },
  env: NodeJS.ProcessEnv,
): T {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  throw new Error(
    `configuration: ${result.error.issues.map((i) => (i.code === 'invalid_type' ? `${i.path.join('.')} is missing` : i.message)).join('; ')}`,
  );
}

/** Where letters and manifests are stored (the build-print-manifest function), checked at start-up. */
export function lettersConfig(env: NodeJS.ProcessEnv = process.env): {
  bucketName: string;
  kmsKeyArn: string;
} {
  const values = parsed(LettersEnvironment, env);
  return { bucketName: values[E.lettersBucket], kmsKeyArn: values[E.lettersKeyArn] };
}

const AlertsEnvironment = MessengerEnvironment.omit({ [E.lettersBucket]: true, [E.lettersKeyArn]: true });

/** What alerts need (SES and End User Messaging, no letters), checked at start-up. */
export function alertsMessengerConfig(env: NodeJS.ProcessEnv = process.env) {
  const values = parsed(AlertsEnvironment, env);
  return {
    email: { fromAddress: values[E.fromAddress], configurationSetName: values[E.emailConfigurationSet] },
    sms: {
      originationIdentity: values[E.smsOriginationIdentity],
      configurationSetName: values[E.smsConfigurationSet],
    },
  };
}

/** Everything the messenger needs (SES, End User Messaging, letters), checked at start-up. */
export function messengerConfig(env: NodeJS.ProcessEnv = process.env) {
  const values = parsed(MessengerEnvironment, env);
  return {
    email: { fromAddress: values[E.fromAddress], configurationSetName: values[E.emailConfigurationSet] },
    sms: {
      originationIdentity: values[E.smsOriginationIdentity],
      configurationSetName: values[E.smsConfigurationSet],
    },
    letters: { bucketName: values[E.lettersBucket], kmsKeyArn: values[E.lettersKeyArn] },
  };
}

/**
 * The environment variables the web app's function reads; the CDK app sets them from the same names
 * (infra/stacks/intake-stack.ts), so the two cannot drift.
 */
export const WEB_APP_ENVIRONMENT = {
  sessionSecretArn: 'SESSION_SECRET_ARN',
  userPoolId: 'USER_POOL_ID',
  userPoolClientId: 'USER_POOL_CLIENT_ID',
  signInDomainUrl: 'SIGN_IN_DOMAIN_URL',
  appUrl: 'WEB_APP_URL',
  supportReviewArn: 'SUPPORT_REVIEW_ARN',
} as const;

const W = WEB_APP_ENVIRONMENT;

const httpsUrl = (name: string, what: string) =>
  z
    .string()
    .regex(/^https:\/\/[^/?#\s]+\/?$/, `${name} must be the https:// base URL of ${what}`)
    .transform((url) => url.replace(/\/$/, ''));

const SupportReviewArn = z
  .string()
  .regex(/^arn:aws[a-z-]*:states:/, `${W.supportReviewArn} must be the support-review state machine ARN`);

/**
 * The support-review state machine a function starts plan reviews and a long case's checks on (the task
 * API, when a completed review or reassessment starts the next), checked at start-up.
 */
export function supportReviewConfig(env: NodeJS.ProcessEnv = process.env): { supportReviewArn: string } {
  const values = parsed(z.object({ [W.supportReviewArn]: SupportReviewArn }), env);
  return { supportReviewArn: values[W.supportReviewArn] };
}

/**
 * The public pages' address, for the private link a quick question's asker is e-mailed (the web app, when
 * staff answer); the CDK app sets it to the public intake distribution's URL (infra/stacks/intake-stack.ts).
 */
export const PUBLIC_SITE_ENVIRONMENT = { url: 'PUBLIC_SITE_URL' } as const;

/** The public pages' https:// origin, without a trailing slash, checked at start-up. */
export function publicSiteConfig(env: NodeJS.ProcessEnv = process.env): { publicSiteUrl: string } {
  const P = PUBLIC_SITE_ENVIRONMENT;
  const values = parsed(z.object({ [P.url]: httpsUrl(P.url, 'the public pages') }), env);
  return { publicSiteUrl: values[P.url] };
}

const WebAppEnvironment = FunctionEnvironment.extend({
  [W.sessionSecretArn]: z
    .string()
    .regex(
      /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/,
      `${W.sessionSecretArn} must be the ARN of the session secret`,
    ),
  [W.userPoolId]: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d_[0-9A-Za-z]+$/, `${W.userPoolId} must be a Cognito user pool id`),
  [W.userPoolClientId]: z
    .string()
    .regex(/^[0-9A-Za-z]{1,128}$/, `${W.userPoolClientId} must be a Cognito app client id`),
  [W.signInDomainUrl]: httpsUrl(W.signInDomainUrl, 'the user pool’s managed login domain'),
  [W.appUrl]: httpsUrl(W.appUrl, 'the web app (the HTTP API)'),
  [W.supportReviewArn]: SupportReviewArn,
});

/** Everything the web app's function needs in AWS (table, session secret, sign-in), checked at start-up. */
export function webAppConfig(env: NodeJS.ProcessEnv = process.env) {
  const values = parsed(WebAppEnvironment, env);
  return {
    tableName: values.TABLE_NAME,
    sessionSecretArn: values[W.sessionSecretArn],
    supportReviewArn: values[W.supportReviewArn],
    signIn: {
      userPoolId: values[W.userPoolId],
      clientId: values[W.userPoolClientId],
      domainUrl: values[W.signInDomainUrl],
      appUrl: values[W.appUrl],
    },
  };
}

/**
 * The environment variables of the quarterly returns bucket; the CDK app sets them from the same names
 * (infra/constructs/quarterly-returns.ts), so the two cannot drift. The key is given only to the function
 * that writes returns.
 */
export const RETURNS_ENVIRONMENT = {
  bucket: 'RETURNS_BUCKET',
  keyArn: 'RETURNS_KEY_ARN',
} as const;

const R = RETURNS_ENVIRONMENT;

const ReturnsReadEnvironment = z.object({
  [R.bucket]: z.string().min(3, `${R.bucket} must name the quarterly returns bucket`),
});

const ReturnsWriteEnvironment = ReturnsReadEnvironment.extend({
  [R.keyArn]: z
    .string()
    .regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/.+$/, `${R.keyArn} must be a KMS key ARN`),
});

/** Where quarterly returns are read from (the web app), checked at start-up. */
export function returnsReadConfig(env: NodeJS.ProcessEnv = process.env): { bucketName: string } {
  return { bucketName: parsed(ReturnsReadEnvironment, env)[R.bucket] };
}

/** Where quarterly returns are written and the key they are encrypted with, checked at start-up. */
export function returnsWriteConfig(env: NodeJS.ProcessEnv = process.env): {
  bucketName: string;
  kmsKeyArn: string;
} {
  const values = parsed(ReturnsWriteEnvironment, env);
  return { bucketName: values[R.bucket], kmsKeyArn: values[R.keyArn] };
}

/**
 * The header CloudFront adds to every request it forwards to the HTTP API, carrying the origin secret
 * (docs/infrastructure.md, "Public intake address"). receive-referral refuses a self-referral without it,
 * so the API's own address cannot be used to go around AWS WAF. Lower case, as API Gateway gives header names
 * to a payload 2.0 handler.
 */
export const ORIGIN_VERIFY_HEADER = 'x-vf-origin-verify';

/**
 * The environment variables of receive-referral; the CDK app sets them from the same names
 * (infra/stacks/intake-stack.ts), so the two cannot drift.
 */
export const RECEIVE_REFERRAL_ENVIRONMENT = {
  originSecretArn: 'ORIGIN_SECRET_ARN',
} as const;

const RR = RECEIVE_REFERRAL_ENVIRONMENT;

const ReceiveReferralEnvironment = FunctionEnvironment.extend({
  [RR.originSecretArn]: z
    .string()
    .regex(
      /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/,
      `${RR.originSecretArn} must be the ARN of the public intake's origin secret`,
    ),
});

/**
 * What receive-referral needs in AWS, checked at start-up: the table and the origin secret's ARN. Without the
 * ARN the function does not start, so in AWS the self-referral route is never left without the check.
 */
export function receiveReferralConfig(env: NodeJS.ProcessEnv = process.env): {
  tableName: string;
  originSecretArn: string;
} {
  const values = parsed(ReceiveReferralEnvironment, env);
  return { tableName: values.TABLE_NAME, originSecretArn: values[RR.originSecretArn] };
}

/** The environment variable holding the caseworkers' Amazon Connect user ids (the CDK app sets it). */
export const CONNECT_AGENTS_ENVIRONMENT = 'CONNECT_AGENTS';

/**
 * Each staff member's Amazon Connect user id, by their staff id, from CONNECT_AGENTS (a JSON object; `{}`
 * when nobody is mapped: every matched call then goes to the call-takers).
 */
export function connectAgentsConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Record<string, string>> {
  const raw = env[CONNECT_AGENTS_ENVIRONMENT] ?? '{}';
  const parsedAgents = z
    .record(z.string().min(1), z.string().regex(/^[0-9a-f-]{36}$/, 'must be a Connect user id'))
    .safeParse(JSON.parse(raw));
  if (!parsedAgents.success)
    throw new Error(
      `configuration: ${CONNECT_AGENTS_ENVIRONMENT} must map staff ids to Amazon Connect user ids (${parsedAgents.error.issues
        .map((i) => `${i.path.join('.')} ${i.message}`)
        .join('; ')})`,
    );
  return parsedAgents.data;
}

/**
 * Web chats one slot takes at most (WEB_CHAT_SLOT_CAPACITY, a whole number from 1 to 20): how many
 * caseworkers take booked chats at once. Unset: DEFAULT_WEB_CHAT_SLOT_CAPACITY.
 */
export function webChatSlotCapacity(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.WEB_CHAT_SLOT_CAPACITY;
  if (raw === undefined || raw === '') return DEFAULT_WEB_CHAT_SLOT_CAPACITY;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 20)
    throw new Error('configuration: WEB_CHAT_SLOT_CAPACITY must be a whole number from 1 to 20');
  return value;
}

/**
 * The open web chat's call-taking rota (OPEN_CHAT_ROTA, `mon=caseworker.one,tue=caseworker.two,…`; a day not
 * named has no call-taker), or DEFAULT_OPEN_CHAT_ROTA when unset. A malformed value stops the function.
 */
export function openChatRota(env: NodeJS.ProcessEnv = process.env): OpenChatRota {
  const value = env.OPEN_CHAT_ROTA;
  return value === undefined || value.trim() === '' ? DEFAULT_OPEN_CHAT_ROTA : parseOpenChatRota(value);
}

/** Where the booked web chats run in Amazon Connect: the instance and the chat contact flow. */
export const CONNECT_CHAT_ENVIRONMENT = {
  instanceId: 'CONNECT_INSTANCE_ID',
  contactFlowId: 'CONNECT_CHAT_FLOW_ID',
} as const;

export function connectChatConfig(env: NodeJS.ProcessEnv = process.env): {
  instanceId: string;
  contactFlowId: string;
} {
  const instanceId = env[CONNECT_CHAT_ENVIRONMENT.instanceId] ?? '';
  const contactFlowId = env[CONNECT_CHAT_ENVIRONMENT.contactFlowId] ?? '';
  if (instanceId === '' || contactFlowId === '')
    throw new Error(
      `configuration: ${CONNECT_CHAT_ENVIRONMENT.instanceId} and ${CONNECT_CHAT_ENVIRONMENT.contactFlowId} must name the Amazon Connect instance and chat flow`,
    );
  return { instanceId, contactFlowId };
}
