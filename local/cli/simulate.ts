import { startDynamoDbLocal } from '../dynamodb/dynamodb-local.ts';
import { dataDirectory, openLocalDatabase, runningLocalDatabase } from '../environment.ts';
import {
  claimDataDirectory,
  readServerRecord,
  releaseDataDirectory,
  ServerAlreadyRunningError,
  writeVirtualClock,
} from '../server/runtime-files.ts';
import {
  dropLocalTables,
  holdsSimulation,
  localSystemDataIn,
  readSimulationRecord,
  removeLocalSystemData,
  type SimulationRecord,
  writeSimulationRecord,
} from '../simulation/kept-world.ts';
import {
  InvalidSimulationOptionError,
  parseSimulationOptions,
  type RawSimulationOptions,
  recordedOptions,
  type SimulationOptions,
} from '../simulation/options.ts';
import { reportLines } from '../simulation/report.ts';
import { readRunState } from '../simulation/run-state.ts';
import {
  runSimulation,
  type SimulationEnvironment,
  type SimulationReport,
} from '../simulation/simulation.ts';
import { type Output, UsageError } from './output.ts';

/** The options as commander hands them over. */
export type SimulateCommandOptions = RawSimulationOptions & {
  readonly json?: boolean;
  /** The old way: a DynamoDB Local of its own in memory, nothing kept, the data directory untouched. */
  readonly inMemory?: boolean;
  /** Replaces a local system's data in the data directory that no simulation made. */
  readonly replace?: boolean;
  /** Carries on the simulation the data directory holds, if it was stopped before its end. */
  readonly resume?: boolean;
};

/** Reads the options, naming the one that is wrong as a usage error (exit code 2). */
export function simulationOptionsFrom(raw: SimulateCommandOptions): SimulationOptions {
  const { json: _json, inMemory: _inMemory, replace: _replace, resume: _resume, ...rest } = raw;
  try {
    return parseSimulationOptions(rest);
  } catch (error) {
    if (error instanceof InvalidSimulationOptionError) throw new UsageError(error.message);
    throw error;
  }
}

/** The command-line flags of the recorded options, as `vf simulate` takes them. */
const FLAGS: Readonly<Record<string, string>> = {
  referrals: '--referrals',
  seed: '--seed',
  start: '--start',
  staff: '--staff',
  teamLeaders: '--team-leaders',
  perDay: '--per-day',
  stepMinutes: '--step',
  concurrency: '--concurrency',
};

/**
 * The options a kept simulation was made with that differ from these, as flags with the recorded values
 * (`--seed 3`). The engine's concurrency is left out: it changes the speed, never the results.
 */
function differingOptions(recorded: SimulationRecord['options'], options: SimulationOptions): string[] {
  const given = recordedOptions(options);
  return Object.keys(FLAGS)
    .filter((key) => key !== 'concurrency' && recorded[key] !== given[key])
    .map((key) => `${FLAGS[key]} ${recorded[key] ?? '(none)'}`);
}

/** A word for a shell: as it is when it needs no quotes. */
const shellWord = (text: string) =>
  /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`;

/** The day-by-day progress line on a terminal (stderr, so stdout stays the report). */
function progressLine(): SimulationEnvironment['onProgress'] {
  if (!process.stderr.isTTY) return undefined;
  return (p) =>
    process.stderr.write(
      `\r${p.at.toISOString().slice(0, 10)}  ${p.arrived}/${p.referrals} referrals received, ${p.tasksCompleted} tasks done   `,
    );
}

/**
 * `vf simulate`: synthetic referrals through the real intake, contact paths and task queue, with a virtual
 * clock. The world it makes is left in the local data directory (VF_DATA_DIR or `.vf/`): the local
 * system's own tables on DynamoDB Local's files there, the e-mails and texts in `outbox/`, the letters in
 * `letters/`, `virtual-clock.json` at the simulation's end and `simulation.json` saying how it was made —
 * so `vf outbox` lists what it sent and `vf start --virtual-clock` carries on from where it ended.
 *
 * A previous simulation's world (simulation.json) is replaced without asking. A local system's data that no
 * simulation made is refused unless `--replace` is given; replacing removes only what the local system
 * writes there (kept-world.ts), never the rest of the directory. A `vf start` running on the directory is
 * refused; the directory is claimed for the run as `vf start` claims it.
 *
 * `--resume`: a simulation the directory holds that was stopped before its end (killed, even) is carried on
 * where its run state says it was, with the options it was made with, and ends as it would have without
 * the stop; a finished one is reported again. With nothing to carry on, it runs as without `--resume`.
 *
 * `--in-memory`: a DynamoDB Local of its own in memory and a temporary directory, all gone at the end;
 * the data directory is never touched (benchmarks).
 */
export async function simulateCommand(raw: SimulateCommandOptions, out: Output): Promise<void> {
  const options = simulationOptionsFrom(raw);
  if (raw.inMemory && (raw.replace || raw.resume)) {
    throw new UsageError(
      `--${raw.replace ? 'replace' : 'resume'} is for the data directory, which --in-memory leaves alone: give one or the other`,
    );
  }
  if (raw.inMemory) return simulateInMemory(options, raw.json === true, out);
  return simulateKept(options, raw, out);
}

async function simulateInMemory(options: SimulationOptions, json: boolean, out: Output): Promise<void> {
  const database = await startDynamoDbLocal();
  const progress = progressLine();
  try {
    const report = await runSimulation(options, {
      endpoint: database.endpoint,
      databasePid: database.pid,
      ...(progress ? { onProgress: progress } : {}),
    });
    if (progress) process.stderr.write('\n');
    for (const line of reportLines(report, options)) out.line(line);
    if (json) out.json(report);
  } finally {
    await database.stop();
  }
}

async function simulateKept(
  options: SimulationOptions,
  raw: SimulateCommandOptions,
  out: Output,
): Promise<void> {
  const dataDir = dataDirectory();
  const elsewhere = `VF_DATA_DIR=<other dir> vf simulate`;
  const server = readServerRecord(dataDir);
  if (server?.alive) {
    throw new UsageError(
      `${dataDir} is in use by vf start or vf simulate (pid ${server.record.pid}${server.record.url ? ` at ${server.record.url}` : ''}): stop it first, or ${elsewhere} runs beside it`,
    );
  }
  const previous = raw.resume && holdsSimulation(dataDir) ? readSimulationRecord(dataDir) : undefined;
  if (previous) {
    const differing = differingOptions(previous.options, options);
    if (differing.length > 0) {
      throw new UsageError(
        `--resume carries on the simulation in ${dataDir}, made with ${differing.join(' ')}: give its options, or leave out --resume to replace it`,
      );
    }
  }
  // A run stopped before its first moment left no state: it starts again from the beginning.
  const resuming = previous ? readRunState(dataDir) : undefined;
  const held = localSystemDataIn(dataDir);
  if (resuming === undefined && held.length > 0 && !holdsSimulation(dataDir) && !raw.replace) {
    throw new UsageError(
      `${dataDir} holds a local system's data (${held.join(', ')}) that no simulation made: vf simulate --replace replaces it, or ${elsewhere} keeps both`,
    );
  }
  const database = runningLocalDatabase(dataDir);
  if (database?.ownerPid !== undefined && database.ownerPid !== process.pid) {
    throw new UsageError(
      `another vf command (pid ${database.ownerPid}) is using the database in ${dataDir}: try again when it has finished`,
    );
  }
  try {
    claimDataDirectory(dataDir, { pid: process.pid, virtualClock: true });
  } catch (error) {
    if (error instanceof ServerAlreadyRunningError) throw new UsageError(error.message);
    throw error;
  }

  try {
    let started: SimulationRecord;
    if (previous && resuming) {
      // Its world stays as it is, DynamoDB Local's included: one its killed predecessor left running is adopted.
      started = previous;
      out.error(`Carrying on the simulation in ${dataDir} from ${new Date(resuming.clock).toISOString()}`);
    } else {
      started = {
        options: recordedOptions(options),
        seed: options.seed,
        referrals: options.referrals,
        simulatedFrom: options.start.toISOString(),
        startedAt: new Date().toISOString(),
      };
      // Its record is written first, so a run that is stopped half-way is still known as a simulation's:
      // replaced next time, or carried on with --resume. A DynamoDB Local left running by a command that
      // was killed is adopted below; its tables are dropped.
      removeLocalSystemData(dataDir, { databaseRunning: database !== undefined, replacedBy: started });
    }
    const progress = progressLine();
    const local = await openLocalDatabase(dataDir);
    let report: SimulationReport;
    try {
      if (!resuming) await dropLocalTables(local.endpoint);
      report = await runSimulation(options, {
        endpoint: local.endpoint,
        dataDir,
        resume: resuming !== undefined,
        ...(local.pid === undefined ? {} : { databasePid: local.pid }),
        ...(progress ? { onProgress: progress } : {}),
      });
    } finally {
      if (progress) process.stderr.write('\n');
      await local.close();
    }
    writeVirtualClock(dataDir, new Date(report.simulatedUntil));
    writeSimulationRecord(dataDir, {
      ...started,
      simulatedUntil: report.simulatedUntil,
      finishedAt: new Date().toISOString(),
    });
    for (const line of reportLines(report, options)) out.line(line);
    out.line('');
    const env =
      process.env.VF_DATA_DIR === undefined ? '' : ` (with VF_DATA_DIR=${shellWord(dataDir)}, as now)`;
    out.line(
      `Kept in ${dataDir}: vf outbox lists its messages; vf start --virtual-clock opens it at ${report.simulatedUntil}${env}`,
    );
    if (raw.json) out.json(report);
  } finally {
    releaseDataDirectory(dataDir);
  }
}
