import { afterEach, describe, expect, it, vi } from 'vitest';
import { executionArnOf } from '../../local/engine/engine.ts';
import { EngineSchedules } from '../../local/engine/engine-schedules.ts';
import type { ExecutionStore } from '../../local/engine/execution-store.ts';
import { InvalidScheduleError, type OneTimeExecutionSchedule } from '../../shared/domain/schedules.ts';
import { freshEngine, lambdaTask, machine, plusSeconds, type TestEngine } from '../support/engine.ts';
import { EngineKilledError } from '../support/kill-switch.ts';

// docs/architecture.md: waits that may outlive an execution (the 12-month follow-up of a target-hardening job) are
// one-time schedules that start a new execution; on one machine the engine keeps them in its own table.

const START = new Date('2026-12-15T10:00:00Z');
const DAY = 86_400;
const A_YEAR_ON = plusSeconds(START, 365 * DAY);

/** The follow-up: it records the job it was started for, with its execution's name, then ends. */
const followUp = machine({
  Record: lambdaTask(
    'record',
    { jobId: '{% $states.input.jobId %}', execution: '{% $states.context.Execution.Name %}' },
    { End: true },
  ),
});

/** A contact path's timer, to fire among the schedules. */
const nap = machine({
  Sleep: { Type: 'Wait', Seconds: 15 * DAY, Next: 'Record' },
  Record: lambdaTask(
    'record',
    { jobId: 'nap', execution: '{% $states.context.Execution.Name %}' },
    { End: true },
  ),
});

let test: TestEngine | undefined;
const open = async (options: Parameters<typeof freshEngine>[2] = {}) => {
  test = await freshEngine({ followUp, nap }, { record: () => ({}) }, { start: START, ...options });
  return test;
};

afterEach(async () => {
  await test?.engine.stop();
  test?.close();
  test = undefined;
});

const schedule = (t: TestEngine, jobId: string, at: Date): OneTimeExecutionSchedule => ({
  name: `${jobId}.follow-up`,
  at,
  stateMachineArn: t.arn('followUp'),
  executionName: `${jobId}.follow-up`,
  input: { jobId },
});

/** Who the follow-up function was called for, and when, in order. */
const recorded = (t: TestEngine): Array<Record<string, unknown>> =>
  t.calls.map(({ payload, at }) => ({ ...(payload as Record<string, unknown>), at: at.toISOString() }));

describe('one-time schedules on the engine', () => {
  it('starts the follow-up a year on exactly when the clock passes it, once, with its name and input', async () => {
    const t = await open();
    const schedules = new EngineSchedules(t.engine);
    const arn = executionArnOf(t.arn('followUp'), 'VF-1.job.1.follow-up');

    expect(await schedules.scheduleExecution(schedule(t, 'VF-1.job.1', A_YEAR_ON))).toBe('scheduled');
    await t.engine.advanceTo(plusSeconds(A_YEAR_ON, -1), t.clock);
    await expect(t.engine.describeExecution(arn)).rejects.toMatchObject({ name: 'ExecutionDoesNotExist' });
    expect(t.calls).toEqual([]);

    await t.engine.advanceTo(plusSeconds(A_YEAR_ON, 30 * DAY), t.clock);
    await t.engine.runDue();

    const described = await t.engine.describeExecution(arn);
    expect([described.name, described.status, described.startDate, JSON.parse(described.input)]).toEqual([
      'VF-1.job.1.follow-up',
      'SUCCEEDED',
      A_YEAR_ON,
      { jobId: 'VF-1.job.1' },
    ]);
    expect(recorded(t)).toEqual([
      { jobId: 'VF-1.job.1', execution: 'VF-1.job.1.follow-up', at: A_YEAR_ON.toISOString() },
    ]);
    expect(await t.store.getSchedule('VF-1.job.1.follow-up')).toMatchObject({
      firedAt: A_YEAR_ON.toISOString(),
    });
    expect(await t.store.nextWake()).toBeUndefined();
  });

  it('keeps the first of two schedules of the same name, and starts one execution', async () => {
    const t = await open();
    const schedules = new EngineSchedules(t.engine);
    const first = schedule(t, 'VF-2.job.1', A_YEAR_ON);

    expect(await schedules.scheduleExecution(first)).toBe('scheduled');
    expect(await schedules.scheduleExecution(first)).toBe('already-scheduled');
    expect(
      await schedules.scheduleExecution({
        ...first,
        at: plusSeconds(A_YEAR_ON, 7 * DAY),
        input: { jobId: 'x' },
      }),
    ).toBe('already-scheduled');
    await t.engine.advanceTo(plusSeconds(A_YEAR_ON, 30 * DAY), t.clock);

    expect(recorded(t)).toEqual([
      { jobId: 'VF-2.job.1', execution: 'VF-2.job.1.follow-up', at: A_YEAR_ON.toISOString() },
    ]);
    // Made again after it fired: still the one schedule, and nothing more starts.
    expect(await schedules.scheduleExecution(first)).toBe('already-scheduled');
    await t.engine.advanceTo(plusSeconds(A_YEAR_ON, 60 * DAY), t.clock);
    expect(t.calls).toHaveLength(1);
  });

  it('never fires a cancelled schedule, and cancelling again, an unknown or a fired one is not-found', async () => {
    const t = await open();
    const schedules = new EngineSchedules(t.engine);
    const kept = schedule(t, 'VF-6.job.1', A_YEAR_ON);
    await schedules.scheduleExecution(kept);
    await schedules.scheduleExecution(schedule(t, 'VF-7.job.1', A_YEAR_ON));

    expect(await schedules.cancelSchedule(kept.name)).toBe('cancelled');
    expect(await schedules.cancelSchedule(kept.name)).toBe('not-found');
    expect(await schedules.cancelSchedule('never.made')).toBe('not-found');
    await t.engine.advanceTo(plusSeconds(A_YEAR_ON, 30 * DAY), t.clock);

    expect(recorded(t)).toEqual([
      { jobId: 'VF-7.job.1', execution: 'VF-7.job.1.follow-up', at: A_YEAR_ON.toISOString() },
    ]);
    expect(await t.store.getSchedule(kept.name)).toMatchObject({ cancelledAt: START.toISOString() });
    expect(await t.store.getSchedule(kept.name)).not.toHaveProperty('firedAt');
    // Fired already: nothing left to cancel. Made again after cancelling: still the one, cancelled.
    expect(await schedules.cancelSchedule('VF-7.job.1.follow-up')).toBe('not-found');
    expect(await schedules.scheduleExecution(kept)).toBe('already-scheduled');
    await t.engine.advanceTo(plusSeconds(A_YEAR_ON, 60 * DAY), t.clock);
    expect(t.calls).toHaveLength(1);
    await expect(schedules.cancelSchedule('has spaces')).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });

  it('keeps a schedule through the engine stopping and a new engine opening on the same table', async () => {
    const t = await open();
    t.engine.start();
    await new EngineSchedules(t.engine).scheduleExecution(schedule(t, 'VF-3.job.1', A_YEAR_ON));
    await t.engine.stop();

    const second = t.restart();
    await second.advanceTo(plusSeconds(A_YEAR_ON, -1), t.clock);
    expect(t.calls).toEqual([]);
    await second.advanceTo(plusSeconds(A_YEAR_ON, DAY), t.clock);

    expect(recorded(t)).toEqual([
      { jobId: 'VF-3.job.1', execution: 'VF-3.job.1.follow-up', at: A_YEAR_ON.toISOString() },
    ]);
  });

  it('fires several schedules in time order, with the timers that fall between them', async () => {
    const t = await open();
    const schedules = new EngineSchedules(t.engine);
    await schedules.scheduleExecution(schedule(t, 'third', plusSeconds(START, 30 * DAY)));
    await schedules.scheduleExecution(schedule(t, 'first', plusSeconds(START, 10 * DAY)));
    await schedules.scheduleExecution(schedule(t, 'second', plusSeconds(START, 20 * DAY)));
    await t.start('nap', {}, 'napping'); // wakes at 15 days

    await t.engine.advanceTo(plusSeconds(START, 40 * DAY), t.clock);

    expect(recorded(t).map(({ jobId, at }) => [jobId, at])).toEqual([
      ['first', plusSeconds(START, 10 * DAY).toISOString()],
      ['nap', plusSeconds(START, 15 * DAY).toISOString()],
      ['second', plusSeconds(START, 20 * DAY).toISOString()],
      ['third', plusSeconds(START, 30 * DAY).toISOString()],
    ]);
  });

  it('fires a schedule whose time has passed at the background loop’s next run', async () => {
    const t = await open();
    await new EngineSchedules(t.engine).scheduleExecution(
      schedule(t, 'VF-4.job.1', plusSeconds(START, -DAY)),
    );
    t.engine.start();
    await vi.waitFor(() => expect(t.calls).toHaveLength(1), { timeout: 5_000 });
    expect(recorded(t)).toEqual([
      { jobId: 'VF-4.job.1', execution: 'VF-4.job.1.follow-up', at: START.toISOString() },
    ]);
  });

  it('starts one execution when the engine dies between starting it and marking the schedule fired', async () => {
    let killed = false;
    const dieBeforeMarking = (store: ExecutionStore): ExecutionStore => {
      const wrapped = Object.create(store) as ExecutionStore;
      wrapped.markScheduleFired = async () => {
        killed = true;
        throw new EngineKilledError('killed before the schedule was marked fired');
      };
      return wrapped;
    };
    const t = await open({ wrapStore: dieBeforeMarking });
    const arn = executionArnOf(t.arn('followUp'), 'VF-5.job.1.follow-up');
    await new EngineSchedules(t.engine).scheduleExecution(schedule(t, 'VF-5.job.1', A_YEAR_ON));

    await expect(t.engine.advanceTo(A_YEAR_ON, t.clock)).rejects.toBeInstanceOf(EngineKilledError);
    expect(killed).toBe(true);
    expect((await t.engine.describeExecution(arn)).status).toBe('RUNNING');

    await t.restart().advanceTo(plusSeconds(A_YEAR_ON, DAY), t.clock);
    expect((await t.engine.describeExecution(arn)).status).toBe('SUCCEEDED');
    expect(t.calls).toHaveLength(1);
    expect(await t.store.getSchedule('VF-5.job.1.follow-up')).toHaveProperty('firedAt');
  });

  it('refuses a schedule it could never fire, and keeps nothing', async () => {
    const t = await open();
    const schedules = new EngineSchedules(t.engine);
    await expect(
      schedules.scheduleExecution({ ...schedule(t, 'VF-6.job.1', A_YEAR_ON), name: 'VF-6 job 1' }),
    ).rejects.toMatchObject({ name: 'InvalidScheduleError', field: 'name' });
    await expect(
      schedules.scheduleExecution({ ...schedule(t, 'VF-6.job.1', A_YEAR_ON), at: new Date(Number.NaN) }),
    ).rejects.toBeInstanceOf(InvalidScheduleError);
    await expect(
      schedules.scheduleExecution({
        ...schedule(t, 'VF-6.job.1', A_YEAR_ON),
        stateMachineArn: t.arn('notLoaded'),
      }),
    ).rejects.toMatchObject({ name: 'StateMachineDoesNotExist' });
    expect(await t.store.getSchedule('VF-6.job.1.follow-up')).toBeUndefined();
    expect(await t.store.nextWake()).toBeUndefined();
  });
});
