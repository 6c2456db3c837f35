import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { localDynamoDbConfig } from '../../shared/adapters/dynamodb/clients.ts';
import { LOCAL_ENGINE_TABLE_NAME, LOCAL_TABLE_NAME } from '../environment.ts';
import { RUN_STATE_FILE } from './run-state.ts';

/**
 * What the local system keeps in a data directory: DynamoDB Local's files (`dynamodb/`), the buckets
 * (`buckets/`, where the police inbox moves what it takes), the police inbox (`inbox/`), the messenger's
 * e-mails and texts (`outbox/`), letters (`letters/`) and print manifests (`manifests/`), and where the
 * virtual clock stood. Any of them means the directory holds a local system's data.
 */
export const LOCAL_SYSTEM_DATA = [
  'dynamodb',
  'buckets',
  'inbox',
  'outbox',
  'letters',
  'manifests',
  'virtual-clock.json',
] as const;

/** The runtime file of the DynamoDB Local serving the directory (local/environment.ts). */
const DATABASE_RUNTIME_FILE = 'dynamodb-local.json';

/** What `vf simulate` writes beside the world it leaves, and what marks the directory as a simulation's. */
export const simulationFileOf = (dataDir: string) => join(dataDir, 'simulation.json');

/** `<dataDir>/simulation.json`: how the world in the directory was made. No `finishedAt` while it runs. */
export interface SimulationRecord {
  /** The options the run went by, every one of them (a default when not given). */
  readonly options: Readonly<Record<string, string | number>>;
  readonly seed: number;
  readonly referrals: number;
  readonly simulatedFrom: string;
  readonly simulatedUntil?: string;
  readonly startedAt: string;
  readonly finishedAt?: string;
}

/** The local system's entries present in the directory (`LOCAL_SYSTEM_DATA`), in that order. */
export function localSystemDataIn(dataDir: string): string[] {
  return LOCAL_SYSTEM_DATA.filter((entry) => existsSync(join(dataDir, entry)));
}

/** Whether the directory holds a world a simulation left (it wrote simulation.json). */
export function holdsSimulation(dataDir: string): boolean {
  return existsSync(simulationFileOf(dataDir));
}

export function writeSimulationRecord(dataDir: string, record: SimulationRecord): void {
  const file = simulationFileOf(dataDir);
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, `${JSON.stringify(record, null, 2)}\n`);
  renameSync(partial, file);
}

export function readSimulationRecord(dataDir: string): SimulationRecord | undefined {
  try {
    return JSON.parse(readFileSync(simulationFileOf(dataDir), 'utf8')) as SimulationRecord;
  } catch {
    return undefined;
  }
}

/**
 * Removes the local system's data from the directory, and only that: the entries of `LOCAL_SYSTEM_DATA`,
 * simulation.json and the simulation's run state; anything else a person keeps there stays. DynamoDB
 * Local's files stay too while a DynamoDB Local is running on them (`databaseRunning`): its tables are
 * dropped instead, once it is open.
 *
 * `replacedBy`: the record of the simulation that replaces the data, written in the old one's place before
 * anything else is removed (the old run's state alone goes first, so it is never carried on in a world that
 * is no longer its own): a directory whose replacing is stopped half-way is still known as a simulation's.
 */
export function removeLocalSystemData(
  dataDir: string,
  options: { databaseRunning: boolean; replacedBy?: SimulationRecord },
): void {
  rmSync(join(dataDir, RUN_STATE_FILE), { force: true });
  if (options.replacedBy) writeSimulationRecord(dataDir, options.replacedBy);
  const record = options.replacedBy ? [] : ['simulation.json'];
  for (const entry of [...LOCAL_SYSTEM_DATA, DATABASE_RUNTIME_FILE, ...record]) {
    if (options.databaseRunning && (entry === 'dynamodb' || entry === DATABASE_RUNTIME_FILE)) continue;
    rmSync(join(dataDir, entry), { recursive: true, force: true });
  }
}

/** Drops the local system's tables, where they are (a database whose files could not be removed). */
export async function dropLocalTables(endpoint: string): Promise<void> {
  const admin = new DynamoDBClient(localDynamoDbConfig(endpoint));
  try {
    for (const name of [LOCAL_TABLE_NAME, LOCAL_ENGINE_TABLE_NAME]) {
      await admin.send(new DeleteTableCommand({ TableName: name })).catch((error: unknown) => {
        if ((error as Error).name !== 'ResourceNotFoundException') throw error;
      });
    }
  } finally {
    admin.destroy();
  }
}
