/**
 * The quarterly return to the commissioner (docs/reporting.md): every Lot 1 and Lot 2 measure for one UK
 * financial-year quarter, computed from recorded events. docs/reporting.md defines each measure.
 */

/** One figure of the return. */
export interface Measure {
  /** Stable id, e.g. `referrals-received` or `referrals-by-source.police`. */
  readonly id: string;
  /** What the commissioner reads, e.g. "Referrals received from the police". */
  readonly label: string;
  readonly lot: 1 | 2;
  /** The heading it is shown under, e.g. "Referrals", "Deadlines", "Equality: sex". */
  readonly section: string;
  /** A count, an amount in pence (ids ending `-pence`), a number of hours or points; null when it cannot be given. */
  readonly value: number | null;
  /** 0–100, one decimal, where the specification asks for a percentage; null when its denominator is 0. */
  readonly percentage?: number | null;
  /** What the percentage is of. */
  readonly denominator?: number;
  /** An equality count under 5, withheld so no victim can be recognised (value null). */
  readonly suppressed?: true;
  /** The year's target for an outcome (docs/outcomes.md): the percentage it is held to, 0–100. */
  readonly target?: number;
  /** Why the value is null or how to read it, e.g. "not recorded by the system". */
  readonly note?: string;
}

export interface QuarterlyReturn {
  /** `2026/27-Q2`. */
  readonly quarter: string;
  /** The quarter's first instant and the instant after its last (Europe/London days), ISO UTC. */
  readonly from: string;
  readonly to: string;
  readonly producedAt: string;
  readonly measures: readonly Measure[];
  readonly charts: {
    /** Referrals received per week (weeks starting Monday, the first and last may be partial). */
    readonly referralsBySourceAndWeek: ReadonlyArray<{
      readonly weekStarting: string;
      readonly counts: Readonly<Record<string, number>>;
    }>;
    /** Deadlines falling in the quarter, met or breached, per rule. */
    readonly deadlinesByRule: ReadonlyArray<{
      readonly rule: string;
      readonly label: string;
      readonly met: number;
      readonly breached: number;
    }>;
    /** Average change in need score per domain of the nine, for cases closed in the quarter. */
    readonly distanceTravelled: ReadonlyArray<{
      readonly area: string;
      readonly label: string;
      readonly average: number | null;
      readonly cases: number;
    }>;
    /** Each outcome with a target, quarter by quarter through the financial year, beside its target. */
    readonly outcomesAgainstTargets: readonly OutcomeTrend[];
    /** Target-hardening product spend in the financial year to the quarter's end, by month, against the budget. */
    readonly targetHardeningSpend: {
      readonly financialYear: string;
      readonly budgetPence: number;
      readonly spentPence: number;
      readonly byMonth: ReadonlyArray<{ readonly month: string; readonly spentPence: number }>;
    };
  };
}

/** An outcome with a target, quarter by quarter through the financial year (the return's outcomes chart). */
export interface OutcomeTrend {
  readonly measure: string;
  readonly label: string;
  /** The year's target, a percentage; null where none is set (a baseline year). */
  readonly target: number | null;
  readonly quarters: ReadonlyArray<{
    readonly quarter: string;
    readonly percentage: number | null;
    /** Those who answered (or jobs visited): what the percentage is of. */
    readonly of: number;
  }>;
}
