import { lockoutWindowOf } from '../../domain/referrer-pin.ts';
import type { PinAttempts } from '../../ports/pin-attempts.ts';

const windowKey = (key: string, now: Date) => `${key}|${lockoutWindowOf(now).start.toISOString()}`;

/**
 * The attempt counter in memory: the twin of DynamoDbPinAttempts, held to the same contract
 * (test/integration/pin-attempts.test.ts), for tests that need no database. Nothing survives the process.
 */
export class InMemoryPinAttempts implements PinAttempts {
  /** The attempt ids of each key's window, by `<key>|<window start>`. */
  private readonly windows = new Map<string, Set<string>>();

  async failures(keys: readonly string[], now: Date): Promise<number> {
    return Math.max(0, ...keys.map((key) => this.windows.get(windowKey(key, now))?.size ?? 0));
  }

  async recordFailure(keys: readonly string[], attemptId: string, now: Date): Promise<number> {
    for (const key of keys) {
      const attempts = this.windows.get(windowKey(key, now)) ?? new Set<string>();
      attempts.add(attemptId);
      this.windows.set(windowKey(key, now), attempts);
    }
    return this.failures(keys, now);
  }
}
