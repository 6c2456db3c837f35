import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resourceUsage } from 'node:process';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { logger } from '../../functions/logger.ts';
import { documentClient, localDynamoDbConfig } from '../../shared/adapters/dynamodb/clients.ts';
import { ingestRows, intakeFileId } from '../../shared/application/ingest.ts';
import { completeTask } from '../../shared/application/task-queue.ts';
import {
  addCalendarDays,
  localDateOf,
  nextServiceOpening,
  startOfLocalDay,
} from '../../shared/domain/calendar.ts';
import { caseIdFor } from '../../shared/domain/case.ts';
import { DEADLINE_RULES, ruleOfTask } from '../../shared/domain/deadline-rules.ts';
import { parsePoliceDownload } from '../../shared/domain/intake/police-download.ts';
import type { Queue } from '../../shared/domain/task.ts';
import { TaskNotOpenError } from '../../shared/domain/task.ts';
import { executionArnOf } from '../engine/engine.ts';
import { ExecutionStore } from '../engine/execution-store.ts';
import { LOCAL_ENGINE_TABLE_NAME, LOCAL_TABLE_NAME } from '../environment.ts';
import { httpApiRequest, localContext, localDeliveryEvent } from '../lambda-events.ts';
import { toCsv } from '../synthetic/police-download.ts';
import { type LocalSystem, openLocalSystem } from '../system/local-system.ts';
import type { LocalDefinitions } from '../system/state-machines.ts';
import { VirtualClock } from '../system/virtual-clock.ts';
import { type Arrival, planArrivals, type SimulatedReferral } from './arrivals.ts';
import { workOn } from './caseworkers.ts';
import { InvalidSimulationOptionError, recordedOptions, type SimulationOptions } from './options.ts';
import { SimulatedProvider } from './provider.ts';
import { type RunState, readRunState, type WorkInHand, writeRunState } from './run-state.ts';
import { caseworkerShift, type Shift, Team, teamLeaderShift } from './staff.ts';

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

export interface SimulatedReferralEnd {
  readonly referralId: string;
  readonly result: string;
  readonly transitions: number;
  readonly breaches: readonly string[];
}

export interface SimulationProgress {
  readonly at: Date;
  readonly arrived: number;
  readonly referrals: number;
  readonly tasksCompleted: number;
}

/** The longest a run goes on after the last arrival: the contact path's own timeout (60 days) and more. */
const DRAIN_DAYS = 75;
const COMPLETIONS_AT_ONCE = 8;
const REPORT_READS_AT_ONCE = 16;
const DAY_MS = 86_400_000;

/** Runs `work` over the items, `width` at a time. */
async function inParallel<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
}

/** Samples this process's resident memory; `peak` in MiB, the larger of the samples and the OS maximum. */
function memorySampler() {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 200);
  timer.unref();
  return {
    stop: () => {
      clearInterval(timer);
      // maxRSS is in KiB.
      return Math.max(peak, process.memoryUsage().rss, resourceUsage().maxRSS * 1024) / 2 ** 20;
    },
  };
}

/** The high-water mark of another process's resident memory in MiB (Linux /proc), if it can be read. */
function processPeakRssMiB(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
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
    const outcome = await collect(system, arrivals, environment.onReferral);
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

/** Whether two runs' recorded options give the same results (the engine's concurrency changes only the speed). */
function sameOptions(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  keys.delete('concurrency');
  return [...keys].every((key) => a[key] === b[key]);
}

/**
 * Takes up the world a stopped run left, before its moment is worked again. The claims to send a message it
 * took in that moment are released: nothing else runs on the directory, so a claim the message was never
 * recorded under was its dead predecessor's, and the message is sent now, at the same virtual instant,
 * rather than once the claim's lease has run out on the virtual clock. The provider owes a report for every e-mail and text
 * sent since the state was written (the state knows the earlier ones): a report a message already had is
 * given again, which the delivery-status function takes as the duplicate it is.
 */
async function takeUpStoppedRun(
  system: LocalSystem,
  client: DynamoDBDocumentClient,
  tableName: string,
  provider: SimulatedProvider,
  state: RunState,
): Promise<void> {
  // The message store's claim, held while a message is handed to its provider: `CASE#<caseId>`,
  // `SENDING#<messageId>` (shared/adapters/dynamodb/message-store.ts).
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: 'begins_with(sk, :sending) AND claimedAt >= :moment',
        ExpressionAttributeValues: { ':sending': 'SENDING#', ':moment': new Date(state.clock).toISOString() },
        ProjectionExpression: 'pk, sk',
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const claim of page.Items ?? []) {
      const caseId = String(claim.pk).slice('CASE#'.length);
      const messageId = String(claim.sk).slice('SENDING#'.length);
      if (await system.messages.getMessage(caseId, messageId)) continue;
      await client.send(new DeleteCommand({ TableName: tableName, Key: { pk: claim.pk, sk: claim.sk } }));
    }
    start = page.LastEvaluatedKey;
  } while (start);

  const last = localDateOf(new Date(state.moment));
  for (let day = localDateOf(new Date(state.clock)); day <= last; day = addCalendarDays(day, 1)) {
    for (const message of await system.messages.listSentOn(day)) {
      if (message.channel === 'letter' || message.sentAt.getTime() < state.clock) continue;
      provider.owe(provider.reportFor({ ...message, channel: message.channel }));
    }
  }
}

const count = (arrivals: readonly Arrival[], kind: Arrival['kind']) =>
  arrivals.filter((a) => a.kind === kind).reduce((sum, a) => sum + a.referrals.length, 0);

const round = (value: number, places: number) => Number(value.toFixed(places));

function sortedRecord<V>(map: ReadonlyMap<string, V> | Record<string, V>): Record<string, V> {
  const entries = map instanceof Map ? [...map.entries()] : Object.entries(map);
  return Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b)));
}

/** One run of the simulation: the clock, the staff, the work in hand. */
class Run {
  opened = 0;
  lateRefused = 0;
  readonly tasksCompleted = new Map<string, number>();
  private readonly inProgress = new Map<string, WorkInHand>();
  private readonly caseworkers: Team;
  private readonly teamLeaders: Team;
  private readonly stepMs: number;
  /** The last work moment; work moments lie on a grid of steps and each happens once. */
  private lastWork = Number.NEGATIVE_INFINITY;
  /** Whether a queue may hold a task nobody has picked up (the engine has run since it was last read). */
  private readonly pending: Record<Queue, boolean> = { caseworkers: false, 'team-leaders': false };
  /** Arrivals taken in so far (an index into the plan), and the referrals they held. */
  private arrivalsTaken = 0;
  private arrived = 0;
  private reportedDay: number;

  constructor(
    private readonly system: LocalSystem,
    private readonly wakes: ExecutionStore,
    private readonly clock: VirtualClock,
    private readonly options: SimulationOptions,
    private readonly environment: SimulationEnvironment,
    private readonly provider: SimulatedProvider,
    /** The state of a stopped run this one carries on. */
    private readonly resumed?: RunState,
  ) {
    this.caseworkers = new Team('caseworker', options.staff, resumed?.caseworkersFreeAt);
    this.teamLeaders = new Team('team.leader', options.teamLeaders, resumed?.teamLeadersFreeAt);
    this.stepMs = options.stepMinutes * 60_000;
    this.reportedDay = Math.floor(options.start.getTime() / DAY_MS);
    if (resumed) {
      this.opened = resumed.opened;
      this.lateRefused = resumed.lateRefused;
      for (const [type, n] of Object.entries(resumed.tasksCompleted)) this.tasksCompleted.set(type, n);
      for (const item of resumed.inProgress) this.inProgress.set(item.taskId, item);
      this.lastWork = resumed.lastWork ?? Number.NEGATIVE_INFINITY;
      this.pending.caseworkers = resumed.pending.caseworkers;
      this.pending['team-leaders'] = resumed.pending['team-leaders'];
      this.arrivalsTaken = resumed.arrivalsTaken;
      this.arrived = resumed.arrived;
      this.reportedDay = resumed.reportedDay;
      for (const owed of resumed.owed) {
        this.provider.owe({
          ...owed,
          message: { ...owed.message, status: 'sent', sentAt: new Date(owed.message.sentAt) },
        });
      }
    }
  }

  /**
   * Moves from one moment to the next where something happens: an arrival, an engine timer, or a work
   * moment (finished work to record, or a queue with work while someone is on duty). Moments where nothing
   * can happen are skipped, which gives the same results as visiting them.
   *
   * A kept run writes its state before each moment. A resumed run works the moment its predecessor was
   * working again, from that state: whatever part of it was done is found done (every step is idempotent),
   * and the rest is done as it would have been.
   */
  async go(arrivals: readonly Arrival[]): Promise<void> {
    const { engine } = this.system;
    const lastArrival = arrivals.at(-1)?.at.getTime() ?? this.options.start.getTime();
    const cap = lastArrival + DRAIN_DAYS * DAY_MS;
    const kept = this.environment.dataDir;
    let replay = this.resumed?.moment;
    let stalledAt: number | undefined;
    for (;;) {
      const now = this.clock.now().getTime();
      const work = this.nextWorkMoment(now);
      const replaying = replay !== undefined;
      let moment: number;
      let wake: number | undefined;
      if (replay !== undefined) {
        // The engine may be anywhere inside the moment: let it fire whatever is still due up to it.
        moment = replay;
        wake = moment;
        replay = undefined;
      } else {
        const arrival = arrivals[this.arrivalsTaken];
        wake = (await this.wakes.nextWake())?.getTime();
        const report = this.provider.nextReport();
        if (!arrival && wake === undefined && work === undefined && report === undefined) return;
        moment = Math.max(
          now,
          Math.min(
            arrival?.at.getTime() ?? Number.POSITIVE_INFINITY,
            wake ?? Number.POSITIVE_INFINITY,
            work ?? Number.POSITIVE_INFINITY,
            report ?? Number.POSITIVE_INFINITY,
          ),
        );
        if (moment > cap) return;
        if (kept) writeRunState(kept, this.state(moment));
      }
      let writes = 0;
      if (wake !== undefined && wake <= moment)
        writes += await engine.advanceTo(new Date(moment), this.clock);
      else this.clock.set(new Date(moment));
      while (
        arrivals[this.arrivalsTaken] &&
        (arrivals[this.arrivalsTaken] as Arrival).at.getTime() <= moment
      ) {
        const next = arrivals[this.arrivalsTaken++] as Arrival;
        await this.receive(next, replaying);
        this.arrived += next.referrals.length;
        writes += await engine.runDue();
      }
      for (const due of this.provider.takeDue(moment)) {
        await this.system.handlers.recordDeliveryStatus(
          localDeliveryEvent(due.message, due.mark, new Date(due.at)),
          localContext('record-delivery-status'),
        );
        writes += await engine.runDue();
      }
      // A moment worked again may find its writes made already: its queues may hold new tasks all the same.
      if (writes > 0 || replaying) this.queuesChanged();
      if (work === moment) {
        await this.work(moment);
        this.lastWork = moment;
      } else if (!replaying && writes === 0 && moment === now && wake !== undefined && wake <= now) {
        // Something is due that the engine will not move: say so rather than spin.
        if (stalledAt === moment)
          throw new Error(`the engine has work due at ${new Date(moment).toISOString()} it does not do`);
        stalledAt = moment;
      }
      const day = Math.floor(moment / DAY_MS);
      if (day !== this.reportedDay) {
        this.reportedDay = day;
        this.environment.onProgress?.({
          at: new Date(moment),
          arrived: this.arrived,
          referrals: this.options.referrals,
          tasksCompleted: [...this.tasksCompleted.values()].reduce((a, b) => a + b, 0),
        });
      }
    }
  }

  /** The run's state before `moment` is worked, as a resumed run takes it up. */
  private state(moment: number): RunState {
    return {
      version: 1,
      options: recordedOptions(this.options),
      moment,
      clock: this.clock.now().getTime(),
      arrivalsTaken: this.arrivalsTaken,
      arrived: this.arrived,
      opened: this.opened,
      lateRefused: this.lateRefused,
      tasksCompleted: Object.fromEntries(this.tasksCompleted),
      inProgress: [...this.inProgress.values()],
      caseworkersFreeAt: this.caseworkers.freeFrom(),
      teamLeadersFreeAt: this.teamLeaders.freeFrom(),
      lastWork: Number.isFinite(this.lastWork) ? this.lastWork : null,
      pending: { ...this.pending },
      reportedDay: this.reportedDay,
      owed: this.provider.owed().map((report) => ({
        at: report.at,
        mark: report.mark,
        message: {
          caseId: report.message.caseId,
          messageId: report.message.messageId,
          channel: report.message.channel as 'email' | 'sms',
          purpose: report.message.purpose,
          sentAt: report.message.sentAt.toISOString(),
          ...(report.message.providerMessageId
            ? { providerMessageId: report.message.providerMessageId }
            : {}),
        },
      })),
    };
  }

  private queuesChanged(): void {
    this.pending.caseworkers = true;
    this.pending['team-leaders'] = true;
  }

  private onGrid(at: number): number {
    return Math.ceil(at / this.stepMs) * this.stepMs;
  }

  /** The next moment on the step grid when work in hand finishes, or a queue has work and its team is on duty. */
  private nextWorkMoment(now: number): number | undefined {
    const from = Math.max(now, this.lastWork + 1);
    let best = Number.POSITIVE_INFINITY;
    for (const item of this.inProgress.values())
      best = Math.min(best, this.onGrid(Math.max(item.finishAt, from)));
    if (this.pending.caseworkers)
      best = Math.min(
        best,
        this.nextOnDuty(from, (at) => caseworkerShift(at, this.options.staff)),
      );
    if (this.pending['team-leaders'])
      best = Math.min(
        best,
        this.nextOnDuty(from, (at) => teamLeaderShift(at, this.options.teamLeaders)),
      );
    return Number.isFinite(best) ? best : undefined;
  }

  /** The first grid moment from `from` at which a team is on duty. */
  private nextOnDuty(from: number, shift: (at: Date) => Shift | undefined): number {
    let at = this.onGrid(from);
    for (let day = 0; day < 30; day++) {
      if (shift(new Date(at))) return at;
      const opening = nextServiceOpening(new Date(at)).getTime();
      // Open but this team is off (team leaders on a Saturday): try the next day's opening.
      at = this.onGrid(
        opening > at ? opening : startOfLocalDay(addCalendarDays(localDateOf(new Date(at)), 1)).getTime(),
      );
    }
    return Number.POSITIVE_INFINITY;
  }

  /**
   * Takes an arrival in through its real route at the clock's time. Worked again (`again`), it may find
   * some or all of its referrals received already: intake answers them as duplicates, each the case it opened.
   */
  private async receive(arrival: Arrival, again: boolean): Promise<void> {
    const { system } = this;
    if (arrival.kind === 'police-download') {
      const file = `police-download-${arrival.day}.csv`;
      const csv = toCsv(arrival.rows);
      const summary = await ingestRows(
        parsePoliceDownload(csv),
        { file, fileId: intakeFileId(file, csv), channel: 'police-download' },
        { store: system.store, clock: this.clock, workflows: system.workflows },
      );
      if (summary.rejected > 0 || summary.declined > 0) {
        const first = summary.errors[0];
        throw new Error(
          `the simulated download for ${arrival.day} had ${summary.rejected} rejected rows${first ? ` (row ${first.row} ${first.field} ${first.message})` : ''}`,
        );
      }
      this.opened += summary.accepted + (again ? summary.duplicates : 0);
      return;
    }
    const path = arrival.kind === 'partner' ? '/referrals/partner' : '/referrals/self';
    const response = (await system.handlers.receiveReferral(
      httpApiRequest('POST', path, JSON.stringify(arrival.body)),
      localContext('receive-referral'),
    )) as { statusCode: number; body: string };
    if (response.statusCode !== 201 && !(again && response.statusCode === 200)) {
      throw new Error(
        `a simulated ${arrival.kind} referral was refused: ${response.statusCode} ${response.body}`,
      );
    }
    this.opened += 1;
  }

  /** A work moment: finished work is recorded, then whoever is free picks up the next tasks in the queue. */
  private async work(moment: number): Promise<void> {
    const finished = [...this.inProgress.values()]
      .filter((item) => item.finishAt <= moment)
      .sort((a, b) => a.finishAt - b.finishAt || a.taskId.localeCompare(b.taskId));
    if (finished.length > 0) {
      const { tasks, store, workflows } = this.system;
      await inParallel(finished, COMPLETIONS_AT_ONCE, async (item) => {
        this.inProgress.delete(item.taskId);
        try {
          await completeTask(item.taskId, item.user, item.outcome, {
            tasks,
            store,
            workflows,
            clock: this.clock,
          });
          this.tasksCompleted.set(item.type, (this.tasksCompleted.get(item.type) ?? 0) + 1);
        } catch (error) {
          // The deadline passed while the work was being done: the path has escalated without it.
          if (!(error instanceof TaskNotOpenError)) throw error;
          this.lateRefused++;
        }
      });
      if ((await this.system.engine.runDue()) > 0) this.queuesChanged();
    }
    const at = new Date(moment);
    const caseworkers = caseworkerShift(at, this.options.staff);
    if (caseworkers) await this.pickUp('caseworkers', this.caseworkers, caseworkers, moment);
    const leaders = teamLeaderShift(at, this.options.teamLeaders);
    if (leaders) await this.pickUp('team-leaders', this.teamLeaders, leaders, moment);
  }

  /** People free in this step take open tasks in queue order (due, priority, task id). */
  private async pickUp(queue: Queue, team: Team, shift: Shift, moment: number): Promise<void> {
    if (!this.pending[queue]) return;
    const until = moment + this.stepMs;
    if (!team.next(shift, moment, until)) return;
    let after: string | undefined;
    do {
      const page = await this.system.tasks.listOpen({ queue }, { limit: 100, ...(after ? { after } : {}) });
      for (const task of page.tasks) {
        if (this.inProgress.has(task.taskId)) continue;
        const who = team.next(shift, moment, until);
        // Everyone is busy: the rest of the queue waits for the next step.
        if (!who) return;
        const done = workOn(task, this.options.seed, new Date(who.start));
        const finishAt = who.start + done.minutes * 60_000;
        team.busyUntil(who.member, finishAt);
        this.inProgress.set(task.taskId, {
          taskId: task.taskId,
          type: task.type,
          outcome: done.outcome,
          finishAt,
          user: team.user(who.member),
        });
      }
      after = page.next;
    } while (after);
    // The whole queue has been read and taken: nothing waits in it until the engine runs again.
    this.pending[queue] = false;
  }
}

/** Reads every execution's end and every case's timeline: paths, deadlines met and breached, transitions. */
async function collect(
  system: LocalSystem,
  arrivals: readonly Arrival[],
  onReferral: SimulationEnvironment['onReferral'],
) {
  const referrals: SimulatedReferral[] = arrivals.flatMap((arrival) => arrival.referrals);
  const paths = new Map<string, number>();
  const breaches = new Map<string, number>();
  const atRisk = new Map<string, number>();
  const applied = new Map<string, number>();
  const messages = new Map<string, Map<string, number>>();
  const add = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  let completed = 0;
  let transitions = 0;
  await inParallel(referrals, REPORT_READS_AT_ONCE, async (referral) => {
    const described = await system.engine.describeExecution(
      executionArnOf(system.definitions.contactPathArn, referral.referralId),
    );
    transitions += described.stateTransitions;
    if (described.status !== 'RUNNING') completed++;
    const result =
      described.status === 'SUCCEEDED'
        ? String((JSON.parse(described.output ?? '{}') as { result?: unknown }).result ?? 'succeeded')
        : described.status.toLowerCase().replace('_', '-');
    add(paths, result);

    const caseId = caseIdFor(referral.source, referral.reference);
    for (const message of await system.messages.listMessages(caseId)) {
      const byStatus = messages.get(message.channel) ?? new Map<string, number>();
      messages.set(message.channel, byStatus);
      add(byStatus, message.status);
    }
    const timeline = await system.store.timeline(caseId);
    const rules = new Set<string>();
    for (const event of timeline) {
      const rule = String(event.detail.rule ?? '');
      if (event.type === 'deadline-breached') {
        add(breaches, rule);
        rules.add(rule);
      } else if (event.type === 'deadline-at-risk') add(atRisk, rule);
      else if (event.type === 'task-completed') {
        const applies = ruleOfTask(String(event.detail.taskType), String(event.detail.taskId));
        if (applies) rules.add(applies);
      } else if (event.type === 'message-recorded') {
        if (event.detail.purpose === 'support-offer') rules.add('written-on-the-day');
        if (event.detail.purpose === 'home-visit-notice') rules.add('visit-notice-on-the-day');
      }
    }
    for (const rule of rules) add(applied, rule);
    onReferral?.({
      referralId: referral.referralId,
      result,
      transitions: described.stateTransitions,
      breaches: timeline
        .filter((event) => event.type === 'deadline-breached')
        .map((event) => String(event.detail.rule))
        .sort(),
    });
  });
  const deadlines: Record<string, { met: number; breached: number }> = {};
  // Rules the path records that this list does not know yet are reported too.
  for (const rule of new Set<string>([...DEADLINE_RULES, ...[...breaches.keys()].sort()])) {
    const breached = breaches.get(rule) ?? 0;
    deadlines[rule] = { met: (applied.get(rule) ?? 0) - breached, breached };
  }
  return {
    completed,
    paths: sortedRecord(paths),
    breaches: sortedRecord(breaches),
    deadlines,
    atRisk: sortedRecord(atRisk),
    messages: Object.fromEntries(
      ['email', 'sms', 'letter']
        .filter((channel) => messages.has(channel))
        .map((channel) => [channel, sortedRecord(messages.get(channel) as Map<string, number>)]),
    ),
    transitions,
  };
}
