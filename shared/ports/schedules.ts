import type { OneTimeExecutionSchedule } from '../domain/schedules.ts';

/**
 * Waits that may outlive an execution (the 12-month follow-up, a re-engagement call before a milestone): EventBridge Scheduler one-time schedules in
 * AWS, the engine's own durable schedules on one machine. Each starts a new execution when its time comes.
 */
export interface Schedules {
  scheduleExecution(schedule: OneTimeExecutionSchedule): Promise<'scheduled' | 'already-scheduled'>;
  /**
   * Cancels a schedule that has not fired: `not-found` when there is none of that name (never made,
   * cancelled before, or fired already), so cancelling again is harmless.
   */
  cancelSchedule(name: string): Promise<'cancelled' | 'not-found'>;
}
