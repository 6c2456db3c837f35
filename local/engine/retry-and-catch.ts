import type { Catcher, State } from './asl.ts';
import type { ExecutionRecord, Transition } from './execution-store.ts';
import { evaluateField, type Scope } from './jsonata-fields.ts';
import type { LoadedStateMachine } from './state-runner.ts';
import { type ErrorInfo, finish, isoPlus, minIso, transitionTo, withoutTask } from './transitions.ts';

/** Whether a retrier's or catcher's ErrorEquals takes the error (States.ALL takes every one). */
const errorMatches = (names: readonly string[], error: string) =>
  names.some(
    (name) =>
      name === error ||
      name === 'States.ALL' ||
      (name === 'States.TaskFailed' && !error.startsWith('States.')) ||
      (name === 'States.Timeout' && error === 'States.HeartbeatTimeout'),
  );

/** An error in the current state: its Retry, then its Catch, or the execution fails. */
export async function failState(
  random: () => number,
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
      if (retrier.JitterStrategy === 'FULL') delay *= random();
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
    return transitionTo(record, machine, catcher.Next, output, variables, at, [
      ...failed,
      { timestamp: at, type: `${state.Type}StateExited`, stateName: record.state },
    ]);
  }
  const ended = finish(record, at, 'FAILED', failure);
  return { ...ended, events: [...failed, ...ended.events] };
}
