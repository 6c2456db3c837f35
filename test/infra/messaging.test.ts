import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { getCountries } from 'libphonenumber-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MESSAGING_ENVIRONMENT } from '../../functions/config.ts';
import type { FunctionName } from '../../functions/registry.ts';
import { buildApp, LOCAL_MESSAGING_DEFAULTS, type VictimFirstApp } from '../../infra/app.ts';
import { LETTER_EXPIRY_DAYS } from '../../infra/constructs/letters-bucket.ts';
import { EMAIL_STATUS_DETAIL_TYPES, SMS_EVENTS } from '../../infra/constructs/messaging.ts';
import { SMS_ALLOWED_COUNTRIES, SMS_COUNTRY_CODES } from '../../infra/constructs/sms-countries.ts';

interface Statement {
  readonly Sid?: string;
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource?: unknown;
  readonly Condition?: unknown;
  readonly Principal?: unknown;
}

const outdirs: string[] = [];

/** Synthesized without bundling: the template is the same, and the handlers are not needed here. */
function synth(context: Record<string, unknown> = {}): { built: VictimFirstApp; template: Template } {
  const outdir = mkdtempSync(join(tmpdir(), 'vf-messaging-'));
  outdirs.push(outdir);
  const built = buildApp({ context: { 'aws:cdk:bundling-stacks': [], ...context }, outdir });
  const json = built.app.synth().getStackByName(built.intakeStack.stackName).template as Record<
    string,
    unknown
  >;
  return { built, template: Template.fromJSON(json) };
}

let built: VictimFirstApp;
let template: Template;

beforeAll(() => {
  ({ built, template } = synth());
}, 120_000);

afterAll(() => {
  for (const outdir of outdirs) rmSync(outdir, { recursive: true, force: true });
});

const logicalId = (construct: IConstruct, stack = built.intakeStack): string =>
  stack.getLogicalId(construct.node.defaultChild as CfnElement);
const getAtt = (id: string, attribute = 'Arn') => ({ 'Fn::GetAtt': [id, attribute] });
const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);
const accountArn = (service: string, resource: string) => ({
  'Fn::Join': ['', [`arn:aws:${service}:eu-west-2:`, { Ref: 'AWS::AccountId' }, resource]],
});

function statementsOf(name: FunctionName, t = template, app = built): Statement[] {
  const role = logicalId(app.intakeStack.functions[name].role, app.intakeStack);
  const policies = t.findResources('AWS::IAM::Policy', {
    Properties: { Roles: Match.arrayWith([{ Ref: role }]) },
  });
  return Object.values(policies).flatMap(
    (policy) =>
      (policy as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument
        .Statement,
  );
}
const actionsOf = (statements: Statement[]) => statements.flatMap((s) => asArray(s.Action));
const bySid = (statements: Statement[], sid: string) => statements.find((s) => s.Sid === sid);

describe('e-mail: the SES configuration set', () => {
  it('requires TLS, suppresses bounced and complaining addresses and publishes to the default event bus', () => {
    template.hasResourceProperties('AWS::SES::ConfigurationSet', {
      Name: 'victim-first-local-email',
      DeliveryOptions: { TlsPolicy: 'REQUIRE' },
      SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
    });
    template.resourceCountIs('AWS::SES::ConfigurationSetEventDestination', 1);
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      ConfigurationSetName: { Ref: logicalId(built.intakeStack.messaging.emailConfigurationSet) },
      EventDestination: {
        Enabled: true,
        Name: 'delivery-status',
        MatchingEventTypes: ['send', 'delivery', 'bounce', 'complaint', 'reject'],
        EventBridgeDestination: { EventBusArn: accountArn('events', ':event-bus/default') },
      },
    });
  });

  it("routes this configuration set's delivery, bounce, complaint and reject events to the status function", () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.ses'],
        'detail-type': [...EMAIL_STATUS_DETAIL_TYPES],
        detail: {
          mail: {
            tags: {
              'ses:configuration-set': [
                { Ref: logicalId(built.intakeStack.messaging.emailConfigurationSet) },
              ],
            },
          },
        },
      },
      Targets: [
        Match.objectLike({
          Arn: getAtt(logicalId(built.intakeStack.functions.recordDeliveryStatus.function)),
        }),
      ],
    });
    expect(EMAIL_STATUS_DETAIL_TYPES).toEqual([
      'Email Delivered',
      'Email Bounced',
      'Email Complaint Received',
      'Email Rejected',
    ]);
  });
});

describe('SMS: the End User Messaging configuration set', () => {
  it('publishes every final text event to the SMS events topic', () => {
    const topic = logicalId(built.intakeStack.messaging.smsEventsTopic);
    template.hasResource('AWS::SMSVOICE::ConfigurationSet', {
      Properties: {
        ConfigurationSetName: 'victim-first-local-sms',
        EventDestinations: [
          {
            EventDestinationName: 'delivery-status',
            Enabled: true,
            MatchingEventTypes: [...SMS_EVENTS],
            SnsDestination: { TopicArn: { Ref: topic } },
          },
        ],
        Tags: Match.anyValue(),
      },
      // Created once End User Messaging may publish to the topic.
      DependsOn: [Match.stringLikeRegexp('^MessagingSmsEventsPolicy')],
    });
    expect(SMS_EVENTS).not.toContain('TEXT_QUEUED');
    expect(SMS_EVENTS).toContain('TEXT_INVALID');
  });

  it('encrypts the topic with the customer key and lets only this configuration set publish', () => {
    const topic = logicalId(built.intakeStack.messaging.smsEventsTopic);
    const key = logicalId(built.intakeStack.key);
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: getAtt(key) });
    const sourceConditions = {
      StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
      ArnLike: { 'aws:SourceArn': accountArn('sms-voice', ':configuration-set/victim-first-local-sms') },
    };
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topic }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          {
            Sid: 'AllowEndUserMessagingConfigurationSet',
            Effect: 'Allow',
            Principal: { Service: 'sms-voice.amazonaws.com' },
            Action: 'sns:Publish',
            Resource: { Ref: topic },
            Condition: sourceConditions,
          },
        ]),
      },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          {
            Sid: 'AllowEndUserMessagingToPublishToEncryptedTopic',
            Effect: 'Allow',
            Principal: { Service: 'sms-voice.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            Resource: '*',
            Condition: sourceConditions,
          },
        ]),
      },
    });
  });

  it('sends texts to United Kingdom numbers only: a protect configuration blocks every other country', () => {
    const protect = built.intakeStack.getLogicalId(built.intakeStack.messaging.smsProtectConfiguration);
    template.resourceCountIs('AWS::SMSVOICE::ProtectConfiguration', 1);
    const { CountryRuleSet } = template.toJSON().Resources[protect].Properties as {
      CountryRuleSet: Record<string, { CountryCode: string; ProtectStatus: string }[]>;
    };
    expect(Object.keys(CountryRuleSet)).toEqual(['SMS']);
    const rules = CountryRuleSet.SMS ?? [];
    expect(SMS_ALLOWED_COUNTRIES).toEqual(['GB']);
    expect(rules.filter((r) => r.ProtectStatus === 'ALLOW')).toEqual([
      { CountryCode: 'GB', ProtectStatus: 'ALLOW' },
    ]);
    expect(rules.filter((r) => r.ProtectStatus !== 'ALLOW').every((r) => r.ProtectStatus === 'BLOCK')).toBe(
      true,
    );
    // A protect configuration allows any country it does not name, so every country is named, once.
    const named = rules.map((r) => r.CountryCode);
    expect(new Set(named).size).toBe(named.length);
    expect(named).toEqual([...SMS_COUNTRY_CODES]);
    expect(named.length).toBeGreaterThanOrEqual(240);
    expect(named.length).toBeLessThanOrEqual(300); // End User Messaging's most per request
    for (const code of named) expect(code).toMatch(/^[A-Z]{2}$/);
    // Every region that has phone numbers (libphonenumber's list) is named, but for codes that are not ISO
    // 3166-1 (Ascension AC, Tristan da Cunha TA, Kosovo XK); the Crown Dependencies are blocked like the rest.
    const notIso = ['AC', 'TA', 'XK'];
    expect(getCountries().filter((region) => !named.includes(region))).toEqual(notIso);
    for (const code of ['US', 'IE', 'FR', 'IN', 'NG', 'GG', 'IM', 'JE'])
      expect(rules.find((r) => r.CountryCode === code)?.ProtectStatus, code).toBe('BLOCK');
  });

  it('makes it the configuration set’s, which every send names, so End User Messaging applies it to every text', () => {
    const protect = built.intakeStack.getLogicalId(built.intakeStack.messaging.smsProtectConfiguration);
    template.hasResourceProperties('AWS::SMSVOICE::ConfigurationSet', {
      ConfigurationSetName: 'victim-first-local-sms',
      ProtectConfigurationId: getAtt(protect, 'ProtectConfigurationId'),
    });
    for (const name of ['sendMessage', 'notifyJob'] as const) {
      const variables =
        template.toJSON().Resources[logicalId(built.intakeStack.functions[name].function)].Properties
          .Environment.Variables;
      expect(variables[MESSAGING_ENVIRONMENT.smsConfigurationSet], name).toBe('victim-first-local-sms');
    }
  });

  it('subscribes the status function to the topic', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      TopicArn: { Ref: logicalId(built.intakeStack.messaging.smsEventsTopic) },
      Endpoint: getAtt(logicalId(built.intakeStack.functions.recordDeliveryStatus.function)),
    });
  });
});

describe('the letters bucket', () => {
  const letters = () => logicalId(built.intakeStack.messaging.letters.bucket);

  it('encrypts with the customer key, blocks public access, versions and logs access', () => {
    const bucket = template.toJSON().Resources[letters()];
    expect(bucket.DeletionPolicy).toBe('Retain');
    expect(bucket.Properties).toMatchObject({
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {
            BucketKeyEnabled: true,
            ServerSideEncryptionByDefault: {
              SSEAlgorithm: 'aws:kms',
              KMSMasterKeyID: getAtt(logicalId(built.intakeStack.key)),
            },
          },
        ],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: {
        DestinationBucketName: { Ref: logicalId(built.intakeStack.intake.accessLogsBucket) },
        LogFilePrefix: 'letters-bucket/',
      },
    });
  });

  it('expires every letter and manifest after 90 days, whatever its prefix', () => {
    expect(LETTER_EXPIRY_DAYS).toBe(90);
    const { Rules } = template.toJSON().Resources[letters()].Properties.LifecycleConfiguration;
    expect(Rules).toContainEqual({
      Id: 'expire-letters-and-manifests',
      Status: 'Enabled',
      ExpirationInDays: 90,
      NoncurrentVersionExpiration: { NoncurrentDays: 7 },
      AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
    });
    expect(Rules.every((rule: { Prefix?: string }) => rule.Prefix === undefined)).toBe(true);
  });

  it('denies requests without TLS 1.2', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: letters() },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Effect: 'Deny', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
        ]),
      },
    });
  });
});

describe('grants', () => {
  const lettersArn = () => getAtt(logicalId(built.intakeStack.messaging.letters.bucket));
  const underLetters = (prefix: string) => ({ 'Fn::Join': ['', [lettersArn(), `/${prefix}*`]] });
  const keyArn = () => getAtt(logicalId(built.intakeStack.key));

  it('lets send-message send e-mail only from the service identity and address, through its configuration set', () => {
    expect(bySid(statementsOf('sendMessage'), 'SendEmailFromTheServiceIdentity')).toEqual({
      Sid: 'SendEmailFromTheServiceIdentity',
      Effect: 'Allow',
      Action: 'ses:SendEmail',
      Resource: [
        {
          'Fn::Join': [
            '',
            [
              'arn:aws:ses:eu-west-2:',
              { Ref: 'AWS::AccountId' },
              ':configuration-set/',
              { Ref: logicalId(built.intakeStack.messaging.emailConfigurationSet) },
            ],
          ],
        },
        accountArn('ses', `:identity/${LOCAL_MESSAGING_DEFAULTS.sesIdentity}`),
      ],
      Condition: { StringEquals: { 'ses:FromAddress': LOCAL_MESSAGING_DEFAULTS.messagesFromAddress } },
    });
  });

  it('lets send-message send texts only from the origination identity, through its configuration set and protect configuration', () => {
    expect(bySid(statementsOf('sendMessage'), 'SendTextFromTheServiceOriginationIdentity')).toEqual({
      Sid: 'SendTextFromTheServiceOriginationIdentity',
      Effect: 'Allow',
      Action: 'sms-voice:SendTextMessage',
      Resource: [
        getAtt(built.intakeStack.getLogicalId(built.intakeStack.messaging.smsConfigurationSet)),
        getAtt(built.intakeStack.getLogicalId(built.intakeStack.messaging.smsProtectConfiguration)),
        accountArn('sms-voice', ':pool/pool-not-configured'),
      ],
    });
  });

  it('lets send-message only put letters under letters/ and see whether one is stored, encrypting with the customer key', () => {
    const statements = statementsOf('sendMessage');
    expect(bySid(statements, 'StoreLetters')).toEqual({
      Sid: 'StoreLetters',
      Effect: 'Allow',
      Action: 's3:PutObject',
      Resource: underLetters('letters/'),
    });
    expect(bySid(statements, 'FindStoredLetters')).toEqual({
      Sid: 'FindStoredLetters',
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: underLetters('letters/'),
    });
    expect(bySid(statements, 'KnowWhichLettersAreStored')).toEqual({
      Sid: 'KnowWhichLettersAreStored',
      Effect: 'Allow',
      Action: 's3:ListBucket',
      Resource: lettersArn(),
    });
    expect(bySid(statements, 'EncryptWithTheDataKey')).toEqual({
      Sid: 'EncryptWithTheDataKey',
      Effect: 'Allow',
      Action: 'kms:GenerateDataKey',
      Resource: keyArn(),
    });
    expect(
      actionsOf(statements)
        .filter((action) => /^(s3|ses|sms-voice):/.test(action))
        .sort(),
    ).toEqual([
      's3:GetObject',
      's3:ListBucket',
      's3:PutObject',
      'ses:SendEmail',
      'sms-voice:SendTextMessage',
    ]);
  });

  it('names every messaging action exactly: no wildcard action in any messaging grant', () => {
    for (const name of ['sendMessage', 'buildPrintManifest'] as const) {
      const messagingStatements = statementsOf(name).filter((s) => s.Sid !== undefined);
      expect(messagingStatements.length, name).toBeGreaterThan(0);
      for (const action of actionsOf(messagingStatements)) expect(action, name).not.toContain('*');
      for (const statement of messagingStatements) expect(statement.Resource, name).not.toBe('*');
    }
  });

  it('lets build-print-manifest list letters, read their metadata and write manifests, but never decrypt a letter', () => {
    const statements = statementsOf('buildPrintManifest');
    expect(bySid(statements, 'ListLetters')).toEqual({
      Sid: 'ListLetters',
      Effect: 'Allow',
      Action: 's3:ListBucket',
      Resource: lettersArn(),
      Condition: { StringLike: { 's3:prefix': ['letters/*'] } },
    });
    expect(bySid(statements, 'ReadLetterMetadata')).toMatchObject({
      Action: 's3:GetObject',
      Resource: underLetters('letters/'),
    });
    expect(bySid(statements, 'WriteManifests')).toMatchObject({
      Action: 's3:PutObject',
      Resource: underLetters('manifests/'),
    });
    expect(actionsOf(statements).filter((action) => action.startsWith('kms:'))).toEqual([
      'kms:GenerateDataKey',
    ]);
    expect(actionsOf(statements).some((action) => /^(dynamodb|ses|sms-voice):/.test(action))).toBe(false);
  });

  it('lets no function but the senders send e-mail or texts, and only send-message write letters', () => {
    // send-message: victims' contact path (e-mail, text, letter). notify-job: target-hardening alerts to the
    // contractor, team leaders and referrers (registry `messaging: 'alerts'`): e-mail and text only, so
    // nothing it does can reach the print run.
    // web-app: a quick question's "your answer is ready" e-mail (alerts access: no letters either).
    const SENDERS: readonly FunctionName[] = ['notifyJob', 'sendMessage', 'webApp'];
    const names = Object.keys(built.intakeStack.functions) as FunctionName[];
    const sends = (name: FunctionName) =>
      actionsOf(statementsOf(name))
        .filter((action) => /^(ses|sms-voice):/.test(action))
        .sort();
    const writesLetters = (name: FunctionName) =>
      JSON.stringify(statementsOf(name).filter((s) => asArray(s.Action).includes('s3:PutObject'))).includes(
        '/letters/*',
      );
    for (const name of names)
      expect(sends(name), name).toEqual(
        SENDERS.includes(name) ? ['ses:SendEmail', 'sms-voice:SendTextMessage'] : [],
      );
    expect(names.filter(writesLetters)).toEqual(['sendMessage']);
    // notify-job's sending statements are send-message's, and it has nothing of the letters bucket.
    const sendingStatements = (name: FunctionName) =>
      statementsOf(name).filter((s) => /^Send/.test(String(s.Sid ?? '')));
    expect(sendingStatements('notifyJob')).toEqual(sendingStatements('sendMessage'));
    expect(actionsOf(statementsOf('notifyJob')).some((action) => action.startsWith('s3:'))).toBe(false);
    const variables =
      template.toJSON().Resources[logicalId(built.intakeStack.functions.notifyJob.function)].Properties
        .Environment.Variables;
    expect(variables[MESSAGING_ENVIRONMENT.lettersBucket]).toBeUndefined();
  });

  it('gives the messaging functions their settings in the environment the functions read', () => {
    const variables = (name: FunctionName) =>
      template.toJSON().Resources[logicalId(built.intakeStack.functions[name].function)].Properties
        .Environment.Variables;
    expect(variables('sendMessage')).toMatchObject({
      [MESSAGING_ENVIRONMENT.fromAddress]: LOCAL_MESSAGING_DEFAULTS.messagesFromAddress,
      [MESSAGING_ENVIRONMENT.emailConfigurationSet]: {
        Ref: logicalId(built.intakeStack.messaging.emailConfigurationSet),
      },
      [MESSAGING_ENVIRONMENT.smsOriginationIdentity]: accountArn('sms-voice', ':pool/pool-not-configured'),
      [MESSAGING_ENVIRONMENT.smsConfigurationSet]: 'victim-first-local-sms',
      [MESSAGING_ENVIRONMENT.lettersBucket]: { Ref: logicalId(built.intakeStack.messaging.letters.bucket) },
      [MESSAGING_ENVIRONMENT.lettersKeyArn]: keyArn(),
    });
    expect(Object.keys(variables('buildPrintManifest'))).not.toContain(MESSAGING_ENVIRONMENT.fromAddress);
    expect(variables('buildPrintManifest')).toMatchObject({
      [MESSAGING_ENVIRONMENT.lettersBucket]: { Ref: logicalId(built.intakeStack.messaging.letters.bucket) },
    });
  });
});

describe('the daily print manifest schedule', () => {
  it('runs at 16:00 Europe/London on weekdays with the scheduled time as input', () => {
    const manifestFunction = getAtt(logicalId(built.intakeStack.functions.buildPrintManifest.function));
    const schedules = template.findResources('AWS::Scheduler::Schedule', {
      Properties: { Target: { Arn: manifestFunction } },
    });
    expect(Object.keys(schedules)).toHaveLength(1);
    const [schedule] = Object.values(schedules);
    expect(schedule?.Properties).toMatchObject({
      ScheduleExpression: 'cron(0 16 ? * MON-FRI *)',
      ScheduleExpressionTimezone: 'Europe/London',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: {
        Arn: getAtt(logicalId(built.intakeStack.functions.buildPrintManifest.function)),
        RetryPolicy: { MaximumRetryAttempts: 3 },
      },
    });
    expect(JSON.parse(schedule?.Properties.Target.Input)).toEqual({
      scheduledTime: '<aws.scheduler.scheduled-time>',
    });
  });
});

describe('messaging settings from context', () => {
  it('refuses to synthesize a deployed environment without naming where messages come from', () => {
    expect(() => synth({ environment: 'staging' })).toThrow(
      /needs context messagesFromAddress, sesIdentity, smsOriginationIdentityArn/,
    );
  });

  it('refuses an origination identity that is not an End User Messaging ARN', () => {
    expect(() => synth({ smsOriginationIdentityArn: '+447700900000' })).toThrow(/smsOriginationIdentityArn/);
  });

  it('grants exactly the identity, address and origination identity the context names', () => {
    const origination = 'arn:aws:sms-voice:eu-west-2:111122223333:phone-number/phone-0123456789abcdef';
    const staging = synth({
      environment: 'staging',
      messagesFromAddress: 'contact@victimfirst.example',
      sesIdentity: 'victimfirst.example',
      smsOriginationIdentityArn: origination,
      contractorAlertEmail: 'duty@contractor.example',
      contractorAlertMobile: '+447700900123',
      teamLeaderEmail: 'th-team-leaders@victimfirst.example',
      connectInstanceArn:
        'arn:aws:connect:eu-west-2:111122223333:instance/8b5c1f3e-2a4d-4e6f-9a0b-1c2d3e4f5a6b',
    });
    const statements = statementsOf('sendMessage', staging.template, staging.built);
    expect(bySid(statements, 'SendEmailFromTheServiceIdentity')).toMatchObject({
      Condition: { StringEquals: { 'ses:FromAddress': 'contact@victimfirst.example' } },
    });
    expect(JSON.stringify(bySid(statements, 'SendEmailFromTheServiceIdentity'))).toContain(
      ':identity/victimfirst.example',
    );
    expect(asArray(bySid(statements, 'SendTextFromTheServiceOriginationIdentity')?.Resource)).toContainEqual(
      origination,
    );
  });
});
