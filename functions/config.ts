import { z } from 'zod';

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
  [W.supportReviewArn]: z
    .string()
    .regex(/^arn:aws[a-z-]*:states:/, `${W.supportReviewArn} must be the support-review state machine ARN`),
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
