import { randomBytes } from 'node:crypto';
import type { Clock } from '../../shared/ports/clock.ts';
import {
  type Catcher,
  type ChoiceState,
  type JsonValue,
  LAMBDA_INVOKE_WAIT_FOR_TOKEN,
  type State,
  type StateMachineDefinition,
  type TaskState,
  type WaitState,
} from './asl.ts';
import {
  ExecutionChangedError,
  type ExecutionRecord,
  type ExecutionStore,
  type HistoryEvent,
  type Phase,
  type ScheduleRecord,
  type TokenStatus,
  type Transition,
} from './execution-store.ts';
import { evaluateCondition, evaluateField, QueryEvaluationError, type Scope } from './jsonata-fields.ts';

/** A state machine the engine runs, as loaded from the synthesized template. */
export interface LoadedStateMachine {
  readonly arn: string;
  readonly name: string;
  readonly definition: StateMachineDefinition;
}

/** Calls a Lambda function in-process by its ARN; resolves with what the handler returned. */
export type FunctionInvoker = (functionArn: string, payload: unknown) => Promise<unknown>;

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

export interface EngineOptions {
  readonly store: ExecutionStore;
  readonly clock: Clock;
  readonly machines: readonly LoadedStateMachine[];
  readonly invoke: FunctionInvoker;
  /** Executions advanced at once. */
  readonly concurrency?: number;
  /** How often the background loop looks for due timers when nothing wakes it. */
  readonly pollMs?: number;
  /** For retry jitter; Math.random by default. */
  readonly random?: () => number;
}

interface ErrorInfo {
  readonly error: string;
  readonly cause: string;
}

const ACCOUNT = '000000000000';
const REGION = 'eu-west-2';
const MAX_STEPS_PER_RUN = 10_000;

/** The execution ARN for a state machine ARN and an execution name. */
export function executionArnOf(stateMachineArn: string, name: string): string {
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
}

/** The ARN a state machine has on this machine. */
export function localStateMachineArn(name: string): string {
  return `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${name}`;
}

const errorMatches = (names: readonly string[], error: string) =>
  names.some(
    (name) =>
      name === error ||
      name === 'States.ALL' ||
      (name === 'States.TaskFailed' && !error.startsWith('States.')) ||
      (name === 'States.Timeout' && error === 'States.HeartbeatTimeout'),
  );

const isoPlus = (at: Date, seconds: number) => new Date(at.getTime() + seconds * 1000).toISOString();
const minIso = (...values: Array<string | undefined>) =>
  values.filter((v): v is string => v !== undefined).sort()[0];

/**
 * The project's durable Step Functions engine (DESIGN 3 and 7): it runs JSONata state machines exactly
 * as synthesized, persisting every transition in DynamoDB with a conditional write, so a process killed at
 * any instant resumes each execution from its last persisted state, timers and task timeouts included.
 */
export class Engine {
  private readonly machines = new Map<string, LoadedStateMachine>();
  private readonly inFlight = new Map<string, Promise<number>>();
  private readonly store: ExecutionStore;
  private readonly clock: Clock;
  private readonly invoke: FunctionInvoker;
  private readonly concurrency: number;
  private readonly pollMs: number;
  private readonly random: () => number;
  private running = false;
  /** advanceTo holds the engine alone: the background loop waits, so no execution sees the clock jump. */
  private advancing = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private pending = false;

  constructor(options: EngineOptions) {
    this.store = options.store;
    this.clock = options.clock;
    this.invoke = options.invoke;
    this.concurrency = options.concurrency ?? 8;
    this.pollMs = options.pollMs ?? 1_000;
    this.random = options.random ?? Math.random;
    for (const machine of options.machines) this.machines.set(machine.arn, machine);
  }

  /** The state machines loaded, by name. */
  stateMachineArn(name: string): string {
    for (const machine of this.machines.values()) if (machine.name === name) return machine.arn;
    throw new StepFunctionsError('StateMachineDoesNotExist', `no state machine named ${name}`);
  }

  // --- The Step Functions operations ---------------------------------------------------------------

  async startExecution(request: {
    stateMachineArn: string;
    name: string;
    input?: string;
  }): Promise<StartExecutionResult> {
    const { machine, input } = this.startable(request);
    const id = `${machine.name}:${request.name}`;
    const executionArn = executionArnOf(machine.arn, request.name);
    const now = this.clock.now();
    const at = now.toISOString();
    const timeoutAt = machine.definition.TimeoutSeconds
      ? isoPlus(now, machine.definition.TimeoutSeconds)
      : undefined;
    const record: ExecutionRecord = {
      id,
      name: request.name,
      executionArn,
      stateMachineArn: machine.arn,
      input,
      status: 'RUNNING',
      startDate: at,
      seq: 1,
      transitions: 1,
      historyCount: 2,
      ...(timeoutAt ? { timeoutAt } : {}),
      phase: 'enter',
      state: machine.definition.StartAt,
      stateInput: input,
      enteredAt: at,
      variables: '{}',
      retryCounts: [],
      wakeAt: at,
      history: [
        { id: 1, timestamp: at, type: 'ExecutionStarted', details: { input } },
        {
          id: 2,
          timestamp: at,
          type: `${stateType(machine, machine.definition.StartAt)}StateEntered`,
          stateName: machine.definition.StartAt,
        },
      ],
      tokens: {},
    };
    try {
      // The conditional write is the check: a second start with the same name finds the first.
      await this.store.write({ record, events: [] }, undefined);
    } catch (error) {
      if (!(error instanceof ExecutionChangedError)) throw error;
      const winner = await this.store.get(id);
      if (winner) return this.repeatedStart(winner, input);
      throw error;
    }
    this.nudge();
    return { executionArn, startDate: now, alreadyStarted: false };
  }

  /** The machine and input of a start, or the refusal Step Functions would give it. */
  private startable(request: { stateMachineArn: string; name: string; input?: string }): {
    machine: LoadedStateMachine;
    input: string;
  } {
    const machine = this.machines.get(request.stateMachineArn);
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

  private repeatedStart(existing: ExecutionRecord, input: string): StartExecutionResult {
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

  async sendTaskSuccess(token: string, output: string): Promise<void> {
    try {
      JSON.parse(output);
    } catch {
      throw new StepFunctionsError('InvalidOutput', 'the task output is not JSON');
    }
    await this.answer(token, 'succeeded', (record, at) => ({
      record: { ...record, phase: 'answered', taskResult: output, wakeAt: at },
      event: { type: 'TaskSucceeded', details: { output } },
    }));
  }

  async sendTaskFailure(token: string, error = '', cause = ''): Promise<void> {
    await this.answer(token, 'failed', (record, at) => ({
      record: { ...record, phase: 'answered', taskFailure: { error, cause }, wakeAt: at },
      event: { type: 'TaskFailed', details: { error, cause } },
    }));
  }

  async sendTaskHeartbeat(token: string): Promise<void> {
    await this.answer(token, 'waiting', (record, at) => ({
      record: withWake({ ...record, lastHeartbeatAt: at }, wakeOf({ ...record, lastHeartbeatAt: at }, at)),
    }));
  }

  async describeExecution(executionArn: string): Promise<ExecutionDescription> {
    const record = await this.store.get(this.idOf(executionArn));
    if (!record) throw new StepFunctionsError('ExecutionDoesNotExist', `${executionArn} does not exist`);
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

  async getExecutionHistory(executionArn: string): Promise<HistoryEvent[]> {
    const id = this.idOf(executionArn);
    if (!(await this.store.get(id)))
      throw new StepFunctionsError('ExecutionDoesNotExist', `${executionArn} does not exist`);
    return this.store.history(id);
  }

  // --- One-time schedules (EventBridge Scheduler's stand-in) --------------------------------------------

  /**
   * Keeps a schedule that starts one execution at `at` (at the first run after it, if `at` has passed),
   * durably in the engine's table; a schedule of the same name already kept, fired or not, is left as it is.
   */
  async scheduleExecution(request: {
    name: string;
    at: Date;
    stateMachineArn: string;
    executionName: string;
    input?: string;
  }): Promise<'scheduled' | 'already-scheduled'> {
    const { input } = this.startable({ ...request, name: request.executionName });
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(request.name)) {
      throw new StepFunctionsError(
        'ValidationException',
        'a schedule name is 1 to 64 letters, digits, - _ or .',
      );
    }
    if (Number.isNaN(request.at.getTime()))
      throw new StepFunctionsError('ValidationException', 'the schedule has no valid time');
    const kept = await this.store.putSchedule({
      name: request.name,
      at: request.at.toISOString(),
      stateMachineArn: request.stateMachineArn,
      executionName: request.executionName,
      input,
    });
    this.nudge();
    return kept ? 'scheduled' : 'already-scheduled';
  }

  /** Starts a due schedule's execution, then marks the schedule fired; resolves with the writes made. */
  private async fire(schedule: ScheduleRecord, at: string): Promise<number> {
    let refused: string | undefined;
    let writes = 1;
    try {
      // A crash between this start and the mark below starts it again at the next run: the execution's
      // name makes that second start find the first (or ExecutionAlreadyExists once it has finished).
      const started = await this.startExecution({
        stateMachineArn: schedule.stateMachineArn,
        name: schedule.executionName,
        input: schedule.input,
      });
      if (!started.alreadyStarted) writes++;
    } catch (error) {
      if (!(error instanceof StepFunctionsError)) throw error;
      if (error.name !== 'ExecutionAlreadyExists') {
        // Refused for good (its state machine no longer loaded): kept with the error, never retried.
        refused = error.name;
        process.emitWarning(
          `engine: the schedule ${schedule.name} could not start its execution (${error.name})`,
        );
      }
    }
    await this.store.markScheduleFired(schedule.name, at, refused);
    return writes;
  }

  private async fireDue(names: readonly string[], yielding: () => boolean): Promise<number> {
    let writes = 0;
    for (const name of names) {
      if (yielding()) break;
      const at = this.clock.now().toISOString();
      const schedule = await this.store.getSchedule(name);
      if (schedule && schedule.firedAt === undefined && schedule.at <= at)
        writes += await this.fire(schedule, at);
    }
    return writes;
  }

  // --- Running -------------------------------------------------------------------------------------

  /**
   * Fires every schedule and advances every execution with something due now, until none has; resolves
   * with the writes made.
   */
  async runDue(): Promise<number> {
    return this.runDueWork(false);
  }

  private async runDueWork(background: boolean): Promise<number> {
    // The background loop gives way at once to advanceTo, which must hold the engine alone.
    const yielding = () => background && this.advancing;
    let writes = 0;
    for (;;) {
      if (yielding()) return writes;
      const work = await this.store.due(this.clock.now(), this.concurrency * 8);
      const due = work.executions.filter((id) => !this.inFlight.has(id));
      if (due.length === 0 && work.schedules.length === 0) return writes;
      // Schedules first: the executions they start join the next round, at the instant they fired.
      let progressed = await this.fireDue(work.schedules, yielding);
      let next = 0;
      const worker = async () => {
        while (next < due.length && !yielding()) {
          const id = due[next++] as string;
          progressed += await this.advance(id);
        }
      };
      await Promise.all(Array.from({ length: Math.min(this.concurrency, due.length) }, worker));
      writes += progressed;
      if (progressed === 0) return writes;
    }
  }

  /**
   * With a clock that can be set (a virtual clock): fires every timer and schedule due up to `target` in
   * time order, letting each execution run to its next wait, then leaves the clock at `target`.
   */
  async advanceTo(target: Date, clock: { set(at: Date): void }): Promise<number> {
    this.advancing = true;
    try {
      await this.settle();
      let writes = await this.runDue();
      for (;;) {
        const next = await this.store.nextWake();
        if (!next || next > target) break;
        if (next > this.clock.now()) clock.set(next);
        const made = await this.runDue();
        writes += made;
        if (made === 0 && next <= this.clock.now()) break;
      }
      if (target > this.clock.now()) clock.set(target);
      return writes + (await this.runDue());
    } finally {
      this.advancing = false;
      this.nudge();
    }
  }

  /** Waits until no execution is being advanced. */
  private async settle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight.values()]);
  }

  /** Runs in the background: due work as soon as it is due, and at once when an operation wakes it. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        this.pending = false;
        try {
          await this.runDueWork(true);
        } catch (error) {
          process.emitWarning(`engine: ${(error as Error).message}`);
        }
        if (!this.running) break;
        if (this.pending) continue;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.pollMs);
          this.wakeUp = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wakeUp = undefined;
      }
    })();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wakeUp?.();
    await this.loop;
    this.loop = undefined;
  }

  private nudge(): void {
    this.pending = true;
    this.wakeUp?.();
  }

  private idOf(executionArn: string): string {
    const match = /:execution:([^:]+):([^:]+)$/.exec(executionArn);
    if (!match) throw new StepFunctionsError('InvalidArn', `${executionArn} is not an execution ARN`);
    return `${match[1]}:${match[2]}`;
  }

  private machineOf(record: ExecutionRecord): LoadedStateMachine {
    const machine = this.machines.get(record.stateMachineArn);
    if (!machine)
      throw new Error(`the state machine ${record.stateMachineArn} of ${record.id} is not loaded`);
    return machine;
  }

  /** Moves one execution on as far as it can go now; resolves with the number of writes made. */
  private advance(id: string): Promise<number> {
    if (this.inFlight.has(id)) return Promise.resolve(0);
    const advancing = this.advanceNow(id).finally(() => this.inFlight.delete(id));
    this.inFlight.set(id, advancing);
    return advancing;
  }

  private async advanceNow(id: string): Promise<number> {
    let steps = 0;
    let record = await this.store.get(id);
    // The seq of the record as stored; a Pass or Choice moves only the record in memory (below).
    let storedSeq = record?.seq;
    let unwritten: Transition | undefined;
    for (let n = 0; record && record.status === 'RUNNING' && n < MAX_STEPS_PER_RUN; n++) {
      const now = this.clock.now();
      const step = await this.step(record, now);
      if (!step) break;
      const transition = persistable(record, step);
      steps++;
      // A Pass or Choice has no effect outside the execution and gives the same answer when run again, so
      // it is written with the next step rather than on its own: after a crash it is simply run again.
      if (this.movesOnlyInMemory(record, transition)) {
        unwritten = transition;
        record = transition.record;
        continue;
      }
      try {
        await this.store.write(transition, storedSeq);
        storedSeq = transition.record.seq;
        unwritten = undefined;
        record = transition.record;
      } catch (error) {
        if (!(error instanceof ExecutionChangedError)) throw error;
        unwritten = undefined;
        record = await this.store.get(id);
        storedSeq = record?.seq;
      }
    }
    if (unwritten) {
      try {
        await this.store.write(unwritten, storedSeq);
      } catch (error) {
        // Another writer moved the execution meanwhile: theirs stands, and the Pass or Choice is run again.
        if (!(error instanceof ExecutionChangedError)) throw error;
      }
    }
    return steps;
  }

  /** Whether a step ran a Pass or Choice state and left the execution running into its next state. */
  private movesOnlyInMemory(before: ExecutionRecord, transition: Transition): boolean {
    if (before.phase !== 'enter' || transition.spill || transition.token) return false;
    const type = (this.machineOf(before).definition.States[before.state] as State | undefined)?.Type;
    const after = transition.record;
    return (type === 'Pass' || type === 'Choice') && after.status === 'RUNNING' && after.phase === 'enter';
  }

  /** What happens next to an execution at `now`, as a transition to persist; undefined if nothing is due. */
  private async step(record: ExecutionRecord, now: Date): Promise<Transition | undefined> {
    const at = now.toISOString();
    if (record.timeoutAt && at >= record.timeoutAt) {
      return this.finish(record, at, 'TIMED_OUT', {
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
            return await this.fail(cleared, machine, state as TaskState, scope, at, taskFailure);
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
        return this.fail(record, machine, state, scope, at, { error: error.name, cause: error.message });
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
            RoleArn: `arn:aws:iam::${ACCOUNT}:role/local-engine`,
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
        const ended = this.finish(record, at, 'SUCCEEDED', undefined, output);
        return {
          ...ended,
          events: [{ timestamp: at, type: 'SucceedStateExited', stateName: record.state }, ...ended.events],
        };
      }
      case 'Fail': {
        const error = state.Error === undefined ? undefined : await evaluateField(state.Error, scope);
        const cause = state.Cause === undefined ? undefined : await evaluateField(state.Cause, scope);
        return this.finish(record, at, 'FAILED', { error: String(error ?? ''), cause: String(cause ?? '') });
      }
      case 'Choice':
        return this.choose(record, machine, state, scope, at);
      case 'Wait': {
        const until = await this.waitUntil(state, scope, record.enteredAt);
        if (until <= at) return this.leave(record, machine, state, scope, at, input, []);
        return {
          record: this.next(record, { phase: 'waiting', wakeAt: minIso(until, record.timeoutAt) as string }),
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
    return this.fail(record, machine, state, scope, at, {
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
        ...this.next(record, { phase: 'awaiting-token', wakeAt: at }),
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
    if ('error' in outcome) return this.fail(record, machine, state, scope, at, outcome);
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
        const failed = await this.fail(record, machine, state, scope, at, outcome);
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
    const failed = await this.fail(
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
      const ended = this.finish({ ...record, variables }, at, 'SUCCEEDED', undefined, output);
      return { ...ended, events: [...exited, ...ended.events] };
    }
    return this.transitionTo(record, machine, withFlow.Next as string, output, variables, at, exited);
  }

  private transitionTo(
    record: ExecutionRecord,
    machine: LoadedStateMachine,
    next: string,
    input: unknown,
    variables: string,
    at: string,
    events: Transition['events'],
  ): Transition {
    const entered: ExecutionRecord = {
      ...withoutTask(record),
      transitions: record.transitions + 1,
      phase: 'enter',
      state: next,
      stateInput: JSON.stringify(input ?? null),
      enteredAt: at,
      variables,
      retryCounts: [],
      wakeAt: at,
    };
    const all = [
      ...events,
      { timestamp: at, type: `${stateType(machine, next)}StateEntered`, stateName: next },
    ];
    return { record: entered, events: all };
  }

  /** The same state, a new phase. */
  private next(record: ExecutionRecord, change: { phase: Phase; wakeAt: string }): ExecutionRecord {
    return { ...record, phase: change.phase, wakeAt: change.wakeAt };
  }

  /** An error in the current state: its Retry, then its Catch, or the execution fails. */
  private async fail(
    record: ExecutionRecord,
    machine: LoadedStateMachine,
    state: State,
    scope: Scope,
    at: string,
    failure: ErrorInfo,
    events: Transition['events'] = [],
  ): Promise<Transition> {
    const task = state.Type === 'Task' ? state : undefined;
    const failed = [
      ...events,
      { timestamp: at, type: 'TaskFailed', stateName: record.state, details: { error: failure.error } },
    ];
    const retriers = task?.Retry ?? [];
    const index = retriers.findIndex((retrier) => errorMatches(retrier.ErrorEquals, failure.error));
    const retrier = retriers[index];
    if (retrier) {
      // Dense, one count per retrier: a sparse array loses its holes on the way through DynamoDB, which
      // would shift the counts of every retrier after the first.
      const counts = retriers.map((_, i) => record.retryCounts[i] ?? 0);
      const done = counts[index] ?? 0;
      if (done < (retrier.MaxAttempts ?? 3)) {
        let delay = (retrier.IntervalSeconds ?? 1) * (retrier.BackoffRate ?? 2) ** done;
        if (retrier.MaxDelaySeconds !== undefined) delay = Math.min(delay, retrier.MaxDelaySeconds);
        if (retrier.JitterStrategy === 'FULL') delay *= this.random();
        counts[index] = done + 1;
        const retrying: ExecutionRecord = {
          ...withoutTask(record),
          transitions: record.transitions + 1,
          phase: 'retrying',
          retryCounts: counts,
          wakeAt: minIso(isoPlus(new Date(at), delay), record.timeoutAt) as string,
        };
        return { record: retrying, events: failed };
      }
    }
    const catcher = (task?.Catch ?? []).find((c: Catcher) => errorMatches(c.ErrorEquals, failure.error));
    if (catcher) {
      const errorOutput = { Error: failure.error, Cause: failure.cause };
      const catchScope: Scope = { ...scope, states: { ...scope.states, errorOutput } };
      const assigned = catcher.Assign
        ? ((await evaluateField(catcher.Assign, catchScope)) as Record<string, unknown>)
        : {};
      const output =
        catcher.Output === undefined ? errorOutput : await evaluateField(catcher.Output, catchScope);
      const variables = JSON.stringify({ ...scope.variables, ...assigned });
      return this.transitionTo(record, machine, catcher.Next, output, variables, at, [
        ...failed,
        { timestamp: at, type: `${state.Type}StateExited`, stateName: record.state },
      ]);
    }
    const ended = this.finish(record, at, 'FAILED', failure);
    return { ...ended, events: [...failed, ...ended.events] };
  }

  private finish(
    record: ExecutionRecord,
    at: string,
    status: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT',
    failure?: ErrorInfo,
    output?: unknown,
  ): Transition {
    const { wakeAt: _w, ...rest } = withoutTask(record);
    const type =
      status === 'SUCCEEDED'
        ? 'ExecutionSucceeded'
        : status === 'FAILED'
          ? 'ExecutionFailed'
          : 'ExecutionTimedOut';
    const events = [{ timestamp: at, type, ...(failure ? { details: { error: failure.error } } : {}) }];
    return {
      record: {
        ...rest,
        status,
        phase: 'done',
        stopDate: at,
        ...(status === 'SUCCEEDED' ? { output: JSON.stringify(output ?? null) } : {}),
        ...(failure ? { error: failure.error, cause: failure.cause } : {}),
      },
      events,
      ...(record.token && record.phase === 'awaiting-token'
        ? { token: { token: record.token, status: 'timed-out' as const } }
        : {}),
    };
  }

  /** Answers the task waiting on a token, exactly once; refuses a token that is forged, spent or late. */
  private async answer(
    token: string,
    status: TokenStatus,
    change: (
      record: ExecutionRecord,
      at: string,
    ) => { record: ExecutionRecord; event?: { type: string; details?: Record<string, unknown> } },
  ): Promise<void> {
    const decoded = decodeToken(token);
    if (!decoded)
      throw new StepFunctionsError('InvalidToken', 'the task token is not one this engine issued');
    for (let attempt = 0; attempt < 5; attempt++) {
      const record = await this.store.get(decoded.execution);
      const known = record?.tokens[decoded.nonce];
      if (!record || !known)
        throw new StepFunctionsError('TaskDoesNotExist', 'no task is waiting on this token');
      if (known === 'timed-out') throw new StepFunctionsError('TaskTimedOut', 'the task timed out');
      if (known !== 'waiting')
        throw new StepFunctionsError('TaskDoesNotExist', 'the task has already been answered');
      if (record.status !== 'RUNNING' || record.phase !== 'awaiting-token' || record.token !== token) {
        throw new StepFunctionsError('TaskDoesNotExist', 'no task is waiting on this token');
      }
      const at = this.clock.now().toISOString();
      const deadline = wakeOf({ ...record, invoked: true }, at);
      if (deadline !== undefined && deadline <= at) {
        // Past its deadline: the engine will time it out; the answer is too late, as in Step Functions.
        this.nudge();
        throw new StepFunctionsError('TaskTimedOut', 'the task timed out');
      }
      const changed = change(record, at);
      const events = changed.event ? [{ timestamp: at, stateName: record.state, ...changed.event }] : [];
      try {
        await this.store.write(
          persistable(record, {
            record: changed.record,
            events,
            ...(status === 'waiting' ? {} : { token: { token, status } }),
          }),
          record.seq,
        );
        this.nudge();
        return;
      } catch (error) {
        if (!(error instanceof ExecutionChangedError)) throw error;
      }
    }
    throw new StepFunctionsError(
      'TaskDoesNotExist',
      'the task changed while it was being answered; try again',
    );
  }
}

/** History events kept on the execution item before older ones are moved to a history item. */
const HISTORY_ON_ITEM = 100;

/**
 * The write that follows the one read: its sequence number and history ids continue from it, its events
 * join the history on the item (the older ones moved off when it grows long), its token's fate is kept.
 */
function persistable(previous: ExecutionRecord, step: Transition): Transition {
  const first = previous.historyCount + 1;
  const events = step.events.map((event, i) => ({ ...event, id: first + i }));
  const spill =
    previous.history.length > 0 && previous.history.length + events.length > HISTORY_ON_ITEM
      ? previous.history
      : undefined;
  const nonce = step.token ? decodeToken(step.token.token)?.nonce : undefined;
  return {
    ...step,
    record: {
      ...step.record,
      seq: previous.seq + 1,
      historyCount: previous.historyCount + events.length,
      history: spill ? events : [...previous.history, ...events],
      tokens: nonce && step.token ? { ...previous.tokens, [nonce]: step.token.status } : previous.tokens,
    },
    ...(spill ? { spill } : {}),
  };
}

/** A task token: opaque to its holder, it names the execution and a nonce the execution keeps. */
function encodeToken(execution: string, nonce: string): string {
  return Buffer.from(JSON.stringify({ e: execution, n: nonce })).toString('base64url');
}

function decodeToken(token: string): { execution: string; nonce: string } | undefined {
  try {
    const decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
      e?: unknown;
      n?: unknown;
    };
    return typeof decoded?.e === 'string' && typeof decoded.n === 'string'
      ? { execution: decoded.e, nonce: decoded.n }
      : undefined;
  } catch {
    return undefined;
  }
}

/** The record with its wake-up time set, or cleared when it has none. */
function withWake(record: ExecutionRecord, wakeAt: string | undefined): ExecutionRecord {
  const { wakeAt: _previous, ...rest } = record;
  return wakeAt === undefined ? rest : { ...rest, wakeAt };
}

/** The record without the current task's token, arguments and answer. */
function withoutTask(record: ExecutionRecord): ExecutionRecord {
  const {
    token: _t,
    invoked: _i,
    taskArguments: _a,
    taskResult: _r,
    taskFailure: _f,
    tokenTimeoutAt: _o,
    heartbeatSeconds: _h,
    lastHeartbeatAt: _l,
    ...rest
  } = record;
  return rest;
}

/** When a task waiting on its token next needs the engine: now if not yet invoked, else its deadline. */
function wakeOf(record: ExecutionRecord, at: string): string | undefined {
  if (!record.invoked) return at;
  const heartbeat =
    record.heartbeatSeconds === undefined
      ? undefined
      : isoPlus(new Date(record.lastHeartbeatAt ?? record.enteredAt), record.heartbeatSeconds);
  return minIso(record.tokenTimeoutAt, heartbeat, record.timeoutAt);
}

function stateType(machine: LoadedStateMachine, name: string): string {
  return machine.definition.States[name]?.Type ?? 'Unknown';
}
