import { PinpointSMSVoiceV2Client, SendTextMessageCommand } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import {
  HeadObjectCommand,
  ListObjectsV2Command,
  type ListObjectsV2CommandOutput,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import {
  ChannelUnavailableError,
  type ChannelUnavailableReason,
  InvalidOutgoingMessageError,
  PermanentDeliveryError,
  type PermanentFailureReason,
  refuseUnsafeChannel,
} from '../../domain/messaging.ts';
import type {
  Messenger,
  OutgoingEmail,
  OutgoingLetter,
  OutgoingSms,
  PrintManifest,
  PrintManifests,
} from '../../ports/messenger.ts';
import { LETTERS_PREFIX, MANIFESTS_PREFIX } from '../../storage-layout/bucket-prefixes.ts';
import { assertMessageIds, encodeTagValue, MESSAGE_ID_KEYS, type MessageIds } from './message-ids.ts';

/** Where letters and manifests live: one bucket, encrypted with the customer-managed key. */
export interface LettersConfig {
  readonly bucketName: string;
  /** The full ARN of the KMS key: naming it on every write keeps S3 from using the AWS-managed key. */
  readonly kmsKeyArn: string;
}

export interface AwsMessengerConfig {
  readonly email: {
    /** The verified SES identity's address messages come from. */
    readonly fromAddress: string;
    /** SES configuration set whose event destination feeds delivery status. */
    readonly configurationSetName: string;
  };
  readonly sms: {
    /** Phone number, sender ID or pool (its ARN) the texts go out from. */
    readonly originationIdentity: string;
    /** End User Messaging configuration set whose event destination feeds delivery status. */
    readonly configurationSetName: string;
  };
  /** Absent for a function that sends only e-mails and texts (alerts): it cannot store a letter. */
  readonly letters?: LettersConfig;
}

export interface MessagingClients {
  readonly ses: SESv2Client;
  readonly sms: PinpointSMSVoiceV2Client;
  readonly s3: S3Client;
}

/**
 * Attempts per call, first included. Throttling (SES TooManyRequests/LimitExceeded, SMS Throttling) and
 * transient faults are retried by the SDK's adaptive strategy, which also slows the client down when the
 * provider says so; nothing else is retried here.
 */
export const MESSAGING_MAX_ATTEMPTS = 5;

/** SDK clients for messaging, created once per cold start, with adaptive retry for throttling. */
export function messagingClients(): MessagingClients {
  const retry = { maxAttempts: MESSAGING_MAX_ATTEMPTS, retryMode: 'adaptive' } as const;
  return {
    ses: new SESv2Client(retry),
    sms: new PinpointSMSVoiceV2Client(retry),
    s3: new S3Client(retry),
  };
}

/** The object key of a letter: one per message, under the day of the print run that posts it. */
export function letterKey(postedOn: string, messageId: string): string {
  return `${LETTERS_PREFIX}${assertLocalDate(postedOn, 'postedOn')}/${messageId}.pdf`;
}

/** The object key of a day's print-and-post manifest. */
export function manifestKey(date: string): string {
  return `${MANIFESTS_PREFIX}${assertLocalDate(date, 'date')}.csv`;
}

/** The manifest's columns: ids and the print stream only; the provider reads the address from the PDF. */
export const MANIFEST_HEADER = 'key,caseId,purpose,largePrint';

const E164 = /^\+[1-9]\d{6,14}$/;

/** Victim messaging on AWS: SES v2 e-mail, End User Messaging SMS, letters in S3 for the print provider. */
export class AwsMessenger implements Messenger {
  constructor(
    private readonly clients: MessagingClients,
    private readonly config: AwsMessengerConfig,
  ) {}

  async sendEmail(email: OutgoingEmail): Promise<{ providerMessageId: string }> {
    refuseUnsafeChannel('email', email);
    assertMessageIds(email);
    if (email.to.trim() === '')
      throw new InvalidOutgoingMessageError('to', 'an e-mail needs an address to go to');
    const utf8 = (Data: string) => ({ Data, Charset: 'UTF-8' });
    try {
      const result = await this.clients.ses.send(
        new SendEmailCommand({
          FromEmailAddress: this.config.email.fromAddress,
          Destination: { ToAddresses: [email.to] },
          Content: {
            Simple: {
              Subject: utf8(email.subject),
              Body: { Text: utf8(email.text), Html: utf8(email.html) },
            },
          },
          EmailTags: tagsOf(email),
          ConfigurationSetName: this.config.email.configurationSetName,
        }),
      );
      if (!result.MessageId) throw new Error(`SES accepted message ${email.messageId} without a MessageId`);
      return { providerMessageId: result.MessageId };
    } catch (error) {
      throw emailFailure(error, email.messageId);
    }
  }

  async sendSms(sms: OutgoingSms): Promise<{ providerMessageId: string }> {
    refuseUnsafeChannel('sms', sms);
    assertMessageIds(sms);
    // Not E.164 is an invalid number for good: the path falls back rather than retrying a bad number.
    if (!E164.test(sms.to))
      throw new PermanentDeliveryError(
        'sms',
        'invalid-number',
        `message ${sms.messageId}: the number is not in E.164 form`,
      );
    try {
      const result = await this.clients.sms.send(
        new SendTextMessageCommand({
          DestinationPhoneNumber: sms.to,
          OriginationIdentity: this.config.sms.originationIdentity,
          MessageBody: sms.text,
          MessageType: 'TRANSACTIONAL',
          ConfigurationSetName: this.config.sms.configurationSetName,
          Context: {
            [MESSAGE_ID_KEYS.caseId]: sms.caseId,
            [MESSAGE_ID_KEYS.purpose]: sms.purpose,
            [MESSAGE_ID_KEYS.messageId]: sms.messageId,
          },
        }),
      );
      if (!result.MessageId)
        throw new Error(`End User Messaging accepted message ${sms.messageId} without a MessageId`);
      return { providerMessageId: result.MessageId };
    } catch (error) {
      throw smsFailure(error, sms.messageId);
    }
  }

  async sendLetter(letter: OutgoingLetter): Promise<{ location: string }> {
    refuseUnsafeChannel('letter', letter);
    assertMessageIds(letter);
    const letters = this.config.letters;
    if (!letters)
      throw new ChannelUnavailableError('letter', 'misconfigured', 'this function sends no letters');
    const key = letterKey(letter.postedOn, letter.messageId);
    const location = `s3://${letters.bucketName}/${key}`;
    const put = new PutObjectCommand({
      Bucket: letters.bucketName,
      Key: key,
      Body: letter.pdf,
      ContentType: 'application/pdf',
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: letters.kmsKeyArn,
      BucketKeyEnabled: true,
      // Ids for the manifest, which lists letters without opening them.
      Metadata: {
        'case-id': letter.caseId,
        purpose: letter.purpose,
        'message-id': letter.messageId,
        'large-print': String(letter.largePrint),
      },
      // Only if no letter is stored under this key: a redelivered task never replaces (or doubles) a letter.
      IfNoneMatch: '*',
    });
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.clients.s3.send(put);
        return { location };
      } catch (error) {
        if (statusOf(error) === 412 || nameOf(error) === 'PreconditionFailed') return { location };
        // A concurrent write of the same key: S3 asks for the upload to be retried.
        const conflict = statusOf(error) === 409 || nameOf(error) === 'ConditionalRequestConflict';
        if (!conflict || attempt >= 3) throw error;
      }
    }
  }

  async isLetterStored(postedOn: string, messageId: string): Promise<boolean> {
    const letters = this.config.letters;
    if (!letters)
      throw new ChannelUnavailableError('letter', 'misconfigured', 'this function sends no letters');
    try {
      // HeadObject: the letter's existence only (s3:GetObject allows it; no kms:Decrypt, so never its text).
      await this.clients.s3.send(
        new HeadObjectCommand({ Bucket: letters.bucketName, Key: letterKey(postedOn, messageId) }),
      );
      return true;
    } catch (error) {
      // 404 when it is not there (the role may list letters/, so S3 says so rather than 403).
      if (statusOf(error) === 404 || nameOf(error) === 'NotFound') return false;
      throw error;
    }
  }
}

/** The day's print-and-post manifest, built from the letters bucket (run by the daily function). */
export class S3PrintManifests implements PrintManifests {
  constructor(
    private readonly s3: S3Client,
    private readonly config: LettersConfig,
  ) {}

  async buildPrintManifest(date: string): Promise<PrintManifest> {
    const prefix = `${LETTERS_PREFIX}${assertLocalDate(date, 'date')}/`;
    const keys: string[] = [];
    let continuationToken: string | undefined;
    do {
      const page: ListObjectsV2CommandOutput = await this.s3.send(
        new ListObjectsV2Command({
          Bucket: this.config.bucketName,
          Prefix: prefix,
          ...(continuationToken === undefined ? {} : { ContinuationToken: continuationToken }),
        }),
      );
      for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
      continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (continuationToken !== undefined);

    const rows: string[] = [];
    const skipped: string[] = [];
    const sorted = keys.sort();
    for (let i = 0; i < sorted.length; i += HEAD_CONCURRENCY) {
      const batch = sorted.slice(i, i + HEAD_CONCURRENCY);
      const lines = await Promise.all(batch.map((key) => this.manifestLine(key)));
      lines.forEach((line, index) => {
        if (line === undefined) skipped.push(batch[index] as string);
        else rows.push(line);
      });
    }

    const key = manifestKey(date);
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.config.bucketName,
        Key: key,
        Body: `${[MANIFEST_HEADER, ...rows].join('\r\n')}\r\n`,
        ContentType: 'text/csv; charset=utf-8',
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: this.config.kmsKeyArn,
        BucketKeyEnabled: true,
      }),
    );
    return { date, location: `s3://${this.config.bucketName}/${key}`, letters: rows.length, skipped };
  }

  /** A letter's manifest line from its object metadata (HEAD only: the PDF is never read). */
  private async manifestLine(key: string): Promise<string | undefined> {
    if (!key.endsWith('.pdf')) return undefined;
    const head = await this.s3.send(new HeadObjectCommand({ Bucket: this.config.bucketName, Key: key }));
    const metadata = head.Metadata ?? {};
    const caseId = metadata['case-id'];
    const purpose = metadata.purpose;
    const largePrint = metadata['large-print'];
    if (!caseId || !purpose || (largePrint !== 'true' && largePrint !== 'false')) return undefined;
    return manifestLine(key, caseId, purpose, largePrint === 'true');
  }
}

const HEAD_CONCURRENCY = 8;

function tagsOf(ids: MessageIds) {
  return [
    { Name: MESSAGE_ID_KEYS.caseId, Value: encodeTagValue(ids.caseId) },
    { Name: MESSAGE_ID_KEYS.purpose, Value: encodeTagValue(ids.purpose) },
    { Name: MESSAGE_ID_KEYS.messageId, Value: encodeTagValue(ids.messageId) },
  ];
}

/** A letter's line in a print manifest (MANIFEST_HEADER's columns), CSV-quoted where needed. */
export function manifestLine(key: string, caseId: string, purpose: string, largePrint: boolean): string {
  return [key, caseId, purpose, String(largePrint)].map(csvField).join(',');
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function assertLocalDate(value: string, field: string): string {
  const time = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) : Number.NaN;
  // Date.parse accepts 2026-02-31 as 3 March: the date must read back as itself.
  if (Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== value)
    throw new InvalidOutgoingMessageError(field, `${field} must be a date as YYYY-MM-DD`);
  return value;
}

interface SdkError {
  readonly name?: string;
  readonly message?: string;
  readonly $fault?: 'client' | 'server';
  readonly $metadata?: { readonly httpStatusCode?: number };
  readonly Reason?: string;
  readonly Fields?: ReadonlyArray<{ readonly Name?: string }>;
}

const nameOf = (error: unknown): string => (error as SdkError | undefined)?.name ?? '';
const statusOf = (error: unknown): number | undefined =>
  (error as SdkError | undefined)?.$metadata?.httpStatusCode;

/**
 * Errors left to the caller as they are: throttling and transient faults the SDK already retried
 * (adaptive mode), server faults, network errors. Step Functions may retry the task on them.
 */
function isRetryable(error: unknown): boolean {
  const e = error as SdkError | undefined;
  if (e === undefined || e === null || typeof e !== 'object') return true;
  if (e.$fault === 'server') return true;
  if (e.$metadata === undefined) return true; // not a service answer: network, timeout
  const status = e.$metadata.httpStatusCode ?? 0;
  return status === 429 || status >= 500 || THROTTLING.has(e.name ?? '');
}

const THROTTLING = new Set(['TooManyRequestsException', 'LimitExceededException', 'ThrottlingException']);

/**
 * SES v2 SendEmail errors, by meaning. The provider's message text is never passed on: it can quote the
 * address (docs/service-rules.md: personal data). A suppressed address is not an error here: SES accepts it
 * and reports a bounce with sub-type OnAccountSuppressionList, which the delivery events record as
 * `suppressed`.
 */
function emailFailure(error: unknown, messageId: string): unknown {
  if (isRetryable(error)) return error;
  const name = nameOf(error);
  const text = (error as SdkError).message ?? '';
  const permanent = (reason: PermanentFailureReason) =>
    new PermanentDeliveryError('email', reason, `message ${messageId}: SES refused the e-mail (${name})`);
  const unavailable = (reason: ChannelUnavailableReason) =>
    new ChannelUnavailableError('email', reason, `message ${messageId}: SES cannot send (${name})`);
  switch (name) {
    case 'MessageRejected':
      // In the SES sandbox, unverified recipients are refused with MessageRejected too.
      return /not verified/i.test(text) ? unavailable('account-sandbox') : permanent('rejected');
    case 'BadRequestException':
      return /address/i.test(text) ? permanent('invalid-address') : unavailable('misconfigured');
    case 'AccountSuspendedException':
      return unavailable('sending-suspended');
    case 'SendingPausedException':
      return unavailable('sending-paused');
    case 'MailFromDomainNotVerifiedException':
      return unavailable('sender-not-verified');
    default:
      // NotFoundException (configuration set), AccessDenied and any other client fault: our configuration.
      return unavailable('misconfigured');
  }
}

/** The SendTextMessage refusals that are about this destination number rather than the account. */
const SMS_PERMANENT: Readonly<Record<string, PermanentFailureReason>> = {
  DESTINATION_PHONE_NUMBER_OPTED_OUT: 'opted-out',
  DESTINATION_PHONE_NUMBER_BLOCKED_BY_PROTECT_NUMBER_OVERRIDE: 'blocked',
  DESTINATION_COUNTRY_BLOCKED_BY_PROTECT_CONFIGURATION: 'unsupported-destination',
  DESTINATION_COUNTRY_BLOCKED: 'unsupported-destination',
  INVALID_IDENTITY_FOR_DESTINATION_COUNTRY: 'unsupported-destination',
};

const SMS_UNAVAILABLE: Readonly<Record<string, ChannelUnavailableReason>> = {
  DESTINATION_PHONE_NUMBER_NOT_VERIFIED: 'account-sandbox',
  SENDER_ID_NOT_REGISTERED: 'sender-not-registered',
  SENDER_ID_REQUIRES_REGISTRATION: 'sender-not-registered',
  SENDER_ID_NOT_SUPPORTED: 'sender-not-registered',
  MONTHLY_SPEND_LIMIT_REACHED_FOR_TEXT: 'spend-limit-reached',
  PRICE_OVER_THRESHOLD: 'spend-limit-reached',
};

/** End User Messaging SendTextMessage errors, by the exception's `Reason` (and `Fields` for validation). */
function smsFailure(error: unknown, messageId: string): unknown {
  if (isRetryable(error)) return error;
  const name = nameOf(error);
  const { Reason: reason = '', Fields: fields = [] } = error as SdkError;
  const label = reason === '' ? name : `${name} ${reason}`;
  const permanent = (why: PermanentFailureReason) =>
    new PermanentDeliveryError(
      'sms',
      why,
      `message ${messageId}: End User Messaging refused the text (${label})`,
    );
  const unavailable = (why: ChannelUnavailableReason) =>
    new ChannelUnavailableError(
      'sms',
      why,
      `message ${messageId}: End User Messaging cannot send (${label})`,
    );

  const permanentReason = SMS_PERMANENT[reason];
  if (permanentReason && (name === 'ConflictException' || name === 'ValidationException'))
    return permanent(permanentReason);
  if (
    name === 'ValidationException' &&
    fields.some((field) => field.Name === 'DestinationPhoneNumber') &&
    ['CANNOT_PARSE', 'FIELD_VALIDATION_FAILED', 'INVALID_PARAMETER', 'OTHER'].includes(reason)
  )
    return permanent('invalid-number');
  const unavailableReason = SMS_UNAVAILABLE[reason];
  if (unavailableReason) return unavailable(unavailableReason);
  if (name === 'ServiceQuotaExceededException') return unavailable('quota-exceeded');
  return unavailable('misconfigured');
}
