import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { logger } from '../../functions/logger.ts';
import { documentClient, localDynamoDbConfig } from '../../shared/adapters/dynamodb/clients.ts';
import { ExecutionStore } from '../engine/execution-store.ts';
import { LOCAL_ENGINE_TABLE_NAME, LOCAL_TABLE_NAME } from '../environment.ts';
import { openLocalSystem } from '../system/local-system.ts';
import type { LocalDefinitions } from '../system/state-machines.ts';
import { VirtualClock } from '../system/virtual-clock.ts';
import { type Arrival, planArrivals } from './arrivals.ts';
import { memorySampler, processPeakRssMiB } from './memory.ts';
import { InvalidSimulationOptionError, recordedOptions, type SimulationOptions } from './options.ts';
import { collectOutcome, type SimulatedReferralEnd, sortedRecord } from './outcome.ts';
import { SimulatedProvider } from './provider.ts';
import { sameOptions, takeUpStoppedRun } from './resume.ts';
import { DAY_MS, Run, type SimulationProgress } from './run.ts';
import { readRunState } from './run-state.ts';

/** Step Functions Standard: USD per state transition (eu-west-2 list price, $0.025 per 1,000). */
export const USD_PER_TRANSITION = 0.025 / 1000;

/** What a simulation found. `paths` and `breaches` are the same for the same seed and options. */
export interface SimulationReport {
  readonly referrals: number;
  /** Cases intake opened (every simulated referral is valid and consented, so all of them). */
  readonly opened: number;
  readonly arrivals: { readonly police: number; readonly partner: number; readonly self: number };
  /** Executions that ended (SUCCEEDED, FAILED, TIMED_OUT). */
  readonly completed: number;
  /** Final result per execution: the path's result, or its status when it did not succeed. */
  readonly paths: Readonly<Record<string, number>>;
  /** Breaches recorded, by rule. */
  readonly breaches: Readonly<Record<string, number>>;
  /** Per rule: referrals it applied to, met (no breach) and breached. */
  readonly deadlines: Readonly<Record<string, { readonly met: number; readonly breached: number }>>;
  /** At-risk alerts raised before a deadline, by rule. */
  readonly atRisk: Readonly<Record<string, number>>;
  /** Messages sent, by channel and where they ended (`sent` for a letter, or an e-mail never reported). */
  readonly messages: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Tasks completed, by type; and completions refused because the deadline had passed. */
  readonly tasksCompleted: Readonly<Record<string, number>>;
  readonly lateCompletionsRefused: number;
  /** After first contact: contacts logged and cases the caseworkers closed, by reason. */
  readonly furtherSupport: {
    readonly contactsLogged: number;
    readonly casesClosed: Readonly<Record<string, number>>;
  };
  readonly transitions: number;
  readonly transitionsPerReferral: number;
  readonly costPerReferralUsd: number;
  readonly simulatedFrom: string;
  readonly simulatedUntil: string;
  readonly simulatedDays: number;
  readonly wallMs: number;
  readonly peakRssMiB: number;
  /** DynamoDB Local's own peak memory, when the simulation started it and can read it. */
  readonly databasePeakRssMiB?: number;
}

export interface SimulationEnvironment {
  /**
   * A DynamoDB Local to run on. Without `dataDir` the simulation makes tables of its own there and deletes
   * them after; with it, it runs on the local system's own tables and leaves them.
   */
  readonly endpoint: string;
  /**
   * The local data directory to leave the simulated world in: the run uses the local system's own tables
   * (LOCAL_TABLE_NAME, LOCAL_ENGINE_TABLE_NAME) on `endpoint` and this directory for the messenger's outbox
   * and letters, and deletes neither, so `vf outbox` and `vf start` see its cases, tasks and messages. The
   * caller gives it empty tables (`vf simulate` replaces what was there). Without it, nothing is kept: the
   * tables and a temporary data directory are deleted at the end.
   */
  readonly dataDir?: string;
  /** Its process id, to report its memory (Linux). */
  readonly databasePid?: number;
  readonly definitions?: LocalDefinitions;
  /** Called once per simulated day. */
  readonly onProgress?: (progress: SimulationProgress) => void;
  /** Called with each referral's end, as the report reads it (tests and investigations). */
  readonly onReferral?: (referral: SimulatedReferralEnd) => void;
  /**
   * With `dataDir`: carries on the run whose state the directory keeps (simulation-run.json, written before
   * every moment of a kept run) instead of starting one, on the world it left; the options must be the
   * run's own. Without a state there, the run starts from the beginning as without it.
   */
  readonly resume?: boolean;
}

/**
 * The functions log each step at INFO; thousands of referrals would bury the report (and cost time). The
 * Powertools middleware puts the logger back to its initial level on every invocation
 * (refreshSampleRateCalculation), so for the run that reset is held off and the level set to SILENT.
 */
function silenceFunctionLogs(): () => void {
  const previous = logger.getLevelName() as Parameters<typeof logger.setLogLevel>[0];
  const target = logger as unknown as { refreshSampleRateCalculation: () => void };
  target.refreshSampleRateCalculation = () => undefined;
  logger.setLogLevel('SILENT');
  return () => {
    delete (target as { refreshSampleRateCalculation?: () => void }).refreshSampleRateCalculation;
    logger.setLogLevel(previous);
  };
}

function checkOptions(options: SimulationOptions): void {
  const whole = (name: string, value: number, min: number) => {
    if (!Number.isSafeInteger(value) || value < min)
      throw new InvalidSimulationOptionError(`--${name} must be a whole number of ${min} or more`);
  };
  whole('referrals', options.referrals, 1);
  whole('seed', options.seed, 0);
  whole('staff', options.staff, 1);
  whole('team-leaders', options.teamLeaders, 1);
  whole('per-day', options.perDay, 1);
  whole('step', options.stepMinutes, 1);
  whole('concurrency', options.concurrency, 1);
  if (Number.isNaN(options.start.getTime())) throw new InvalidSimulationOptionError('--start must be a date');
}

/**
 * Simulates the service (docs/local-system.md): synthetic referrals arrive over time through the real intake
 * routes, the real contact-path state machine runs each on the engine with a virtual clock, and simulated
 * caseworkers and team leaders work the real task queue inside service hours. The clock moves from one
 * moment to the next where something happens (an arrival, an engine timer, a work step on the grid of
 * `stepMinutes`): the engine fires every timer due up to it, arrivals are taken in, and staff record finished
 * work and pick up the next tasks.
 *
 * Deterministic: every choice is drawn from the seed keyed on a stable id (a day, a referral number, a task
 * id), tasks are taken in queue order (due, priority, task id), and nothing depends on the engine's
 * concurrency or the wall clock.
 */
export async function runSimulation(
  options: SimulationOptions,
  environment: SimulationEnvironment,
): Promise<SimulationReport> {
  checkOptions(options);
  const wallStart = performance.now();
  const memory = memorySampler();
  const arrivals = planArrivals(options);
  const kept = environment.dataDir;
  const resumed = kept && environment.resume ? readRunState(kept) : undefined;
  if (resumed && !sameOptions(resumed.options, recordedOptions(options))) {
    throw new InvalidSimulationOptionError(
      `the simulation in ${kept} was made with other options (${JSON.stringify(resumed.options)}): it can only be carried on with its own`,
    );
  }
  const clock = new VirtualClock(resumed ? new Date(resumed.clock) : options.start);
  const suffix = randomUUID().slice(0, 8);
  const tableName = kept ? LOCAL_TABLE_NAME : `simulation-${suffix}`;
  const engineTableName = kept ? LOCAL_ENGINE_TABLE_NAME : `simulation-engine-${suffix}`;
  const dataDir = kept ?? mkdtempSync(join(tmpdir(), 'vf-simulation-'));
  const restoreLogs = silenceFunctionLogs();
  const provider = new SimulatedProvider(options.seed);
  const system = await openLocalSystem({
    endpoint: environment.endpoint,
    dataDir,
    tableName,
    engineTableName,
    clock,
    concurrency: options.concurrency,
    ...(environment.definitions ? { definitions: environment.definitions } : {}),
    wrapMessenger: (messenger) => provider.wrap(messenger, clock),
  });
  const client = documentClient(localDynamoDbConfig(environment.endpoint));
  try {
    const run = new Run(
      system,
      new ExecutionStore(client, engineTableName),
      clock,
      options,
      environment,
      provider,
      resumed,
    );
    if (resumed) await takeUpStoppedRun(system, client, tableName, provider, resumed);
    await run.go(arrivals);
    const outcome = await collectOutcome(system, arrivals, environment.onReferral);
    const wallMs = Math.round(performance.now() - wallStart);
    const referrals = arrivals.reduce((sum, a) => sum + a.referrals.length, 0);
    const databasePeakRssMiB = processPeakRssMiB(environment.databasePid);
    return {
      referrals,
      opened: run.opened,
      arrivals: {
        police: count(arrivals, 'police-download'),
        partner: count(arrivals, 'partner'),
        self: count(arrivals, 'self'),
      },
      ...outcome,
      tasksCompleted: sortedRecord(run.tasksCompleted),
      lateCompletionsRefused: run.lateRefused,
      furtherSupport: { contactsLogged: run.contactsLogged, casesClosed: sortedRecord(run.casesClosed) },
      transitionsPerReferral: round(outcome.transitions / Math.max(1, referrals), 2),
      costPerReferralUsd: round((outcome.transitions * USD_PER_TRANSITION) / Math.max(1, referrals), 6),
      simulatedFrom: options.start.toISOString(),
      simulatedUntil: clock.now().toISOString(),
      simulatedDays: round((clock.now().getTime() - options.start.getTime()) / DAY_MS, 1),
      wallMs,
      peakRssMiB: round(memory.stop(), 1),
      ...(databasePeakRssMiB === undefined ? {} : { databasePeakRssMiB: round(databasePeakRssMiB, 1) }),
    };
  } finally {
    memory.stop();
    restoreLogs();
    await system.close();
    client.destroy();
    if (!kept) {
      const admin = new DynamoDBClient(localDynamoDbConfig(environment.endpoint));
      for (const name of [tableName, engineTableName]) {
        await admin.send(new DeleteTableCommand({ TableName: name })).catch(() => undefined);
      }
      admin.destroy();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
}

const count = (arrivals: readonly Arrival[], kind: Arrival['kind']) =>
  arrivals.filter((a) => a.kind === kind).reduce((sum, a) => sum + a.referrals.length, 0);

const round = (value: number, places: number) => Number(value.toFixed(places));
