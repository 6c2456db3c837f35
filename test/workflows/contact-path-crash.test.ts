import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExecutionStore } from '../../local/engine/execution-store.ts';
import { completeTask } from '../../shared/application/task-queue.ts';
import {
  NO_ANSWER,
  type ReceivedReferral,
  receivePartnerReferral,
  tasksOf,
} from '../support/contact-path.ts';
import { type Death, EngineKilledError, everyDeath, KillSwitch } from '../support/kill-switch.ts';
import {
  definitionsOnce,
  type EngineProcess,
  engineProcess,
  type FreshLocalSystem,
  freshLocalSystem,
  RewindableClock,
} from '../support/local-system.ts';

// docs/service-rules.md: the local engine survives being killed at any instant; on restart every execution resumes
// where its last completed state left it. Each story is told once without a crash, then once for every
// instant the engine can die at; a second engine on the same tables finishes it, and the end must be the same.

/** Tuesday 15 December 2026, 10:00 in Leicester (GMT). */
const START = new Date('2026-12-15T10:00:00Z');
const clock = new RewindableClock(START);
let fresh: FreshLocalSystem;
let stories = 0;

beforeAll(async () => {
  definitionsOnce();
  fresh = await freshLocalSystem(START, { clock });
}, 120_000);

afterAll(async () => {
  await fresh?.close();
});

type Story = 'written' | 'telephone';

/** Runs the engine, answering every open call with no answer, until the execution ends. */
async function drive(process: EngineProcess, referral: ReceivedReferral): Promise<void> {
  const timers = new ExecutionStore(fresh.client, fresh.engineTableName);
  for (let step = 0; step < 100; step++) {
    await process.engine.runDue();
    if ((await process.engine.describeExecution(referral.executionArn)).status !== 'RUNNING') return;
    const open = (await tasksOf(fresh, referral.caseId)).filter((task) => task.status === 'open');
    for (const task of open) {
      const { tasks, store } = fresh.system;
      await completeTask(task.taskId, 'caseworker.one', NO_ANSWER, {
        tasks,
        store,
        clock,
        workflows: process.workflows,
      });
    }
    if (open.length > 0) continue;
    const next = await timers.nextWake();
    if (!next) throw new Error('the execution is running with nothing left to wake it');
    await process.engine.advanceTo(next, clock);
  }
  throw new Error('the story did not end');
}

/** Everything the story leaves behind, with the case's own ids taken out so stories can be compared. */
async function endState(referral: ReceivedReferral) {
  const execution = await fresh.system.engine.describeExecution(referral.executionArn);
  const history = await fresh.system.engine.getExecutionHistory(referral.executionArn);
  const timeline = await fresh.system.store.timeline(referral.caseId);
  const tasks = await tasksOf(fresh, referral.caseId);
  const state = {
    status: execution.status,
    output: execution.output,
    stopDate: execution.stopDate,
    history,
    timeline,
    tasks: tasks.map(({ assignee: _a, ...task }) => task),
  };
  return JSON.parse(
    JSON.stringify(state).replaceAll(referral.caseId, 'CASE').replaceAll(referral.referralId, 'REFERRAL'),
  ) as typeof state;
}

/** Tells a story from the start; if the engine dies on the way, a second engine on the same tables finishes it. */
async function tell(story: Story, death?: Death) {
  clock.rewind(START);
  const referral = await receivePartnerReferral(fresh, {
    reference: `CRASH-${++stories}`,
    contactMethod: story === 'written' ? 'email' : 'mobile-telephone',
  });
  const kill = new KillSwitch(death);
  let died = false;
  try {
    await drive(engineProcess(fresh, kill), referral);
  } catch (error) {
    if (!(error instanceof EngineKilledError)) throw error;
    died = true;
    await drive(engineProcess(fresh), referral);
  }
  return { end: await endState(referral), writes: kill.writes, died };
}

describe('the engine killed at any instant', () => {
  // The written path at both instants around every write; the longer telephone story (three unanswered
  // calls, each answered by the test) just before every write, the instant where the functions have run
  // and the write that records it is lost.
  it.each<[Story, readonly Death['instant'][]]>([
    ['written', ['before-next-write', 'right-after-write']],
    ['telephone', ['before-next-write']],
  ])(
    'finishes the %s path exactly as an uncrashed run, whenever the engine dies',
    async (story, instants) => {
      const uncrashed = await tell(story);
      expect(uncrashed.end.status).toBe('SUCCEEDED');
      const letters = uncrashed.end.timeline.filter((event) => event.type === 'message-recorded');
      expect(letters).toHaveLength(1);
      expect(uncrashed.writes).toBeGreaterThan(5);

      const deaths = everyDeath(uncrashed.writes).filter((death) => instants.includes(death.instant));
      const mismatches: string[] = [];
      for (const death of deaths) {
        const crashed = await tell(story, death);
        expect(crashed.died, JSON.stringify(death)).toBe(true);
        try {
          expect(crashed.end).toEqual(uncrashed.end);
        } catch {
          mismatches.push(`${death.instant} ${death.survivingWrites}`);
        }
      }
      expect(mismatches).toEqual([]);
    },
    120_000,
  );
});
