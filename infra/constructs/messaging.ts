import { type Acknowledgment, type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import { EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { Schedule } from 'aws-cdk-lib/aws-scheduler';
import {
  ConfigurationSet,
  ConfigurationSetTlsPolicy,
  EmailSendingEvent,
  EventDestination,
  SuppressionReasons,
} from 'aws-cdk-lib/aws-ses';
import {
  CfnProtectConfiguration,
  CfnConfigurationSet as CfnSmsConfigurationSet,
} from 'aws-cdk-lib/aws-smsvoice';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { MESSAGING_ENVIRONMENT } from '../../functions/config.ts';
import { PRINT_MANIFEST_TIME } from '../../shared/domain/print-run.ts';
import { LETTERS_PREFIX, MANIFESTS_PREFIX } from '../../shared/storage-layout/bucket-prefixes.ts';
import { LettersBucket } from './letters-bucket.ts';
import type { RegistryFunction } from './registry-function.ts';
import { scheduleInvoke } from './scheduled-invoke.ts';
import { SMS_ALLOWED_COUNTRIES, smsCountryRules } from './sms-countries.ts';

/** Where messages come from, from CDK context (infra/app.ts `messagingSettings`). */
/** A function's messaging access (functions/registry.ts). */
export type MessagingAccess = 'send' | 'alerts' | 'print-manifest';

export interface MessagingSettings {
  /** The address e-mails come from (context `messagesFromAddress`). */
  readonly fromAddress: string;
  /** The SES identity (domain or address) verified for sending (context `sesIdentity`). */
  readonly sesIdentity: string;
  /**
   * ARN of the End User Messaging phone number, sender ID or pool texts go out from (context
   * `smsOriginationIdentityArn`). Undefined for a local synth: a pool ARN that cannot exist stands in.
   */
  readonly smsOriginationIdentityArn?: string;
}

export interface MessagingProps {
  readonly environmentName: string;
  /** The stack's customer-managed key: letters bucket, SMS events topic. */
  readonly key: IKey;
  /** Where the letters bucket's server access logs go. */
  readonly accessLogsBucket: IBucket;
  readonly settings: MessagingSettings;
}

/** SES events that feed message status (and SEND, for the record that SES took the message). */
export const EMAIL_EVENTS = [
  EmailSendingEvent.SEND,
  EmailSendingEvent.DELIVERY,
  EmailSendingEvent.BOUNCE,
  EmailSendingEvent.COMPLAINT,
  EmailSendingEvent.REJECT,
] as const;

/** The EventBridge detail types of the SES events that change a message's status. */
export const EMAIL_STATUS_DETAIL_TYPES = [
  'Email Delivered',
  'Email Bounced',
  'Email Complaint Received',
  'Email Rejected',
] as const;

/** End User Messaging SMS events that end a text's delivery (queued and pending ones change nothing). */
export const SMS_EVENTS = [
  'TEXT_DELIVERED',
  'TEXT_SUCCESSFUL',
  'TEXT_INVALID',
  'TEXT_INVALID_MESSAGE',
  'TEXT_UNREACHABLE',
  'TEXT_CARRIER_UNREACHABLE',
  'TEXT_BLOCKED',
  'TEXT_CARRIER_BLOCKED',
  'TEXT_SPAM',
  'TEXT_UNKNOWN',
  'TEXT_TTL_EXPIRED',
  'TEXT_PROTECT_BLOCKED',
] as const;

/**
 * Victim messaging on AWS: the SES configuration set publishing to EventBridge, the End User Messaging
 * configuration set publishing to a KMS-encrypted SNS topic, the letters bucket, and the grants, routes
 * and schedule that connect the messaging functions to them.
 */
export class Messaging extends Construct {
  readonly emailConfigurationSet: ConfigurationSet;
  readonly smsConfigurationSet: CfnSmsConfigurationSet;
  /** The SMS protect configuration: texts to the United Kingdom only (associated with the configuration set). */
  readonly smsProtectConfiguration: CfnProtectConfiguration;
  readonly smsEventsTopic: Topic;
  readonly letters: LettersBucket;
  readonly settings: Required<MessagingSettings>;
  /** ARNs the send-message grant names. */
  readonly sesIdentityArn: string;
  readonly emailConfigurationSetArn: string;
  readonly smsConfigurationSetName: string;
  private readonly key: IKey;

  constructor(scope: Construct, id: string, props: MessagingProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.key = props.key;
    this.settings = {
      ...props.settings,
      smsOriginationIdentityArn:
        props.settings.smsOriginationIdentityArn ??
        stack.formatArn({ service: 'sms-voice', resource: 'pool', resourceName: 'pool-not-configured' }),
    };

    // E-mail: TLS to the recipient's server required; bounces and complaints suppress the address.
    this.emailConfigurationSet = new ConfigurationSet(this, 'EmailConfigurationSet', {
      configurationSetName: `victim-first-${props.environmentName}-email`,
      tlsPolicy: ConfigurationSetTlsPolicy.REQUIRE,
      reputationMetrics: true,
      sendingEnabled: true,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    // SES publishes only to the account's default bus.
    const defaultBus = EventBus.fromEventBusName(this, 'DefaultBus', 'default');
    this.emailConfigurationSet.addEventDestination('ToEventBridge', {
      configurationSetEventDestinationName: 'delivery-status',
      destination: EventDestination.eventBus(defaultBus),
      events: [...EMAIL_EVENTS],
    });
    this.sesIdentityArn = stack.formatArn({
      service: 'ses',
      resource: 'identity',
      resourceName: this.settings.sesIdentity,
    });
    this.emailConfigurationSetArn = stack.formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: this.emailConfigurationSet.configurationSetName,
    });

    // SMS: events to an SNS topic encrypted with the customer key. The configuration set is named here so
    // the topic and key policies can name it without a circular reference.
    this.smsConfigurationSetName = `victim-first-${props.environmentName}-sms`;
    const smsConfigurationSetArn = stack.formatArn({
      service: 'sms-voice',
      resource: 'configuration-set',
      resourceName: this.smsConfigurationSetName,
    });
    this.smsEventsTopic = new Topic(this, 'SmsEvents', {
      displayName: 'Victim First SMS delivery events',
      masterKey: props.key,
      enforceSSL: true,
    });
    const sourceConditions = (sourceArn: string) => ({
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: { 'aws:SourceArn': sourceArn },
    });
    const topicPolicy = this.smsEventsTopic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowEndUserMessagingConfigurationSet',
        principals: [new ServicePrincipal('sms-voice.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.smsEventsTopic.topicArn],
        conditions: sourceConditions(smsConfigurationSetArn),
      }),
    );
    props.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowEndUserMessagingToPublishToEncryptedTopic',
        principals: [new ServicePrincipal('sms-voice.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: sourceConditions(smsConfigurationSetArn),
      }),
    );
    // Texts go to United Kingdom numbers only. A protect configuration allows any country it does not name,
    // so it names every country: GB allowed, the rest blocked (sms-countries.ts). It is the configuration set's,
    // and every send names the configuration set, so End User Messaging applies it to every text; a text to
    // another country is refused (DESTINATION_COUNTRY_BLOCKED_BY_PROTECT_CONFIGURATION) and never sent.
    this.smsProtectConfiguration = new CfnProtectConfiguration(this, 'SmsProtectConfiguration', {
      countryRuleSet: { sms: smsCountryRules(SMS_ALLOWED_COUNTRIES) },
      // The protect configuration's name is its Name tag.
      tags: [{ key: 'Name', value: `victim-first-${props.environmentName}-sms-gb-only` }],
    });
    this.smsConfigurationSet = new CfnSmsConfigurationSet(this, 'SmsConfigurationSet', {
      configurationSetName: this.smsConfigurationSetName,
      protectConfigurationId: this.smsProtectConfiguration.attrProtectConfigurationId,
      eventDestinations: [
        {
          eventDestinationName: 'delivery-status',
          enabled: true,
          matchingEventTypes: [...SMS_EVENTS],
          snsDestination: { topicArn: this.smsEventsTopic.topicArn },
        },
      ],
    });
    // End User Messaging checks it may publish when the destination is created.
    if (topicPolicy.policyDependable)
      this.smsConfigurationSet.node.addDependency(topicPolicy.policyDependable);

    this.letters = new LettersBucket(this, 'Letters', {
      key: props.key,
      accessLogsBucket: props.accessLogsBucket,
    });
  }

  /** The environment variables a function with this messaging access reads (functions/config.ts). */
  environmentFor(access: MessagingAccess): Record<string, string> {
    const letters = {
      [MESSAGING_ENVIRONMENT.lettersBucket]: this.letters.bucket.bucketName,
      [MESSAGING_ENVIRONMENT.lettersKeyArn]: this.key.keyArn,
    };
    if (access === 'print-manifest') return letters;
    return {
      ...(access === 'send' ? letters : {}),
      [MESSAGING_ENVIRONMENT.fromAddress]: this.settings.fromAddress,
      [MESSAGING_ENVIRONMENT.emailConfigurationSet]: this.emailConfigurationSet.configurationSetName,
      [MESSAGING_ENVIRONMENT.smsOriginationIdentity]: this.settings.smsOriginationIdentityArn,
      [MESSAGING_ENVIRONMENT.smsConfigurationSet]: this.smsConfigurationSetName,
    };
  }

  /**
   * The registry's `messaging` access as grants and environment: exact actions on exact resources, and
   * for the KMS key only `kms:GenerateDataKey` (SSE-KMS writes; nothing here decrypts a letter).
   */
  grant(target: RegistryFunction, access: MessagingAccess): void {
    const bucketArn = this.letters.bucket.bucketArn;
    const sending = [
      new PolicyStatement({
        sid: 'SendEmailFromTheServiceIdentity',
        actions: ['ses:SendEmail'],
        resources: [this.sesIdentityArn, this.emailConfigurationSetArn],
        conditions: { StringEquals: { 'ses:FromAddress': this.settings.fromAddress } },
      }),
      new PolicyStatement({
        sid: 'SendTextFromTheServiceOriginationIdentity',
        actions: ['sms-voice:SendTextMessage'],
        // The protect configuration too, in case End User Messaging authorizes the one a send uses: this
        // one, and no other, so a send cannot name a protect configuration that allows more countries.
        resources: [
          this.settings.smsOriginationIdentityArn,
          this.smsConfigurationSet.attrArn,
          this.smsProtectConfiguration.attrArn,
        ],
      }),
    ];
    if (access === 'alerts') {
      // E-mail and text only: nothing in the letters bucket, so nothing it does can be printed and posted.
      for (const statement of sending) target.function.addToRolePolicy(statement);
      for (const [name, value] of Object.entries(this.environmentFor(access)))
        target.function.addEnvironment(name, value);
      return;
    }
    const statements =
      access === 'send'
        ? [
            ...sending,
            new PolicyStatement({
              sid: 'StoreLetters',
              actions: ['s3:PutObject'],
              resources: [`${bucketArn}/${LETTERS_PREFIX}*`],
            }),
            new PolicyStatement({
              // Whether an earlier attempt stored a letter (HeadObject, authorised by s3:GetObject). The
              // function renders the letters from the case it reads, so seeing them stored adds nothing.
              sid: 'FindStoredLetters',
              actions: ['s3:GetObject'],
              resources: [`${bucketArn}/${LETTERS_PREFIX}*`],
            }),
            new PolicyStatement({
              // So that HeadObject answers 404 for a letter not stored, rather than 403.
              sid: 'KnowWhichLettersAreStored',
              actions: ['s3:ListBucket'],
              resources: [bucketArn],
            }),
          ]
        : [
            new PolicyStatement({
              sid: 'ListLetters',
              actions: ['s3:ListBucket'],
              resources: [bucketArn],
              conditions: { StringLike: { 's3:prefix': [`${LETTERS_PREFIX}*`] } },
            }),
            new PolicyStatement({
              // HeadObject is authorised by s3:GetObject; without kms:Decrypt no letter can be read.
              sid: 'ReadLetterMetadata',
              actions: ['s3:GetObject'],
              resources: [`${bucketArn}/${LETTERS_PREFIX}*`],
            }),
            new PolicyStatement({
              sid: 'WriteManifests',
              actions: ['s3:PutObject'],
              resources: [`${bucketArn}/${MANIFESTS_PREFIX}*`],
            }),
          ];
    statements.push(
      new PolicyStatement({
        sid: 'EncryptWithTheDataKey',
        actions: ['kms:GenerateDataKey'],
        resources: [this.key.keyArn],
      }),
    );
    for (const statement of statements) target.function.addToRolePolicy(statement);
    for (const [name, value] of Object.entries(this.environmentFor(access)))
      target.function.addEnvironment(name, value);
    this.acknowledgeGrant(target, access);
  }

  /** SES events (EventBridge rule on the default bus) and SMS events (SNS subscription) to the function. */
  deliverStatusEventsTo(fn: IFunction): Rule {
    const rule = new Rule(this, 'EmailStatusEvents', {
      description: 'SES delivery, bounce, complaint and reject events of the victim e-mail configuration set',
      eventPattern: {
        source: ['aws.ses'],
        detailType: [...EMAIL_STATUS_DETAIL_TYPES],
        detail: {
          mail: { tags: { 'ses:configuration-set': [this.emailConfigurationSet.configurationSetName] } },
        },
      },
      targets: [new LambdaFunction(fn)],
    });
    this.smsEventsTopic.addSubscription(new LambdaSubscription(fn));
    return rule;
  }

  /**
   * The daily print-and-post manifest, on weekdays at PRINT_MANIFEST_TIME, London time (scheduleInvoke); the
   * function itself skips bank holidays (cron has no calendar).
   */
  schedulePrintManifest(fn: IFunction): Schedule {
    return scheduleInvoke(this, fn, {
      name: 'PrintManifest',
      functionName: 'build-print-manifest',
      description: 'Builds the day’s print-and-post manifest of victim letters',
      cron: {
        minute: String(PRINT_MANIFEST_TIME.minute),
        hour: String(PRINT_MANIFEST_TIME.hour),
        weekDay: 'MON-FRI',
      },
    });
  }

  /** cdk-nag IAM5 findings the grant causes, acknowledged by exact id on the function's own policy. */
  private acknowledgeGrant(target: RegistryFunction, access: 'send' | 'print-manifest'): void {
    const policy = target.role.node.tryFindChild('DefaultPolicy');
    if (policy === undefined) return;
    const bucket = Stack.of(this).getLogicalId(this.letters.bucket.node.defaultChild as CfnElement);
    const acknowledgements: Acknowledgment[] = [
      {
        id: `AwsSolutions-IAM5[Resource::<${bucket}.Arn>/${LETTERS_PREFIX}*]`,
        reason:
          access === 'send'
            ? 'Each letter is a new object letters/<posted on>/<message id>.pdf, so keys are not known in advance; s3:PutObject, and s3:GetObject for HeadObject (whether an earlier attempt stored the letter, which the function itself renders), only under letters/ of the letters bucket.'
            : 'The manifest reads the metadata (HeadObject, authorised by s3:GetObject) of the letters listed under letters/<date>/; the role has no kms:Decrypt, so no letter can be read.',
      },
    ];
    if (access === 'print-manifest') {
      acknowledgements.push({
        id: `AwsSolutions-IAM5[Resource::<${bucket}.Arn>/${MANIFESTS_PREFIX}*]`,
        reason:
          'One manifest per day, manifests/<date>.csv, so keys are not known in advance; s3:PutObject only, and only under manifests/ of the letters bucket.',
      });
    }
    Validations.of(policy).acknowledge(...acknowledgements);
  }
}
