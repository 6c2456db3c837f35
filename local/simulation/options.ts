import { DateTime } from 'luxon';
import { SERVICE_TIME_ZONE } from '../../shared/domain/calendar.ts';

/** How a simulation runs: how many referrals arrive from when, and the staff who work them. */
export interface SimulationOptions {
  readonly referrals: number;
  readonly seed: number;
  /** When the first referrals arrive. */
  readonly start: Date;
  /** Caseworkers on each weekday shift; Saturday's shift has half, rounded up. */
  readonly staff: number;
  /** Team leaders on each working day (they resolve safe-contact reviews and escalations). */
  readonly teamLeaders: number;
  /** Referrals on an average day, all routes together. */
  readonly perDay: number;
  /** Minutes between the moments staff pick up and finish work. */
  readonly stepMinutes: number;
  /** Executions the engine advances at once; it changes the speed, never the results. */
  readonly concurrency: number;
}

/**
 * The default start: Monday 21 December 2026, 09:00 in Leicester (GMT). Even a short run then meets a
 * weekend, a Sunday with the service closed and the Christmas bank holidays (Fri 25 and Mon 28 December).
 */
export const DEFAULT_START = '2026-12-21T09:00';

export const DEFAULT_SIMULATION_OPTIONS: SimulationOptions = {
  referrals: 300,
  seed: 1,
  start: DateTime.fromISO(DEFAULT_START, { zone: SERVICE_TIME_ZONE }).toJSDate(),
  staff: 6,
  teamLeaders: 1,
  perDay: 50,
  stepMinutes: 15,
  concurrency: 8,
};

/** The options as simulation.json and a run's state record them: every one, the start as an instant. */
export function recordedOptions(options: SimulationOptions): Record<string, string | number> {
  return { ...options, start: options.start.toISOString() };
}

/** An option given to a simulation is not usable; the message names the option. */
export class InvalidSimulationOptionError extends Error {
  override name = 'InvalidSimulationOptionError';
}

/** The options as the command line gives them: text, or absent for the default. */
export type RawSimulationOptions = Partial<Record<Exclude<keyof SimulationOptions, 'start'>, string>> & {
  readonly start?: string;
};

const wholeNumber = (option: string, text: string, min: number, max: number): number => {
  const value = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new InvalidSimulationOptionError(`--${option} must be a whole number from ${min} to ${max}`);
  }
  return value;
};

/**
 * Reads `--start`: a local date (`2027-01-04`, at 09:00), a local date and time (`2027-01-04T08:30`), or
 * an instant with its offset (`2027-01-04T08:30:00Z`). Local times are Europe/London.
 */
export function parseStart(text: string): Date {
  const trimmed = text.trim();
  const withTime = /^\d{4}-\d{2}-\d{2}$/.test(trimmed) ? `${trimmed}T09:00` : trimmed;
  const parsed = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(withTime)
    ? DateTime.fromISO(withTime, { zone: SERVICE_TIME_ZONE })
    : undefined;
  if (!parsed?.isValid || parsed.year < 2000 || parsed.year > 2099) {
    throw new InvalidSimulationOptionError(
      '--start must be a date or date and time between 2000 and 2099, e.g. 2027-01-04 or 2027-01-04T09:00 (Europe/London)',
    );
  }
  return parsed.toJSDate();
}

/** The simulation options from the command line's text, each checked, naming the option that is wrong. */
export function parseSimulationOptions(raw: RawSimulationOptions): SimulationOptions {
  const d = DEFAULT_SIMULATION_OPTIONS;
  const number = (
    option: keyof RawSimulationOptions,
    flag: string,
    min: number,
    max: number,
    fallback: number,
  ) => (raw[option] === undefined ? fallback : wholeNumber(flag, raw[option] as string, min, max));
  return {
    referrals: number('referrals', 'referrals', 1, 100_000, d.referrals),
    seed: number('seed', 'seed', 0, 2 ** 32 - 1, d.seed),
    start: raw.start === undefined ? d.start : parseStart(raw.start),
    staff: number('staff', 'staff', 1, 1_000, d.staff),
    teamLeaders: number('teamLeaders', 'team-leaders', 1, 100, d.teamLeaders),
    perDay: number('perDay', 'per-day', 1, 10_000, d.perDay),
    stepMinutes: number('stepMinutes', 'step', 5, 60, d.stepMinutes),
    concurrency: number('concurrency', 'concurrency', 1, 64, d.concurrency),
  };
}
