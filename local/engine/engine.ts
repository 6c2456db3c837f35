import type { Clock } from '../../shared/ports/clock.ts';
import { advanceExecution } from './advance.ts';
import {
  ExecutionChangedError,
  type ExecutionRecord,
  type ExecutionStore,
  type HistoryEvent,
  type ScheduleRecord,
  type TokenStatus,
} from './execution-store.ts';
import { type FunctionInvoker, type LoadedStateMachine, StateRunner } from './state-runner.ts';
import {
  describe,
  type ExecutionDescription,
  repeatedStart,
  type StartExecutionResult,
  StepFunctionsError,
  startable,
} from './step-functions-api.ts';
import { answerToken, type TokenAnswer } from './task-answers.ts';
import { startRecord, wakeOf, withWake } from './transitions.ts';

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
    const { machine, input } = startable(this.machines, request);
    const id = `${machine.name}:${request.name}`;
    const executionArn = executionArnOf(machine.arn, request.name);
    const now = this.clock.now();
    const record = startRecord(machine, { id, name: request.name, executionArn }, input, now);
    try {
      // The conditional write is the check: a second start with the same name finds the first.
      await this.store.write({ record, events: [] }, undefined);
    } catch (error) {
      if (!(error instanceof ExecutionChangedError)) throw error;
      const winner = await this.store.get(id);
      if (winner) return repeatedStart(winner, input);
      throw error;
    }
    this.nudge();
    return { executionArn, startDate: now, alreadyStarted: false };
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
    return describe(record);
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
    const { input } = startable(this.machines, { ...request, name: request.executionName });
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

  /**
   * Cancels a schedule that has not fired (EventBridge Scheduler's DeleteSchedule): it leaves the wake index
   * and is kept as cancelled, so making it again stays harmless. `not-found` when there is no such schedule
   * waiting: never made, cancelled before, or fired already.
   */
  async cancelSchedule(name: string): Promise<'cancelled' | 'not-found'> {
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name)) {
      throw new StepFunctionsError(
        'ValidationException',
        'a schedule name is 1 to 64 letters, digits, - _ or .',
      );
    }
    return (await this.store.cancelSchedule(name, this.clock.now().toISOString()))
      ? 'cancelled'
      : 'not-found';
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
      if (
        schedule &&
        schedule.firedAt === undefined &&
        schedule.cancelledAt === undefined &&
        schedule.at <= at
      )
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
    const advancing = advanceExecution(id, {
      store: this.store,
      clock: this.clock,
      runner: this.runner,
      machineOf: (record) => this.machineOf(record),
    }).finally(() => this.inFlight.delete(id));
    this.inFlight.set(id, advancing);
    return advancing;
  }

  /** Answers the task waiting on a token, exactly once (task-answers.ts). */
  private answer(token: string, status: TokenStatus, change: TokenAnswer): Promise<void> {
    return answerToken(
      { store: this.store, clock: this.clock, nudge: () => this.nudge() },
      token,
      status,
      change,
    );
  }
}
