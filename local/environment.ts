import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDbCaseStore } from '../shared/adapters/dynamodb/case-store.ts';
import { documentClient, localDynamoDbConfig } from '../shared/adapters/dynamodb/clients.ts';
import { ensureTable } from '../shared/adapters/dynamodb/create-table.ts';
import type { CaseStore } from '../shared/ports/case-store.ts';
import { startDynamoDbLocal, waitUntilReady } from './dynamodb/dynamodb-local.ts';

/** The repository root, wherever vf is run from. */
export const REPOSITORY_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The table's name on this machine. */
export const LOCAL_TABLE_NAME = 'victim-first';

/** Where all local data lives: VF_DATA_DIR, or `.vf/` in the repository (git-ignored). */
export function dataDirectory(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.VF_DATA_DIR ?? join(REPOSITORY_ROOT, '.vf'));
}

/** The local case store, on a DynamoDB Local that keeps its data under the data directory. */
export interface LocalStore {
  readonly store: CaseStore;
  readonly endpoint: string;
  close(): Promise<void>;
}

interface RunningDatabase {
  readonly endpoint: string;
  readonly pid: number;
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Opens the local store. A DynamoDB Local already serving this data directory (a running `vf start`, say)
 * is reused; otherwise one is started for the command and stopped when it closes.
 */
export async function openLocalStore(dataDir = dataDirectory()): Promise<LocalStore> {
  const runtimeFile = join(dataDir, 'dynamodb-local.json');
  let endpoint: string | undefined;
  let stop: (() => Promise<void>) | undefined;
  if (existsSync(runtimeFile)) {
    const running = JSON.parse(readFileSync(runtimeFile, 'utf8')) as RunningDatabase;
    if (isAlive(running.pid)) {
      try {
        await waitUntilReady(running.endpoint, 2_000);
        endpoint = running.endpoint;
      } catch {
        // Not answering: start our own below.
      }
    }
  }
  if (!endpoint) {
    const database = await startDynamoDbLocal({ dataDir: join(dataDir, 'dynamodb') });
    endpoint = database.endpoint;
    writeFileSync(runtimeFile, JSON.stringify({ endpoint, pid: database.pid } satisfies RunningDatabase));
    stop = async () => {
      await database.stop();
      rmSync(runtimeFile, { force: true });
    };
  }
  const config = localDynamoDbConfig(endpoint);
  const admin = new DynamoDBClient(config);
  await ensureTable(admin, LOCAL_TABLE_NAME);
  admin.destroy();
  const client = documentClient(config);
  return {
    store: new DynamoDbCaseStore(client, LOCAL_TABLE_NAME),
    endpoint,
    close: async () => {
      client.destroy();
      await stop?.();
    },
  };
}
