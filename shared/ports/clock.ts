/** The time now: real in production, virtual in simulations and tests (docs/local-system.md). */
export interface Clock {
  now(): Date;
}
