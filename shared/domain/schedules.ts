// One-time schedules of a workflow execution (shared/ports/schedules.ts makes them) and the checks on one.

/** A one-time schedule that starts one execution of a state machine at an instant. */
export interface OneTimeExecutionSchedule {
  /** Unique schedule name (letters, digits, . _ -; at most 64): creating the same name again is harmless. */
  readonly name: string;
  readonly at: Date;
  readonly stateMachineArn: string;
  /** The execution's name, so a schedule firing twice still starts one execution. */
  readonly executionName: string;
  /** The execution's input (ids only; serialised as JSON). */
  readonly input: Record<string, unknown>;
}

/** A schedule refused before anything was created; names the field, never its value. */
export class InvalidScheduleError extends Error {
  override name = 'InvalidScheduleError';
  readonly field: keyof OneTimeExecutionSchedule;
  constructor(field: keyof OneTimeExecutionSchedule, message: string) {
    super(`${field}: ${message}`);
    this.field = field;
  }
}

// EventBridge Scheduler's schedule names; the execution names both Step Functions and the engine accept.
export const SCHEDULE_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

const EXECUTION_NAME = /^[A-Za-z0-9_.-]{1,80}$/;

const STATE_MACHINE_ARN = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:[A-Za-z0-9_-]{1,80}$/;

/**
 * Refuses a schedule that could not fire as asked (an InvalidScheduleError naming the field): checked
 * when it is made, not when it fires a year later.
 */
export function assertValidSchedule(schedule: OneTimeExecutionSchedule): void {
  if (typeof schedule.name !== 'string' || !SCHEDULE_NAME.test(schedule.name)) {
    throw new InvalidScheduleError('name', 'a schedule name is 1 to 64 letters, digits, - _ or .');
  }
  const at = schedule.at;
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) {
    throw new InvalidScheduleError('at', 'not a date and time');
  }
  // at(yyyy-mm-ddThh:mm:ss) has a four-digit year, and the engine orders instants as ISO strings.
  if (at.getUTCFullYear() < 1970 || at.getUTCFullYear() > 9999) {
    throw new InvalidScheduleError('at', 'must be between the years 1970 and 9999');
  }
  if (typeof schedule.stateMachineArn !== 'string' || !STATE_MACHINE_ARN.test(schedule.stateMachineArn)) {
    throw new InvalidScheduleError('stateMachineArn', 'not a state machine ARN');
  }
  if (typeof schedule.executionName !== 'string' || !EXECUTION_NAME.test(schedule.executionName)) {
    throw new InvalidScheduleError('executionName', 'an execution name is 1 to 80 letters, digits, - _ or .');
  }
  const input: unknown = schedule.input;
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new InvalidScheduleError('input', 'the execution input is a JSON object');
  }
  try {
    JSON.stringify(input);
  } catch {
    throw new InvalidScheduleError('input', 'the execution input cannot be serialised as JSON');
  }
}
