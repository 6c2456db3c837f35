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
