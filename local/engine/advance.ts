import type { Clock } from '../../shared/ports/clock.ts';
import type { State } from './asl.ts';
import {
  ExecutionChangedError,
  type ExecutionRecord,
  type ExecutionStore,
  type Transition,
} from './execution-store.ts';
import type { LoadedStateMachine, StateRunner } from './state-runner.ts';
import { persistable } from './transitions.ts';

/** Steps one advance takes at most before it gives the execution back to the engine's loop. */
const MAX_STEPS_PER_RUN = 10_000;

/**
 * Moves one execution on as far as it can go now, writing each transition conditionally on the one before
 * (a writer that lost the race reads the execution again); resolves with the number of steps made.
 */
export async function advanceExecution(
  id: string,
  engine: {
    readonly store: ExecutionStore;
    readonly clock: Clock;
    readonly runner: StateRunner;
    readonly machineOf: (record: ExecutionRecord) => LoadedStateMachine;
  },
): Promise<number> {
  let steps = 0;
  let record = await engine.store.get(id);
  // The seq of the record as stored; a Pass or Choice moves only the record in memory (below).
  let storedSeq = record?.seq;
  let unwritten: Transition | undefined;
  for (let n = 0; record && record.status === 'RUNNING' && n < MAX_STEPS_PER_RUN; n++) {
    const now = engine.clock.now();
    const step = await engine.runner.step(record, now);
    if (!step) break;
    const transition = persistable(record, step);
    steps++;
    // A Pass or Choice has no effect outside the execution and gives the same answer when run again, so
    // it is written with the next step rather than on its own: after a crash it is simply run again.
    if (movesOnlyInMemory(engine.machineOf, record, transition)) {
      unwritten = transition;
      record = transition.record;
      continue;
    }
    try {
      await engine.store.write(transition, storedSeq);
      storedSeq = transition.record.seq;
      unwritten = undefined;
      record = transition.record;
    } catch (error) {
      if (!(error instanceof ExecutionChangedError)) throw error;
      unwritten = undefined;
      record = await engine.store.get(id);
      storedSeq = record?.seq;
    }
  }
  if (unwritten) {
    try {
      await engine.store.write(unwritten, storedSeq);
    } catch (error) {
      // Another writer moved the execution meanwhile: theirs stands, and the Pass or Choice is run again.
      if (!(error instanceof ExecutionChangedError)) throw error;
    }
  }
  return steps;
}

/** Whether a step ran a Pass or Choice state and left the execution running into its next state. */
function movesOnlyInMemory(
  machineOf: (record: ExecutionRecord) => LoadedStateMachine,
  before: ExecutionRecord,
  transition: Transition,
): boolean {
  if (before.phase !== 'enter' || transition.spill || transition.token) return false;
  const type = (machineOf(before).definition.States[before.state] as State | undefined)?.Type;
  const after = transition.record;
  return (type === 'Pass' || type === 'Choice') && after.status === 'RUNNING' && after.phase === 'enter';
}
