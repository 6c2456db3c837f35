import type { OneTimeExecutionSchedule } from '../domain/schedules.ts';

/**
 * Waits that may outlive an execution (the 12-month follow-up): EventBridge Scheduler one-time schedules in
 * AWS, the engine's own durable schedules on one machine. Each starts a new execution when its time comes.
 */
export interface Schedules {
  scheduleExecution(schedule: OneTimeExecutionSchedule): Promise<'scheduled' | 'already-scheduled'>;
}
