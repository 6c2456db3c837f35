import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { localStateMachineArn } from '../local/engine/engine.ts';
import { httpApiEvent } from '../local/lambda-events.ts';
import { startLocalServer } from '../local/server/local-server.ts';
import { seededRandom } from '../local/synthetic/random.ts';
import { type LocalSystem, openLocalSystem } from '../local/system/local-system.ts';
import { VirtualClock } from '../local/system/virtual-clock.ts';
import {
  addCalendarDays,
  isWorkingDay,
  type LocalDate,
  localDateOf,
  nthWorkingDayAfter,
  serviceWindowOn,
} from '../shared/domain/calendar.ts';
import { caseIdFor, referralIdFor } from '../shared/domain/case.ts';
import { NEIGHBOURHOOD_POLICING_AREAS, REFERRAL_SOURCES } from '../shared/domain/referral-codes.ts';
import { type TaskType, taskIdFor } from '../shared/domain/task.ts';
import type { NewTask } from '../shared/ports/task-store.ts';
import { webAppHandler } from '../web/app.ts';
import { TASK_NAMES } from '../web/pages/wording.ts';
import { SESSION_COOKIE } from '../web/session.ts';

/** The goal (docs/performance.md): the team queue's 95th-percentile response under 150 ms on this machine. */
const GOAL_P95_MS = 150;
/** Tuesday 15 December 2026, 10:00 in Leicester (GMT): a working day with the service open. */
const TUESDAY_10AM = new Date('2026-12-15T10:00:00Z');
/** The queue page shows at most this many rows (web/app.ts). */
const PAGE_ROWS = 200;
/** Tasks written at once while seeding. */
const SEED_WRITERS = 32;
const WARM_UP = 20;
const CASEWORKER = 'caseworker.one';

/** How often each type of task waits in the caseworkers' queue; home visits are rare (a deep filter). */
const TYPE_MIX: ReadonlyArray<readonly [TaskType, number]> = [
  ['call-attempt', 0.58],
  ['book-needs-assessment', 0.14],
  ['onward-referral', 0.12],
  ['safe-contact-review', 0.09],
  ['deadline-escalation', 0.05],
  ['home-visit', 0.02],
];
/** Share of the queue already past its due time. */
const OVERDUE_SHARE = 0.08;

export interface LatencyFigures {
  /** What was asked for: the path and query. */
  readonly target: string;
  readonly requests: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly pageKiB: number;
  /** Task rows on the page. */
  readonly rows: number;
  /** Pages of the task index read (`findOpen` calls) for one answer. */
  readonly readsPerRequest: number;
  /** Of each answer, the time spent in those reads (DynamoDB Local and unmarshalling the tasks). */
  readonly readP50Ms: number;
  readonly readP95Ms: number;
}

/** Counts the task store's `findOpen` calls and the time spent in them. */
interface ReadMeter {
  calls: number;
  ms: number;
}

export interface QueueFigures {
  readonly tasks: number;
  readonly seedSeconds: number;
  readonly goalP95Ms: number;
  /** In-process, the handler as Lambda runs it: the team queue, filtered by a rare type, overdue, by priority. */
  readonly team: LatencyFigures;
  readonly homeVisit: LatencyFigures;
  readonly overdue: LatencyFigures;
  readonly byPriority: LatencyFigures;
  /** The team queue through the local HTTP server, as a person at `vf start` waits for it. */
  readonly http: LatencyFigures;
}

/** Working days before a date, nearest first (the date itself not counted). */
function workingDaysBefore(date: LocalDate, count: number): LocalDate[] {
  const days: LocalDate[] = [];
  for (let day = addCalendarDays(date, -1); days.length < count; day = addCalendarDays(day, -1)) {
    if (isWorkingDay(day)) days.push(day);
  }
  return days;
}

/** A random instant between two instants. */
const between = (random: () => number, from: number, to: number) =>
  new Date(from + Math.floor(random() * Math.max(0, to - from)));

/**
 * `count` open tasks as the contact path leaves them in the caseworkers' queue, one per case: types mixed,
 * priorities 1–3, due within the service's hours over the next 10 working days, a few already overdue
 * (within the last 3 working days). Seeded: every run writes the same queue.
 */
export function queueTasks(count: number, now: Date, seed = 7): NewTask[] {
  const random = seededRandom(seed);
  const today = localDateOf(now);
  const ahead = Array.from({ length: 10 }, (_, n) => nthWorkingDayAfter(today, n));
  const behind = [today, ...workingDaysBefore(today, 3)];
  const windowOf = (day: LocalDate) => {
    const window = serviceWindowOn(day);
    if (!window) throw new Error(`the service is closed on ${day}`);
    return { opens: window.opens.getTime(), closes: window.closes.getTime() };
  };
  const pickType = (): TaskType => {
    let roll = random.next();
    for (const [type, share] of TYPE_MIX) {
      roll -= share;
      if (roll < 0) return type;
    }
    return 'call-attempt';
  };
  const tasks: NewTask[] = [];
  for (let i = 0; i < count; i++) {
    const source = random.pick(REFERRAL_SOURCES);
    const caseId = caseIdFor(source, `BENCH-QUEUE-${seed}-${i}`);
    const type = pickType();
    const attempt =
      type === 'call-attempt'
        ? random.pick([1, 1, 1, 1, 2, 2, 3])
        : type === 'home-visit'
          ? random.int(1, 2)
          : 1;
    const enhanced = random.chance(0.15);
    const priority = (enhanced ? 1 : random.pick([1, 2, 2, 2, 3, 3])) as 1 | 2 | 3;
    let due: Date;
    if (random.chance(OVERDUE_SHARE)) {
      const window = windowOf(random.pick(behind));
      due = between(random.next, window.opens, Math.min(window.closes, now.getTime()));
    } else {
      const window = windowOf(random.pick(ahead));
      due = between(random.next, Math.max(window.opens, now.getTime() + 60_000), window.closes);
    }
    const execution = `arn:aws:states:eu-west-2:000000000000:execution:contact-path:${referralIdFor(source, `BENCH-QUEUE-${seed}-${i}`)}`;
    tasks.push({
      taskId: taskIdFor(caseId, type, attempt),
      caseId,
      type,
      queue: 'caseworkers',
      priority,
      due,
      attempt,
      // Opaque to the store: the local engine's shape (execution and nonce, base64url).
      token: Buffer.from(JSON.stringify({ e: execution, n: randomBytes(12).toString('hex') })).toString(
        'base64url',
      ),
      createdAt: new Date(due.getTime() - random.int(1, 5) * 86_400_000),
      ...(attempt > 1 ? { reason: `Attempt ${attempt}: nobody answered the last one` } : {}),
      ...(type === 'call-attempt' ? { voicemailAllowed: random.chance(0.8) } : {}),
      enhanced,
      area: random.pick(NEIGHBOURHOOD_POLICING_AREAS),
    });
  }
  return tasks;
}

/** Writes the tasks through the task store, `SEED_WRITERS` at a time. */
async function seed(system: LocalSystem, tasks: readonly NewTask[]): Promise<void> {
  let next = 0;
  const writer = async () => {
    while (next < tasks.length) {
      const task = tasks[next++] as NewTask;
      const result = await system.tasks.createTask(task);
      if (result !== 'created') throw new Error(`seeding ${task.taskId}: ${result}`);
    }
  };
  await Promise.all(Array.from({ length: SEED_WRITERS }, writer));
}

/** The nearest-rank percentile of sorted timings. */
const percentile = (sorted: readonly number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;

/** What a queue page must show for the benchmark to count it. */
interface Expectation {
  readonly title: string;
  /** Task rows exactly, or at least `min` and at most `max`. */
  readonly rows: { readonly exactly: number } | { readonly min: number; readonly max: number };
  /** Checks the rows' contents (the filter or the order took effect). */
  readonly check?: (body: string, rows: number) => string | undefined;
}

/** Task rows on a queue page (the table's header row not counted); throws unless it is the queue. */
function queueRows(target: string, status: number, body: string, expected: Expectation): number {
  if (status !== 200)
    throw new Error(`GET ${target} answered ${status}, not the queue: ${body.slice(0, 300)}`);
  if (!body.includes(`<title>${expected.title} – Victim First casework</title>`)) {
    throw new Error(`GET ${target} is not the ${expected.title} page: ${body.slice(0, 300)}`);
  }
  const tableRows = body.split('class="govuk-table__row"').length - 1;
  const rows = Math.max(0, tableRows - 1);
  const { rows: want } = expected;
  const ok = 'exactly' in want ? rows === want.exactly : rows >= want.min && rows <= want.max;
  if (!ok) {
    const wanted = 'exactly' in want ? `${want.exactly}` : `${want.min}–${want.max}`;
    throw new Error(`GET ${target} showed ${rows} task rows, expected ${wanted}`);
  }
  const wrong = expected.check?.(body, rows);
  if (wrong) throw new Error(`GET ${target}: ${wrong}`);
  return rows;
}

/** Times `requests` answers (after a warm-up), one after another, checking every one is the queue. */
async function timeRequests(
  target: string,
  requests: number,
  expected: Expectation,
  get: (target: string) => Promise<{ status: number; body: string }>,
  reads: ReadMeter,
): Promise<LatencyFigures> {
  let rows = 0;
  let bytes = 0;
  const once = async () => {
    reads.calls = 0;
    reads.ms = 0;
    const started = performance.now();
    const { status, body } = await get(target);
    const ms = performance.now() - started;
    rows = queueRows(target, status, body, expected);
    bytes = Buffer.byteLength(body);
    return ms;
  };
  for (let i = 0; i < WARM_UP; i++) await once();
  const timings: number[] = [];
  const readTimings: number[] = [];
  for (let i = 0; i < requests; i++) {
    timings.push(await once());
    readTimings.push(reads.ms);
  }
  timings.sort((a, b) => a - b);
  readTimings.sort((a, b) => a - b);
  return {
    target,
    requests,
    p50Ms: percentile(timings, 0.5),
    p95Ms: percentile(timings, 0.95),
    p99Ms: percentile(timings, 0.99),
    maxMs: timings.at(-1) ?? Number.NaN,
    pageKiB: bytes / 1024,
    rows,
    readsPerRequest: reads.calls,
    readP50Ms: percentile(readTimings, 0.5),
    readP95Ms: percentile(readTimings, 0.95),
  };
}

/** Signs in through the local sign-in form, as a person does; the session cookie as the browser sends it. */
async function signIn(system: LocalSystem, user: string): Promise<string> {
  const response = await webAppHandler(system.web)(
    httpApiEvent({
      method: 'POST',
      rawPath: '/sign-in',
      routeKey: '$default',
      headers: { host: 'localhost', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ user }).toString(),
    }),
  );
  const cookie = response.cookies
    ?.map((set) => set.split(';')[0] ?? '')
    .find((pair) => pair.startsWith(`${SESSION_COOKIE}=`));
  if (response.statusCode !== 303 || !cookie) {
    throw new Error(`signing in as ${user} answered ${response.statusCode} without a session cookie`);
  }
  return cookie;
}

/** Each row's task type as its link names it ("Call attempt (2)" is a call attempt). */
const typesOn = (body: string) =>
  [...body.matchAll(/<a class="govuk-link" href="\/tasks\/[^"?]+">([^<]+)<\/a>/g)].map((match) =>
    (match[1] ?? '').replace(/ \(\d+\)$/, ''),
  );

/** Priorities as the page lists them, top to bottom. */
const prioritiesOn = (body: string) =>
  [...body.matchAll(/<td class="govuk-table__cell">([123])<\/td>/g)].map((match) => Number(match[1]));

/**
 * Queue benchmark (the team queue with 10,000 open tasks): a local system on fresh tables of the given
 * DynamoDB Local, on a virtual clock at Tuesday 10:00, `tasks` open tasks written through the task store;
 * then a caseworker signs in and `requests` GETs of the team queue (and of it filtered by a rare type, by
 * overdue, and sorted by priority) are timed one after another through the web handler in-process, as
 * Lambda runs it, and the team queue once more through the local HTTP server, as `vf start` serves it.
 * Prints p50, p95, p99 and max beside the goal (p95 < 150 ms).
 */
export async function benchQueue(
  endpoint: string,
  tasks = 10_000,
  requests = 200,
  log = console.log,
): Promise<QueueFigures> {
  const clock = new VirtualClock(TUESDAY_10AM);
  const now = clock.now();
  const suffix = randomUUID();
  const dataDir = mkdtempSync(join(tmpdir(), 'vf-bench-queue-'));
  const system = await openLocalSystem({
    endpoint,
    dataDir,
    tableName: `bench-queue-${suffix}`,
    engineTableName: `bench-queue-engine-${suffix}`,
    clock,
    // The engine is never started (no workflow runs here), so no state machine is synthesized for it.
    definitions: {
      machines: [],
      functionsByArn: new Map(),
      contactPathArn: localStateMachineArn('unused'),
      targetHardeningArn: localStateMachineArn('unused'),
    },
  });
  try {
    const seeded = queueTasks(tasks, now);
    const seedStart = performance.now();
    await seed(system, seeded);
    const seedSeconds = (performance.now() - seedStart) / 1000;
    log(
      `queue: ${tasks} open tasks in the caseworkers' queue, written in ${seedSeconds.toFixed(1)} s (${(tasks / seedSeconds).toFixed(0)} tasks/s through the task store, ${SEED_WRITERS} at once)`,
    );

    // What each page must show: a full page unfiltered; filtered, at least one task and at most as many as
    // match (how deep a filtered page reads is the app's to choose), every one of them matching.
    const homeVisits = seeded.filter((task) => task.type === 'home-visit').length;
    const overdue = seeded.filter((task) => task.due.getTime() < now.getTime()).length;
    const full = Math.min(PAGE_ROWS, tasks);
    const title = 'Team queue';
    const allOf = (name: string) => (body: string, rows: number) => {
      const listed = typesOn(body).filter((type) => type === name).length;
      return listed === rows ? undefined : `${rows} rows but ${listed} of them ${name}`;
    };
    const variants: Array<['team' | 'homeVisit' | 'overdue' | 'byPriority', string, Expectation]> = [
      ['team', '/tasks', { title, rows: { exactly: full } }],
      [
        'homeVisit',
        '/tasks?type=home-visit',
        {
          title,
          rows: { min: Math.min(1, homeVisits), max: Math.min(PAGE_ROWS, homeVisits) },
          check: allOf(TASK_NAMES['home-visit']),
        },
      ],
      [
        'overdue',
        '/tasks?overdue=yes',
        {
          title,
          rows: { min: Math.min(1, overdue), max: Math.min(PAGE_ROWS, overdue) },
          check: (body, rows) => {
            const red = body.split('govuk-tag--red').length - 1;
            return red === rows ? undefined : `${rows} rows but ${red} of them overdue`;
          },
        },
      ],
      [
        'byPriority',
        '/tasks?sort=priority',
        {
          title,
          rows: { exactly: full },
          check: (body) => {
            const listed = prioritiesOn(body);
            return listed.every((p, i) => i === 0 || (listed[i - 1] as number) <= p)
              ? undefined
              : 'the rows are not in priority order';
          },
        },
      ],
    ];

    // Every page of the task index the app reads, timed (the web app was handed this very store).
    const reads: ReadMeter = { calls: 0, ms: 0 };
    const findOpen = system.tasks.findOpen.bind(system.tasks);
    system.tasks.findOpen = async (...args) => {
      const started = performance.now();
      try {
        return await findOpen(...args);
      } finally {
        reads.calls += 1;
        reads.ms += performance.now() - started;
      }
    };
    const cookie = await signIn(system, CASEWORKER);
    // The web app as its Lambda function runs it: the HTTP API's event in, its structured answer out.
    const web = webAppHandler(system.web);
    const inProcess = async (target: string) => {
      const at = target.indexOf('?');
      const response = await web(
        httpApiEvent({
          method: 'GET',
          rawPath: at === -1 ? target : target.slice(0, at),
          rawQueryString: at === -1 ? '' : target.slice(at + 1),
          routeKey: '$default',
          headers: { host: 'localhost', cookie, 'user-agent': 'vf-bench' },
        }),
      );
      return { status: response.statusCode ?? 200, body: response.body ?? '' };
    };
    const figures: Record<string, LatencyFigures> = {};
    const line = (label: string, f: LatencyFigures) =>
      log(
        `  ${label.padEnd(28)} p50 ${f.p50Ms.toFixed(1)}  p95 ${f.p95Ms.toFixed(1)}  p99 ${f.p99Ms.toFixed(1)}  max ${f.maxMs.toFixed(1)} ms (goal p95 < ${GOAL_P95_MS} ms${f.p95Ms < GOAL_P95_MS ? '' : ': missed'}); ${f.rows} rows, ${f.pageKiB.toFixed(0)} KB; ${f.readsPerRequest} index pages read, p50 ${f.readP50Ms.toFixed(1)} p95 ${f.readP95Ms.toFixed(1)} ms of it`,
      );
    log(
      `  ${requests} GETs each after ${WARM_UP} to warm up, one at a time, signed in as ${CASEWORKER} (load average ${(loadavg()[0] ?? 0).toFixed(1)} on ${availableParallelism()} CPUs); in-process (the web app's Lambda handler):`,
    );
    for (const [key, target, expected] of variants) {
      figures[key] = await timeRequests(target, requests, expected, inProcess, reads);
      line(target, figures[key] as LatencyFigures);
    }

    const server = await startLocalServer(system, { port: 0, virtualClock: clock, log: () => {} });
    try {
      const overHttp = async (target: string) => {
        const response = await fetch(`${server.url}${target}`, { headers: { cookie }, redirect: 'manual' });
        return { status: response.status, body: await response.text() };
      };
      figures.http = await timeRequests(
        '/tasks',
        requests,
        { title, rows: { exactly: full } },
        overHttp,
        reads,
      );
      line('/tasks over HTTP (vf start)', figures.http);
    } finally {
      await server.close();
    }
    return {
      tasks,
      seedSeconds,
      goalP95Ms: GOAL_P95_MS,
      team: figures.team as LatencyFigures,
      homeVisit: figures.homeVisit as LatencyFigures,
      overdue: figures.overdue as LatencyFigures,
      byPriority: figures.byPriority as LatencyFigures,
      http: figures.http as LatencyFigures,
    };
  } finally {
    await system.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
