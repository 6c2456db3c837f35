import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
const VF = new URL('../bin/vf.js', import.meta.url).pathname;

/** The goals the simulation is measured against (they print beside the figures; nothing fails). */
const GOAL_SECONDS = 120;
const GOAL_PEAK_MIB = 1024;

export interface SimulateFigures {
  referrals: number;
  completed: number;
  /** The command from start to exit, as a person waits for it (DynamoDB Local's start included). */
  commandSeconds: number;
  /** The simulation as it reports itself (synthesis of the state machines included). */
  simulationSeconds: number;
  peakRssMiB: number;
  /** The headline names (bench/goals.ts) of the simulation's wall time and the command's peak RSS. */
  quarterSimulationMs: number;
  quarterSimulationPeakMiB: number;
  databasePeakRssMiB?: number;
  transitionsPerReferral: number;
  costPerReferralUsd: number;
}

/**
 * Simulation benchmark: `vf simulate --in-memory --referrals N --json` run as a person runs it, in a process
 * of its own (so its peak memory is its own), with its own in-memory DynamoDB Local and nothing kept (the
 * goals were set for that run; by default vf simulate keeps its world on disk in the data directory, which
 * is slower). Prints wall time and peak memory beside the goals: 2 minutes and 1 GiB for 6,000 referrals on
 * this machine.
 */
export async function benchSimulate(referrals = 6000, log = console.log): Promise<SimulateFigures> {
  const started = performance.now();
  const { stdout } = await run(
    process.execPath,
    [VF, 'simulate', '--in-memory', '--referrals', String(referrals), '--json'],
    {
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  const commandSeconds = (performance.now() - started) / 1000;
  const report = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
    completed: number;
    wallMs: number;
    peakRssMiB: number;
    databasePeakRssMiB?: number;
    transitionsPerReferral: number;
    costPerReferralUsd: number;
  };
  const simulationSeconds = report.wallMs / 1000;
  log(
    `simulate: vf simulate --in-memory --referrals ${referrals} (in-memory DynamoDB Local, nothing kept; ${report.completed} contact paths ended)`,
  );
  log(
    `  wall    ${simulationSeconds.toFixed(1)} s simulating, ${commandSeconds.toFixed(1)} s the whole command (goal < ${GOAL_SECONDS} s)`,
  );
  log(
    `  memory  ${report.peakRssMiB.toFixed(0)} MiB peak RSS of the command (goal < ${GOAL_PEAK_MIB} MiB)${report.databasePeakRssMiB === undefined ? '' : `; DynamoDB Local ${report.databasePeakRssMiB.toFixed(0)} MiB`}`,
  );
  log(
    `  cost    ${report.transitionsPerReferral} transitions per referral, $${report.costPerReferralUsd.toFixed(6)} per referral in Step Functions`,
  );
  return {
    referrals,
    completed: report.completed,
    commandSeconds,
    simulationSeconds,
    peakRssMiB: report.peakRssMiB,
    quarterSimulationMs: report.wallMs,
    quarterSimulationPeakMiB: report.peakRssMiB,
    ...(report.databasePeakRssMiB === undefined ? {} : { databasePeakRssMiB: report.databasePeakRssMiB }),
    transitionsPerReferral: report.transitionsPerReferral,
    costPerReferralUsd: report.costPerReferralUsd,
  };
}
