import type { ExecutionRecord, Phase, Transition } from './execution-store.ts';
import type { LoadedStateMachine } from './state-runner.ts';
import { decodeToken } from './task-tokens.ts';

/**
 * The records an execution moves through, as transitions: its start, into its next state, to a new phase of
 * the same state, to its end; when a task waiting on its token next needs the engine; and each transition
 * made ready to be written after the record it follows. Pure: nothing here calls a function or writes.
 */

/** An error a state raised, as Step Functions names it and its cause. */
export interface ErrorInfo {
  readonly error: string;
  readonly cause: string;
}

/** The instant `seconds` after `at`, as ISO 8601. */
export const isoPlus = (at: Date, seconds: number) => new Date(at.getTime() + seconds * 1000).toISOString();
export const minIso = (...values: Array<string | undefined>) =>
  values.filter((v): v is string => v !== undefined).sort()[0];

/** The first record of an execution: started at `now`, entering its machine's StartAt state. */
export function startRecord(
  machine: LoadedStateMachine,
  execution: { readonly id: string; readonly name: string; readonly executionArn: string },
  input: string,
  now: Date,
): ExecutionRecord {
  const at = now.toISOString();
  const timeoutAt = machine.definition.TimeoutSeconds
    ? isoPlus(now, machine.definition.TimeoutSeconds)
    : undefined;
  return {
    id: execution.id,
    name: execution.name,
    executionArn: execution.executionArn,
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
}

/** Into the next state, with its input and the variables as the state left them. */
export function transitionTo(
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
export function nextPhase(
  record: ExecutionRecord,
  change: { phase: Phase; wakeAt: string },
): ExecutionRecord {
  return { ...record, phase: change.phase, wakeAt: change.wakeAt };
}

/** The execution's end: succeeded with its output, or failed or timed out with the error. */
export function finish(
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

/** The record with its wake-up time set, or cleared when it has none. */
export function withWake(record: ExecutionRecord, wakeAt: string | undefined): ExecutionRecord {
  const { wakeAt: _previous, ...rest } = record;
  return wakeAt === undefined ? rest : { ...rest, wakeAt };
}

/** When a task waiting on its token next needs the engine: now if not yet invoked, else its deadline. */
export function wakeOf(record: ExecutionRecord, at: string): string | undefined {
  if (!record.invoked) return at;
  const heartbeat =
    record.heartbeatSeconds === undefined
      ? undefined
      : isoPlus(new Date(record.lastHeartbeatAt ?? record.enteredAt), record.heartbeatSeconds);
  return minIso(record.tokenTimeoutAt, heartbeat, record.timeoutAt);
}

/** The record without the current task's token, arguments and answer. */
export function withoutTask(record: ExecutionRecord): ExecutionRecord {
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

/** The type of a machine's state (`Task`, `Choice`, …), for the history's `…StateEntered` events. */
export function stateType(machine: LoadedStateMachine, name: string): string {
  return machine.definition.States[name]?.Type ?? 'Unknown';
}

/** History events kept on the execution item before older ones are moved to a history item. */
const HISTORY_ON_ITEM = 100;

/**
 * The write that follows the one read: its sequence number and history ids continue from it, its events
 * join the history on the item (the older ones moved off when it grows long), its token's fate is kept.
 */
export function persistable(previous: ExecutionRecord, step: Transition): Transition {
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
