import type { CfnElement } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BREACH_RULES, METRICS_NAMESPACE_VARIABLE, UNLISTED } from '../../functions/operations-metrics.ts';
import { FUNCTIONS, type FunctionName } from '../../functions/registry.ts';
import { LOCAL_CONNECT_INSTANCE_ARN, type VictimFirstApp } from '../../infra/app.ts';
import {
  BOUNCES_PER_HOUR_THRESHOLD,
  EMERGENCY_LINE_WRONG_PINS_THRESHOLD,
  EVERY_METRIC_ADDED_UP,
  OPERATIONS_METRIC_EMITTERS,
  SES_BOUNCE_RATE_THRESHOLD,
  WATCHED_STATE_MACHINES,
} from '../../infra/constructs/operations-alarms.ts';
import { ASYNC_FUNCTIONS } from '../../infra/stacks/intake-stack.ts';
import { PIN_LOCKOUT } from '../../shared/domain/referrer-pin.ts';
import { TASK_TYPES } from '../../shared/domain/task.ts';
import { removeTemporaryOutdirs, synthUnbundled, unacknowledgedNagFindings } from '../support/synth.ts';

const ALARM_TOPIC = 'arn:aws:sns:eu-west-2:123456789012:victim-first-alarms';

let built: VictimFirstApp;
let template: Template;
let synthError: unknown;

beforeAll(() => {
  ({ built, template, synthError } = synthUnbundled());
}, 120_000);

afterAll(() => {
  removeTemporaryOutdirs();
});

interface AlarmProperties {
  readonly AlarmName: string;
  readonly Namespace?: string;
  readonly MetricName?: string;
  readonly Dimensions?: { Name: string; Value: unknown }[];
  readonly Statistic?: string;
  readonly Period?: number;
  readonly Threshold: number;
  readonly ComparisonOperator: string;
  readonly EvaluationPeriods: number;
  readonly TreatMissingData: string;
  readonly AlarmActions?: unknown[];
  readonly Metrics?: {
    Id: string;
    Expression?: string;
    ReturnData?: boolean;
    MetricStat?: {
      Metric: { Namespace: string; MetricName: string; Dimensions: { Name: string; Value: string }[] };
      Period: number;
      Stat: string;
    };
  }[];
}

const alarmsOf = (t: Template): AlarmProperties[] =>
  Object.values(t.findResources('AWS::CloudWatch::Alarm')).map(
    (resource) => (resource as { Properties: AlarmProperties }).Properties,
  );

/** The alarm of that name (`victim-first-local-<name>`); fails when there is none. */
function alarm(name: string, t = template): AlarmProperties {
  const found = alarmsOf(t).filter((properties) => properties.AlarmName === `victim-first-local-${name}`);
  expect(found, `alarm victim-first-local-${name}`).toHaveLength(1);
  return found[0] as AlarmProperties;
}

const logicalId = (construct: IConstruct): string =>
  built.intakeStack.getLogicalId(construct.node.defaultChild as CfnElement);

const machines = () => ({
  'contact-path': built.intakeStack.contactPath.stateMachine,
  'support-review': built.intakeStack.supportReview.stateMachine,
  'target-hardening': built.intakeStack.targetHardening.stateMachine,
  're-engagement': built.intakeStack.reEngagement.stateMachine,
});

/** A single-metric alarm: fires on any count in five minutes, quiet without data. */
const anyInFiveMinutes = {
  Statistic: 'Sum',
  Period: 300,
  Threshold: 0,
  ComparisonOperator: 'GreaterThanThreshold',
  EvaluationPeriods: 1,
  TreatMissingData: 'notBreaching',
};

describe('operations alarms', () => {
  describe('Step Functions executions', () => {
    it.each(
      WATCHED_STATE_MACHINES.flatMap((machine) => [
        [machine, 'executions-failed', 'ExecutionsFailed'],
        [machine, 'executions-timed-out', 'ExecutionsTimedOut'],
        [machine, 'execution-throttled', 'ExecutionThrottled'],
      ]),
    )('alarms on any %s execution %s', (machine, name, metricName) => {
      expect(alarm(`${machine}-${name}`)).toMatchObject({
        Namespace: 'AWS/States',
        MetricName: metricName,
        Dimensions: [{ Name: 'StateMachineArn', Value: { Ref: logicalId(machines()[machine]) } }],
        ...anyInFiveMinutes,
      });
    });
  });

  describe('expired task tokens', () => {
    it('adds up the tasks timed out of every task type, and unlisted ones, over five minutes, ten to an alarm', () => {
      // An alarm's expression adds up at most ten metrics: the task types (and unlisted) ten at a time.
      const every = [...TASK_TYPES, UNLISTED];
      const names = Array.from({ length: Math.ceil(every.length / 10) }, (_, i) =>
        i === 0 ? 'task-tokens-expired' : `task-tokens-expired-${i + 1}`,
      );
      const counted = names.flatMap((name) => {
        const properties = alarm(name);
        expect(properties, name).toMatchObject({
          Threshold: 0,
          ComparisonOperator: 'GreaterThanThreshold',
          TreatMissingData: 'notBreaching',
        });
        const metrics = properties.Metrics ?? [];
        expect(metrics.filter((metric) => metric.ReturnData !== false)).toEqual([
          expect.objectContaining({ Expression: EVERY_METRIC_ADDED_UP }),
        ]);
        const stats = metrics.flatMap((metric) => (metric.MetricStat ? [metric.MetricStat] : []));
        expect(stats.length, name).toBeLessThanOrEqual(10);
        return stats;
      });
      expect(counted.map((stat) => stat.Metric.Dimensions)).toEqual(
        every.map((taskType) => [{ Name: 'taskType', Value: taskType }]),
      );
      for (const stat of counted)
        expect(stat).toMatchObject({
          Metric: { Namespace: 'VictimFirst/local', MetricName: 'TaskTimedOut' },
          Period: 300,
          Stat: 'Sum',
        });
    });
  });

  describe('deadline breaches', () => {
    it.each([...BREACH_RULES, UNLISTED])('alarms on any breach of the rule %s', (rule) => {
      expect(alarm(`deadline-breached-${rule}`)).toMatchObject({
        Namespace: 'VictimFirst/local',
        MetricName: 'DeadlineBreached',
        Dimensions: [{ Name: 'rule', Value: rule }],
        ...anyInFiveMinutes,
      });
    });

    it('lists exactly the rules the state machines record breaches under', () => {
      const recorded = new Set<string>();
      const machinesInTemplate = template.findResources('AWS::StepFunctions::StateMachine');
      expect(Object.keys(machinesInTemplate)).toHaveLength(6);
      for (const resource of Object.values(machinesInTemplate)) {
        const parts = (resource as { Properties: { DefinitionString: { 'Fn::Join': [string, unknown[]] } } })
          .Properties.DefinitionString['Fn::Join'][1];
        const definition = JSON.parse(
          parts.map((part) => (typeof part === 'string' ? part : 'ARN')).join(''),
        ) as { States: Record<string, { Arguments?: { Payload?: Record<string, unknown> } }> };
        for (const state of Object.values(definition.States)) {
          const payload = state.Arguments?.Payload;
          if (payload?.type !== 'deadline-breached') continue;
          const rule = String((payload.detail as { rule?: unknown } | undefined)?.rule);
          // A JSONata rule (target hardening's) chooses between quoted literals: `… ? 'a' : 'b'`.
          const names = rule.startsWith('{%')
            ? [...rule.matchAll(/[?:]\s*'([a-z-]+)'/g)].map((m) => m[1])
            : [rule];
          for (const name of names) recorded.add(name as string);
        }
      }
      expect([...recorded].sort()).toEqual([...BREACH_RULES].sort());
    });
  });

  describe('bounces', () => {
    it(`alarms on ${BOUNCES_PER_HOUR_THRESHOLD} or more e-mails bounced and texts failed in an hour`, () => {
      const properties = alarm('messages-bounced');
      expect(properties).toMatchObject({
        Threshold: BOUNCES_PER_HOUR_THRESHOLD,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
      });
      const metrics = properties.Metrics ?? [];
      expect(metrics.find((metric) => metric.ReturnData !== false)?.Expression).toBe(EVERY_METRIC_ADDED_UP);
      expect(metrics.flatMap((metric) => (metric.MetricStat ? [metric.MetricStat] : []))).toEqual(
        ['email', 'sms'].map((channel) => ({
          Metric: {
            Namespace: 'VictimFirst/local',
            MetricName: 'MessageBounced',
            Dimensions: [{ Name: 'channel', Value: channel }],
          },
          Period: 3600,
          Stat: 'Sum',
        })),
      );
    });

    it("alarms when the SES account's bounce rate reaches 2%", () => {
      expect(SES_BOUNCE_RATE_THRESHOLD).toBe(0.02);
      expect(alarm('ses-bounce-rate')).toMatchObject({
        Namespace: 'AWS/SES',
        MetricName: 'Reputation.BounceRate',
        Statistic: 'Maximum',
        Period: 3600,
        Threshold: 0.02,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
      });
    });
  });

  describe('the emergency phone line', () => {
    it('alarms when the connect function answers a caller "error"', () => {
      expect(alarm('emergency-line-errors')).toMatchObject({
        Namespace: 'VictimFirst/local',
        MetricName: 'EmergencyCalls',
        Dimensions: [{ Name: 'result', Value: 'error' }],
        ...anyInFiveMinutes,
      });
    });

    it(`alarms when ${EMERGENCY_LINE_WRONG_PINS_THRESHOLD} calls in a lockout window key a referrer number and PIN not recognised, or are refused`, () => {
      const properties = alarm('emergency-line-wrong-pins');
      expect(properties).toMatchObject({
        Threshold: EMERGENCY_LINE_WRONG_PINS_THRESHOLD,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        EvaluationPeriods: 1,
        TreatMissingData: 'notBreaching',
      });
      const metrics = properties.Metrics ?? [];
      expect(metrics.find((metric) => metric.ReturnData !== false)?.Expression).toBe(EVERY_METRIC_ADDED_UP);
      expect(metrics.flatMap((metric) => (metric.MetricStat ? [metric.MetricStat] : []))).toEqual(
        ['wrong-pin', 'refused'].map((result) => ({
          Metric: {
            Namespace: 'VictimFirst/local',
            MetricName: 'EmergencyCalls',
            Dimensions: [{ Name: 'result', Value: result }],
          },
          Period: PIN_LOCKOUT.windowMinutes * 60,
          Stat: 'Sum',
        })),
      );
    });

    it.each([
      ['emergency-line-flow-errors', 'ContactFlowErrors'],
      ['emergency-line-flow-fatal-errors', 'ContactFlowFatalErrors'],
    ])('alarms on %s (Amazon Connect %s of the emergency flow)', (name, metricName) => {
      expect(alarm(name)).toMatchObject({
        Namespace: 'AWS/Connect',
        MetricName: metricName,
        Dimensions: [
          { Name: 'ContactFlowName', Value: 'victim-first-local-emergency-target-hardening' },
          { Name: 'InstanceId', Value: LOCAL_CONNECT_INSTANCE_ARN.split('/')[1] },
          { Name: 'MetricGroup', Value: 'ContactFlow' },
        ],
        ...anyInFiveMinutes,
      });
      template.hasResourceProperties('AWS::Connect::ContactFlow', {
        Name: 'victim-first-local-emergency-target-hardening',
      });
    });
  });

  describe('the quarterly return and the print manifest', () => {
    it('alarms when EventBridge Scheduler drops an invocation in the default schedule group', () => {
      expect(alarm('scheduled-invocations-dropped')).toMatchObject({
        Namespace: 'AWS/Scheduler',
        MetricName: 'InvocationDroppedCount',
        Dimensions: [{ Name: 'ScheduleGroup', Value: 'default' }],
        ...anyInFiveMinutes,
      });
    });

    it('has both daily and quarterly schedules in the default group the alarm watches', () => {
      const schedules = Object.values(template.findResources('AWS::Scheduler::Schedule')) as {
        Properties: { GroupName?: unknown; Target: { Arn: unknown } };
      }[];
      const target = (name: FunctionName) => ({
        'Fn::GetAtt': [logicalId(built.intakeStack.functions[name].function), 'Arn'],
      });
      for (const name of ['buildPrintManifest', 'produceQuarterlyReturn'] as const) {
        const schedule = schedules.find(
          (s) => JSON.stringify(s.Properties.Target.Arn) === JSON.stringify(target(name)),
        );
        expect(schedule, FUNCTIONS[name].id).toBeDefined();
        expect(schedule?.Properties.GroupName ?? 'default').toBe('default');
      }
    });
  });

  describe('the alarms that were there before', () => {
    it('names each dead-letter queue alarm and function errors alarm', () => {
      for (const name of ASYNC_FUNCTIONS)
        expect(alarm(`${FUNCTIONS[name].id}-dlq-messages`)).toMatchObject({
          Namespace: 'AWS/SQS',
          MetricName: 'ApproximateNumberOfMessagesVisible',
          Statistic: 'Maximum',
          Period: 300,
          Threshold: 0,
        });
      for (const definition of Object.values(FUNCTIONS))
        expect(alarm(`${definition.id}-errors`)).toMatchObject({
          Namespace: 'AWS/Lambda',
          MetricName: 'Errors',
          ...anyInFiveMinutes,
        });
    });
  });

  it('tells every function that counts its metrics the namespace the alarms watch', () => {
    for (const name of OPERATIONS_METRIC_EMITTERS) {
      template.hasResourceProperties('AWS::Lambda::Function', {
        Role: { 'Fn::GetAtt': [logicalId(built.intakeStack.functions[name].role), 'Arn'] },
        Environment: { Variables: Match.objectLike({ [METRICS_NAMESPACE_VARIABLE]: 'VictimFirst/local' }) },
      });
    }
  });

  it('names every alarm for its environment, and no two alike', () => {
    const names = alarmsOf(template).map((properties) => properties.AlarmName);
    expect(names.every((name) => name.startsWith('victim-first-local-'))).toBe(true);
    expect(new Set(names).size).toBe(names.length);
    // A dead-letter queue per asynchronously invoked function, one per function, 3 for each state machine's executions, expired tasks (one per
    // ten task types), 12 breaches, 2 bounces, 4 emergency line, 1 dropped schedules.
    const expiredTasks = Math.ceil((TASK_TYPES.length + 1) / 10);
    expect(names).toHaveLength(
      ASYNC_FUNCTIONS.length +
        Object.keys(FUNCTIONS).length +
        3 * WATCHED_STATE_MACHINES.length +
        expiredTasks +
        12 +
        2 +
        4 +
        1,
    );
  });

  it('notifies no one without an alarm topic', () => {
    for (const properties of alarmsOf(template)) expect(properties.AlarmActions).toBeUndefined();
  });

  it('makes every alarm notify the alarm topic when context alarmTopicArn is set', () => {
    const withTopic = synthUnbundled({ alarmTopicArn: ALARM_TOPIC });
    const alarms = alarmsOf(withTopic.template);
    expect(alarms.length).toBeGreaterThan(40);
    for (const properties of alarms) expect(properties.AlarmActions).toEqual([ALARM_TOPIC]);
    expect(withTopic.synthError === undefined ? 'no error' : String(withTopic.synthError)).toBe('no error');
  });

  it('synthesizes with no unacknowledged cdk-nag AwsSolutions findings', () => {
    expect(synthError === undefined ? 'no error' : String(synthError)).toBe('no error');
    expect(unacknowledgedNagFindings(built.app)).toEqual([]);
  });
});
