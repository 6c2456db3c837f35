import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
} from 'node:fs';
import { join } from 'node:path';
import type { IntakeSummary } from '../../shared/application/ingest.ts';
import { InvalidDownloadError, parsePoliceDownload } from '../../shared/domain/intake/police-download.ts';
import { s3ObjectCreated } from '../lambda-events.ts';
import type { LocalSystem } from '../system/local-system.ts';

/** The local stand-in for the intake bucket the police download lands in (a bucket is a folder). */
export const INTAKE_BUCKET = 'intake';
export const POLICE_PREFIX = 'police/';

/** The watched inbox under a data directory. */
export const policeInboxOf = (dataDir: string) => join(dataDir, 'inbox', 'police');

/** What became of one file dropped in the inbox. */
export type InboxResult =
  | {
      readonly file: string;
      readonly key: string;
      readonly outcome: 'ingested';
      readonly summary: Pick<IntakeSummary, 'accepted' | 'duplicates' | 'declined' | 'rejected'>;
    }
  | { readonly file: string; readonly key: string; readonly outcome: 'refused'; readonly reason: string }
  | { readonly file: string; readonly key?: string; readonly outcome: 'failed'; readonly reason: string };

export interface PoliceInboxOptions {
  /** The folder watched; `<dataDir>/inbox/police` by default. */
  readonly dir?: string;
  /** How long a file's size and time must stay the same before it is taken (a copy may still be writing). */
  readonly stableMs?: number;
  /** How often the folder is looked at. */
  readonly pollMs?: number;
  /** Told what became of each file. */
  readonly onResult: (result: InboxResult) => void;
  /** Told once about each file that is not taken (not a .csv). */
  readonly onIgnored?: (file: string, reason: string) => void;
}

export interface PoliceInbox {
  readonly dir: string;
  /** Stops watching, after the file being ingested (if any) is done. */
  close(): Promise<void>;
}

/** One line about a file: what a person watching vf start reads. */
export function describeInboxResult(result: InboxResult): string {
  switch (result.outcome) {
    case 'ingested': {
      const { accepted, duplicates, declined, rejected } = result.summary;
      return (
        `police download ${result.file}: ${accepted} accepted, ${duplicates} duplicates, ` +
        `${declined} declined, ${rejected} rejected` +
        (rejected > 0 ? ' (rejected rows are kept in quarantine)' : '')
      );
    }
    case 'refused':
      return `police download ${result.file} refused: ${result.reason} (kept in quarantine)`;
    case 'failed':
      return `police download ${result.file} failed: ${result.reason}`;
  }
}

const stamp = (at: Date) => at.toISOString().replace(/[-:]/g, '').replace('.', '');

/**
 * Watches the police-download inbox (docs/local-system.md): a `.csv` dropped there, once its size stays the
 * same, is moved into the intake bucket's folder under `police/<timestamp>-<name>` and the ingest function is
 * invoked with the S3 event the bucket would send. Files already there when it starts are taken too.
 * Dotfiles are ignored, so a writer can copy to `.name.csv` and rename when done. Dropping the same file
 * again is harmless: intake is idempotent by source and reference.
 */
export function watchPoliceInbox(system: LocalSystem, options: PoliceInboxOptions): PoliceInbox {
  const dir = options.dir ?? policeInboxOf(system.dataDir);
  const stableMs = options.stableMs ?? 500;
  const pollMs = options.pollMs ?? 250;
  const bucketDir = join(system.dataDir, 'buckets', INTAKE_BUCKET, POLICE_PREFIX);
  mkdirSync(dir, { recursive: true });
  mkdirSync(bucketDir, { recursive: true });

  /** What each file looked like when last seen, and since when. */
  const seen = new Map<string, { size: number; mtimeMs: number; since: number }>();
  /** Files that failed to move, by how they looked then: retried only once they change. */
  const stuck = new Map<string, string>();
  const ignored = new Set<string>();
  let closed = false;
  let scanning: Promise<void> = Promise.resolve();

  const ingest = async (file: string): Promise<InboxResult> => {
    let target = '';
    let key = '';
    for (let n = 1; ; n++) {
      const name = `${stamp(system.clock.now())}-${n === 1 ? '' : `${n}-`}${file}`;
      key = `${POLICE_PREFIX}${name}`;
      target = join(bucketDir, name);
      if (!existsSync(target)) break;
    }
    try {
      renameSync(join(dir, file), target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
      copyFileSync(join(dir, file), target);
      unlinkSync(join(dir, file));
    }
    const size = statSync(target).size;
    try {
      const summaries = (await system.invoke(
        'ingestPoliceDownload',
        s3ObjectCreated(INTAKE_BUCKET, key, size, system.clock.now()),
      )) as IntakeSummary[];
      const [summary] = summaries;
      if (summary) {
        const { accepted, duplicates, declined, rejected } = summary;
        return { file, key, outcome: 'ingested', summary: { accepted, duplicates, declined, rejected } };
      }
      // The function quarantined the whole file; say why here as well.
      let reason = 'the file cannot be read as a police download';
      try {
        parsePoliceDownload(readFileSync(target));
      } catch (error) {
        if (error instanceof InvalidDownloadError) reason = error.message;
      }
      return { file, key, outcome: 'refused', reason };
    } catch (error) {
      return { file, key, outcome: 'failed', reason: (error as Error).message };
    }
  };

  const scan = async () => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return; // The folder was removed; it is made again on the next start.
    }
    const now = Date.now();
    for (const file of names.sort()) {
      if (closed) return;
      if (file.startsWith('.')) continue;
      let stats: ReturnType<typeof statSync>;
      try {
        stats = statSync(join(dir, file));
      } catch {
        seen.delete(file);
        continue; // Gone between the listing and now.
      }
      if (!stats.isFile() || !file.toLowerCase().endsWith('.csv')) {
        if (!ignored.has(file)) {
          ignored.add(file);
          options.onIgnored?.(file, stats.isFile() ? 'only .csv files are taken' : 'not a file');
        }
        continue;
      }
      const looks = `${stats.size}:${stats.mtimeMs}`;
      if (stuck.get(file) === looks) continue;
      const last = seen.get(file);
      if (!last || last.size !== stats.size || last.mtimeMs !== stats.mtimeMs) {
        seen.set(file, { size: stats.size, mtimeMs: stats.mtimeMs, since: now });
        continue;
      }
      if (now - last.since < stableMs) continue;
      seen.delete(file);
      let result: InboxResult;
      try {
        result = await ingest(file);
        stuck.delete(file);
      } catch (error) {
        stuck.set(file, looks);
        result = {
          file,
          outcome: 'failed',
          reason: `cannot move it out of the inbox: ${(error as Error).message}`,
        };
      }
      options.onResult(result);
    }
  };

  let busy = false;
  const tick = () => {
    if (busy) return; // A long ingest is still going; the next look waits for it.
    busy = true;
    scanning = scan()
      .catch((error: unknown) =>
        options.onResult({ file: '(inbox)', outcome: 'failed', reason: (error as Error).message }),
      )
      .finally(() => {
        busy = false;
      });
  };
  const timer = setInterval(tick, pollMs);
  tick();

  return {
    dir,
    close: async () => {
      closed = true;
      clearInterval(timer);
      await scanning;
    },
  };
}
