/**
 * Failed attempts at the emergency line, counted durably per key (a calling number's, a referrer number's:
 * shared/domain/referrer-pin.ts) in fixed windows of PIN_LOCKOUT.windowMinutes, so a lockout holds across
 * calls, function instances and restarts.
 */
export interface PinAttempts {
  /** The most failures any of these keys has in the window holding `now` (0 when none). */
  failures(keys: readonly string[], now: Date): Promise<number>;
  /**
   * Counts one failed attempt against each key in the window holding `now`. An attempt is counted once
   * however often it is recorded (the same `attemptId` again adds nothing), so a retried write is safe.
   * Answers the most failures any of the keys now has.
   */
  recordFailure(keys: readonly string[], attemptId: string, now: Date): Promise<number>;
}
