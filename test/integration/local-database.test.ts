import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startDynamoDbLocal } from '../../local/dynamodb/dynamodb-local.ts';
import { openLocalDatabase } from '../../local/environment.ts';
import { databasesServing } from '../support/processes.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PINNED_NODE = join(ROOT, 'node_modules', 'node', 'bin', 'node');
const NODE = existsSync(PINNED_NODE) ? PINNED_NODE : process.execPath;
const LOADER = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const ENVIRONMENT = pathToFileURL(join(ROOT, 'local', 'environment.ts')).href;

const dataDir = mkdtempSync(join(tmpdir(), 'vf-local-database-'));
const runtimeFile = join(dataDir, 'dynamodb-local.json');

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

afterAll(() => {
  for (const pid of databasesServing(dataDir)) process.kill(pid, 'SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the local database when its opener is killed while it starts', () => {
  it('is recorded at once, and the next opener stops or adopts it: none is left running', async () => {
    // A command opening the data directory's database, SIGKILLed as soon as DynamoDB Local is spawned
    // (Java takes a second or more to answer, so it is still starting).
    const opener = spawn(
      NODE,
      [
        '--import',
        LOADER,
        '--input-type=module',
        '-e',
        `await (await import('${ENVIRONMENT}')).openLocalDatabase(${JSON.stringify(dataDir)});`,
      ],
      { stdio: 'ignore' },
    );
    for (let waited = 0; !existsSync(runtimeFile); waited += 20) {
      if (waited > 60_000) throw new Error('the opener never recorded its DynamoDB Local');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    opener.kill('SIGKILL');
    const first = (JSON.parse(readFileSync(runtimeFile, 'utf8')) as { pid: number }).pid;
    expect(isAlive(first)).toBe(true);

    const database = await openLocalDatabase(dataDir);
    const list = await fetch(database.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'DynamoDB_20120810.ListTables',
        authorization:
          'AWS4-HMAC-SHA256 Credential=local/20260101/eu-west-2/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
      },
      body: '{}',
    });
    expect(list.status).toBe(200);
    expect(databasesServing(dataDir)).toHaveLength(1);

    await database.close();
    expect(databasesServing(dataDir)).toEqual([]);
    expect(isAlive(first)).toBe(false);
  }, 120_000);

  it('runs with the serial collector and sends no telemetry, leaving this process environment as it was', async () => {
    const before = { ...process.env };
    const database = await startDynamoDbLocal();
    try {
      const environment = new Map(
        readFileSync(`/proc/${database.pid}/environ`, 'utf8')
          .split('\0')
          .filter(Boolean)
          .map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]),
      );
      expect(environment.get('DDB_LOCAL_TELEMETRY')).toBe('0');
      expect(environment.get('JAVA_TOOL_OPTIONS')).toContain('-XX:+UseSerialGC');
      expect(process.env).toEqual(before);
    } finally {
      await database.stop();
    }
  }, 60_000);
});
