import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../local/engine/engine.ts';
import {
  freshEngine,
  lambdaTask,
  machine,
  namedError,
  plusSeconds,
  type TestEngine,
  tokenTask,
} from '../support/engine.ts';
import { type Death, EngineKilledError, everyDeath, KillSwitch } from '../support/kill-switch.ts';

// docs/service-rules.md: the engine survives being killed at any instant. A short machine with every kind of step that
// persists something (a retried function, a timer, a task token, a choice, variables) is run once without
// a crash, then killed at every instant around every write and finished by a second engine on the same table.

const START = new Date('2026-12-15T10:00:00Z');

const definition = machine({
  Plan: { Type: 'Pass', Assign: { attempt: 1, caseId: '{% $states.input.caseId %}' }, Next: 'Record' },
  Record: lambdaTask(
    'record',
    { caseId: '{% $caseId %}', retry: '{% $states.context.State.RetryCount %}' },
    {
      Retry: [{ ErrorEquals: ['Flaky'], IntervalSeconds: 30, MaxAttempts: 2 }],
      Assign: { recorded: '{% $states.result.Payload.id %}' },
      Next: 'Nap',
    },
  ),
  Nap: { Type: 'Wait', Seconds: 600, Next: 'Ask' },
  Ask: tokenTask('ask', {
    TimeoutSeconds: 3600,
    Assign: { answer: '{% $states.result.answer %}' },
    Catch: [{ ErrorEquals: ['States.Timeout'], Next: 'Late' }],
    Next: 'Answered?',
  }),
  'Answered?': {
    Type: 'Choice',
    Choices: [{ Condition: "{% $answer = 'yes' %}", Next: 'Done' }],
    Default: 'Late',
  },
  Late: { Type: 'Fail', Error: 'Late' },
  Done: {
    Type: 'Succeed',
    Output: { caseId: '{% $caseId %}', recorded: '{% $recorded %}', answer: '{% $answer %}' },
  },
});

/** What the function did, kept as the project's functions keep it: once per key, however often called. */
const effects = new Map<string, Set<string>>();

let t: TestEngine;
beforeAll(async () => {
  t = await freshEngine(
    { crashy: definition },
    {
      // Fails on its first try (a retry count of 0, which is persisted state), then records by key.
      record: (payload) => {
        const { caseId, retry } = payload as { caseId: string; retry: number };
        if (retry === 0) throw namedError('Flaky');
        effects.set(caseId, (effects.get(caseId) ?? new Set()).add(`event.${caseId}`));
        return { id: `event.${caseId}` };
      },
      ask: () => ({}),
    },
    { start: START },
  );
});

afterAll(() => t?.close());

let runs = 0;

/** Runs the story on an engine: timers in order, and the token answered as soon as the task waits on it. */
async function drive(engine: Engine, arn: string): Promise<void> {
  for (let step = 0; step < 50; step++) {
    await engine.runDue();
    const described = await engine.describeExecution(arn);
    if (described.status !== 'RUNNING') return;
    const token = t.tokens.get('ask');
    if (described.currentState === 'Ask' && token) {
      try {
        await engine.sendTaskSuccess(token, JSON.stringify({ answer: 'yes' }));
        continue;
      } catch (error) {
        // A token the restarted engine has not yet handed out again, or one already answered.
        if ((error as Error).name !== 'TaskDoesNotExist') throw error;
      }
    }
    const next = await t.store.nextWake();
    if (!next) throw new Error('nothing left to wake the execution');
    await engine.advanceTo(next, t.clock);
  }
  throw new Error('the story did not end');
}

async function tell(death?: Death) {
  const name = `run-${++runs}`;
  const kill = new KillSwitch(death);
  // Each run starts on its own day, so runs never share a due time.
  t.clock.set(plusSeconds(START, runs * 86_400));
  const startedAt = t.clock.now();
  t.tokens.clear();
  const first = t.restart({ wrapStore: kill.wrapStore, wrapInvoke: kill.wrapInvoke });
  const arn = (
    await t.engine.startExecution({
      stateMachineArn: t.arn('crashy'),
      name,
      input: JSON.stringify({ caseId: name }),
    })
  ).executionArn;
  let died = false;
  try {
    await drive(first, arn);
  } catch (error) {
    if (!(error instanceof EngineKilledError)) throw error;
    died = true;
    await drive(t.restart(), arn);
  }
  const described = await t.engine.describeExecution(arn);
  const shift = (iso: string) => new Date(new Date(iso).getTime() - startedAt.getTime()).toISOString();
  const history = (await t.engine.getExecutionHistory(arn)).map((event) => ({
    ...event,
    timestamp: shift(event.timestamp),
  }));
  return {
    died,
    writes: kill.writes,
    end: JSON.parse(
      JSON.stringify({
        status: described.status,
        output: described.output,
        effects: [...(effects.get(name) ?? [])],
        history,
      }).replaceAll(name, 'RUN'),
    ),
  };
}

describe('an engine killed at any instant', () => {
  it('finishes, on restart, exactly as a run that was never killed', async () => {
    const uncrashed = await tell();
    expect(uncrashed.end.status).toBe('SUCCEEDED');
    expect(JSON.parse(uncrashed.end.output)).toEqual({ caseId: 'RUN', recorded: 'event.RUN', answer: 'yes' });
    expect(uncrashed.end.effects).toEqual(['event.RUN']);

    const mismatches: string[] = [];
    for (const death of everyDeath(uncrashed.writes)) {
      const crashed = await tell(death);
      expect(crashed.died, JSON.stringify(death)).toBe(true);
      try {
        expect(crashed.end).toEqual(uncrashed.end);
      } catch {
        mismatches.push(`${death.instant} ${death.survivingWrites}`);
      }
    }
    expect(mismatches).toEqual([]);
  }, 60_000);
});
