import { startDynamoDbLocal } from '../local/dynamodb/dynamodb-local.ts';
import { benchBundles } from './bundles.ts';
import { benchEngine } from './engine.ts';
import { goalsLine, goalsMet, type HeadlineFigures } from './goals.ts';
import { benchIntake } from './intake.ts';
import { benchQueue } from './queue.ts';
import { benchSimulate } from './simulate.ts';

/**
 * `npm run bench [-- --json] [-- --rows=N] [-- --tasks=N] [-- --referrals=N]`: every benchmark, printing
 * figures beside their floors or goals, then a line of the goals met and missed. Benchmarks do not pass or
 * fail; with --json the last line is one JSON object of all figures: the headline figures (HeadlineFigures:
 * intakeVsFloor, engineVsFloor, quarterSimulationMs, quarterSimulationPeakMiB, queueP95Ms, maxBundleKiB,
 * costPerReferralUsd), `goals` (each goal, the figure and whether it was met), each function's bundle size
 * (`bundleKiB`) and the detailed figures. --tasks is the number of open tasks in the team queue benchmark
 * (10,000); --referrals the simulated quarter's referrals (6,000, which the quarter's goals are set for).
 */
const json = process.argv.includes('--json');
const rowsArg = process.argv.find((arg) => arg.startsWith('--rows='));
const tasksArg = process.argv.find((arg) => arg.startsWith('--tasks='));
const referralsArg = process.argv.find((arg) => arg.startsWith('--referrals='));
// Bundling needs no database: done first, while nothing else runs.
const bundles = await benchBundles();
const database = await startDynamoDbLocal();
let intake: Awaited<ReturnType<typeof benchIntake>>;
let engine: Awaited<ReturnType<typeof benchEngine>>;
let queue: Awaited<ReturnType<typeof benchQueue>>;
try {
  intake = await benchIntake(database.endpoint, rowsArg ? Number(rowsArg.slice(7)) : 20_000);
  engine = await benchEngine(database.endpoint);
  queue = await benchQueue(database.endpoint, tasksArg ? Number(tasksArg.slice('--tasks='.length)) : 10_000);
} finally {
  await database.stop();
}
// The simulation starts its own DynamoDB Local, as `vf simulate` does; the one above is stopped first.
const simulate = await benchSimulate(referralsArg ? Number(referralsArg.slice('--referrals='.length)) : 6000);
const round = (value: number, digits: number) => Number(value.toFixed(digits));
const headline: HeadlineFigures = {
  intakeVsFloor: round(intake.intakeVsFloor, 3),
  engineVsFloor: round(engine.engineVsFloor, 3),
  quarterSimulationMs: Math.round(simulate.quarterSimulationMs),
  quarterSimulationPeakMiB: Math.round(simulate.quarterSimulationPeakMiB),
  queueP95Ms: round(queue.team.p95Ms, 1),
  maxBundleKiB: round(bundles.maxBundleKiB, 1),
  costPerReferralUsd: simulate.costPerReferralUsd,
};
const goals = goalsMet(headline);
console.log(goalsLine(goals));
if (json) {
  console.log(
    JSON.stringify({
      ...headline,
      goals,
      quarterSimulationReferrals: simulate.referrals,
      maxBundleFunction: bundles.maxBundleFunction,
      bundleKiB: Object.fromEntries(
        bundles.functions.map((bundle) => [bundle.id, round(bundle.bundleKiB, 1)]),
      ),
      sourceMapKiB: Object.fromEntries(
        bundles.functions.map((bundle) => [bundle.id, round(bundle.sourceMapKiB, 1)]),
      ),
      intakeRowsPerSecond: Math.round(intake.intakeRowsPerSecond),
      intakeFloorRowsPerSecond: Math.round(intake.floorRowsPerSecond),
      intakeVsFloor: Number(intake.intakeVsFloor.toFixed(3)),
      engineTransitionsPerSecond: Math.round(engine.transitionsPerSecond),
      engineFloorWritesPerSecond: Math.round(engine.floorWritesPerSecond),
      engineVsFloor: Number(engine.engineVsFloor.toFixed(3)),
      queueTasks: queue.tasks,
      queueSeedSeconds: Number(queue.seedSeconds.toFixed(1)),
      queueGoalP95Ms: queue.goalP95Ms,
      queuePageKiB: Math.round(queue.team.pageKiB),
      ...Object.fromEntries(
        (['team', 'homeVisit', 'overdue', 'byPriority', 'http'] as const).flatMap((variant) => {
          const name = `queue${variant.charAt(0).toUpperCase()}${variant.slice(1)}`;
          const figures = queue[variant];
          return [
            [`${name}P50Ms`, Number(figures.p50Ms.toFixed(1))],
            [`${name}P95Ms`, Number(figures.p95Ms.toFixed(1))],
            [`${name}P99Ms`, Number(figures.p99Ms.toFixed(1))],
            [`${name}MaxMs`, Number(figures.maxMs.toFixed(1))],
          ];
        }),
      ),
      simulateReferrals: simulate.referrals,
      simulateCompleted: simulate.completed,
      simulateSeconds: Number(simulate.simulationSeconds.toFixed(1)),
      simulateCommandSeconds: Number(simulate.commandSeconds.toFixed(1)),
      simulatePeakRssMiB: Math.round(simulate.peakRssMiB),
      ...(simulate.databasePeakRssMiB === undefined
        ? {}
        : { simulateDatabasePeakRssMiB: Math.round(simulate.databasePeakRssMiB) }),
      simulateTransitionsPerReferral: simulate.transitionsPerReferral,
      simulateCostPerReferralUsd: simulate.costPerReferralUsd,
    }),
  );
}
