/**
 * The Amazon States Language the local engine runs: JSONata query language, the state types and fields the
 * project's state machines use. Anything else is refused when the definition is loaded, by name, so a
 * workflow can never silently behave differently on one machine than in AWS.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface Retrier {
  readonly ErrorEquals: readonly string[];
  readonly IntervalSeconds?: number;
  readonly MaxAttempts?: number;
  readonly BackoffRate?: number;
  readonly MaxDelaySeconds?: number;
  readonly JitterStrategy?: 'FULL' | 'NONE';
}

export interface Catcher {
  readonly ErrorEquals: readonly string[];
  readonly Next: string;
  readonly Output?: JsonValue;
  readonly Assign?: Record<string, JsonValue>;
}

interface Common {
  readonly Comment?: string;
  readonly QueryLanguage?: 'JSONata';
  readonly Output?: JsonValue;
  readonly Assign?: Record<string, JsonValue>;
  readonly Next?: string;
  readonly End?: boolean;
}

export interface TaskState extends Common {
  readonly Type: 'Task';
  readonly Resource: string;
  readonly Arguments?: JsonValue;
  readonly TimeoutSeconds?: number | string;
  readonly HeartbeatSeconds?: number | string;
  readonly Retry?: readonly Retrier[];
  readonly Catch?: readonly Catcher[];
}

export interface ChoiceRule {
  readonly Condition: string;
  readonly Next: string;
  readonly Output?: JsonValue;
  readonly Assign?: Record<string, JsonValue>;
  readonly Comment?: string;
}

export interface ChoiceState extends Omit<Common, 'Next' | 'End'> {
  readonly Type: 'Choice';
  readonly Choices: readonly ChoiceRule[];
  readonly Default?: string;
}

export interface WaitState extends Common {
  readonly Type: 'Wait';
  readonly Seconds?: number | string;
  readonly Timestamp?: string;
}

export interface PassState extends Common {
  readonly Type: 'Pass';
}

export interface SucceedState extends Omit<Common, 'Next' | 'End' | 'Assign'> {
  readonly Type: 'Succeed';
}

export interface FailState {
  readonly Type: 'Fail';
  readonly Comment?: string;
  readonly QueryLanguage?: 'JSONata';
  readonly Error?: string;
  readonly Cause?: string;
}

export type State = TaskState | ChoiceState | WaitState | PassState | SucceedState | FailState;

export interface StateMachineDefinition {
  readonly StartAt: string;
  readonly States: Readonly<Record<string, State>>;
  readonly QueryLanguage?: 'JSONata';
  readonly TimeoutSeconds?: number;
  readonly Comment?: string;
  readonly Version?: string;
}

/** The service integrations the engine runs. */
export const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';
export const LAMBDA_INVOKE_WAIT_FOR_TOKEN = 'arn:aws:states:::lambda:invoke.waitForTaskToken';
const SUPPORTED_RESOURCES = [LAMBDA_INVOKE, LAMBDA_INVOKE_WAIT_FOR_TOKEN];

/** The definition asks for something the local engine does not run. */
export class UnsupportedDefinitionError extends Error {
  override name = 'UnsupportedDefinitionError';
}

const COMMON = ['Type', 'Comment', 'QueryLanguage'];
const FLOW = ['Next', 'End'];
const ALLOWED_FIELDS: Record<State['Type'], readonly string[]> = {
  Task: [
    ...COMMON,
    ...FLOW,
    'Resource',
    'Arguments',
    'Output',
    'Assign',
    'TimeoutSeconds',
    'HeartbeatSeconds',
    'Retry',
    'Catch',
  ],
  Choice: [...COMMON, 'Choices', 'Default', 'Output', 'Assign'],
  Wait: [...COMMON, ...FLOW, 'Seconds', 'Timestamp', 'Output', 'Assign'],
  Pass: [...COMMON, ...FLOW, 'Output', 'Assign'],
  Succeed: [...COMMON, 'Output'],
  Fail: [...COMMON, 'Error', 'Cause'],
};
const TOP_LEVEL_FIELDS = ['StartAt', 'States', 'QueryLanguage', 'TimeoutSeconds', 'Comment', 'Version'];
const RETRIER_FIELDS = [
  'ErrorEquals',
  'IntervalSeconds',
  'MaxAttempts',
  'BackoffRate',
  'MaxDelaySeconds',
  'JitterStrategy',
  'Comment',
];
const CATCHER_FIELDS = ['ErrorEquals', 'Next', 'Output', 'Assign', 'Comment'];
const CHOICE_RULE_FIELDS = ['Condition', 'Next', 'Output', 'Assign', 'Comment'];

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Checks a definition against what the engine runs and returns it typed. Refuses, naming the state and
 * field, anything unsupported: JSONPath, Map, Parallel, other service integrations, unknown fields, and
 * transitions to states that do not exist.
 */
export function parseDefinition(machineName: string, source: string | unknown): StateMachineDefinition {
  const raw: unknown = typeof source === 'string' ? JSON.parse(source) : source;
  const refuse = (where: string, message: string): never => {
    throw new UnsupportedDefinitionError(`${machineName}: ${where}: ${message}`);
  };
  if (!isRecord(raw)) return refuse('definition', 'is not an object');
  for (const field of Object.keys(raw)) {
    if (!TOP_LEVEL_FIELDS.includes(field))
      refuse('definition', `field ${field} is not supported by the local engine`);
  }
  if (raw.QueryLanguage !== 'JSONata')
    refuse('QueryLanguage', 'must be JSONata (the engine does not run JSONPath)');
  if (typeof raw.StartAt !== 'string') refuse('StartAt', 'is required');
  if (!isRecord(raw.States)) return refuse('States', 'is required');
  const names = new Set(Object.keys(raw.States));
  if (!names.has(raw.StartAt as string)) refuse('StartAt', `names no state (${String(raw.StartAt)})`);
  const target = (state: string, field: string, next: unknown) => {
    if (typeof next !== 'string' || !names.has(next))
      refuse(`state "${state}"`, `${field} names no state (${String(next)})`);
  };
  const errorList = (state: string, field: string, value: unknown) => {
    if (!Array.isArray(value) || value.length === 0 || !value.every((e) => typeof e === 'string')) {
      refuse(`state "${state}"`, `${field}.ErrorEquals must be a non-empty list of error names`);
    }
  };
  for (const [name, state] of Object.entries(raw.States)) {
    if (!isRecord(state)) return refuse(`state "${name}"`, 'is not an object');
    const type = state.Type as string;
    const allowed = ALLOWED_FIELDS[type as State['Type']];
    if (!allowed) return refuse(`state "${name}"`, `type ${type} is not supported by the local engine`);
    for (const field of Object.keys(state)) {
      if (!allowed.includes(field))
        refuse(`state "${name}"`, `field ${field} is not supported on a ${type} state`);
    }
    if (state.QueryLanguage !== undefined && state.QueryLanguage !== 'JSONata') {
      refuse(`state "${name}"`, 'QueryLanguage must be JSONata');
    }
    if (type !== 'Choice' && type !== 'Succeed' && type !== 'Fail') {
      if (state.End === true) {
        if (state.Next !== undefined) refuse(`state "${name}"`, 'has both Next and End');
      } else target(name, 'Next', state.Next);
    }
    if (type === 'Task') {
      const resource = String(state.Resource).replace(/^arn:[^:]+:/, 'arn:aws:');
      if (!SUPPORTED_RESOURCES.includes(resource)) {
        refuse(`state "${name}"`, `Resource ${String(state.Resource)} is not supported by the local engine`);
      }
      for (const [i, retrier] of ((state.Retry as unknown[]) ?? []).entries()) {
        if (!isRecord(retrier)) return refuse(`state "${name}"`, `Retry[${i}] is not an object`);
        for (const field of Object.keys(retrier)) {
          if (!RETRIER_FIELDS.includes(field))
            refuse(`state "${name}"`, `Retry[${i}].${field} is not supported`);
        }
        errorList(name, `Retry[${i}]`, retrier.ErrorEquals);
      }
      for (const [i, catcher] of ((state.Catch as unknown[]) ?? []).entries()) {
        if (!isRecord(catcher)) return refuse(`state "${name}"`, `Catch[${i}] is not an object`);
        for (const field of Object.keys(catcher)) {
          if (!CATCHER_FIELDS.includes(field))
            refuse(`state "${name}"`, `Catch[${i}].${field} is not supported`);
        }
        errorList(name, `Catch[${i}]`, catcher.ErrorEquals);
        target(name, `Catch[${i}].Next`, catcher.Next);
      }
    }
    if (type === 'Choice') {
      if (!Array.isArray(state.Choices) || state.Choices.length === 0)
        refuse(`state "${name}"`, 'Choices must be a non-empty list');
      for (const [i, rule] of (state.Choices as unknown[]).entries()) {
        if (!isRecord(rule)) return refuse(`state "${name}"`, `Choices[${i}] is not an object`);
        for (const field of Object.keys(rule)) {
          if (!CHOICE_RULE_FIELDS.includes(field))
            refuse(`state "${name}"`, `Choices[${i}].${field} is not supported`);
        }
        if (typeof rule.Condition !== 'string')
          refuse(`state "${name}"`, `Choices[${i}].Condition is required`);
        target(name, `Choices[${i}].Next`, rule.Next);
      }
      if (state.Default !== undefined) target(name, 'Default', state.Default);
    }
    if (type === 'Wait' && (state.Seconds === undefined) === (state.Timestamp === undefined)) {
      refuse(`state "${name}"`, 'a Wait needs exactly one of Seconds or Timestamp');
    }
  }
  return raw as unknown as StateMachineDefinition;
}
