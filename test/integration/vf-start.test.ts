import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCAL_TABLE_NAME } from '../../local/environment.ts';
import { DynamoDbCaseStore } from '../../shared/adapters/dynamodb/case-store.ts';
import { documentClient, localDynamoDbConfig } from '../../shared/adapters/dynamodb/clients.ts';
import { aPartnerReferralBody } from '../fixtures/referrals.ts';

// The real `vf start`, run as bin/vf.js runs it (the pinned Node with tsx), but without the launcher in
// between, so that killing the child kills vf start itself.
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PINNED_NODE = join(ROOT, 'node_modules', 'node', 'bin', 'node');
const NODE = existsSync(PINNED_NODE) ? PINNED_NODE : process.execPath;
const LOADER = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const MAIN = join(ROOT, 'local', 'cli', 'main.ts');

const CASEWORKER = { 'x-vf-user': 'caseworker.one' };
const dataDir = mkdtempSync(join(tmpdir(), 'vf-start-'));
const started: ChildProcess[] = [];
const databasePids = new Set<number>();

interface Running {
  readonly child: ChildProcess;
  readonly url: string;
  output(): string;
}

/** The pid and endpoint of the data directory's DynamoDB Local, remembered so the test can stop it. */
function databaseOf(): { endpoint: string; pid: number } {
  const running = JSON.parse(readFileSync(join(dataDir, 'dynamodb-local.json'), 'utf8')) as {
    endpoint: string;
    pid: number;
  };
  databasePids.add(running.pid);
  return running;
}

function vf(args: readonly string[]): {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
} {
  const child = spawn(NODE, ['--import', LOADER, MAIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, VF_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Starts `vf start` and resolves once it prints its URL. */
async function vfStart(...args: string[]): Promise<Running> {
  const run = vf(['start', '--port', '0', ...args]);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const url = /URL\s+(http:\/\/\S+)/.exec(run.output())?.[1];
    if (url) return { child: run.child, url, output: run.output };
    if (run.child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`vf start did not print its URL:\n${run.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function call(running: Running, method: string, path: string, body?: unknown) {
  const response = await fetch(`${running.url}${path}`, {
    method,
    headers: { ...CASEWORKER, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  // biome-ignore lint/suspicious/noExplicitAny: the tests look inside each route's own answer.
  return { status: response.status, json: (await response.json()) as any };
}

async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const openTask = (running: Running, taskId: string) =>
  eventually(`task ${taskId} open`, async () => {
    const { json } = await call(running, 'GET', '/api/tasks?queue=caseworkers');
    return (json.tasks as Array<{ taskId: string; status: string }>).find((t) => t.taskId === taskId);
  });

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const killQuietly = (pid: number) => {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
};

afterAll(() => {
  for (const child of started) if (child.exitCode === null && child.pid) killQuietly(child.pid);
  for (const pid of databasePids) killQuietly(pid);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('vf start, as a person runs it', () => {
  it('loses nothing when killed: after a restart the case, its open call task and its contact path carry on', async () => {
    const first = await vfStart('--virtual-clock', '--at', '2026-12-15T10:00:00Z');
    // A second vf start on the same data directory, while the first runs, is refused naming the first.
    const refused = vf(['start', '--port', '0']);
    const posted = await call(first, 'POST', '/referrals/partner', aPartnerReferralBody());
    const caseId: string = posted.json.caseId;
    const taskId = `${caseId}.call-attempt.1`;
    await openTask(first, taskId);
    const database = databaseOf();
    expect(await refused.exited).toBe(2);
    expect(refused.output()).toContain(`already running on ${dataDir} at ${first.url}`);

    // No clean shutdown: the engine, the server and the watcher just stop; DynamoDB Local lives on alone.
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    const second = await vfStart('--virtual-clock');
    databaseOf();

    const client = documentClient(localDynamoDbConfig(database.endpoint));
    const opened = await new DynamoDbCaseStore(client, LOCAL_TABLE_NAME).getCase(caseId);
    client.destroy();
    const health = await call(second, 'GET', '/health');
    const task = await call(second, 'GET', `/api/tasks/${taskId}`);
    const completed = await call(second, 'POST', `/api/tasks/${taskId}/complete`, { outcome: 'no-answer' });
    const advanced = await call(second, 'POST', '/clock/advance', { by: '3h' });
    const next = await openTask(second, `${caseId}.call-attempt.2`);

    expect(posted.status).toBe(201);
    expect(opened?.caseId).toBe(caseId);
    expect(health.json).toMatchObject({ clock: '2026-12-15T10:00:00.000Z', virtualClock: true });
    expect(second.output()).toContain('where the last run left it');
    expect(task.json).toMatchObject({ status: 'open', due: '2026-12-15T13:00:00.000Z' });
    expect(completed.status).toBe(200);
    expect(advanced.json.now).toBe('2026-12-15T13:00:00.000Z');
    expect(next).toMatchObject({ status: 'open', createdAt: '2026-12-15T13:00:00.000Z' });

    const recorded = JSON.parse(readFileSync(join(dataDir, 'server.json'), 'utf8')) as { url: string };
    expect(recorded.url).toBe(second.url);
    second.child.kill('SIGTERM');
    await new Promise((resolve) => second.child.once('exit', resolve));
    expect(second.output()).toContain('Stopped.');
    expect(existsSync(join(dataDir, 'server.json'))).toBe(false);
    // The restarted system adopted the DynamoDB Local its killed predecessor left behind, and stopped it.
    expect(existsSync(join(dataDir, 'dynamodb-local.json'))).toBe(false);
    expect(isAlive(database.pid)).toBe(false);
  }, 120_000);

  it('refuses bad options and a clock advance with no system running, naming what is wrong', async () => {
    const runs = [
      vf(['start', '--port', 'eighty']),
      vf(['start', '--at', '2026-12-15T10:00:00Z']),
      vf(['start', '--virtual-clock', '--at', 'Tuesday']),
      vf(['clock', 'advance', '2x']),
      vf(['clock', 'advance', '2d']),
    ];

    const codes = await Promise.all(runs.map((run) => run.exited));

    expect(codes).toEqual([2, 2, 2, 2, 2]);
    const [port, atAlone, atUnreadable, badDuration, nothingRunning] = runs.map((run) => run.output());
    expect(port).toContain('--port must be a whole number from 0 to 65535');
    expect(atAlone).toContain('--at sets the virtual clock: use it with --virtual-clock');
    expect(atUnreadable).toContain('--at must be a date and time in ISO 8601');
    expect(badDuration).toContain('<duration>: "2x" is not a duration');
    expect(nothingRunning).toContain(`no local system is running on ${dataDir}`);
  }, 60_000);
});
