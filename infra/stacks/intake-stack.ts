import {
  type Acknowledgment,
  type CfnElement,
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
  Token,
  Validations,
} from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, type IAlarmAction, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { type Policy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { EventType, type IBucket } from 'aws-cdk-lib/aws-s3';
import { LambdaDestination } from 'aws-cdk-lib/aws-s3-notifications';
import { CfnScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { LogLevel, type LogOptions, StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { TARGET_HARDENING_ENVIRONMENT } from '../../functions/config.ts';
import { FUNCTIONS, type FunctionName } from '../../functions/registry.ts';
import { ContactPath } from '../../workflows/contact-path/contact-path.ts';
import { SupportReview } from '../../workflows/support-review/support-review.ts';
import { TargetHardening } from '../../workflows/target-hardening/target-hardening.ts';
import { CaseTable } from '../constructs/case-table.ts';
import { EmergencyPhoneLine } from '../constructs/emergency-phone-line.ts';
import { IntakeBucket } from '../constructs/intake-bucket.ts';
import { Messaging, type MessagingSettings } from '../constructs/messaging.ts';
import { OperationsAlarms } from '../constructs/operations-alarms.ts';
import { PublicIntakeDistribution } from '../constructs/public-intake-distribution.ts';
import { QuarterlyReturns } from '../constructs/quarterly-returns.ts';
import { ReferralsApi } from '../constructs/referrals-api.ts';
import { RegistryFunction } from '../constructs/registry-function.ts';
import { StaffSignIn } from '../constructs/staff-sign-in.ts';

/**
 * The functions S3 invokes (asynchronously) when an object is created under a prefix of the intake
 * bucket. Each gets an on-failure dead-letter queue and 2 retries.
 */
export const INTAKE_TRIGGERS = [
  { prefix: 'police/', functionName: 'ingestPoliceDownload' },
  { prefix: 'email/', functionName: 'ingestReferralEmail' },
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
] as const satisfies readonly FunctionName[];

/** Retries Lambda makes of a failed asynchronous invocation before sending it to the dead-letter queue. */
export const ASYNC_RETRY_ATTEMPTS = 2;

/**
 * What CDK grants a state machine's role on Resource "*", and why (docs/infrastructure.md, cdk-nag): its
 * execution log (LogOptions), and its X-Ray tracing. Neither set of actions supports resource-level
 * permissions: the CloudWatch Logs log-delivery actions Step Functions uses to set up logging to a log group,
 * and the X-Ray trace and sampling actions.
 */
export const STATE_MACHINE_WILDCARD_ACTIONS = {
  'Step Functions logging to its CloudWatch Logs log group (log deliveries and the log resource policy)': [
    'logs:CreateLogDelivery',
    'logs:DeleteLogDelivery',
    'logs:DescribeLogGroups',
    'logs:DescribeResourcePolicies',
    'logs:GetLogDelivery',
    'logs:ListLogDeliveries',
    'logs:PutResourcePolicy',
    'logs:UpdateLogDelivery',
  ],
  'X-Ray tracing': [
    'xray:GetSamplingRules',
    'xray:GetSamplingTargets',
    'xray:PutTelemetryRecords',
    'xray:PutTraceSegments',
  ],
} as const satisfies Record<string, readonly string[]>;

/**
 * The IAM5[Resource::*] acknowledgement for a state machine role's policy, naming exactly the actions the
 * policy grants on Resource "*", grouped by why; none if it grants none. An action not in
 * STATE_MACHINE_WILDCARD_ACTIONS is never acknowledged, so cdk-nag still fails on it.
 */
function wildcardResourceAcknowledgement(policy: Policy): Acknowledgment[] {
  const statements =
    (policy.document.toJSON() as { Statement?: { Action: string | string[]; Resource?: unknown }[] })
      .Statement ?? [];
  const actions = new Set(
    statements
      .filter(
        (statement) =>
          statement.Resource === '*' ||
          (Array.isArray(statement.Resource) && statement.Resource.includes('*')),
      )
      .flatMap((statement) => (Array.isArray(statement.Action) ? statement.Action : [statement.Action])),
  );
  if (actions.size === 0) return [];
  const known = new Set<string>(Object.values(STATE_MACHINE_WILDCARD_ACTIONS).flat());
  if ([...actions].some((action) => !known.has(action))) return [];
  const reasons = Object.entries(STATE_MACHINE_WILDCARD_ACTIONS)
    .map(([why, whyActions]) => [why, whyActions.filter((action) => actions.has(action))] as const)
    .filter(([, granted]) => granted.length > 0)
    .map(([why, granted]) => `${why}: ${granted.join(', ')}`);
  return [
    {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: `Granted by CDK on Resource "*" because these actions do not support resource-level permissions. ${reasons.join('; ')}. No other action of this role has Resource "*".`,
    },
  ];
}

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
  /** The Amazon Connect instance of the emergency target-hardening line (context `connectInstanceArn`). */
  readonly connectInstanceArn: string;
  /**
   * ARN of the AWS WAF web ACL (scope CLOUDFRONT) of the public intake address: the edge stack's, in us-east-1,
   * passed as a cross-region reference (`crossRegionReferences` on both stacks).
   */
  readonly webAclArn: string;
}

/**
 * Intake capability for Victim First: the case table, the intake bucket and its triggers, the referral
 * HTTP API with the staff routes and staff sign-in (Cognito), one Lambda function per registry entry,
 * dead-letter queues and alarms.
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
  readonly messaging: Messaging;
  readonly returns: QuarterlyReturns;
  readonly emergencyPhoneLine: EmergencyPhoneLine;
  readonly alarms: Alarm[] = [];
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

    for (const registryFunction of Object.values(functions)) {
      const { messaging } = registryFunction.definition.access;
      if (messaging !== undefined) this.messaging.grant(registryFunction, messaging);
    }
    this.messaging.deliverStatusEventsTo(functions.recordDeliveryStatus.function);
    this.messaging.schedulePrintManifest(functions.buildPrintManifest.function);
    // The commissioner's quarterly returns (docs/reporting.md): made after each quarter ends, read by the
    // analyst.
    this.returns = new QuarterlyReturns(this, 'QuarterlyReturns', {
      key: this.key,
      accessLogsBucket: this.intake.accessLogsBucket as IBucket,
    });
    for (const registryFunction of Object.values(functions)) {
      const { returns } = registryFunction.definition.access;
      if (returns !== undefined) this.returns.grant(registryFunction, returns);
    }
    this.returns.scheduleProduction(functions.produceQuarterlyReturn.function);
    this.emergencyPhoneLine = new EmergencyPhoneLine(this, 'EmergencyPhoneLine', {
      environmentName: props.environmentName,
      connectFunction: functions.connectEmergency.function,
      instanceArn: props.connectInstanceArn,
    });
    new CfnOutput(this, 'EmergencyContactFlowArn', {
      value: this.emergencyPhoneLine.contactFlow.attrContactFlowArn,
    });

    const contactPathName = `victim-first-${props.environmentName}-contact-path`;
    this.contactPath = new ContactPath(this, 'ContactPath', {
      stateMachineName: contactPathName,
      functions: {
        planContactPath: functions.planContactPath.function,
        createTask: functions.createTask.function,
        sendMessage: functions.sendMessage.function,
        recordCaseEvent: functions.recordCaseEvent.function,
        computeDeadline: functions.computeDeadline.function,
        awaitDelivery: functions.awaitDelivery.function,
      },
      encryptionKey: this.key,
      logs: this.executionLogs('ContactPathLogs'),
    });
    const supportReviewName = `victim-first-${props.environmentName}-support-review`;
    this.supportReview = new SupportReview(this, 'SupportReview', {
      stateMachineName: supportReviewName,
      functions: {
        createTask: functions.createTask.function,
        recordCaseEvent: functions.recordCaseEvent.function,
      },
      encryptionKey: this.key,
      logs: this.executionLogs('SupportReviewLogs'),
    });
    const targetHardeningName = `victim-first-${props.environmentName}-target-hardening`;
    this.targetHardening = new TargetHardening(this, 'TargetHardening', {
      stateMachineName: targetHardeningName,
      functions: {
        planJob: functions.planJob.function,
        awaitJob: functions.awaitJob.function,
        recordJobEvent: functions.recordJobEvent.function,
        notifyJob: functions.notifyJob.function,
        scheduleFollowUp: functions.scheduleFollowUp.function,
      },
      encryptionKey: this.key,
      logs: this.executionLogs('TargetHardeningLogs'),
    });
    // By name: the machine invokes schedule-follow-up, whose schedules start the machine again.
    const targetHardeningByName = StateMachine.fromStateMachineName(
      this,
      'TargetHardeningByName',
      targetHardeningName,
    );
    // The 12-month follow-ups: one-time schedules in their own group, started with a role that may start
    // only the target-hardening state machine (docs/architecture.md, decisions).
    const followUpGroupName = `victim-first-${props.environmentName}-follow-ups`;
    const followUpGroup = new CfnScheduleGroup(this, 'FollowUpSchedules', { name: followUpGroupName });
    const schedulerRole = new Role(this, 'FollowUpSchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
      description: 'EventBridge Scheduler starts target-hardening follow-up executions',
    });
    targetHardeningByName.grantStartExecution(schedulerRole);
    const T = TARGET_HARDENING_ENVIRONMENT;
    const stateMachine = this.contactPath.stateMachine;
    // Answers to task tokens are granted on the ARN built from each machine's name: the contact path invokes
    // some of the functions that answer (await-delivery), and a reference to it from their roles would be a
    // dependency cycle. The token names the execution, so those functions need no ARN of their own.
    const answerable = [
      StateMachine.fromStateMachineName(this, 'ContactPathByName', contactPathName),
      StateMachine.fromStateMachineName(this, 'SupportReviewByName', supportReviewName),
      targetHardeningByName,
    ];
    for (const registryFunction of Object.values(functions)) {
      const { access } = registryFunction.definition;
      if (access.startsContactPath) {
        stateMachine.grantStartExecution(registryFunction.function);
        registryFunction.function.addEnvironment('CONTACT_PATH_ARN', stateMachine.stateMachineArn);
      }
      if (access.startsSupportReview) {
        this.supportReview.stateMachine.grantStartExecution(registryFunction.function);
        registryFunction.function.addEnvironment(
          'SUPPORT_REVIEW_ARN',
          this.supportReview.stateMachine.stateMachineArn,
        );
      }
      if (access.startsTargetHardening || access.schedulesFollowUps) {
        registryFunction.function.addEnvironment(
          'TARGET_HARDENING_ARN',
          targetHardeningByName.stateMachineArn,
        );
      }
      if (access.startsTargetHardening) targetHardeningByName.grantStartExecution(registryFunction.function);
      if (access.schedulesFollowUps) {
        registryFunction.function.addToRolePolicy(
          new PolicyStatement({
            actions: ['scheduler:CreateSchedule'],
            resources: [
              this.formatArn({
                service: 'scheduler',
                resource: 'schedule',
                resourceName: `${followUpGroupName}/*`,
              }),
            ],
          }),
        );
        schedulerRole.grantPassRole(registryFunction.function.grantPrincipal);
        const policy = registryFunction.function.role?.node.tryFindChild('DefaultPolicy');
        if (policy)
          Validations.of(policy).acknowledge({
            // The account is a literal in the ARN when the stack names one (context `account`).
            id: `AwsSolutions-IAM5[Resource::arn:aws:scheduler:${this.region}:${Token.isUnresolved(this.account) ? '<AWS::AccountId>' : this.account}:schedule/${followUpGroupName}/*]`,
            reason:
              "scheduler:CreateSchedule in the follow-up schedule group only: each job's follow-up is its own schedule, named by the job.",
          });
        registryFunction.function.addEnvironment(T.scheduleGroup, followUpGroup.ref);
        registryFunction.function.addEnvironment(T.schedulerRoleArn, schedulerRole.roleArn);
      }
      if (access.respondsToTasks) {
        for (const machine of answerable) machine.grantTaskResponse(registryFunction.function);
      }
    }
    this.acknowledgeStateMachineRole(this.contactPath.stateMachine, [
      'planContactPath',
      'createTask',
      'sendMessage',
      'recordCaseEvent',
      'computeDeadline',
      'awaitDelivery',
    ]);
    this.acknowledgeStateMachineRole(this.supportReview.stateMachine, ['createTask', 'recordCaseEvent']);
    this.acknowledgeStateMachineRole(this.targetHardening.stateMachine, [
      'planJob',
      'awaitJob',
      'recordJobEvent',
      'notifyJob',
      'scheduleFollowUp',
    ]);

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
    // The API's own address also answers, without AWS WAF: the function refuses self-referrals that lack the
    // origin secret CloudFront adds (docs/infrastructure.md, "Public intake address").
    for (const registryFunction of Object.values(functions)) {
      if (registryFunction.definition.access.readsOriginSecret)
        this.publicIntake.grantOriginSecret(registryFunction);
    }
    // Staff sign in through Cognito; its app client returns to the API's URL, and the API's task routes
    // accept only that client's tokens.
    this.staffSignIn = new StaffSignIn(this, 'StaffSignIn', {
      environmentName: props.environmentName,
      appUrl: this.api.url,
      ...(props.signInDomainPrefix === undefined ? {} : { domainPrefix: props.signInDomainPrefix }),
    });
    this.staffSignIn.configureWebApp(functions.webApp, this.api.url);
    const notifyJob = functions.notifyJob.function;
    notifyJob.addEnvironment(T.contractorEmail, props.jobContacts.contractorEmail);
    notifyJob.addEnvironment(T.contractorMobile, props.jobContacts.contractorMobile);
    notifyJob.addEnvironment(T.teamLeaderEmail, props.jobContacts.teamLeaderEmail);
    notifyJob.addEnvironment(T.portalUrl, this.api.url);
    this.api.addStaffRoutes({
      taskApi: functions.taskApi.function,
      webApp: functions.webApp.function,
      issuer: this.staffSignIn.issuer,
      clientId: this.staffSignIn.client.userPoolClientId,
    });

    const alarmAction: IAlarmAction | undefined =
      props.alarmTopicArn === undefined
        ? undefined
        : new SnsAction(Topic.fromTopicArn(this, 'AlarmTopic', props.alarmTopicArn));

    for (const [name, queue] of Object.entries(deadLetterQueues) as [FunctionName, Queue][]) {
      this.alarms.push(
        new Alarm(this, `${FUNCTIONS[name].id}-dlq-messages`, {
          alarmName: `victim-first-${props.environmentName}-${FUNCTIONS[name].id}-dlq-messages`,
          alarmDescription: `Failed ${FUNCTIONS[name].id} events are waiting in its dead-letter queue. Runbook: docs/operations.md`,
          metric: queue.metricApproximateNumberOfMessagesVisible({
            period: Duration.minutes(5),
            statistic: 'Maximum',
          }),
          threshold: 0,
          comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
    }
    for (const registryFunction of Object.values(functions)) {
      this.alarms.push(
        new Alarm(this, `${registryFunction.definition.id}-errors`, {
          alarmName: `victim-first-${props.environmentName}-${registryFunction.definition.id}-errors`,
          alarmDescription: `The ${registryFunction.definition.id} function reported errors. Runbook: docs/operations.md`,
          metric: registryFunction.function.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
          threshold: 0,
          comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
    }
    // Executions, expired tasks, deadline breaches, bounces, the emergency line, dropped schedules.
    this.operationsAlarms = new OperationsAlarms(this, 'OperationsAlarms', {
      environmentName: props.environmentName,
      functions,
      stateMachines: {
        'contact-path': this.contactPath.stateMachine,
        'support-review': this.supportReview.stateMachine,
        'target-hardening': this.targetHardening.stateMachine,
      },
      emergencyLine: {
        instanceArn: props.connectInstanceArn,
        contactFlowName: this.emergencyPhoneLine.contactFlow.name,
      },
    });
    this.alarms.push(...this.operationsAlarms.alarms);
    if (alarmAction !== undefined) {
      for (const alarm of this.alarms) alarm.addAlarmAction(alarmAction);
    }

    new CfnOutput(this, 'ReferralsApiUrl', { value: this.api.stage.url });
    new CfnOutput(this, 'PublicIntakeUrl', { value: this.publicIntake.url });
    new CfnOutput(this, 'StaffUserPoolId', { value: this.staffSignIn.userPool.userPoolId });
    new CfnOutput(this, 'StaffUserPoolClientId', { value: this.staffSignIn.client.userPoolClientId });
    new CfnOutput(this, 'StaffSignInUrl', { value: this.staffSignIn.domain.baseUrl() });
    new CfnOutput(this, 'PartnerInvokePolicyArn', { value: this.api.partnerInvokePolicy.managedPolicyArn });
    new CfnOutput(this, 'IntakeBucketName', { value: this.intake.bucket.bucketName });
    new CfnOutput(this, 'CaseTableName', { value: this.table.tableName });
    new CfnOutput(this, 'ContactPathArn', { value: stateMachine.stateMachineArn });
    new CfnOutput(this, 'LettersBucketName', { value: this.messaging.letters.bucket.bucketName });
    new CfnOutput(this, 'ReturnsBucketName', { value: this.returns.bucket.bucketName });
    new CfnOutput(this, 'EmailConfigurationSetName', {
      value: this.messaging.emailConfigurationSet.configurationSetName,
    });
    new CfnOutput(this, 'SmsConfigurationSetName', { value: this.messaging.smsConfigurationSetName });
  }

  /** The state machine's role invokes exactly the contact-path functions, each by ARN and its versions. */
  /**
   * A state machine's execution log: its own log group, encrypted with the customer key and kept three
   * months, every event logged and no execution data (payloads are ids, but the rule is no data at all,
   * docs/service-rules.md: personal data).
   */
  private executionLogs(id: string): LogOptions {
    return {
      destination: new LogGroup(this, id, {
        encryptionKey: this.key,
        retention: RetentionDays.THREE_MONTHS,
        removalPolicy: RemovalPolicy.RETAIN,
      }),
      level: LogLevel.ALL,
      includeExecutionData: false,
    };
  }

  private acknowledgeStateMachineRole(machine: StateMachine, functionIds: readonly FunctionName[]): void {
    const policy = machine.role.node.tryFindChild('DefaultPolicy');
    if (policy === undefined) return;
    const stack = Stack.of(this);
    Validations.of(policy).acknowledge(
      ...functionIds.map((name) => ({
        id: `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(this.functions[name].function.node.defaultChild as CfnElement)}.Arn>:*]`,
        reason: `lambda:InvokeFunction on the ${FUNCTIONS[name].id} function's versions and aliases (ARN:*), as CDK's LambdaInvoke grant writes it; no other function.`,
      })),
      ...wildcardResourceAcknowledgement(policy as Policy),
      {
        id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
        reason:
          'The state machine encrypts its execution data with the one customer-managed key; the grant is scoped to that key.',
      },
    );
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
