import { DateTime } from 'luxon';
import { SERVICE_TIME_ZONE } from '../calendar.ts';

/** A UK financial-year quarter: `2026/27-Q2` is July to September 2026 (Q1 = April to June). */
export interface Quarter {
  readonly name: string;
  /** The first instant of its first day (Europe/London). */
  readonly from: Date;
  /** The first instant of the next quarter's first day: the quarter is [from, to). */
  readonly to: Date;
  /** The financial year, `2026-27`, as the budgets name it. */
  readonly financialYear: string;
  /** The financial year's first instant (1 April). */
  readonly yearFrom: Date;
}

export class InvalidQuarterError extends Error {
  override name = 'InvalidQuarterError';
}

const QUARTER = /^(\d{4})\/(\d{2})-Q([1-4])$/;

/** Reads `2026/27-Q2`; refuses anything else, saying what it expects. */
export function parseQuarter(text: string): Quarter {
  const match = QUARTER.exec(text.trim());
  const start = Number(match?.[1]);
  if (!match || (start + 1) % 100 !== Number(match[2]))
    throw new InvalidQuarterError(
      `must be a financial-year quarter such as 2026/27-Q2 (July to September 2026), got "${text}"`,
    );
  const n = Number(match[3]);
  const yearFrom = DateTime.fromObject({ year: start, month: 4, day: 1 }, { zone: SERVICE_TIME_ZONE });
  const from = yearFrom.plus({ months: 3 * (n - 1) });
  return {
    name: `${start}/${match[2]}-Q${n}`,
    from: from.toJSDate(),
    to: from.plus({ months: 3 }).toJSDate(),
    financialYear: `${start}-${match[2]}`,
    yearFrom: yearFrom.toJSDate(),
  };
}

/** The quarter an instant falls in. */
export function quarterOf(at: Date): Quarter {
  const local = DateTime.fromJSDate(at, { zone: SERVICE_TIME_ZONE });
  const start = local.month >= 4 ? local.year : local.year - 1;
  const n = Math.floor(((local.month + 12 - 4) % 12) / 3) + 1;
  return parseQuarter(`${start}/${String((start + 1) % 100).padStart(2, '0')}-Q${n}`);
}

/** The quarter before this one. */
export const previousQuarter = (quarter: Quarter): Quarter => quarterOf(new Date(quarter.from.getTime() - 1));

export const within = (at: Date, quarter: Pick<Quarter, 'from' | 'to'>) =>
  at.getTime() >= quarter.from.getTime() && at.getTime() < quarter.to.getTime();

/** "1 July to 30 September 2026". */
export function quarterSpan(quarter: Quarter): string {
  const first = DateTime.fromJSDate(quarter.from, { zone: SERVICE_TIME_ZONE });
  const last = DateTime.fromJSDate(quarter.to, { zone: SERVICE_TIME_ZONE }).minus({ days: 1 });
  return `${first.toFormat(first.year === last.year ? 'd LLLL' : 'd LLLL yyyy')} to ${last.toFormat('d LLLL yyyy')}`;
}
