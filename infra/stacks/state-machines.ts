import { type Acknowledgment, type CfnElement, RemovalPolicy, type Stack, Validations } from 'aws-cdk-lib';
import { type Policy, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { Key } from 'aws-cdk-lib/aws-kms';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { CfnScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import { type IStateMachine, LogLevel, type LogOptions, StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { FUNCTIONS, type FunctionName } from '../../functions/registry.ts';
import { ComplaintClock } from '../../workflows/complaint-clock/complaint-clock.ts';
import { ContactPath } from '../../workflows/contact-path/contact-path.ts';
import { ReEngagement } from '../../workflows/re-engagement/re-engagement.ts';
import { SupportReview } from '../../workflows/support-review/support-review.ts';
import { TargetHardening } from '../../workflows/target-hardening/target-hardening.ts';
import { WebChatBooking } from '../../workflows/web-chat/web-chat.ts';
import type { RegistryFunction } from '../constructs/registry-function.ts';

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

export interface StateMachinesProps {
  readonly environmentName: string;
  /** The data key: execution data and execution logs are encrypted with it. */
  readonly key: Key;
  readonly functions: Readonly<Record<FunctionName, RegistryFunction>>;
}

/**
 * One-time schedules in their own group, started with a role that may start only one state machine
 * (docs/architecture.md, decisions).
 */
export interface ScheduleGroup {
  readonly groupName: string;
  readonly group: CfnScheduleGroup;
  readonly schedulerRole: Role;
}

/** The four workflows, each also by name, and the schedule groups of follow-ups and re-engagements. */
export interface StateMachines {
  readonly contactPath: ContactPath;
  readonly supportReview: SupportReview;
  readonly targetHardening: TargetHardening;
  readonly reEngagement: ReEngagement;
  /** A self-referrer's booked web chat: its confirmation, then its task at the slot (intake starts it). */
  readonly webChat: WebChatBooking;
  /** A complaint's working-day clock: its warnings and breaches (the web app and public pages start it). */
  readonly complaintClock: ComplaintClock;
  /**
   * Each machine by the ARN built from its name. Functions that answer task tokens are granted on these: the
   * contact path invokes some of them (await-delivery), and a reference to it from their roles would be a
   * dependency cycle. The token names the execution, so those functions need no ARN of their own.
   */
  readonly byName: {
    readonly contactPath: IStateMachine;
    readonly supportReview: IStateMachine;
    /** Also what follow-ups start: the machine invokes schedule-follow-up, whose schedules start it again. */
    readonly targetHardening: IStateMachine;
    /** What re-engagement schedules start. */
    readonly reEngagement: IStateMachine;
  };
  /** The 12-month follow-ups: they start the target-hardening state machine. */
  readonly followUps: ScheduleGroup;
  /** The re-engagement calls before criminal justice milestones: they start the re-engagement machine. */
  readonly reEngagements: ScheduleGroup;
}

/** A schedule group, and the role its schedules start one state machine with. */
function scheduleGroup(
  stack: Stack,
  id: string,
  props: { groupName: string; machine: IStateMachine; description: string },
): ScheduleGroup {
  const group = new CfnScheduleGroup(stack, `${id}Schedules`, { name: props.groupName });
  const schedulerRole = new Role(stack, `${id}SchedulerRole`, {
    assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
      conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
    }),
    description: props.description,
  });
  props.machine.grantStartExecution(schedulerRole);
  return { groupName: props.groupName, group, schedulerRole };
}

/**
 * The workflows' state machines (contact path, support review, target hardening, re-engagement), each with
 * its execution log, and the schedule groups of follow-ups and re-engagements, each with the role its
 * schedules start executions with.
 *
 * Made on the stack itself, not in a construct of their own: a construct's id is part of every logical ID
 * under it, and these resources keep the IDs they were deployed with (docs/decisions.md).
 */
export function addStateMachines(stack: Stack, props: StateMachinesProps): StateMachines {
  const { functions, key, environmentName } = props;
  const contactPathName = `victim-first-${environmentName}-contact-path`;
  const contactPath = new ContactPath(stack, 'ContactPath', {
    stateMachineName: contactPathName,
    functions: {
      planContactPath: functions.planContactPath.function,
      createTask: functions.createTask.function,
      sendMessage: functions.sendMessage.function,
      recordCaseEvent: functions.recordCaseEvent.function,
      computeDeadline: functions.computeDeadline.function,
      awaitDelivery: functions.awaitDelivery.function,
    },
    encryptionKey: key,
    logs: executionLogs(stack, 'ContactPathLogs', key),
  });
  const supportReviewName = `victim-first-${environmentName}-support-review`;
  const supportReview = new SupportReview(stack, 'SupportReview', {
    stateMachineName: supportReviewName,
    functions: {
      createTask: functions.createTask.function,
      recordCaseEvent: functions.recordCaseEvent.function,
    },
    encryptionKey: key,
    logs: executionLogs(stack, 'SupportReviewLogs', key),
  });
  const targetHardeningName = `victim-first-${environmentName}-target-hardening`;
  const targetHardening = new TargetHardening(stack, 'TargetHardening', {
    stateMachineName: targetHardeningName,
    functions: {
      planJob: functions.planJob.function,
      awaitJob: functions.awaitJob.function,
      recordJobEvent: functions.recordJobEvent.function,
      notifyJob: functions.notifyJob.function,
      scheduleFollowUp: functions.scheduleFollowUp.function,
    },
    encryptionKey: key,
    logs: executionLogs(stack, 'TargetHardeningLogs', key),
  });
  const targetHardeningByName = StateMachine.fromStateMachineName(
    stack,
    'TargetHardeningByName',
    targetHardeningName,
  );
  const followUps = scheduleGroup(stack, 'FollowUp', {
    groupName: `victim-first-${environmentName}-follow-ups`,
    machine: targetHardeningByName,
    description: 'EventBridge Scheduler starts target-hardening follow-up executions',
  });
  const reEngagementName = `victim-first-${environmentName}-re-engagement`;
  const reEngagement = new ReEngagement(stack, 'ReEngagement', {
    stateMachineName: reEngagementName,
    functions: {
      createTask: functions.createTask.function,
      recordCaseEvent: functions.recordCaseEvent.function,
    },
    encryptionKey: key,
    logs: executionLogs(stack, 'ReEngagementLogs', key),
  });
  const reEngagementByName = StateMachine.fromStateMachineName(stack, 'ReEngagementByName', reEngagementName);
  const reEngagements = scheduleGroup(stack, 'ReEngagement', {
    groupName: `victim-first-${environmentName}-re-engagements`,
    machine: reEngagementByName,
    description:
      'EventBridge Scheduler starts re-engagement call executions before criminal justice milestones',
  });

  const webChat = new WebChatBooking(stack, 'WebChat', {
    stateMachineName: `victim-first-${environmentName}-web-chat`,
    functions: {
      sendMessage: functions.sendMessage.function,
      createTask: functions.createTask.function,
      recordCaseEvent: functions.recordCaseEvent.function,
    },
    encryptionKey: key,
    logs: executionLogs(stack, 'WebChatLogs', key),
  });

  const complaintClock = new ComplaintClock(stack, 'ComplaintClock', {
    stateMachineName: `victim-first-${environmentName}-complaint-clock`,
    functions: { raiseComplaintAlert: functions.raiseComplaintAlert.function },
    encryptionKey: key,
    logs: executionLogs(stack, 'ComplaintClockLogs', key),
  });
  acknowledgeStateMachineRole(stack, functions, complaintClock.stateMachine, ['raiseComplaintAlert']);

  acknowledgeStateMachineRole(stack, functions, webChat.stateMachine, [
    'sendMessage',
    'createTask',
    'recordCaseEvent',
  ]);
  acknowledgeStateMachineRole(stack, functions, contactPath.stateMachine, [
    'planContactPath',
    'createTask',
    'sendMessage',
    'recordCaseEvent',
    'computeDeadline',
    'awaitDelivery',
  ]);
  acknowledgeStateMachineRole(stack, functions, supportReview.stateMachine, [
    'createTask',
    'recordCaseEvent',
  ]);
  acknowledgeStateMachineRole(stack, functions, reEngagement.stateMachine, ['createTask', 'recordCaseEvent']);
  acknowledgeStateMachineRole(stack, functions, targetHardening.stateMachine, [
    'planJob',
    'awaitJob',
    'recordJobEvent',
    'notifyJob',
    'scheduleFollowUp',
  ]);

  return {
    contactPath,
    supportReview,
    targetHardening,
    reEngagement,
    webChat,
    complaintClock,
    byName: {
      contactPath: StateMachine.fromStateMachineName(stack, 'ContactPathByName', contactPathName),
      supportReview: StateMachine.fromStateMachineName(stack, 'SupportReviewByName', supportReviewName),
      targetHardening: targetHardeningByName,
      reEngagement: reEngagementByName,
    },
    followUps,
    reEngagements,
  };
}

/**
 * A state machine's execution log: its own log group, encrypted with the customer key and kept three
 * months, every event logged and no execution data (payloads are ids, but the rule is no data at all,
 * docs/service-rules.md: personal data).
 */
function executionLogs(stack: Stack, id: string, key: Key): LogOptions {
  return {
    destination: new LogGroup(stack, id, {
      encryptionKey: key,
      retention: RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.RETAIN,
    }),
    level: LogLevel.ALL,
    includeExecutionData: false,
  };
}

/** The state machine's role invokes exactly these functions, each by ARN and its versions. */
function acknowledgeStateMachineRole(
  stack: Stack,
  functions: Readonly<Record<FunctionName, RegistryFunction>>,
  machine: StateMachine,
  functionIds: readonly FunctionName[],
): void {
  const policy = machine.role.node.tryFindChild('DefaultPolicy');
  if (policy === undefined) return;
  Validations.of(policy).acknowledge(
    ...functionIds.map((name) => ({
      id: `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(functions[name].function.node.defaultChild as CfnElement)}.Arn>:*]`,
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
