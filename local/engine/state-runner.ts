import { randomBytes } from 'node:crypto';
import {
  type ChoiceState,
  type JsonValue,
  LAMBDA_INVOKE_WAIT_FOR_TOKEN,
  type State,
  type StateMachineDefinition,
  type TaskState,
  type WaitState,
} from './asl.ts';
import type { ExecutionRecord, Transition } from './execution-store.ts';
import { evaluateCondition, evaluateField, QueryEvaluationError, type Scope } from './jsonata-fields.ts';
import { failState } from './retry-and-catch.ts';
import { encodeToken } from './task-tokens.ts';
import {
  type ErrorInfo,
  finish,
  isoPlus,
  minIso,
  nextPhase,
  transitionTo,
  wakeOf,
  withoutTask,
  withWake,
} from './transitions.ts';

/** A state machine the engine runs, as loaded from the synthesized template. */
export interface LoadedStateMachine {
  readonly arn: string;
  readonly name: string;
  readonly definition: StateMachineDefinition;
}

/** Calls a Lambda function in-process by its ARN; resolves with what the handler returned. */
export type FunctionInvoker = (functionArn: string, payload: unknown) => Promise<unknown>;

/**
 * What each state of an Amazon States Language machine does (JSONata query language): given an execution
 * as it was last written and the moment, the transition it makes next. It calls the task's functions but
 * writes nothing; the Engine decides when each execution steps and persists what this returns.
 */
export class StateRunner {
  private readonly invoke: FunctionInvoker;
  private readonly random: () => number;
  private readonly machineOf: (record: ExecutionRecord) => LoadedStateMachine;

  constructor(options: {
    readonly invoke: FunctionInvoker;
    /** For retry jitter. */
    readonly random: () => number;
    /** The state machine an execution runs. */
    readonly machineOf: (record: ExecutionRecord) => LoadedStateMachine;
  }) {
    this.invoke = options.invoke;
    this.random = options.random;
    this.machineOf = options.machineOf;
  }

  /** What happens next to an execution at `now`, as a transition to persist; undefined if nothing is due. */
  async step(record: ExecutionRecord, now: Date): Promise<Transition | undefined> {
    const at = now.toISOString();
    if (record.timeoutAt && at >= record.timeoutAt) {
      return finish(record, at, 'TIMED_OUT', {
        error: 'States.Timeout',
        cause: 'the execution ran past its TimeoutSeconds',
      });
    }
    if (record.wakeAt === undefined || record.wakeAt > at) return undefined;
    const machine = this.machineOf(record);
    const state = machine.definition.States[record.state] as State;
    const scope = this.scope(record, machine, now);
    try {
      switch (record.phase) {
        case 'enter':
          return await this.enter(record, machine, state, scope, at);
        case 'waiting':
          return await this.leave(
            record,
            machine,
            state as WaitState,
            scope,
            at,
            JSON.parse(record.stateInput),
            [],
          );
        case 'retrying':
          return await this.enter(record, machine, state, scope, at);
        case 'awaiting-token':
          return await this.awaitToken(record, machine, state as TaskState, scope, at);
        case 'answered': {
          const { taskFailure, taskResult } = record;
          const cleared = withoutTask(record);
          if (taskFailure)
            return await failState(this.random, cleared, machine, state as TaskState, scope, at, taskFailure);
          const result = JSON.parse(taskResult ?? 'null');
          return await this.leave(
            cleared,
            machine,
            state as TaskState,
            { ...scope, states: { ...scope.states, result } },
            at,
            result,
            [],
          );
        }
        default:
          return undefined;
      }
    } catch (error) {
      if (error instanceof QueryEvaluationError) {
        return failState(this.random, record, machine, state, scope, at, {
          error: error.name,
          cause: error.message,
        });
      }
      throw error;
    }
  }

  private scope(record: ExecutionRecord, machine: LoadedStateMachine, now: Date): Scope {
    const retryCount = record.retryCounts.reduce((sum, n) => sum + n, 0);
    return {
      now,
      variables: JSON.parse(record.variables) as Record<string, unknown>,
      states: {
        input: JSON.parse(record.stateInput),
        context: {
          Execution: {
            Id: record.executionArn,
            Name: record.name,
            StartTime: record.startDate,
            Input: JSON.parse(record.input),
            RoleArn: `arn:aws:iam::${machine.arn.split(':')[4]}:role/local-engine`,
            RedriveCount: 0,
          },
          State: { EnteredTime: record.enteredAt, Name: record.state, RetryCount: retryCount },
          StateMachine: { Id: machine.arn, Name: machine.name },
          ...(record.token ? { Task: { Token: record.token } } : {}),
        },
      },
    };
  }

  /** Runs the current state from its start. */
  private async enter(
    record: ExecutionRecord,
    machine: LoadedStateMachine,
    state: State,
    scope: Scope,
    at: string,
  ): Promise<Transition> {
    const input = scope.states.input;
    switch (state.Type) {
      case 'Pass':
        return this.leave(record, machine, state, scope, at, input, []);
      case 'Succeed': {
        const output = state.Output === undefined ? input : await evaluateField(state.Output, scope);
        const ended = finish(record, at, 'SUCCEEDED', undefined, output);
        return {
          ...ended,
          events: [{ timestamp: at, type: 'SucceedStateExited', stateName: record.state }, ...ended.events],
        };
      }
      case 'Fail': {
        const error = state.Error === undefined ? undefined : await evaluateField(state.Error, scope);
        const cause = state.Cause === undefined ? undefined : await evaluateField(state.Cause, scope);
        return finish(record, at, 'FAILED', { error: String(error ?? ''), cause: String(cause ?? '') });
      }
      case 'Choice':
        return this.choose(record, machine, state, scope, at);
      case 'Wait': {
        const until = await this.waitUntil(state, scope, record.enteredAt);
        if (until <= at) return this.leave(record, machine, state, scope, at, input, []);
        return {
          record: nextPhase(record, { phase: 'waiting', wakeAt: minIso(until, record.timeoutAt) as string }),
          events: [],
        };
      }
      case 'Task':
        return this.runTask(record, machine, state, scope, at);
    }
  }

  private async waitUntil(state: WaitState, scope: Scope, enteredAt: string): Promise<string> {
    if (state.Timestamp !== undefined) {
      const value = await evaluateField(state.Timestamp, scope);
      const when = typeof value === 'string' ? new Date(value) : new Date(Number.NaN);
      if (Number.isNaN(when.getTime()))
        throw new QueryEvaluationError(`Timestamp ${JSON.stringify(value)} is not a date and time`);
      return when.toISOString();
    }
    const seconds = Number(await evaluateField(state.Seconds as JsonValue, scope));
    if (!Number.isFinite(seconds) || seconds < 0)
      throw new QueryEvaluationError('Seconds must be a number of seconds, 0 or more');
    return isoPlus(new Date(enteredAt), seconds);
  }

  private async choose(
    record: ExecutionRecord,
    machine: LoadedStateMachine,
    state: ChoiceState,
    scope: Scope,
    at: string,
  ): Promise<Transition> {
    for (const rule of state.Choices) {
      if (await evaluateCondition(rule.Condition, scope)) {
        const chosen = {
          ...state,
          Next: rule.Next,
          Output: rule.Output ?? state.Output,
          Assign: rule.Assign ?? state.Assign,
        };
        return this.leave(record, machine, chosen as unknown as State, scope, at, scope.states.input, []);
      }
    }
    if (state.Default) {
      return this.leave(
        record,
        machine,
        { ...state, Next: state.Default } as unknown as State,
        scope,
        at,
        scope.states.input,
        [],
      );
    }
    return failState(this.random, record, machine, state, scope, at, {
      error: 'States.NoChoiceMatched',
      cause: `no choice rule of "${record.state}" matched and it has no Default`,
    });
  }

  private async runTask(
    record: ExecutionRecord,
    machine: LoadedStateMachine,
    state: TaskState,
    scope: Scope,
    at: string,
  ): Promise<Transition> {
    if (state.Resource.endsWith(LAMBDA_INVOKE_WAIT_FOR_TOKEN.slice('arn:aws'.length))) {
      const token = encodeToken(record.id, randomBytes(12).toString('hex'));
      const withToken: Scope = {
        ...scope,
        states: {
          ...scope.states,
          context: { ...(scope.states.context as object), Task: { Token: token } },
        },
      };
      const args = await evaluateField(state.Arguments, withToken);
      const timeout =
        state.TimeoutSeconds === undefined
          ? undefined
          : await this.seconds(state.TimeoutSeconds, withToken, 'TimeoutSeconds');
      const heartbeat =
        state.HeartbeatSeconds === undefined
          ? undefined
          : await this.seconds(state.HeartbeatSeconds, withToken, 'HeartbeatSeconds');
      const tokenTimeoutAt = timeout === undefined ? undefined : isoPlus(new Date(at), timeout);
      const waiting: ExecutionRecord = {
        ...nextPhase(record, { phase: 'awaiting-token', wakeAt: at }),
        token,
        invoked: false,
        taskArguments: JSON.stringify(args),
        lastHeartbeatAt: at,
        ...(tokenTimeoutAt ? { tokenTimeoutAt } : {}),
        ...(heartbeat === undefined ? {} : { heartbeatSeconds: heartbeat }),
      };
      return {
        record: waiting,
        events: [
          {
            timestamp: at,
            type: 'TaskScheduled',
            stateName: record.state,
            details: { resource: state.Resource },
          },
        ],
        token: { token, status: 'waiting' },
      };
    }
    const args = (await evaluateField(state.Arguments, scope)) as {
      FunctionName?: string;
      Payload?: unknown;
    };
    const outcome = await this.callFunction(args);
    if ('error' in outcome) return failState(this.random, record, machine, state, scope, at, outcome);
    const result = { ExecutedVersion: '$LATEST', Payload: outcome.payload, StatusCode: 200 };
    return this.leave(record, machine, state, { ...scope, states: { ...scope.states, result } }, at, result, [
      { timestamp: at, type: 'TaskSucceeded', stateName: record.state },
    ]);
  }

  private async seconds(value: number | string, scope: Scope, field: string): Promise<number> {
    const seconds = Number(await evaluateField(value, scope));
    if (!Number.isInteger(seconds) || seconds < 1)
      throw new QueryEvaluationError(`${field} must be a whole number of seconds, 1 or more`);
    return seconds;
  }

  private async callFunction(args: {
    FunctionName?: string;
    Payload?: unknown;
  }): Promise<{ payload: unknown } | ErrorInfo> {
    if (typeof args?.FunctionName !== 'string')
      return { error: 'States.Runtime', cause: 'the task has no FunctionName' };
    try {
      const payload = await this.invoke(args.FunctionName, args.Payload ?? {});
      return { payload: payload === undefined ? null : JSON.parse(JSON.stringify(payload)) };
    } catch (error) {
      const name = (error as Error)?.name || 'Error';
      // Lambda reports an unhandled error as its type and message; the message holds no personal data.
      return {
        error: name,
        cause: JSON.stringify({ errorType: name, errorMessage: (error as Error)?.message ?? String(error) }),
      };
    }
  }

  /** A task waiting on its token: invoke its function if not yet done, or time it out. */
  private async awaitToken(
    record: ExecutionRecord,
    machine: LoadedStateMachine,
    state: TaskState,
    scope: Scope,
    at: string,
  ): Promise<Transition> {
    const token = record.token as string;
    if (!record.invoked) {
      // At least once, as Lambda is: a restart between the write and this call calls the function again.
      const outcome = await this.callFunction(JSON.parse(record.taskArguments ?? '{}'));
      if ('error' in outcome) {
        const failed = await failState(this.random, record, machine, state, scope, at, outcome);
        return { ...failed, token: { token, status: 'failed' } };
      }
      const invoked = { ...record, invoked: true };
      return {
        record: withWake(invoked, wakeOf(invoked, at)),
        events: [{ timestamp: at, type: 'TaskSubmitted', stateName: record.state }],
      };
    }
    const heartbeatDeadline =
      record.heartbeatSeconds === undefined
        ? undefined
        : isoPlus(new Date(record.lastHeartbeatAt ?? record.enteredAt), record.heartbeatSeconds);
    const error =
      heartbeatDeadline !== undefined &&
      heartbeatDeadline <= at &&
      (!record.tokenTimeoutAt || heartbeatDeadline < record.tokenTimeoutAt)
        ? 'States.HeartbeatTimeout'
        : 'States.Timeout';
    const cleared = withoutTask(record);
    const failed = await failState(
      this.random,
      cleared,
      machine,
      state,
      scope,
      at,
      { error, cause: 'the task was not answered in time' },
      [{ timestamp: at, type: 'TaskTimedOut', stateName: record.state, details: { error } }],
    );
    return { ...failed, token: { token, status: 'timed-out' } };
  }

  /** Leaves the current state with its output: Assign and Output evaluated, then the next state or the end. */
  private async leave(
    record: ExecutionRecord,
    machine: LoadedStateMachine,
    state: State,
    scope: Scope,
    at: string,
    defaultOutput: unknown,
    events: Transition['events'],
  ): Promise<Transition> {
    const withFlow = state as {
      Assign?: Record<string, JsonValue>;
      Output?: JsonValue;
      Next?: string;
      End?: boolean;
    };
    // Assign and Output see the variables as they were when the state began (Step Functions' rule).
    const assigned = withFlow.Assign
      ? ((await evaluateField(withFlow.Assign, scope)) as Record<string, unknown>)
      : {};
    const output =
      withFlow.Output === undefined ? defaultOutput : await evaluateField(withFlow.Output, scope);
    const variables = JSON.stringify({ ...scope.variables, ...assigned });
    const exited = [...events, { timestamp: at, type: `${state.Type}StateExited`, stateName: record.state }];
    if (withFlow.End || state.Type === 'Succeed') {
      const ended = finish({ ...record, variables }, at, 'SUCCEEDED', undefined, output);
      return { ...ended, events: [...exited, ...ended.events] };
    }
    return transitionTo(record, machine, withFlow.Next as string, output, variables, at, exited);
  }
}
