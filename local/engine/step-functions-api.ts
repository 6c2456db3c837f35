import type { ExecutionRecord } from './execution-store.ts';
import type { LoadedStateMachine } from './state-runner.ts';

/**
 * The engine's operations as Step Functions gives them: the errors, named as Step Functions names them, the
 * answers, and the refusals of a start that are given before anything is written.
 */

/** Errors named as Step Functions names them, so callers handle both the same way. */
export class StepFunctionsError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

export interface StartExecutionResult {
  readonly executionArn: string;
  readonly startDate: Date;
  /** The same name and input were started before: this is that execution (Step Functions' idempotency). */
  readonly alreadyStarted: boolean;
}

export interface ExecutionDescription {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  readonly status: ExecutionRecord['status'];
  readonly startDate: Date;
  readonly stopDate?: Date;
  readonly input: string;
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
  /** Where the execution is now (local extension; not in the Step Functions response). */
  readonly currentState?: string;
  readonly stateTransitions: number;
}

/** An execution as DescribeExecution describes it. */
export function describe(record: ExecutionRecord): ExecutionDescription {
  return {
    executionArn: record.executionArn,
    stateMachineArn: record.stateMachineArn,
    name: record.name,
    status: record.status,
    startDate: new Date(record.startDate),
    ...(record.stopDate ? { stopDate: new Date(record.stopDate) } : {}),
    input: record.input,
    ...(record.output === undefined ? {} : { output: record.output }),
    ...(record.error === undefined ? {} : { error: record.error }),
    ...(record.cause === undefined ? {} : { cause: record.cause }),
    ...(record.status === 'RUNNING' ? { currentState: record.state } : {}),
    stateTransitions: record.transitions,
  };
}

/** The machine and input of a start, or the refusal Step Functions would give it. */
export function startable(
  machines: ReadonlyMap<string, LoadedStateMachine>,
  request: { stateMachineArn: string; name: string; input?: string },
): { machine: LoadedStateMachine; input: string } {
  const machine = machines.get(request.stateMachineArn);
  if (!machine)
    throw new StepFunctionsError('StateMachineDoesNotExist', `${request.stateMachineArn} does not exist`);
  if (!/^[A-Za-z0-9_.-]{1,80}$/.test(request.name)) {
    throw new StepFunctionsError('InvalidName', 'an execution name is 1 to 80 letters, digits, - _ or .');
  }
  const input = request.input ?? '{}';
  try {
    JSON.parse(input);
  } catch {
    throw new StepFunctionsError('InvalidExecutionInput', 'the execution input is not JSON');
  }
  return { machine, input };
}

/** A second start of an execution's name, answered as Step Functions answers it. */
export function repeatedStart(existing: ExecutionRecord, input: string): StartExecutionResult {
  // Step Functions: the same name and input while running answers with that execution; otherwise it is refused.
  if (existing.status === 'RUNNING' && existing.input === input) {
    return {
      executionArn: existing.executionArn,
      startDate: new Date(existing.startDate),
      alreadyStarted: true,
    };
  }
  throw new StepFunctionsError(
    'ExecutionAlreadyExists',
    `an execution named ${existing.name} already exists`,
  );
}
