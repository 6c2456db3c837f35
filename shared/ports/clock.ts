/** The time now: real in production, virtual in simulations and tests (DESIGN 7). */
export interface Clock {
  now(): Date;
}

/** The real clock. */
export const systemClock: Clock = { now: () => new Date() };
