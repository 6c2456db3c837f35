import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { DEADLINE_RULES } from '../shared/domain/deadline-rules.ts';
import { TASK_TYPES } from '../shared/domain/task.ts';
import { logger } from './logger.ts';

/**
 * The functions' operational metrics (docs/operations.md): counts the alarms watch, each with one dimension
 * whose value is a code from a fixed list — never an id of a case, person, message or job
 * (docs/service-rules.md: personal data).
 */
export const OPERATIONS_METRIC = {
  /** A `deadline-breached` event recorded on a case or job, dimension `rule`. */
  deadlineBreached: 'DeadlineBreached',
  /** A caseworker or team-leader task whose wait timed out (its task token expired), dimension `taskType`. */
  taskTimedOut: 'TaskTimedOut',
  /** An e-mail that bounced or a text that failed, as the provider reported it, dimension `channel`. */
  messageBounced: 'MessageBounced',
  /** A call to the emergency target-hardening line, dimension `result` (`error`: the caller was told to call again). */
  emergencyCalls: 'EmergencyCalls',
} as const;

/** The environment variable Powertools Metrics reads its namespace from; the CDK app sets it. */
export const METRICS_NAMESPACE_VARIABLE = 'POWERTOOLS_METRICS_NAMESPACE';

/** The namespace of one environment's operational metrics. */
export const operationsNamespace = (environmentName: string): string => `VictimFirst/${environmentName}`;

/**
 * Every rule a deadline can be breached under, as the state machines record it in `detail.rule`: the contact
 * path (docs/service-rules.md, rules 1–6 and 13), the support review, and target hardening (rule 12). Each
 * has its own alarm; test/infra/operations-alarms.test.ts checks that the synthesized state machines name
 * no other.
 */
export const BREACH_RULES = [
  ...DEADLINE_RULES,
  'plan-review',
  'th-emergency-attendance',
  'th-standard-attendance',
] as const;

/** The dimension value for a rule or task type not in the lists above: counted, and alarmed on, never dropped. */
export const UNLISTED = 'unlisted';

/**
 * What the emergency line's function answers a call with (`result`), each counted: the one list the function,
 * the contact flow's branches and the alarms take their results from.
 */
export const EMERGENCY_CALL_RESULTS = [
  'created',
  'existing',
  'wrong-pin',
  'refused',
  'unknown-reference',
  'invalid',
  'error',
] as const;
export type CallResult = (typeof EMERGENCY_CALL_RESULTS)[number];

/** What the functions count for the alarms. Emitting never throws: a lost count must not fail a step. */
export interface OperationsMetrics {
  deadlineBreached(rule: string): void;
  taskTimedOut(taskType: string): void;
  messageBounced(channel: 'email' | 'sms'): void;
  emergencyCall(result: CallResult): void;
}

/** The task type in a task id (`<caseId>.<type>.<attempt>`, taskIdFor); the rest of the id is not kept. */
export function taskTypeOfTaskId(taskId: string): string {
  return taskId.split('.').at(-2) ?? '';
}

const listed = (value: string, list: readonly string[]): string => (list.includes(value) ? value : UNLISTED);

/**
 * The metrics as CloudWatch embedded metric format lines on standard output, through Powertools Metrics:
 * one line per count, published at once (so a step that fails later still counted what it recorded). The
 * `service` dimension Powertools adds by default is dropped: each alarm watches a metric with only the
 * dimension it names, whichever function counted it.
 */
export function powertoolsOperationsMetrics(
  namespace: string = process.env[METRICS_NAMESPACE_VARIABLE] ?? operationsNamespace('local'),
): OperationsMetrics {
  const count = (name: string, dimension: string, value: string): void => {
    try {
      const metric = new Metrics({ namespace, singleMetric: true });
      metric.clearDefaultDimensions();
      metric.addDimension(dimension, value);
      metric.addMetric(name, MetricUnit.Count, 1);
    } catch (error) {
      logger.warn('operations metric not emitted', { metric: name, error: (error as Error).name });
    }
  };
  return {
    deadlineBreached: (rule) => count(OPERATIONS_METRIC.deadlineBreached, 'rule', listed(rule, BREACH_RULES)),
    taskTimedOut: (taskType) =>
      count(OPERATIONS_METRIC.taskTimedOut, 'taskType', listed(taskType, TASK_TYPES)),
    messageBounced: (channel) =>
      count(OPERATIONS_METRIC.messageBounced, 'channel', listed(channel, ['email', 'sms'])),
    emergencyCall: (result) =>
      count(OPERATIONS_METRIC.emergencyCalls, 'result', listed(result, EMERGENCY_CALL_RESULTS)),
  };
}
