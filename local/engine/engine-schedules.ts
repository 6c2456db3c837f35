import { assertValidSchedule, type OneTimeExecutionSchedule } from '../../shared/domain/schedules.ts';
import type { Schedules } from '../../shared/ports/schedules.ts';
import type { Engine } from './engine.ts';

/**
 * The Schedules port on the local engine: the schedule is kept in the engine's own table and starts its
 * execution when the engine's clock (real or virtual) passes it, surviving restarts as EventBridge Scheduler's
 * one-time schedules survive everything.
 */
export class EngineSchedules implements Schedules {
  constructor(private readonly engine: Engine) {}

  async scheduleExecution(schedule: OneTimeExecutionSchedule): Promise<'scheduled' | 'already-scheduled'> {
    assertValidSchedule(schedule);
    return this.engine.scheduleExecution({
      name: schedule.name,
      at: schedule.at,
      stateMachineArn: schedule.stateMachineArn,
      executionName: schedule.executionName,
      input: JSON.stringify(schedule.input),
    });
  }

  cancelSchedule(name: string): Promise<'cancelled' | 'not-found'> {
    return this.engine.cancelSchedule(name);
  }
}
