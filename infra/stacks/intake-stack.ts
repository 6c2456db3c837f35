import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { EventType, type IBucket } from 'aws-cdk-lib/aws-s3';
import { LambdaDestination } from 'aws-cdk-lib/aws-s3-notifications';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { PUBLIC_SITE_ENVIRONMENT, TARGET_HARDENING_ENVIRONMENT } from '../../functions/config.ts';
import { FUNCTIONS, type FunctionName } from '../../functions/registry.ts';
import type { ComplaintClock } from '../../workflows/complaint-clock/complaint-clock.ts';
import type { ContactPath } from '../../workflows/contact-path/contact-path.ts';
import type { ReEngagement } from '../../workflows/re-engagement/re-engagement.ts';
import type { SupportReview } from '../../workflows/support-review/support-review.ts';
import type { TargetHardening } from '../../workflows/target-hardening/target-hardening.ts';
import type { WebChatBooking } from '../../workflows/web-chat/web-chat.ts';
import { CaseTable } from '../constructs/case-table.ts';
import { EmergencyPhoneLine } from '../constructs/emergency-phone-line.ts';
import { IntakeBucket } from '../constructs/intake-bucket.ts';
import { Messaging, type MessagingSettings } from '../constructs/messaging.ts';
import { OperationsAlarms } from '../constructs/operations-alarms.ts';
import { PublicIntakeDistribution } from '../constructs/public-intake-distribution.ts';
import { QuarterlyReturns } from '../constructs/quarterly-returns.ts';
import { ReferralsApi } from '../constructs/referrals-api.ts';
import { RegistryFunction } from '../constructs/registry-function.ts';
import { RegistryGrants } from '../constructs/registry-grants.ts';
import { StaffSignIn } from '../constructs/staff-sign-in.ts';
import { VictimPhoneLine } from '../constructs/victim-phone-line.ts';
import { WebChatContacts } from '../constructs/web-chat-contacts.ts';
import { addStateMachines } from './state-machines.ts';

/**
 * The functions S3 invokes (asynchronously) when an object is created under a prefix of the intake
 * bucket. Each gets an on-failure dead-letter queue and 2 retries.
 */
export const INTAKE_TRIGGERS = [
  { prefix: 'police/', functionName: 'ingestPoliceDownload' },
  { prefix: 'email/', functionName: 'ingestReferralEmail' },
  { prefix: 'connect/chat-transcripts/', functionName: 'keepChatTranscript' },
] as const satisfies readonly { prefix: string; functionName: FunctionName }[];

/**
 * The functions invoked asynchronously by an event (S3, EventBridge, SNS): each gets an on-failure
 * dead-letter queue and ASYNC_RETRY_ATTEMPTS retries, so a failed event is kept for re-driving.
 * build-print-manifest (EventBridge Scheduler) has none on purpose: its event is only the day, which an
 * operator re-runs after the error alarm, and a queue encrypted with the data key would give it
 * kms:Decrypt, which would let it read the letters whose metadata it lists.
 */
export const ASYNC_FUNCTIONS = [
  ...INTAKE_TRIGGERS.map((trigger) => trigger.functionName),
  'recordDeliveryStatus',
  'recordPhoneCall',
] as const satisfies readonly FunctionName[];

/** Retries Lambda makes of a failed asynchronous invocation before sending it to the dead-letter queue. */
export const ASYNC_RETRY_ATTEMPTS = 2;

export interface IntakeStackProps extends StackProps {
  /** Deployment environment name (context `environment`), e.g. `local`, `staging`, `production`. */
  readonly environmentName: string;
  /** Repository root: handler entries in the function registry are relative to it. */
  readonly projectRoot: string;
  /** Optional SNS topic ARN (context `alarmTopicArn`) that every alarm notifies. */
  readonly alarmTopicArn?: string;
  /**
   * Prefix of the staff sign-in (managed login) domain, unique in the region (context `signInDomainPrefix`);
   * `victim-first-<environment>-<account id>` by default.
   */
  readonly signInDomainPrefix?: string;
  /** Who target-hardening alerts go to (context `contractorAlertEmail`, `contractorAlertMobile`, `teamLeaderEmail`). */
  readonly jobContacts: { contractorEmail: string; contractorMobile: string; teamLeaderEmail: string };
  /** Where victim messages come from (context `messagesFromAddress`, `sesIdentity`, `smsOriginationIdentityArn`). */
  readonly messaging: MessagingSettings;
  /** The Amazon Connect instance of the emergency target-hardening line and the 0800 line (context `connectInstanceArn`). */
  readonly connectInstanceArn: string;
  /** Staff members' Amazon Connect user ids, by staff id, for the 0800 line's routing (context `connectAgents`). */
  readonly connectAgents?: Readonly<Record<string, string>>;
  /**
   * ARN of the AWS WAF web ACL (scope CLOUDFRONT) of the public intake address: the edge stack's, in us-east-1,
   * passed as a cross-region reference (`crossRegionReferences` on both stacks).
   */
  readonly webAclArn: string;
}

/**
 * The service's one regional stack (named Intake for the CloudFormation stack it was first deployed as,
 * docs/decisions.md), read by area: the data key, case table and intake bucket; one Lambda function per
 * registry entry, with dead-letter queues and the intake triggers; messaging, quarterly returns and the
 * emergency phone line; the workflows' state machines (./state-machines.ts); each function's registry access
 * (RegistryGrants); the referral API, its public address and staff sign-in; and the alarms
 * (OperationsAlarms).
 */
export class IntakeStack extends Stack {
  readonly key: Key;
  readonly table: CaseTable['table'];
  readonly intake: IntakeBucket;
  readonly functions: Readonly<Record<FunctionName, RegistryFunction>>;
  readonly deadLetterQueues: Readonly<Partial<Record<FunctionName, Queue>>>;
  readonly api: ReferralsApi;
  /** The public intake address: CloudFront with AWS WAF in front of the API (the self-referral form's). */
  readonly publicIntake: PublicIntakeDistribution;
  readonly staffSignIn: StaffSignIn;
  readonly contactPath: ContactPath;
  readonly supportReview: SupportReview;
  readonly targetHardening: TargetHardening;
  readonly reEngagement: ReEngagement;
  readonly webChat: WebChatBooking;
  readonly complaintClock: ComplaintClock;
  readonly messaging: Messaging;
  readonly returns: QuarterlyReturns;
  readonly emergencyPhoneLine: EmergencyPhoneLine;
  readonly victimPhoneLine: VictimPhoneLine;
  readonly webChatContacts: WebChatContacts;
  readonly operationsAlarms: OperationsAlarms;

  constructor(scope: Construct, id: string, props: IntakeStackProps) {
    super(scope, id, props);

    // One customer-managed key for the special-category data at rest: table, intake bucket, dead-letter
    // queues and log groups.
    this.key = new Key(this, 'DataKey', {
      description: `Victim First ${props.environmentName}: encrypts referral and case data at rest`,
      alias: `alias/victim-first/${props.environmentName}/data`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowCloudWatchLogsOfThisAccountAndRegion',
        principals: [new ServicePrincipal(`logs.${this.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': `arn:${this.partition}:logs:${this.region}:${this.account}:log-group:*`,
          },
        },
      }),
    );

    this.table = new CaseTable(this, 'CaseTable', { key: this.key }).table;
    this.intake = new IntakeBucket(this, 'Intake', { key: this.key });
    this.messaging = new Messaging(this, 'Messaging', {
      environmentName: props.environmentName,
      key: this.key,
      // Bucket's `isWebsite` getter (boolean | undefined) trips exactOptionalPropertyTypes against IBucket.
      accessLogsBucket: this.intake.accessLogsBucket as IBucket,
      settings: props.messaging,
    });

    const deadLetterQueues: Partial<Record<FunctionName, Queue>> = {};
    for (const functionName of ASYNC_FUNCTIONS) {
      const definition = FUNCTIONS[functionName];
      const queue = new Queue(this, `${definition.id}-dlq`, {
        encryption: QueueEncryption.KMS,
        encryptionMasterKey: this.key,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
      });
      Validations.of(queue).acknowledge({
        id: 'AwsSolutions-SQS3',
        reason: `This queue is itself a dead-letter queue: the on-failure destination of the ${definition.id} function's asynchronous invocations.`,
      });
      deadLetterQueues[functionName] = queue;
    }
    this.deadLetterQueues = deadLetterQueues;

    const functions = {} as Record<FunctionName, RegistryFunction>;
    for (const [name, definition] of Object.entries(FUNCTIONS) as [
      FunctionName,
      (typeof FUNCTIONS)[FunctionName],
    ][]) {
      const deadLetterQueue = deadLetterQueues[name];
      functions[name] = new RegistryFunction(this, definition.id, {
        definition,
        projectRoot: props.projectRoot,
        table: this.table,
        intakeBucket: this.intake.bucket,
        logKey: this.key,
        ...(deadLetterQueue === undefined
          ? {}
          : { onFailure: new SqsDestination(deadLetterQueue), retryAttempts: ASYNC_RETRY_ATTEMPTS }),
      });
    }
    this.functions = functions;

    for (const { prefix, functionName } of INTAKE_TRIGGERS) {
      this.intake.bucket.addEventNotification(
        EventType.OBJECT_CREATED,
        new LambdaDestination(functions[functionName].function),
        { prefix },
      );
    }
    this.acknowledgeBucketNotificationsHandler();

    this.messaging.deliverStatusEventsTo(functions.recordDeliveryStatus.function);
    this.messaging.schedulePrintManifest(functions.buildPrintManifest.function);
    // The commissioner's quarterly returns (docs/reporting.md): made after each quarter ends, read by the
    // analyst.
    this.returns = new QuarterlyReturns(this, 'QuarterlyReturns', {
      key: this.key,
      accessLogsBucket: this.intake.accessLogsBucket as IBucket,
    });
    this.returns.scheduleProduction(functions.produceQuarterlyReturn.function);
    this.emergencyPhoneLine = new EmergencyPhoneLine(this, 'EmergencyPhoneLine', {
      environmentName: props.environmentName,
      connectFunction: functions.connectEmergency.function,
      instanceArn: props.connectInstanceArn,
    });
    new CfnOutput(this, 'EmergencyContactFlowArn', {
      value: this.emergencyPhoneLine.contactFlow.attrContactFlowArn,
    });
    // The 0800 line for victims: its hours, queues, routing profiles and flow, and its ended calls logged.
    this.victimPhoneLine = new VictimPhoneLine(this, 'VictimPhoneLine', {
      environmentName: props.environmentName,
      instanceArn: props.connectInstanceArn,
      matchFunction: functions.matchCaller.function,
      recordFunction: functions.recordPhoneCall.function,
      ...(props.connectAgents === undefined ? {} : { agents: props.connectAgents }),
    });
    new CfnOutput(this, 'VictimLineContactFlowArn', {
      value: this.victimPhoneLine.contactFlow.attrContactFlowArn,
    });
    // Booked web chats in Connect: the chat flow, and the transcripts kept on their case.
    this.webChatContacts = new WebChatContacts(this, 'WebChatContacts', {
      environmentName: props.environmentName,
      instanceArn: props.connectInstanceArn,
      caseworkersQueue: this.victimPhoneLine.caseworkersQueue,
      // Bucket's `isWebsite` getter trips exactOptionalPropertyTypes against IBucket.
      transcriptsBucket: this.intake.bucket as IBucket,
      key: this.key,
      transcriptFunction: functions.keepChatTranscript.function,
      chatPageFunction: functions.publicPages.function,
      ...(props.connectAgents === undefined ? {} : { agents: props.connectAgents }),
    });

    // The workflows' state machines, and the target-hardening follow-ups' schedule group.
    const stateMachines = addStateMachines(this, {
      environmentName: props.environmentName,
      key: this.key,
      functions,
    });
    this.contactPath = stateMachines.contactPath;
    this.supportReview = stateMachines.supportReview;
    this.targetHardening = stateMachines.targetHardening;
    this.reEngagement = stateMachines.reEngagement;
    this.webChat = stateMachines.webChat;
    this.complaintClock = stateMachines.complaintClock;

    this.api = new ReferralsApi(this, 'ReferralsApi', {
      receiveReferral: functions.receiveReferral.function,
      logKey: this.key,
    });
    // AWS WAF cannot be attached to an HTTP API: the public reaches it through CloudFront, which carries the
    // web ACL (docs/decisions.md).
    this.publicIntake = new PublicIntakeDistribution(this, 'PublicIntake', {
      environmentName: props.environmentName,
      apiId: this.api.api.apiId,
      webAclArn: props.webAclArn,
      accessLogsBucket: this.intake.accessLogsBucket as IBucket,
    });
    // What each function's registry entry lets it do beyond its table and bucket.
    new RegistryGrants(this, 'RegistryGrants', {
      functions,
      messaging: this.messaging,
      returns: this.returns,
      publicIntake: this.publicIntake,
      contactPath: this.contactPath.stateMachine,
      supportReview: this.supportReview.stateMachine,
      webChat: this.webChat.stateMachine,
      complaintClock: this.complaintClock.stateMachine,
      byName: stateMachines.byName,
      followUps: stateMachines.followUps,
      reEngagements: stateMachines.reEngagements,
    });
    // Staff sign in through Cognito; its app client returns to the API's URL, and the API's task routes
    // accept only that client's tokens.
    this.staffSignIn = new StaffSignIn(this, 'StaffSignIn', {
      environmentName: props.environmentName,
      appUrl: this.api.url,
      ...(props.signInDomainPrefix === undefined ? {} : { domainPrefix: props.signInDomainPrefix }),
    });
    this.staffSignIn.configureWebApp(functions.webApp, this.api.url);
    // The private link a quick question's asker is e-mailed when staff answer it is on the public pages.
    functions.webApp.function.addEnvironment(PUBLIC_SITE_ENVIRONMENT.url, this.publicIntake.url);
    const notifyJob = functions.notifyJob.function;
    const T = TARGET_HARDENING_ENVIRONMENT;
    notifyJob.addEnvironment(T.contractorEmail, props.jobContacts.contractorEmail);
    notifyJob.addEnvironment(T.contractorMobile, props.jobContacts.contractorMobile);
    notifyJob.addEnvironment(T.teamLeaderEmail, props.jobContacts.teamLeaderEmail);
    notifyJob.addEnvironment(T.portalUrl, this.api.url);
    // The public pages, on their own function (docs/decisions.md).
    this.api.addPublicPageRoutes(functions.publicPages.function);
    this.api.addStaffRoutes({
      taskApi: functions.taskApi.function,
      webApp: functions.webApp.function,
      issuer: this.staffSignIn.issuer,
      clientId: this.staffSignIn.client.userPoolClientId,
    });

    // Function errors, dead-letter queues, executions, expired tasks, deadline breaches, bounces, the
    // emergency line, dropped schedules.
    this.operationsAlarms = new OperationsAlarms(this, 'OperationsAlarms', {
      environmentName: props.environmentName,
      functions,
      deadLetterQueues,
      stateMachines: {
        'contact-path': this.contactPath.stateMachine,
        'support-review': this.supportReview.stateMachine,
        'target-hardening': this.targetHardening.stateMachine,
        're-engagement': this.reEngagement.stateMachine,
      },
      emergencyLine: {
        instanceArn: props.connectInstanceArn,
        contactFlowName: this.emergencyPhoneLine.contactFlow.name,
      },
      ...(props.alarmTopicArn === undefined ? {} : { alarmTopicArn: props.alarmTopicArn }),
    });

    new CfnOutput(this, 'ReferralsApiUrl', { value: this.api.stage.url });
    new CfnOutput(this, 'PublicIntakeUrl', { value: this.publicIntake.url });
    new CfnOutput(this, 'StaffUserPoolId', { value: this.staffSignIn.userPool.userPoolId });
    new CfnOutput(this, 'StaffUserPoolClientId', { value: this.staffSignIn.client.userPoolClientId });
    new CfnOutput(this, 'StaffSignInUrl', { value: this.staffSignIn.domain.baseUrl() });
    new CfnOutput(this, 'PartnerInvokePolicyArn', { value: this.api.partnerInvokePolicy.managedPolicyArn });
    new CfnOutput(this, 'IntakeBucketName', { value: this.intake.bucket.bucketName });
    new CfnOutput(this, 'CaseTableName', { value: this.table.tableName });
    new CfnOutput(this, 'ContactPathArn', { value: this.contactPath.stateMachine.stateMachineArn });
    new CfnOutput(this, 'LettersBucketName', { value: this.messaging.letters.bucket.bucketName });
    new CfnOutput(this, 'ReturnsBucketName', { value: this.returns.bucket.bucketName });
    new CfnOutput(this, 'EmailConfigurationSetName', {
      value: this.messaging.emailConfigurationSet.configurationSetName,
    });
    new CfnOutput(this, 'SmsConfigurationSetName', { value: this.messaging.smsConfigurationSetName });
  }

  /**
   * `addEventNotification` makes CDK add its own singleton custom-resource function that writes the
   * bucket's notification configuration at deploy time. Its role is CDK's, not ours to shape.
   */
  private acknowledgeBucketNotificationsHandler(): void {
    const handler = this.node.children.find((child) =>
      child.node.id.startsWith('BucketNotificationsHandler'),
    );
    if (handler === undefined)
      throw new Error('Expected the CDK BucketNotificationsHandler after adding S3 notifications');
    Validations.of(handler).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason:
        "CDK's built-in S3 bucket-notifications custom resource handler (runs only during deployment). AWSLambdaBasicExecutionRole only lets it write its own CloudWatch logs; its one other permission, s3:PutBucketNotification, is scoped to the intake bucket.",
    });
  }
}
