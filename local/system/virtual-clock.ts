import type { Clock } from '../../shared/ports/clock.ts';

/**
 * A clock for demonstrations and simulation: it stands still until it is set or advanced
 * (docs/local-system.md).
 */
export class VirtualClock implements Clock {
  private at: number;

  constructor(start: Date) {
    this.at = start.getTime();
  }

  now(): Date {
    return new Date(this.at);
  }

  /** Moves the clock to an instant; it never goes back. */
  set(at: Date): void {
    this.at = Math.max(this.at, at.getTime());
  }
}

const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

export class InvalidDurationError extends Error {
  override name = 'InvalidDurationError';
}

/** Parses a duration such as `90m`, `2d`, `1d12h` or `1w` into milliseconds. */
export function parseDuration(text: string): number {
  const parts = [...text.trim().matchAll(/(\d+)\s*([smhdw])/g)];
  const consumed = parts.map((p) => p[0]).join('');
  if (parts.length === 0 || consumed.replace(/\s/g, '') !== text.replace(/\s/g, '')) {
    throw new InvalidDurationError(
      `${JSON.stringify(text)} is not a duration: use numbers with s, m, h, d or w (for example 2d or 1d12h)`,
    );
  }
  return parts.reduce((sum, [, n, unit]) => sum + Number(n) * (UNITS[unit as string] ?? 0), 0);
}
