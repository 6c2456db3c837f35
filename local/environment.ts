import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbCaseStore } from '../shared/adapters/dynamodb/case-store.ts';
import { documentClient, localDynamoDbConfig } from '../shared/adapters/dynamodb/clients.ts';
import { ensureTable } from '../shared/adapters/dynamodb/create-table.ts';
import type { CaseStore } from '../shared/ports/case-store.ts';
import { startDynamoDbLocal, waitUntilReady } from './dynamodb/dynamodb-local.ts';

/** The repository root, wherever vf is run from. */
export const REPOSITORY_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The table's name on this machine. */
export const LOCAL_TABLE_NAME = 'victim-first';

/** The local engine's own table (Step Functions keeps its state apart from the service's data). */
export const LOCAL_ENGINE_TABLE_NAME = 'victim-first-engine';

/** Where all local data lives: VF_DATA_DIR, or `.vf/` in the repository (git-ignored). */
export function dataDirectory(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.VF_DATA_DIR ?? join(REPOSITORY_ROOT, '.vf'));
}

/**
 * The local returns store's folder, `<data>/reports/`: the quarterly returns `vf report quarterly` makes and
 * the local web app lists for the analyst (the returns bucket in AWS).
 */
export const reportsDirectory = (dataDir: string): string => join(dataDir, 'reports');

/** The local case store, on a DynamoDB Local that keeps its data under the data directory. */
export interface LocalStore {
  readonly store: CaseStore;
  readonly endpoint: string;
  /** A document client on the local table, for the other stores. */
  readonly client: DynamoDBDocumentClient;
  close(): Promise<void>;
}

interface RunningDatabase {
  readonly endpoint: string;
  readonly pid: number;
  /** The process that started it and stops it; when that process has died, the next opener adopts it. */
  readonly ownerPid?: number;
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Whether a process is DynamoDB Local (its command line names the jar), so a reused pid is never stopped. */
function isDynamoDbLocal(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('DynamoDBLocal');
  } catch {
    return false;
  }
}

/** Stops an adopted DynamoDB Local (not our child: by its pid), waiting until it has gone. */
async function stopOrphan(pid: number, runtimeFile: string): Promise<void> {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // Already gone.
  }
  for (let waited = 0; isAlive(pid) && waited < 5_000; waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  rmSync(runtimeFile, { force: true });
}

/** A DynamoDB Local serving the data directory, reused if one is running, else started for the caller. */
export interface LocalDatabase {
  readonly endpoint: string;
  /** The DynamoDB Local process, when this opener started it (not when it reused or adopted one). */
  readonly pid?: number;
  close(): Promise<void>;
}

/**
 * The DynamoDB Local serving the data directory, if one is running: its pid, and the pid of the process
 * that owns it (and stops it when done) while that process lives.
 */
export function runningLocalDatabase(
  dataDir = dataDirectory(),
): { readonly pid: number; readonly ownerPid?: number } | undefined {
  const runtimeFile = join(dataDir, 'dynamodb-local.json');
  if (!existsSync(runtimeFile)) return undefined;
  let running: Partial<RunningDatabase>;
  try {
    running = JSON.parse(readFileSync(runtimeFile, 'utf8')) as Partial<RunningDatabase>;
  } catch {
    return undefined;
  }
  if (typeof running.pid !== 'number' || !isAlive(running.pid)) return undefined;
  return {
    pid: running.pid,
    ...(typeof running.ownerPid === 'number' && isAlive(running.ownerPid)
      ? { ownerPid: running.ownerPid }
      : {}),
  };
}

/**
 * Opens the local database. A DynamoDB Local already serving this data directory (a running `vf start`,
 * say) is reused; otherwise one is started for the command and stopped when it closes.
 */
export async function openLocalDatabase(dataDir = dataDirectory()): Promise<LocalDatabase> {
  const runtimeFile = join(dataDir, 'dynamodb-local.json');
  if (existsSync(runtimeFile)) {
    const running = JSON.parse(readFileSync(runtimeFile, 'utf8')) as RunningDatabase;
    if (isAlive(running.pid)) {
      try {
        await waitUntilReady(running.endpoint, 2_000);
        if (running.ownerPid !== undefined && isAlive(running.ownerPid)) {
          return { endpoint: running.endpoint, close: async () => undefined };
        }
        // Its owner was killed (a `vf start` ended by SIGKILL, say): adopt it, and stop it when done.
        writeFileSync(
          runtimeFile,
          JSON.stringify({ ...running, ownerPid: process.pid } satisfies RunningDatabase),
        );
        return { endpoint: running.endpoint, close: () => stopOrphan(running.pid, runtimeFile) };
      } catch {
        // Not answering. If its owner has died, it is one that was still starting when its owner was
        // killed, holding the data directory: stop it before starting our own.
        if (!(running.ownerPid !== undefined && isAlive(running.ownerPid)) && isDynamoDbLocal(running.pid)) {
          await stopOrphan(running.pid, runtimeFile);
        }
      }
    }
  }
  // Recorded as soon as it is spawned, so that if this process is killed while it starts, the next
  // opener finds it rather than leaving it running unknown.
  const record = (pid: number, endpoint: string) =>
    writeFileSync(
      runtimeFile,
      JSON.stringify({ endpoint, pid, ownerPid: process.pid } satisfies RunningDatabase),
    );
  const database = await startDynamoDbLocal({ dataDir: join(dataDir, 'dynamodb'), onSpawned: record });
  record(database.pid, database.endpoint);
  return {
    endpoint: database.endpoint,
    pid: database.pid,
    close: async () => {
      await database.stop();
      rmSync(runtimeFile, { force: true });
    },
  };
}

/**
 * Creates or checks the tables on an open local database with `ensure`. A table refused (made by an earlier
 * version, say) closes the database before the error goes on, so nothing is left running behind it.
 */
export async function ensureTables(
  database: Pick<LocalDatabase, 'endpoint' | 'close'>,
  ensure: (admin: DynamoDBClient) => Promise<void>,
): Promise<void> {
  const admin = new DynamoDBClient(localDynamoDbConfig(database.endpoint));
  try {
    await ensure(admin);
  } catch (error) {
    await database.close();
    throw error;
  } finally {
    admin.destroy();
  }
}

/** Opens the local case store alone, on the local database. */
export async function openLocalStore(dataDir = dataDirectory()): Promise<LocalStore> {
  const database = await openLocalDatabase(dataDir);
  const config = localDynamoDbConfig(database.endpoint);
  await ensureTables(database, (admin) => ensureTable(admin, LOCAL_TABLE_NAME));
  const client = documentClient(config);
  return {
    store: new DynamoDbCaseStore(client, LOCAL_TABLE_NAME),
    endpoint: database.endpoint,
    client,
    close: async () => {
      client.destroy();
      await database.close();
    },
  };
}
