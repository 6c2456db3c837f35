import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What `<dataDir>/server.json` says about the running `vf start`; no `url` while it is still starting. */
export interface ServerRecord {
  readonly pid: number;
  readonly virtualClock: boolean;
  readonly url?: string;
}

export const serverFileOf = (dataDir: string) => join(dataDir, 'server.json');
export const virtualClockFileOf = (dataDir: string) => join(dataDir, 'virtual-clock.json');

/** Another `vf start` is running on the data directory. */
export class ServerAlreadyRunningError extends Error {
  override name = 'ServerAlreadyRunningError';
  constructor(
    readonly dataDir: string,
    readonly running: ServerRecord,
  ) {
    super(
      running.url
        ? `a local system is already running on ${dataDir} at ${running.url} (pid ${running.pid}); stop it first (Ctrl-C in its terminal, or kill ${running.pid})`
        : `a local system is already starting on ${dataDir} (pid ${running.pid}); wait for it, or stop it first`,
    );
  }
}

export const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

const readJson = (file: string): unknown => {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
};

/** Writes a file whole or not at all (a reader never sees half of it). */
function writeAtomically(file: string, text: string): void {
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, text);
  renameSync(partial, file);
}

/** The server record of the data directory, and whether its process is alive; undefined when there is none. */
export function readServerRecord(dataDir: string): { record: ServerRecord; alive: boolean } | undefined {
  const value = readJson(serverFileOf(dataDir)) as Partial<ServerRecord> | undefined;
  if (!value || typeof value.pid !== 'number') return undefined;
  const record: ServerRecord = {
    pid: value.pid,
    virtualClock: value.virtualClock === true,
    ...(typeof value.url === 'string' ? { url: value.url } : {}),
  };
  return { record, alive: value.pid !== process.pid && isAlive(value.pid) };
}

/**
 * Claims the data directory for this process before anything is started on it, so two `vf start`s never
 * open the same DynamoDB Local files. A record left by a process that has died is taken over.
 */
export function claimDataDirectory(dataDir: string, claim: ServerRecord): void {
  mkdirSync(dataDir, { recursive: true });
  const file = serverFileOf(dataDir);
  for (let tries = 0; tries < 3; tries++) {
    try {
      writeFileSync(file, JSON.stringify(claim), { flag: 'wx' });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const existing = readServerRecord(dataDir);
    if (existing?.alive) throw new ServerAlreadyRunningError(dataDir, existing.record);
    rmSync(file, { force: true });
  }
  throw new Error(`cannot claim ${file}: another process keeps writing it`);
}

/** Records the running server (its URL once it listens). */
export function writeServerRecord(dataDir: string, record: ServerRecord): void {
  writeAtomically(serverFileOf(dataDir), JSON.stringify(record));
}

/** Removes the server record if it is this process's. */
export function releaseDataDirectory(dataDir: string, pid = process.pid): void {
  const value = readJson(serverFileOf(dataDir)) as Partial<ServerRecord> | undefined;
  if (value?.pid === pid) rmSync(serverFileOf(dataDir), { force: true });
}

/** Where the virtual clock stood when the last run left it. */
export function readVirtualClock(dataDir: string): Date | undefined {
  const file = virtualClockFileOf(dataDir);
  if (!existsSync(file)) return undefined;
  const value = readJson(file) as { now?: unknown } | undefined;
  const at = typeof value?.now === 'string' ? new Date(value.now) : undefined;
  return at && !Number.isNaN(at.getTime()) ? at : undefined;
}

/** Keeps the virtual clock on disk, so the next run starts where this one left it. */
export function writeVirtualClock(dataDir: string, at: Date): void {
  writeAtomically(virtualClockFileOf(dataDir), JSON.stringify({ now: at.toISOString() }));
}
