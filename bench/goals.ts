/** The headline figures of one benchmark run, as `npm run bench -- --json` names them. */
export interface HeadlineFigures {
  readonly intakeVsFloor: number;
  readonly engineVsFloor: number;
  /** The simulated quarter (6,000 referrals by default): wall time and the command's peak RSS. */
  readonly quarterSimulationMs: number;
  readonly quarterSimulationPeakMiB: number;
  /** The team queue's 95th-percentile response, in-process as Lambda runs it. */
  readonly queueP95Ms: number;
  /** The largest function's esbuild bundle (index.mjs). */
  readonly maxBundleKiB: number;
  /** Step Functions transitions per referral, in US dollars. */
  readonly costPerReferralUsd: number;
}

export type FigureName = keyof HeadlineFigures;

/** One goal: the figure is at least, or below, the target. */
export type Goal =
  | { readonly figure: FigureName; readonly atLeast: number }
  | { readonly figure: FigureName; readonly below: number };

/**
 * The goals (docs/performance.md): intake and the engine at least half as fast as the bare DynamoDB
 * floor; the quarter's 6,000 referrals simulated in under 2 minutes and under 1 GiB; the team queue's p95
 * under 150 ms; every function's bundle under 500 KiB; under a tenth of a cent per referral.
 */
export const GOALS: readonly Goal[] = [
  { figure: 'intakeVsFloor', atLeast: 0.5 },
  { figure: 'engineVsFloor', atLeast: 0.5 },
  { figure: 'quarterSimulationMs', below: 120_000 },
  { figure: 'quarterSimulationPeakMiB', below: 1024 },
  { figure: 'queueP95Ms', below: 150 },
  { figure: 'maxBundleKiB', below: 500 },
  { figure: 'costPerReferralUsd', below: 0.001 },
];

export interface GoalResult {
  readonly goal: string;
  readonly value: number;
  readonly met: boolean;
}

/** Each goal with the run's figure and whether it was met, keyed by the figure's name. */
export function goalsMet(figures: HeadlineFigures): Record<FigureName, GoalResult> {
  return Object.fromEntries(
    GOALS.map((goal) => {
      const value = figures[goal.figure];
      const result: GoalResult =
        'atLeast' in goal
          ? { goal: `>= ${goal.atLeast}`, value, met: value >= goal.atLeast }
          : { goal: `< ${goal.below}`, value, met: value < goal.below };
      return [goal.figure, result];
    }),
  ) as Record<FigureName, GoalResult>;
}

/** One line for people: how many goals were met, and which were missed with their figures. */
export function goalsLine(results: Record<FigureName, GoalResult>): string {
  const entries = Object.entries(results);
  const missed = entries.filter(([, result]) => !result.met);
  const met = entries.length - missed.length;
  return missed.length === 0
    ? `goals: all ${entries.length} met`
    : `goals: ${met} of ${entries.length} met; missed: ${missed.map(([name, r]) => `${name} ${r.value} (goal ${r.goal})`).join(', ')}`;
}
