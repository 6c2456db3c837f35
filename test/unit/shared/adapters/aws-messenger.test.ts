import {
  ConflictException,
  PinpointSMSVoiceV2Client,
  SendTextMessageCommand,
  ServiceQuotaExceededException,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import {
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type PutObjectCommandInput,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import {
  AccountSuspendedException,
  BadRequestException,
  MessageRejected,
  SESv2Client,
  SendEmailCommand,
  TooManyRequestsException,
} from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { messengerConfig } from '../../../../functions/config.ts';
import {
  AwsMessenger,
  type AwsMessengerConfig,
  MESSAGING_MAX_ATTEMPTS,
  messagingClients,
  S3PrintManifests,
} from '../../../../shared/adapters/aws/aws-messenger.ts';
import { decodeTagValue, encodeTagValue } from '../../../../shared/adapters/aws/message-ids.ts';
import {
  ChannelUnavailableError,
  InvalidOutgoingMessageError,
  PermanentDeliveryError,
  UnsafeChannelError,
} from '../../../../shared/domain/messaging.ts';

const ses = mockClient(SESv2Client);
const sms = mockClient(PinpointSMSVoiceV2Client);
const s3 = mockClient(S3Client);

const KEY_ARN = 'arn:aws:kms:eu-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const ORIGINATION = 'arn:aws:sms-voice:eu-west-2:111122223333:pool/pool-0123456789abcdef';

const LETTERS = { bucketName: 'letters-bucket', kmsKeyArn: KEY_ARN };
const config: AwsMessengerConfig = {
  email: { fromAddress: 'contact@victimfirst.example', configurationSetName: 'victim-first-prod-email' },
  sms: { originationIdentity: ORIGINATION, configurationSetName: 'victim-first-prod-sms' },
  letters: LETTERS,
};

const messenger = () =>
  new AwsMessenger(
    { ses: new SESv2Client({}), sms: new PinpointSMSVoiceV2Client({}), s3: new S3Client({}) },
    config,
  );

const ids = {
  caseId: 'VF-ABCDE-FGHIJ',
  purpose: 'support-offer',
  messageId: 'message.support-offer.1',
  unsafeChannels: ['voicemail'] as const,
};
const email = {
  ...ids,
  to: 'victim@example.org',
  subject: 'Support from Victim First',
  text: 'We can help. Your reference is VF-ABCDE-FGHIJ.',
  html: '<p>We can help. Your reference is VF-ABCDE-FGHIJ.</p>',
};
const text = { ...ids, to: '+447700900123', text: 'Victim First can help. Ref VF-ABCDE-FGHIJ' };
const letter = {
  ...ids,
  messageId: 'message.final-letter.1',
  purpose: 'final-letter',
  pdf: new TextEncoder().encode('%PDF-1.7 letter'),
  largePrint: true,
  postedOn: '2026-12-18',
};

/** An SDK service error as the client throws it after its own retries. */
const serviceError = <T>(
  Exception: new (opts: never) => T,
  fields: Record<string, unknown>,
  httpStatusCode = 400,
): T => new Exception({ message: 'refused', $metadata: { httpStatusCode }, ...fields } as never);

beforeEach(() => {
  ses.reset();
  sms.reset();
  s3.reset();
});

describe('a channel the referral marks unsafe', () => {
  it.each([
    ['an e-mail', 'email', () => messenger().sendEmail({ ...email, unsafeChannels: ['email'] })],
    ['a text', 'sms', () => messenger().sendSms({ ...text, unsafeChannels: ['voicemail', 'sms'] })],
    ['a letter', 'letter', () => messenger().sendLetter({ ...letter, unsafeChannels: ['letter'] })],
  ] as const)('is refused for %s before any request is made', async (_what, channel, send) => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-0100018d-1' });
    sms.on(SendTextMessageCommand).resolves({ MessageId: 'sms-1' });
    s3.on(PutObjectCommand).resolves({});

    const refused = await send().catch((error: unknown) => error);

    expect(refused).toBeInstanceOf(UnsafeChannelError);
    expect(refused).toMatchObject({ name: 'UnsafeChannelError', channel });
    expect(ses.calls()).toHaveLength(0);
    expect(sms.calls()).toHaveLength(0);
    expect(s3.calls()).toHaveLength(0);
  });

  it('does not stop a message on a channel that is not marked', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-0100018d-2' });
    await messenger().sendEmail({ ...email, unsafeChannels: ['sms', 'letter', 'voicemail'] });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
  });
});

describe('e-mail through SES v2', () => {
  it('sends one simple UTF-8 message through the configuration set, tagged with ids only', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-0100018d-1' });
    const result = await messenger().sendEmail(email);
    expect(result).toEqual({ providerMessageId: 'ses-0100018d-1' });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
    expect(ses.commandCalls(SendEmailCommand)[0]?.args[0].input).toEqual({
      FromEmailAddress: 'contact@victimfirst.example',
      Destination: { ToAddresses: ['victim@example.org'] },
      Content: {
        Simple: {
          Subject: { Data: 'Support from Victim First', Charset: 'UTF-8' },
          Body: {
            Text: { Data: 'We can help. Your reference is VF-ABCDE-FGHIJ.', Charset: 'UTF-8' },
            Html: { Data: '<p>We can help. Your reference is VF-ABCDE-FGHIJ.</p>', Charset: 'UTF-8' },
          },
        },
      },
      EmailTags: [
        { Name: 'caseId', Value: 'VF-ABCDE-FGHIJ' },
        { Name: 'purpose', Value: 'support-offer' },
        { Name: 'messageId', Value: 'message_2Esupport-offer_2E1' },
      ],
      ConfigurationSetName: 'victim-first-prod-email',
    });
  });

  it('writes tag values in the characters SES allows and reads every id back unchanged', () => {
    for (const id of ['message.final-letter.2', 'a_b', 'VF-ABCDE-FGHIJ', 'x:y', '_2E']) {
      expect(encodeTagValue(id)).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeTagValue(encodeTagValue(id))).toBe(id);
    }
  });

  it('refuses a tag that is not an id, so a name can never ride along to SES', async () => {
    await expect(messenger().sendEmail({ ...email, caseId: 'Jane Doe' })).rejects.toBeInstanceOf(
      InvalidOutgoingMessageError,
    );
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it.each([
    ['MessageRejected', serviceError(MessageRejected, {}), 'rejected'],
    [
      'BadRequestException (illegal address)',
      new BadRequestException({ message: 'Illegal address', $metadata: { httpStatusCode: 400 } }),
      'invalid-address',
    ],
  ])('turns %s into a permanent failure without the provider text', async (_name, error, reason) => {
    ses.on(SendEmailCommand).rejects(error);
    const failure = await messenger()
      .sendEmail(email)
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PermanentDeliveryError);
    expect(failure).toMatchObject({ name: 'PermanentDeliveryError', channel: 'email', reason });
    expect(String((failure as Error).message)).not.toContain('victim@example.org');
  });

  it('reports a suspended account as the channel being unavailable, not as a bad address', async () => {
    ses.on(SendEmailCommand).rejects(serviceError(AccountSuspendedException, {}));
    await expect(messenger().sendEmail(email)).rejects.toMatchObject({
      name: 'ChannelUnavailableError',
      channel: 'email',
      reason: 'sending-suspended',
    });
  });

  it('reports an unverified recipient in the SES sandbox as the channel being unavailable', async () => {
    ses.on(SendEmailCommand).rejects(
      new MessageRejected({
        message:
          'Email address is not verified. The following identities failed the check: victim@example.org',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    const failure = await messenger()
      .sendEmail(email)
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ChannelUnavailableError);
    expect(failure).toMatchObject({ reason: 'account-sandbox' });
    expect((failure as Error).message).not.toContain('victim@example.org');
  });

  it('leaves throttling that outlasted the SDK retries as it is, for the workflow to retry later', async () => {
    const throttled = serviceError(TooManyRequestsException, {}, 429);
    ses.on(SendEmailCommand).rejects(throttled);
    await expect(messenger().sendEmail(email)).rejects.toBe(throttled);
  });
});

describe('SMS through AWS End User Messaging', () => {
  it('sends one transactional text from the origination identity through the configuration set', async () => {
    sms.on(SendTextMessageCommand).resolves({ MessageId: 'sms-862a8790' });
    const result = await messenger().sendSms(text);
    expect(result).toEqual({ providerMessageId: 'sms-862a8790' });
    expect(sms.commandCalls(SendTextMessageCommand)).toHaveLength(1);
    expect(sms.commandCalls(SendTextMessageCommand)[0]?.args[0].input).toEqual({
      DestinationPhoneNumber: '+447700900123',
      OriginationIdentity: ORIGINATION,
      MessageBody: 'Victim First can help. Ref VF-ABCDE-FGHIJ',
      MessageType: 'TRANSACTIONAL',
      ConfigurationSetName: 'victim-first-prod-sms',
      Context: { caseId: 'VF-ABCDE-FGHIJ', purpose: 'support-offer', messageId: 'message.support-offer.1' },
    });
  });

  it('refuses a number that is not E.164 as invalid for good, without calling AWS', async () => {
    await expect(messenger().sendSms({ ...text, to: '07700 900123' })).rejects.toMatchObject({
      name: 'PermanentDeliveryError',
      channel: 'sms',
      reason: 'invalid-number',
    });
    expect(sms.commandCalls(SendTextMessageCommand)).toHaveLength(0);
  });

  it.each([
    [
      'an opted-out number',
      serviceError(ConflictException, { Reason: 'DESTINATION_PHONE_NUMBER_OPTED_OUT' }),
      'opted-out',
    ],
    [
      'a number blocked by the protect configuration',
      serviceError(ConflictException, {
        Reason: 'DESTINATION_PHONE_NUMBER_BLOCKED_BY_PROTECT_NUMBER_OVERRIDE',
      }),
      'blocked',
    ],
    [
      'a blocked destination country',
      serviceError(ValidationException, { Reason: 'DESTINATION_COUNTRY_BLOCKED' }),
      'unsupported-destination',
    ],
    [
      'an unparseable destination number',
      serviceError(ValidationException, {
        Reason: 'CANNOT_PARSE',
        Fields: [{ Name: 'DestinationPhoneNumber', Message: 'invalid' }],
      }),
      'invalid-number',
    ],
  ])('turns %s into a permanent failure', async (_case, error, reason) => {
    sms.on(SendTextMessageCommand).rejects(error);
    const failure = await messenger()
      .sendSms(text)
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PermanentDeliveryError);
    expect(failure).toMatchObject({ channel: 'sms', reason });
    expect((failure as Error).message).not.toContain('+447700900123');
  });

  it.each([
    [
      'the monthly spend limit',
      serviceError(ServiceQuotaExceededException, { Reason: 'MONTHLY_SPEND_LIMIT_REACHED_FOR_TEXT' }),
      'spend-limit-reached',
    ],
    [
      'an unverified number in the sandbox',
      serviceError(ConflictException, { Reason: 'DESTINATION_PHONE_NUMBER_NOT_VERIFIED' }),
      'account-sandbox',
    ],
    [
      'an inactive origination identity',
      serviceError(ConflictException, { Reason: 'RESOURCE_NOT_ACTIVE' }),
      'misconfigured',
    ],
  ])('reports %s as the channel being unavailable', async (_case, error, reason) => {
    sms.on(SendTextMessageCommand).rejects(error);
    await expect(messenger().sendSms(text)).rejects.toMatchObject({
      name: 'ChannelUnavailableError',
      reason,
    });
  });

  it('leaves throttling that outlasted the SDK retries as it is, for the workflow to retry later', async () => {
    const throttled = serviceError(ThrottlingException, {}, 429);
    sms.on(SendTextMessageCommand).rejects(throttled);
    const failure = await messenger()
      .sendSms(text)
      .catch((e: unknown) => e);
    expect(failure).toBe(throttled);
    expect(failure).not.toBeInstanceOf(PermanentDeliveryError);
  });
});

describe('clients', () => {
  it('retries throttling with the adaptive strategy, five attempts in all', async () => {
    const clients = messagingClients();
    for (const client of [clients.ses, clients.sms, clients.s3]) {
      expect(await client.config.maxAttempts()).toBe(MESSAGING_MAX_ATTEMPTS);
      expect((await client.config.retryStrategy()) as unknown).toMatchObject({ mode: 'adaptive' });
    }
    expect(MESSAGING_MAX_ATTEMPTS).toBe(5);
  });
});

describe('letters in S3', () => {
  it('an alerts-only messenger (no letters configured) refuses a letter before any request', async () => {
    const { letters: _letters, ...alertsOnly } = config;
    const alerts = new AwsMessenger(
      { ses: new SESv2Client({}), sms: new PinpointSMSVoiceV2Client({}), s3: new S3Client({}) },
      alertsOnly,
    );
    await expect(alerts.sendLetter(letter)).rejects.toMatchObject({
      name: 'ChannelUnavailableError',
      channel: 'letter',
      reason: 'misconfigured',
    });
    expect(s3.calls()).toHaveLength(0);
  });

  it('stores the PDF under the day of its print run, encrypted with the customer key, only if not there yet', async () => {
    s3.on(PutObjectCommand).resolves({});
    const result = await messenger().sendLetter(letter);
    expect(result).toEqual({ location: 's3://letters-bucket/letters/2026-12-18/message.final-letter.1.pdf' });
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(1);
    expect(s3.commandCalls(PutObjectCommand)[0]?.args[0].input).toEqual({
      Bucket: 'letters-bucket',
      Key: 'letters/2026-12-18/message.final-letter.1.pdf',
      Body: letter.pdf,
      ContentType: 'application/pdf',
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: KEY_ARN,
      BucketKeyEnabled: true,
      Metadata: {
        'case-id': 'VF-ABCDE-FGHIJ',
        purpose: 'final-letter',
        'message-id': 'message.final-letter.1',
        'large-print': 'true',
      },
      IfNoneMatch: '*',
    });
  });

  it('keeps the first letter when the same message is stored again (no second letter)', async () => {
    s3.on(PutObjectCommand).rejects(
      new S3ServiceException({
        name: 'PreconditionFailed',
        $fault: 'client',
        message: 'At least one of the pre-conditions you specified did not hold',
        $metadata: { httpStatusCode: 412 },
      }),
    );
    await expect(messenger().sendLetter(letter)).resolves.toEqual({
      location: 's3://letters-bucket/letters/2026-12-18/message.final-letter.1.pdf',
    });
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(1);
  });

  it('retries the upload when S3 reports a concurrent write of the same letter', async () => {
    s3.on(PutObjectCommand)
      .rejectsOnce(
        new S3ServiceException({
          name: 'ConditionalRequestConflict',
          $fault: 'client',
          message: 'conflict',
          $metadata: { httpStatusCode: 409 },
        }),
      )
      .resolves({});
    await messenger().sendLetter(letter);
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(2);
  });

  it('finds a letter an earlier attempt stored with one HeadObject of its key, and says so', async () => {
    s3.on(HeadObjectCommand).resolves({ ContentLength: 1024 });
    await expect(messenger().isLetterStored('2026-12-18', 'message.final-letter.1')).resolves.toBe(true);
    expect(s3.commandCalls(HeadObjectCommand).map((call) => call.args[0].input)).toEqual([
      { Bucket: 'letters-bucket', Key: 'letters/2026-12-18/message.final-letter.1.pdf' },
    ]);
  });

  it('answers not stored when S3 says 404, and passes any other error on (a 403 is never taken as absent)', async () => {
    const answer = (name: string, httpStatusCode: number) =>
      new S3ServiceException({ name, $fault: 'client', message: '', $metadata: { httpStatusCode } });
    s3.on(HeadObjectCommand).rejectsOnce(answer('NotFound', 404)).rejectsOnce(answer('Forbidden', 403));
    await expect(messenger().isLetterStored('2026-12-18', 'message.final-letter.1')).resolves.toBe(false);
    await expect(messenger().isLetterStored('2026-12-18', 'message.final-letter.1')).rejects.toMatchObject({
      name: 'Forbidden',
    });
  });

  it.each(['2026-13-01', '2026-02-31', '18/12/2026'])('refuses the posting date %s', async (postedOn) => {
    await expect(messenger().sendLetter({ ...letter, postedOn })).rejects.toMatchObject({
      name: 'InvalidOutgoingMessageError',
      field: 'postedOn',
    });
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
  });
});

describe('the daily print manifest', () => {
  const head = (caseId: string, purpose: string, largePrint: 'true' | 'false') => ({
    Metadata: { 'case-id': caseId, purpose, 'message-id': `message.${purpose}.1`, 'large-print': largePrint },
  });

  it("lists every page of the day's letters and writes one manifest line per letter", async () => {
    s3.on(ListObjectsV2Command, { Prefix: 'letters/2026-12-18/' })
      .resolvesOnce({
        Contents: [{ Key: 'letters/2026-12-18/m2.pdf' }],
        IsTruncated: true,
        NextContinuationToken: 'page-2',
      })
      .resolvesOnce({ Contents: [{ Key: 'letters/2026-12-18/m1.pdf' }], IsTruncated: false });
    s3.on(HeadObjectCommand, { Key: 'letters/2026-12-18/m1.pdf' }).resolves(
      head('VF-AAAAA-11111', 'support-offer', 'false'),
    );
    s3.on(HeadObjectCommand, { Key: 'letters/2026-12-18/m2.pdf' }).resolves(
      head('VF-BBBBB-22222', 'final-letter', 'true'),
    );
    s3.on(PutObjectCommand).resolves({});

    const manifest = await new S3PrintManifests(new S3Client({}), LETTERS).buildPrintManifest('2026-12-18');

    expect(s3.commandCalls(ListObjectsV2Command).map((call) => call.args[0].input)).toEqual([
      { Bucket: 'letters-bucket', Prefix: 'letters/2026-12-18/' },
      { Bucket: 'letters-bucket', Prefix: 'letters/2026-12-18/', ContinuationToken: 'page-2' },
    ]);
    const put = s3.commandCalls(PutObjectCommand)[0]?.args[0].input as PutObjectCommandInput;
    expect(put).toEqual({
      Bucket: 'letters-bucket',
      Key: 'manifests/2026-12-18.csv',
      Body:
        'key,caseId,purpose,largePrint\r\n' +
        'letters/2026-12-18/m1.pdf,VF-AAAAA-11111,support-offer,false\r\n' +
        'letters/2026-12-18/m2.pdf,VF-BBBBB-22222,final-letter,true\r\n',
      ContentType: 'text/csv; charset=utf-8',
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: KEY_ARN,
      BucketKeyEnabled: true,
    });
    expect(manifest).toEqual({
      date: '2026-12-18',
      location: 's3://letters-bucket/manifests/2026-12-18.csv',
      letters: 2,
      skipped: [],
    });
  });

  it('leaves out, by key, an object that is not a letter this service stored', async () => {
    s3.on(ListObjectsV2Command).resolves({
      Contents: [{ Key: 'letters/2026-12-18/m1.pdf' }, { Key: 'letters/2026-12-18/notes.txt' }],
    });
    s3.on(HeadObjectCommand).resolves({ Metadata: {} });
    s3.on(PutObjectCommand).resolves({});
    const manifest = await new S3PrintManifests(new S3Client({}), LETTERS).buildPrintManifest('2026-12-18');
    expect(manifest.letters).toBe(0);
    expect(manifest.skipped).toEqual(['letters/2026-12-18/m1.pdf', 'letters/2026-12-18/notes.txt']);
    expect(s3.commandCalls(HeadObjectCommand).map((call) => call.args[0].input.Key)).toEqual([
      'letters/2026-12-18/m1.pdf',
    ]);
  });

  it('writes a manifest with the header only on a day with no letters', async () => {
    s3.on(ListObjectsV2Command).resolves({ KeyCount: 0 });
    s3.on(PutObjectCommand).resolves({});
    await new S3PrintManifests(new S3Client({}), LETTERS).buildPrintManifest('2026-12-21');
    expect(s3.commandCalls(PutObjectCommand)[0]?.args[0].input.Body).toBe(
      'key,caseId,purpose,largePrint\r\n',
    );
  });
});

describe('configuration', () => {
  const environment = {
    MESSAGES_FROM_ADDRESS: 'contact@victimfirst.example',
    SES_CONFIGURATION_SET: 'victim-first-prod-email',
    SMS_ORIGINATION_IDENTITY: ORIGINATION,
    SMS_CONFIGURATION_SET: 'victim-first-prod-sms',
    LETTERS_BUCKET: 'letters-bucket',
    LETTERS_KEY_ARN: KEY_ARN,
  };

  it('reads the messenger configuration from the environment the stack sets', () => {
    expect(messengerConfig(environment)).toEqual(config);
  });

  it('fails at start-up naming each missing setting', () => {
    const { SMS_CONFIGURATION_SET: _, LETTERS_KEY_ARN: __, ...partial } = environment;
    expect(() => messengerConfig(partial)).toThrow(/LETTERS_KEY_ARN is missing/);
    expect(() => messengerConfig(partial)).toThrow(/SMS_CONFIGURATION_SET is missing/);
  });
});
