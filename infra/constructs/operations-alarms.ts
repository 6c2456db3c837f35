import { Duration, Stack } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  MathExpression,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import {
  BREACH_RULES,
  METRICS_NAMESPACE_VARIABLE,
  OPERATIONS_METRIC,
  operationsNamespace,
  UNLISTED,
} from '../../functions/operations-metrics.ts';
import { FUNCTIONS, type FunctionName } from '../../functions/registry.ts';
import { PIN_LOCKOUT } from '../../shared/domain/referrer-pin.ts';
import { TASK_TYPES } from '../../shared/domain/task.ts';
import type { RegistryFunction } from './registry-function.ts';

/** The functions that count operational metrics (functions/operations-metrics.ts); each is told the namespace. */
export const OPERATIONS_METRIC_EMITTERS = [
  'recordCaseEvent',
  'recordJobEvent',
  'recordDeliveryStatus',
  'connectEmergency',
] as const satisfies readonly FunctionName[];

/** The state machines, by the name the alarms use for them. */
export const WATCHED_STATE_MACHINES = [
  'contact-path',
  'support-review',
  'target-hardening',
  're-engagement',
] as const;
export type WatchedStateMachine = (typeof WATCHED_STATE_MACHINES)[number];

/** SES's account bounce rate (0–1) the bounce alarm fires at: well under the 5% at which SES reviews an account. */
export const SES_BOUNCE_RATE_THRESHOLD = 0.02;
/** E-mails bounced plus texts failed in an hour that make a spike: the service sends tens of messages a day. */
export const BOUNCES_PER_HOUR_THRESHOLD = 5;
/**
 * Emergency-line calls in one lockout window (15 minutes) answered `wrong-pin` or `refused` that make the
 * alarm fire: one lockout's worth. A referrer mistypes now and then; this many is someone guessing, or a
 * referrer locked out of the line in an emergency — both for a person to look at.
 */
export const EMERGENCY_LINE_WRONG_PINS_THRESHOLD = PIN_LOCKOUT.maxFailures;

export interface OperationsAlarmsProps {
  /** Deployment environment name: alarm names are `victim-first-<environment>-…`, metrics `VictimFirst/<environment>`. */
  readonly environmentName: string;
  readonly functions: Readonly<Record<FunctionName, RegistryFunction>>;
  /** The dead-letter queues of the functions invoked asynchronously. */
  readonly deadLetterQueues: Readonly<Partial<Record<FunctionName, IQueue>>>;
  readonly stateMachines: Readonly<Record<WatchedStateMachine, IStateMachine>>;
  /** The emergency line's Amazon Connect instance (ARN) and contact flow name. */
  readonly emergencyLine: { readonly instanceArn: string; readonly contactFlowName: string };
  /** Optional SNS topic ARN that every alarm notifies. */
  readonly alarmTopicArn?: string;
}

const FIVE_MINUTES = Duration.minutes(5);
/** The sum of an alarm's metrics, each filled with 0 where it has no data point (metric math). */
export const EVERY_METRIC_ADDED_UP = 'SUM(FILL(METRICS(), 0))';

/**
 * The alarms of docs/operations.md: each function's errors and each dead-letter queue's messages; each state
 * machine's failed, timed-out and throttled executions; expired task tokens; one alarm per deadline rule
 * breached; bounces (the functions' own count and SES's account bounce rate); the emergency phone line (the
 * connect function's `error` answers, its rate of PINs not recognised, and the contact flow's error branches); and scheduled invocations
 * EventBridge Scheduler gave up on (the print manifest and the quarterly return). Every alarm has a fixed
 * name, so the runbook can name it; missing data is not breaching. Every alarm notifies the alarm topic, when
 * there is one.
 */
export class OperationsAlarms extends Construct {
  readonly alarms: Alarm[] = [];
  readonly namespace: string;
  private readonly prefix: string;

  constructor(scope: Construct, id: string, props: OperationsAlarmsProps) {
    // The per-function alarms are the stack's own, made before this construct joins it: they keep the logical
    // IDs, and the place in the template, they were deployed with (docs/decisions.md).
    const functionAlarms = functionAlarmsOn(Stack.of(scope), props);
    super(scope, id);
    this.alarms.push(...functionAlarms);
    this.prefix = `victim-first-${props.environmentName}`;
    this.namespace = operationsNamespace(props.environmentName);
    for (const name of OPERATIONS_METRIC_EMITTERS)
      props.functions[name].function.addEnvironment(METRICS_NAMESPACE_VARIABLE, this.namespace);

    for (const machineName of WATCHED_STATE_MACHINES) {
      const machine = props.stateMachines[machineName];
      const options = { period: FIVE_MINUTES, statistic: 'Sum' };
      this.alarm(`${machineName}-executions-failed`, {
        description: `${machineName} executions failed (a step's error was not caught)`,
        metric: machine.metricFailed(options),
      });
      this.alarm(`${machineName}-executions-timed-out`, {
        description: `${machineName} executions reached the state machine's own timeout`,
        metric: machine.metricTimedOut(options),
      });
      this.alarm(`${machineName}-execution-throttled`, {
        description: `${machineName} state transitions or retries were throttled: executions are held up`,
        metric: machine.metricThrottled(options),
      });
    }

    // One metric per task type (and unlisted), added up: at most 10 metrics in an alarm's expression. Each is
    // filled with 0 where it has no data, or the sum would have none whenever one type had no time-out.
    // More than ten types: one alarm per ten, the first keeping its name.
    const allTaskTypes = [...TASK_TYPES, UNLISTED];
    for (let chunk = 0; chunk * 10 < allTaskTypes.length; chunk++) {
      const taskTypes = allTaskTypes.slice(chunk * 10, chunk * 10 + 10);
      this.alarm(chunk === 0 ? 'task-tokens-expired' : `task-tokens-expired-${chunk + 1}`, {
        description:
          "Caseworker or team-leader tasks passed their deadline: the workflow's wait timed out, the breach was recorded and escalated",
        metric: new MathExpression({
          expression: EVERY_METRIC_ADDED_UP,
          label: 'Tasks timed out',
          period: FIVE_MINUTES,
          usingMetrics: Object.fromEntries(
            taskTypes.map((taskType, index) => [
              `t${index}`,
              this.count(OPERATIONS_METRIC.taskTimedOut, { taskType }, FIVE_MINUTES),
            ]),
          ),
        }),
      });
    }

    for (const rule of [...BREACH_RULES, UNLISTED]) {
      this.alarm(`deadline-breached-${rule}`, {
        description:
          rule === UNLISTED
            ? 'A deadline was breached under a rule BREACH_RULES does not list: add it, with its alarm'
            : `A deadline was breached under the rule ${rule}`,
        metric: this.count(OPERATIONS_METRIC.deadlineBreached, { rule }, FIVE_MINUTES),
      });
    }

    const hour = Duration.hours(1);
    this.alarm('messages-bounced', {
      description: `${BOUNCES_PER_HOUR_THRESHOLD} or more e-mails bounced or texts failed within an hour`,
      metric: new MathExpression({
        expression: EVERY_METRIC_ADDED_UP,
        label: 'Messages bounced or failed',
        period: hour,
        usingMetrics: {
          email: this.count(OPERATIONS_METRIC.messageBounced, { channel: 'email' }, hour),
          sms: this.count(OPERATIONS_METRIC.messageBounced, { channel: 'sms' }, hour),
        },
      }),
      threshold: BOUNCES_PER_HOUR_THRESHOLD,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });
    this.alarm('ses-bounce-rate', {
      description: `The SES account's bounce rate reached ${SES_BOUNCE_RATE_THRESHOLD * 100}% (SES reviews an account at 5%)`,
      metric: new Metric({
        namespace: 'AWS/SES',
        metricName: 'Reputation.BounceRate',
        statistic: 'Maximum',
        period: hour,
      }),
      threshold: SES_BOUNCE_RATE_THRESHOLD,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });

    this.alarm('emergency-line-errors', {
      description:
        'The emergency line told a caller that something went wrong or was slow (connect-emergency answered "error")',
      metric: this.count(OPERATIONS_METRIC.emergencyCalls, { result: 'error' }, FIVE_MINUTES),
    });
    const lockoutWindow = Duration.minutes(PIN_LOCKOUT.windowMinutes);
    this.alarm('emergency-line-wrong-pins', {
      description: `${EMERGENCY_LINE_WRONG_PINS_THRESHOLD} or more emergency-line calls within ${PIN_LOCKOUT.windowMinutes} minutes keyed a referrer number and PIN not recognised, or were refused after too many: someone may be guessing PINs, or a referrer is locked out`,
      metric: new MathExpression({
        expression: EVERY_METRIC_ADDED_UP,
        label: 'Emergency calls not recognised or refused',
        period: lockoutWindow,
        usingMetrics: {
          wrongPin: this.count(OPERATIONS_METRIC.emergencyCalls, { result: 'wrong-pin' }, lockoutWindow),
          refused: this.count(OPERATIONS_METRIC.emergencyCalls, { result: 'refused' }, lockoutWindow),
        },
      }),
      threshold: EMERGENCY_LINE_WRONG_PINS_THRESHOLD,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });
    const instanceId = props.emergencyLine.instanceArn.split('/').at(-1) ?? '';
    const flow = {
      InstanceId: instanceId,
      MetricGroup: 'ContactFlow',
      ContactFlowName: props.emergencyLine.contactFlowName,
    };
    this.alarm('emergency-line-flow-errors', {
      description:
        "The emergency line's contact flow took an error branch: the caller was told to phone the normal number",
      metric: new Metric({
        namespace: 'AWS/Connect',
        metricName: 'ContactFlowErrors',
        dimensionsMap: flow,
        statistic: 'Sum',
        period: FIVE_MINUTES,
      }),
    });
    this.alarm('emergency-line-flow-fatal-errors', {
      description: "The emergency line's contact flow failed to run (an Amazon Connect system error)",
      metric: new Metric({
        namespace: 'AWS/Connect',
        metricName: 'ContactFlowFatalErrors',
        dimensionsMap: flow,
        statistic: 'Sum',
        period: FIVE_MINUTES,
      }),
    });

    this.alarm('scheduled-invocations-dropped', {
      description:
        'EventBridge Scheduler gave up invoking a scheduled function (the print manifest or the quarterly return)',
      metric: new Metric({
        namespace: 'AWS/Scheduler',
        metricName: 'InvocationDroppedCount',
        dimensionsMap: { ScheduleGroup: 'default' },
        statistic: 'Sum',
        period: FIVE_MINUTES,
      }),
    });

    if (props.alarmTopicArn !== undefined) {
      const action = new SnsAction(Topic.fromTopicArn(this, 'AlarmTopic', props.alarmTopicArn));
      for (const alarm of this.alarms) alarm.addAlarmAction(action);
    }
  }

  /** The full name of an alarm of this environment: `victim-first-<environment>-<name>`. */
  alarmName(name: string): string {
    return `${this.prefix}-${name}`;
  }

  private count(metricName: string, dimensionsMap: Record<string, string>, period: Duration): Metric {
    return new Metric({ namespace: this.namespace, metricName, dimensionsMap, statistic: 'Sum', period });
  }

  private alarm(
    name: string,
    options: {
      description: string;
      metric: IMetric;
      threshold?: number;
      comparisonOperator?: ComparisonOperator;
    },
  ): void {
    this.alarms.push(
      new Alarm(this, name, {
        alarmName: this.alarmName(name),
        alarmDescription: `${options.description}. Runbook: docs/operations.md`,
        metric: options.metric,
        threshold: options.threshold ?? 0,
        comparisonOperator: options.comparisonOperator ?? ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
  }
}

/** An alarm on any message visible in each dead-letter queue, and on any error of each function. */
function functionAlarmsOn(stack: Stack, props: OperationsAlarmsProps): Alarm[] {
  const prefix = `victim-first-${props.environmentName}`;
  const alarms: Alarm[] = [];
  for (const [name, queue] of Object.entries(props.deadLetterQueues) as [FunctionName, IQueue][]) {
    alarms.push(
      new Alarm(stack, `${FUNCTIONS[name].id}-dlq-messages`, {
        alarmName: `${prefix}-${FUNCTIONS[name].id}-dlq-messages`,
        alarmDescription: `Failed ${FUNCTIONS[name].id} events are waiting in its dead-letter queue. Runbook: docs/operations.md`,
        metric: queue.metricApproximateNumberOfMessagesVisible({
          period: FIVE_MINUTES,
          statistic: 'Maximum',
        }),
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
  }
  for (const registryFunction of Object.values(props.functions)) {
    alarms.push(
      new Alarm(stack, `${registryFunction.definition.id}-errors`, {
        alarmName: `${prefix}-${registryFunction.definition.id}-errors`,
        alarmDescription: `The ${registryFunction.definition.id} function reported errors. Runbook: docs/operations.md`,
        metric: registryFunction.function.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }),
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
  }
  return alarms;
}
