import { startDynamoDbLocal } from '../local/dynamodb/dynamodb-local.ts';
import { benchEngine } from './engine.ts';
import { benchIntake } from './intake.ts';
import { benchSimulate } from './simulate.ts';

/**
 * `npm run bench [-- --json] [-- --rows=N] [-- --referrals=N]`: every benchmark, printing figures beside
 * their floors or goals. Benchmarks do not pass or fail; with --json the last line is one JSON object of all
 * figures.
 */
const json = process.argv.includes('--json');
const rowsArg = process.argv.find((arg) => arg.startsWith('--rows='));
const referralsArg = process.argv.find((arg) => arg.startsWith('--referrals='));
const database = await startDynamoDbLocal();
let intake: Awaited<ReturnType<typeof benchIntake>>;
let engine: Awaited<ReturnType<typeof benchEngine>>;
try {
  intake = await benchIntake(database.endpoint, rowsArg ? Number(rowsArg.slice(7)) : 20_000);
  engine = await benchEngine(database.endpoint);
} finally {
  await database.stop();
}
// The simulation starts its own DynamoDB Local, as `vf simulate` does; the one above is stopped first.
const simulate = await benchSimulate(referralsArg ? Number(referralsArg.slice('--referrals='.length)) : 6000);
if (json) {
  console.log(
    JSON.stringify({
      intakeRowsPerSecond: Math.round(intake.intakeRowsPerSecond),
      intakeFloorRowsPerSecond: Math.round(intake.floorRowsPerSecond),
      intakeVsFloor: Number(intake.intakeVsFloor.toFixed(3)),
      engineTransitionsPerSecond: Math.round(engine.transitionsPerSecond),
      engineFloorWritesPerSecond: Math.round(engine.floorWritesPerSecond),
      engineVsFloor: Number(engine.engineVsFloor.toFixed(3)),
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
