import type { ExecutionStore } from '../../local/engine/execution-store.ts';
import type { FunctionInvoker } from '../../local/engine/state-runner.ts';

/** The engine process was killed: nothing it does from now on reaches the database or a function. */
export class EngineKilledError extends Error {
  override name = 'EngineKilledError';
}

/**
 * When the process dies, counted in the engine's own persisted writes (the transitions it makes as it
 * runs): just before write `survivingWrites + 1` is made (after any function calls that led to it), or
 * just after write `survivingWrites` is made (before anything else happens).
 */
export interface Death {
  readonly survivingWrites: number;
  readonly instant: 'before-next-write' | 'right-after-write';
}

/**
 * Stands between an engine and its store and functions, counting the engine's writes, and kills the engine
 * at a chosen instant: from then on every write and every function call throws. The answer to a task
 * token is written by the task API's request, not by the engine's run, so it is passed through uncounted.
 */
export class KillSwitch {
  writes = 0;
  dead = false;

  constructor(private readonly death?: Death) {}

  readonly wrapStore = (store: ExecutionStore): ExecutionStore => {
    const wrapped = Object.create(store) as ExecutionStore;
    wrapped.write = async (transition, previousSeq) => {
      if (this.dead) throw new EngineKilledError('the engine is dead');
      if (transition.record.phase === 'answered') return store.write(transition, previousSeq);
      if (this.death?.instant === 'before-next-write' && this.writes === this.death.survivingWrites) {
        this.dead = true;
        throw new EngineKilledError(`killed before write ${this.writes + 1}`);
      }
      await store.write(transition, previousSeq);
      this.writes++;
      if (this.death?.instant === 'right-after-write' && this.writes === this.death.survivingWrites) {
        this.dead = true;
        throw new EngineKilledError(`killed right after write ${this.writes}`);
      }
    };
    return wrapped;
  };

  readonly wrapInvoke =
    (invoke: FunctionInvoker): FunctionInvoker =>
    async (functionArn, payload) => {
      if (this.dead) throw new EngineKilledError('the engine is dead');
      return invoke(functionArn, payload);
    };
}

/** Every instant a run of `writes` writes can die at: before each write, and right after each. */
export function everyDeath(writes: number): Death[] {
  return Array.from({ length: writes }, (_, k) => [
    { survivingWrites: k, instant: 'before-next-write' as const },
    { survivingWrites: k + 1, instant: 'right-after-write' as const },
  ]).flat();
}
