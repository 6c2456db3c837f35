import { existsSync, mkdtempSync, readFileSync, rmSync, statfsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planArrivals } from '../../local/simulation/arrivals.ts';
import { parseSimulationOptions } from '../../local/simulation/options.ts';
import { runStateFileOf } from '../../local/simulation/run-state.ts';
import { seededRandom } from '../../local/synthetic/random.ts';
import { addCalendarDays, type LocalDate, localDateOf } from '../../shared/domain/calendar.ts';
import { caseIdFor } from '../../shared/domain/case.ts';
import {
  groupOf,
  killGroup,
  killPid,
  processesInGroup,
  spawnVf,
  untilGroupsEmpty,
  type VfProcess,
} from '../support/killable-vf.ts';
import { type OutboxRow, readSimulatedWorld, type SimulatedWorld } from '../support/simulated-world.ts';

// Crashes (docs/service-rules.md): 500 referrals through the local system — the real intake, the contact paths on the engine over
// DynamoDB Local's files, the task queue, simulated staff and providers — killed with SIGKILL at random
// moments and restarted each time; at the end every referral is where an uncrashed run of the same seed
// leaves it, with no case lost and no task, message or letter twice.
//
// `vf simulate --resume` is the system: one process runs the engine, the functions, the simulated people and
// providers, and DynamoDB Local's client writes; DynamoDB Local runs beside it as its own java process. A
// kill takes either the vf process alone (DynamoDB Local lives on, and the next run adopts it, as after a
// `kill -9` of vf start) or the vf process and DynamoDB Local together.

const SEED = 5;
const REFERRALS = 500;
const START = '2026-12-21';
const SIMULATE = ['simulate', '--referrals', String(REFERRALS), '--seed', String(SEED), '--start', START];
const KILLS = 6;

/**
 * The data directories: on tmpfs when there is room (DynamoDB Local syncs its files on every write, and a
 * killed process loses nothing the kernel holds, so a disk would only make the test slower).
 */
function scratchRoot(): string {
  try {
    const shm = statfsSync('/dev/shm');
    if (shm.bavail * shm.bsize > 512 * 2 ** 20) return mkdtempSync('/dev/shm/vf-crash-');
  } catch {
    // No tmpfs here.
  }
  return mkdtempSync(join(tmpdir(), 'vf-crash-'));
}

const root = scratchRoot();
const uncrashedDir = join(root, 'uncrashed');
const crashedDir = join(root, 'crashed');
/**
 * CDK's own CloudFormation validation of the synthesized template costs each start six seconds; the
 * engine only takes the state machines from it, and the infrastructure tests validate the template.
 */
const ENV = { CDK_VALIDATION: 'false' };
/** Every process group the test started (each vf command leads one): nothing may be left in them. */
const groups = new Set<number>();

interface Kill {
  /** Whether the vf process was killed alone, or with DynamoDB Local (and all else it started). */
  readonly withDatabase: boolean;
  /** A DynamoDB Local was running and was killed with it. */
  readonly databaseKilled: boolean;
  /** Whether it was killed while starting up, or while it worked through the simulated days. */
  readonly while: 'starting' | 'working';
  readonly afterMs: number;
  readonly signal: NodeJS.Signals | null;
  /** Where the simulation's clock stood when the run was killed (its state file). */
  readonly clock: string | undefined;
  /**
   * Processes of its group stopped after it, other than the DynamoDB Local it recorded: tsx's esbuild
   * helper, or a DynamoDB Local it was still starting.
   */
  readonly strays: number;
}

/** The kills, drawn from the seed: when, counted from the start or from when the run began to work, and how. */
function killPlan() {
  const random = seededRandom(SEED * 7919);
  // Half the kills take DynamoDB Local too, in an order drawn from the seed (Fisher–Yates).
  const withDatabase = Array.from({ length: KILLS }, (_, i) => i < KILLS / 2);
  for (let i = KILLS - 1; i > 0; i--) {
    const j = random.int(0, i);
    [withDatabase[i], withDatabase[j]] = [withDatabase[j] as boolean, withDatabase[i] as boolean];
  }
  const starting = random.int(0, KILLS - 1);
  return withDatabase.map((database, i) => ({
    withDatabase: database,
    while: i === starting ? ('starting' as const) : ('working' as const),
    delayMs: i === starting ? random.int(500, 6_000) : random.int(2_000, 15_000),
  }));
}

const sleep = (ms: number) => new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ms));

function start(dataDir: string, resume: boolean): VfProcess {
  const run = spawnVf([...SIMULATE, ...(resume ? ['--resume'] : []), '--json'], {
    ...ENV,
    VF_DATA_DIR: dataDir,
  });
  groups.add(run.pid);
  return run;
}

/** Resolves once the run has written its state since `since` (it is working through moments), or has exited. */
async function untilWorking(run: VfProcess, since: number): Promise<void> {
  const file = runStateFileOf(crashedDir);
  let exited = false;
  void run.exited.then(() => {
    exited = true;
  });
  const deadline = Date.now() + 120_000;
  while (!exited && Date.now() < deadline) {
    if (existsSync(file) && statSync(file).mtimeMs > since) return;
    await sleep(50);
  }
}

const stateClock = (): string | undefined => {
  try {
    return new Date(JSON.parse(readFileSync(runStateFileOf(crashedDir), 'utf8')).clock).toISOString();
  } catch {
    return undefined;
  }
};

const recordedDatabasePid = (): number | undefined => {
  try {
    return JSON.parse(readFileSync(join(crashedDir, 'dynamodb-local.json'), 'utf8')).pid;
  } catch {
    return undefined;
  }
};

/** Runs the simulation in the crashed directory, killing it as planned and starting it again after each kill. */
async function crashAndCarryOn(): Promise<{ kills: Kill[]; last: VfProcess; lastExit: number | null }> {
  const kills: Kill[] = [];
  for (const planned of killPlan()) {
    const run = start(crashedDir, true);
    const startedAt = Date.now();
    if (planned.while === 'working') await untilWorking(run, startedAt);
    const from = Date.now();
    const ended = await Promise.race([run.exited, sleep(planned.delayMs)]);
    if (ended) {
      // It finished first: that run was the last.
      return { kills, last: run, lastExit: ended.code };
    }
    let databaseKilled = false;
    if (planned.withDatabase) {
      // The run's process group, and the DynamoDB Local it uses: its own, or one it adopted from a run
      // before it (in that run's group). Only ever a process one of this test's commands started.
      const database = recordedDatabasePid();
      killGroup(run.pid);
      if (database !== undefined && groups.has(groupOf(database) ?? -1)) {
        killPid(database);
        databaseKilled = true;
      }
    } else killPid(run.pid);
    const { signal } = await run.exited;
    // Killed alone, vf leaves DynamoDB Local running for the next run to adopt; killed while it was still
    // starting one, that one is not recorded anywhere, and is stopped here as a person would stop it.
    let strays = 0;
    if (!planned.withDatabase) {
      const database = recordedDatabasePid();
      for (const pid of processesInGroup(run.pid)) {
        if (pid === database) continue;
        killPid(pid);
        strays++;
      }
    }
    kills.push({
      withDatabase: planned.withDatabase,
      databaseKilled,
      while: planned.while,
      afterMs: Date.now() - (planned.while === 'working' ? from : startedAt),
      signal,
      clock: stateClock(),
      strays,
    });
  }
  const last = start(crashedDir, true);
  return { kills, last, lastExit: (await last.exited).code };
}

/** The local days the referrals arrive on. */
function arrivalDays(): LocalDate[] {
  const arrivals = planArrivals(
    parseSimulationOptions({ referrals: String(REFERRALS), seed: String(SEED), start: START }),
  );
  const last = localDateOf((arrivals.at(-1) as (typeof arrivals)[number]).at);
  const days: LocalDate[] = [];
  for (let day = localDateOf(arrivals[0]?.at as Date); day <= last; day = addCalendarDays(day, 1))
    days.push(day);
  return days;
}

/** Every referral's case id, as the simulation's arrivals name them. */
function expectedCaseIds(): string[] {
  const options = parseSimulationOptions({ referrals: String(REFERRALS), seed: String(SEED), start: START });
  return planArrivals(options)
    .flatMap((arrival) => arrival.referrals)
    .map((referral) => caseIdFor(referral.source, referral.reference))
    .sort();
}

/** How each contact path ended, by referral id: its result (or status) and the rules it breached. */
function pathEnds(world: SimulatedWorld): Map<string, string> {
  const breaches = new Map<string, string[]>();
  for (const [key, json] of world.items) {
    if (!/^case CASE#\S+ EVENT#/.test(key)) continue;
    const event = JSON.parse(json) as { caseId: string; type: string; detail: { rule?: string } };
    if (event.type !== 'deadline-breached') continue;
    breaches.set(event.caseId, [...(breaches.get(event.caseId) ?? []), String(event.detail.rule)]);
  }
  const ends = new Map<string, string>();
  for (const [key, json] of world.items) {
    const match = /^engine EXEC#[^ ]+:(R-[^ ]+) EXECUTION$/.exec(key);
    if (!match) continue;
    const execution = JSON.parse(json) as { status: string; output?: string; input: string };
    const { caseId } = JSON.parse(execution.input) as { caseId: string };
    const result =
      execution.status === 'SUCCEEDED'
        ? String((JSON.parse(execution.output ?? '{}') as { result?: string }).result)
        : execution.status;
    ends.set(match[1] as string, `${result}; breaches: ${(breaches.get(caseId) ?? []).sort().join(', ')}`);
  }
  return ends;
}

/** The differences between two worlds' items, as lines a person can read (the first `limit`). */
function differences(expected: SimulatedWorld, actual: SimulatedWorld, limit = 20): string[] {
  // An intake run's record is of the latest run of its file at its time: a download taken in again after a
  // kill at the same virtual instant records the second run (its duplicates), so only its key is compared.
  // A function step run again after a kill (its transition never written) answers as the duplicate it is,
  // and that answer is the next state's input in the execution's record: the path is the same.
  const comparable = (key: string, json: string | undefined) =>
    json === undefined
      ? undefined
      : key.startsWith('case INTAKE')
        ? 'an intake run'
        : key.startsWith('case THREFERRER#')
          ? // Each world hashes the seeded referrers' PINs with a random salt of its own: the salt and hash
            // differ by design, the referrer must not.
            json.replace(/"pinHash":"scrypt\$[^"]*"/, '"pinHash":"(salted)"')
          : key.startsWith('engine ')
            ? json.replace(/(\\+"status\\+":\\+")duplicate/g, '$1recorded')
            : json;
  const lines: string[] = [];
  for (const key of new Set([...expected.items.keys(), ...actual.items.keys()])) {
    const want = comparable(key, expected.items.get(key));
    const got = comparable(key, actual.items.get(key));
    if (want === got) continue;
    if (got === undefined) lines.push(`lost: ${key} ${want}`);
    else if (want === undefined) lines.push(`extra: ${key} ${got}`);
    else lines.push(`changed: ${key}\n  uncrashed ${want}\n  crashed   ${got}`);
  }
  return lines.slice(0, limit);
}

/** The outbox's rows counted by channel, purpose and status. */
function outboxCounts(rows: readonly OutboxRow[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const row of rows) {
    const key = `${row.channel} ${row.purpose} ${row.status}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

let uncrashed: { run: VfProcess; exit: number | null };
let crashed: Awaited<ReturnType<typeof crashAndCarryOn>>;
let expectedWorld: SimulatedWorld;
let crashedWorld: SimulatedWorld;
let left: number[];
const timings: Record<string, number> = {};

beforeAll(async () => {
  const began = Date.now();
  const days = arrivalDays();
  // The uncrashed run of the same seed, in a directory of its own, beside the crashed one; its world is
  // read as soon as it has ended, while the crashed one goes on.
  const run = start(uncrashedDir, false);
  const uncrashedEnd = run.exited.then(async ({ code }) => {
    timings.uncrashedMs = Date.now() - began;
    uncrashed = { run, exit: code };
    if (code !== 0) throw new Error(`the uncrashed run failed (${code}):\n${run.stderr()}`);
    expectedWorld = await readSimulatedWorld(uncrashedDir, days);
  });
  // Awaited below; if the crashed run fails first, its failure is the one reported.
  uncrashedEnd.catch(() => undefined);
  crashed = await crashAndCarryOn();
  timings.crashedMs = Date.now() - began;
  await uncrashedEnd;
  if (crashed.lastExit !== 0)
    throw new Error(`the last crashed run failed (${crashed.lastExit}):\n${crashed.last.stderr()}`);
  // Both ended on their own: every process either started is gone, DynamoDB Local included.
  left = await untilGroupsEmpty(groups);
  crashedWorld = await readSimulatedWorld(crashedDir, days);
  timings.totalMs = Date.now() - began;
  process.stdout.write(`crash test: ${JSON.stringify({ timings, kills: crashed.kills })}\n`);
}, 360_000);

afterAll(() => {
  // Whatever a failed run left behind, by process id and only in the groups this test started.
  for (const group of groups) for (const pid of processesInGroup(group)) killPid(pid);
  rmSync(root, { recursive: true, force: true });
});

describe('the local system killed with SIGKILL at random moments and restarted each time', () => {
  it('was killed at least five times while it worked through the referrals, carried on after each kill, and left nothing running', () => {
    expect(uncrashed.exit, uncrashed.run.stderr()).toBe(0);
    expect(crashed.lastExit, crashed.last.stderr()).toBe(0);
    expect(crashed.last.stderr()).toContain(`Carrying on the simulation in ${crashedDir}`);
    expect(crashed.kills.filter((kill) => kill.while === 'working').length).toBeGreaterThanOrEqual(5);
    for (const kill of crashed.kills) expect(kill.signal).toBe('SIGKILL');
    // Some kills took DynamoDB Local down too; after others, the next run adopted the one left running.
    expect(crashed.kills.some((kill) => kill.databaseKilled)).toBe(true);
    expect(crashed.kills.some((kill) => !kill.withDatabase)).toBe(true);
    // Each kill found the simulated days further on: every restart carried on and did more work.
    const clocks = crashed.kills.flatMap((kill) =>
      kill.while === 'working' && kill.clock ? [kill.clock] : [],
    );
    expect(new Set(clocks).size).toBe(clocks.length);
    expect([...clocks].sort()).toEqual(clocks);
    expect(left).toEqual([]);
  });

  it('reports at its end what the uncrashed run reported: paths, deadlines, messages, tasks and transitions', () => {
    const report = (run: VfProcess) => {
      const {
        wallMs: _wall,
        peakRssMiB: _peak,
        databasePeakRssMiB: _database,
        ...rest
      } = JSON.parse(run.stdout().trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
      return rest;
    };
    expect(report(crashed.last)).toEqual(report(uncrashed.run));
    expect(report(crashed.last)).toMatchObject({
      referrals: REFERRALS,
      opened: REFERRALS,
      completed: REFERRALS,
    });
  });

  it('opened every one of the 500 referrals as one case, counted by the day each was received', () => {
    const expected = expectedCaseIds();
    expect(new Set(expected).size).toBe(REFERRALS);
    expect(crashedWorld.casesReceived).toEqual(expected);
    expect(expectedWorld.casesReceived).toEqual(expected);
  });

  it('ended every contact path with the result and the breaches of the uncrashed run', () => {
    const expected = pathEnds(expectedWorld);
    const actual = pathEnds(crashedWorld);
    expect(expected.size).toBe(REFERRALS);
    const different = [...expected].filter(([referral, end]) => actual.get(referral) !== end);
    expect(different.map(([referral, end]) => `${referral}: ${end} → ${actual.get(referral)}`)).toEqual([]);
    expect(actual.size).toBe(REFERRALS);
  });

  it('left every case, task, message, timeline event and execution as the uncrashed run did: nothing lost, nothing twice', () => {
    expect(differences(expectedWorld, crashedWorld)).toEqual([]);
    expect(crashedWorld.items.size).toBe(expectedWorld.items.size);
    // Each e-mail and text went to its provider under one id, the one its record holds.
    expect(crashedWorld.providerIds).toEqual(crashedWorld.recordedProviderIds);
    expect(crashedWorld.providerIds).toEqual(expectedWorld.providerIds);
  });

  it('wrote one whole PDF for each letter, and one outbox file for each e-mail and text', () => {
    const letters = crashedWorld.outbox.filter((row) => row.channel === 'letter');
    expect(crashedWorld.letterFiles).toHaveLength(letters.length);
    expect(crashedWorld.letterFiles).toEqual(expectedWorld.letterFiles);
    for (const letter of letters) expect(existsSync(letter.file), letter.file).toBe(true);
    expect(crashedWorld.brokenLetters).toEqual([]);
    expect(crashedWorld.outboxFiles).toEqual(expectedWorld.outboxFiles);
    expect(crashedWorld.outboxFiles).toHaveLength(crashedWorld.outbox.length - letters.length);
    expect(crashedWorld.partialFiles).toEqual([]);
  });

  it('vf outbox --json lists what the uncrashed run sent: the same messages, by channel, purpose and status', () => {
    expect(outboxCounts(crashedWorld.outbox)).toEqual(outboxCounts(expectedWorld.outbox));
    const rows = (world: SimulatedWorld) =>
      world.outbox.map((row) => `${row.caseId} ${row.channel} ${row.purpose} ${row.status}`).sort();
    expect(rows(crashedWorld)).toEqual(rows(expectedWorld));
    expect(crashedWorld.outbox.length).toBeGreaterThan(REFERRALS / 4);
  });
});

describe('vf simulate --resume', () => {
  it('refuses to carry on a simulation with options other than its own, naming them, and leaves it as it was', async () => {
    const before = readFileSync(join(crashedDir, 'simulation.json'), 'utf8');
    const refused = spawnVf(
      [
        'simulate',
        '--referrals',
        '400',
        '--seed',
        String(SEED),
        '--start',
        START,
        '--staff',
        '5',
        '--resume',
      ],
      { ...ENV, VF_DATA_DIR: crashedDir },
    );
    groups.add(refused.pid);

    expect((await refused.exited).code).toBe(2);
    expect(refused.stderr()).toContain(
      `--resume carries on the simulation in ${crashedDir}, made with --referrals ${REFERRALS} --staff 6`,
    );
    expect(readFileSync(join(crashedDir, 'simulation.json'), 'utf8')).toBe(before);
  });
});
