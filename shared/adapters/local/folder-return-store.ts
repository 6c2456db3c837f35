import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReturnFormat } from '../../domain/reporting/return-formats.ts';
import { returnFileName, type StoredReturn, storedReturnsOf } from '../../domain/reporting/stored-returns.ts';
import type { ReturnStore } from '../../ports/return-store.ts';

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

/**
 * The local stand-in for the returns bucket: `<data>/reports/<2026-27-Q2>.<format>`, where
 * `vf report quarterly` has always written them. Other files in the folder are left alone and not listed.
 */
export class FolderReturnStore implements ReturnStore {
  constructor(readonly folder: string) {}

  /** Where a quarter's return in a format is (or would be) kept. Throws InvalidQuarterError. */
  pathOf(quarter: string, format: ReturnFormat): string {
    return join(this.folder, returnFileName(quarter, format));
  }

  async put(quarter: string, format: ReturnFormat, body: Uint8Array | string): Promise<void> {
    const path = this.pathOf(quarter, format);
    await mkdir(this.folder, { recursive: true });
    // Written beside it, then renamed over it: a reader never sees half a return.
    const partial = join(this.folder, `.${randomUUID()}.partial`);
    await writeFile(partial, body);
    await rename(partial, path);
  }

  async list(): Promise<StoredReturn[]> {
    let names: string[];
    try {
      names = await readdir(this.folder);
    } catch (error) {
      if (isMissing(error)) return [];
      throw error;
    }
    const files: { name: string; storedAt: Date }[] = [];
    for (const name of names) {
      try {
        const info = await stat(join(this.folder, name));
        if (info.isFile()) files.push({ name, storedAt: info.mtime });
      } catch (error) {
        if (!isMissing(error)) throw error;
      }
    }
    return storedReturnsOf(files);
  }

  async get(quarter: string, format: ReturnFormat): Promise<Uint8Array | undefined> {
    try {
      return await readFile(this.pathOf(quarter, format));
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }
}
