import { isoWeekdayOf, isWorkingDay, localDateOf, serviceWindowOn } from '../../shared/domain/calendar.ts';

/** Who is on duty at an instant, and when their shift ends. */
export interface Shift {
  readonly onDuty: number;
  readonly closes: Date;
}

/**
 * Caseworkers work inside service hours (docs/service-rules.md: Mon–Sat, closed Sundays and bank holidays);
 * Saturday's shift has half the weekday staff, rounded up.
 */
export function caseworkerShift(at: Date, staff: number): Shift | undefined {
  const day = localDateOf(at);
  const window = serviceWindowOn(day);
  if (!window || at < window.opens || at >= window.closes) return undefined;
  return { onDuty: isoWeekdayOf(day) === 6 ? Math.ceil(staff / 2) : staff, closes: window.closes };
}

/** Team leaders work the service's hours on working days (Monday to Friday, not bank holidays). */
export function teamLeaderShift(at: Date, leaders: number): Shift | undefined {
  const day = localDateOf(at);
  if (!isWorkingDay(day)) return undefined;
  const window = serviceWindowOn(day);
  if (!window || at < window.opens || at >= window.closes) return undefined;
  return { onDuty: leaders, closes: window.closes };
}

/** A team of people, each free from an instant; work goes to whoever on duty is free first. */
export class Team {
  private readonly freeAt: number[];

  constructor(
    readonly userPrefix: string,
    size: number,
    /** When each person is free, as `freeFrom()` gave it (a resumed run's team). */
    freeAt?: readonly number[],
  ) {
    this.freeAt = Array.from({ length: size }, (_, i) => freeAt?.[i] ?? 0);
  }

  /** When each person is free, to be kept with a run's state. */
  freeFrom(): readonly number[] {
    return [...this.freeAt];
  }

  /** The person on duty free first, if they can start before `until` and before the shift closes. */
  next(shift: Shift, from: number, until: number): { member: number; start: number } | undefined {
    let best: number | undefined;
    for (let i = 0; i < Math.min(shift.onDuty, this.freeAt.length); i++) {
      if (best === undefined || (this.freeAt[i] as number) < (this.freeAt[best] as number)) best = i;
    }
    if (best === undefined) return undefined;
    const start = Math.max(this.freeAt[best] as number, from);
    if (start >= until || start >= shift.closes.getTime()) return undefined;
    return { member: best, start };
  }

  /** The person is busy until an instant. */
  busyUntil(member: number, until: number): void {
    this.freeAt[member] = until;
  }

  user(member: number): string {
    return `${this.userPrefix}.${member + 1}`;
  }
}
