import type { Clock } from '../../shared/ports/clock.ts';
import type { State } from './asl.ts';
import {
  ExecutionChangedError,
  type ExecutionRecord,
  type ExecutionStore,
  type HistoryEvent,
  type ScheduleRecord,
  type TokenStatus,
  type Transition,
} from './execution-store.ts';
import {
  decodeToken,
  type FunctionInvoker,
  isoPlus,
  type LoadedStateMachine,
  StateRunner,
  stateType,
  wakeOf,
  withWake,
} from './state-runner.ts';

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

/**
 * The project's durable Step Functions engine (docs/local-system.md): it runs JSONata state machines exactly
 * as synthesized, persisting every transition in DynamoDB with a conditional write, so a process killed at
 * any instant resumes each execution from its last persisted state, timers and task timeouts included.
 */
export class Engine {
  private readonly machines = new Map<string, LoadedStateMachine>();
  private readonly inFlight = new Map<string, Promise<number>>();
  private readonly store: ExecutionStore;
  private readonly clock: Clock;
  private readonly runner: StateRunner;
  private readonly concurrency: number;
  private readonly pollMs: number;
  private running = false;
  /** advanceTo holds the engine alone: the background loop waits, so no execution sees the clock jump. */
  private advancing = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private pending = false;

  constructor(options: EngineOptions) {
    this.store = options.store;
    this.clock = options.clock;
    this.concurrency = options.concurrency ?? 8;
    this.pollMs = options.pollMs ?? 1_000;
    this.runner = new StateRunner({
      invoke: options.invoke,
      random: options.random ?? Math.random,
      machineOf: (record) => this.machineOf(record),
    });
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
    return this.holding(async () => {
      let writes = await this.runDue();
      writes += await this.fireTimers(clock, async (next) => next > target);
      if (target > this.clock.now()) clock.set(target);
      return writes + (await this.runDue());
    });
  }

  /**
   * With a clock that can be set: fires timers in time order until `ready` says yes or none is left, and
   * resolves with its last answer. `ready` is asked while the engine is held — after what is due now has
   * run, and before the clock moves to each next timer — so nothing runs between its answer and the
   * move: a moment that lasts only until the next timer (a task open until its timeout) is never passed.
   */
  async advanceUntil(ready: () => Promise<boolean>, clock: { set(at: Date): void }): Promise<boolean> {
    return this.holding(async () => {
      await this.runDue();
      let answer = await ready();
      if (!answer) {
        await this.fireTimers(clock, async () => {
          answer = await ready();
          return answer;
        });
      }
      return answer;
    });
  }

  /** Runs `work` with the engine held: the background loop waits, and no execution is in flight. */
  private async holding<T>(work: () => Promise<T>): Promise<T> {
    this.advancing = true;
    try {
      await this.settle();
      return await work();
    } finally {
      this.advancing = false;
      this.nudge();
    }
  }

  /**
   * Moves the clock to each next timer in turn and runs what is then due, until `stop` (asked with the
   * next timer, before the clock moves) says so or no timer is left; resolves with the writes made.
   */
  private async fireTimers(
    clock: { set(at: Date): void },
    stop: (next: Date) => Promise<boolean>,
  ): Promise<number> {
    let writes = 0;
    for (;;) {
      const next = await this.store.nextWake();
      if (!next || (await stop(next))) return writes;
      if (next > this.clock.now()) clock.set(next);
      const made = await this.runDue();
      writes += made;
      if (made === 0 && next <= this.clock.now()) return writes;
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
      const step = await this.runner.step(record, now);
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
