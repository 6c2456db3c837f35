import { startDynamoDbLocal } from '../local/dynamodb/dynamodb-local.ts';
import { benchIntake } from './intake.ts';

/**
 * `npm run bench [-- --json]`: every benchmark, printing figures beside their floors. Benchmarks do not
 * pass or fail; with --json the last line is one JSON object of all figures.
 */
const json = process.argv.includes('--json');
const rowsArg = process.argv.find((arg) => arg.startsWith('--rows='));
const database = await startDynamoDbLocal();
try {
  const intake = await benchIntake(database.endpoint, rowsArg ? Number(rowsArg.slice(7)) : 20_000);
  if (json) {
    console.log(
      JSON.stringify({
        intakeRowsPerSecond: Math.round(intake.intakeRowsPerSecond),
        intakeFloorRowsPerSecond: Math.round(intake.floorRowsPerSecond),
        intakeVsFloor: Number(intake.intakeVsFloor.toFixed(3)),
      }),
    );
  }
} finally {
  await database.stop();
}
