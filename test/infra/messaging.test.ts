import { Match } from 'aws-cdk-lib/assertions';
import { getCountries } from 'libphonenumber-js';
import { describe, expect, it } from 'vitest';
import { MESSAGING_ENVIRONMENT } from '../../functions/config.ts';
import { LETTER_EXPIRY_DAYS } from '../../infra/constructs/letters-bucket.ts';
import { EMAIL_STATUS_DETAIL_TYPES, SMS_EVENTS } from '../../infra/constructs/messaging.ts';
import { SMS_ALLOWED_COUNTRIES, SMS_COUNTRY_CODES } from '../../infra/constructs/sms-countries.ts';
import {
  accountArn,
  built,
  getAtt,
  logicalId,
  synthesizedForFile,
  template,
} from '../support/intake-template.ts';

// Messaging's e-mail and SMS configuration sets and its letters bucket, on the template synthesized once for
// the file without bundling. Who may send, and the settings: messaging-grants.test.ts.
synthesizedForFile({ bundled: false });

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
