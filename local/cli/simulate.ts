import { startDynamoDbLocal } from '../dynamodb/dynamodb-local.ts';
import {
  InvalidSimulationOptionError,
  parseSimulationOptions,
  type RawSimulationOptions,
  type SimulationOptions,
} from '../simulation/options.ts';
import { reportLines } from '../simulation/report.ts';
import { runSimulation } from '../simulation/simulation.ts';
import { type Output, UsageError } from './output.ts';

/** The options as commander hands them over. */
export type SimulateCommandOptions = RawSimulationOptions & { readonly json?: boolean };

/** Reads the options, naming the one that is wrong as a usage error (exit code 2). */
export function simulationOptionsFrom(raw: SimulateCommandOptions): SimulationOptions {
  const { json: _json, ...rest } = raw;
  try {
    return parseSimulationOptions(rest);
  } catch (error) {
    if (error instanceof InvalidSimulationOptionError) throw new UsageError(error.message);
    throw error;
  }
}

/**
 * `vf simulate`: synthetic referrals through the real intake, contact paths and task queue, on a DynamoDB
 * Local of its own in memory (the local data directory is never touched), with a virtual clock.
 */
export async function simulateCommand(raw: SimulateCommandOptions, out: Output): Promise<void> {
  const options = simulationOptionsFrom(raw);
  const database = await startDynamoDbLocal();
  const progress = process.stderr.isTTY
    ? (p: { at: Date; arrived: number; referrals: number; tasksCompleted: number }) =>
        process.stderr.write(
          `\r${p.at.toISOString().slice(0, 10)}  ${p.arrived}/${p.referrals} referrals received, ${p.tasksCompleted} tasks done   `,
        )
    : undefined;
  try {
    const report = await runSimulation(options, {
      endpoint: database.endpoint,
      databasePid: database.pid,
      ...(progress ? { onProgress: progress } : {}),
    });
    if (progress) process.stderr.write('\n');
    for (const line of reportLines(report, options)) out.line(line);
    if (raw.json) out.json(report);
  } finally {
    await database.stop();
  }
}
