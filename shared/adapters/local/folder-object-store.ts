import { readFile, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { ObjectTooLargeError } from '../../domain/received-file.ts';
import type { ObjectStore } from '../../ports/object-store.ts';

/** The local stand-in for S3: a bucket is a folder under `root`, a key a path inside it. */
export class FolderObjectStore implements ObjectStore {
  constructor(private readonly root: string) {}

  async get(bucket: string, key: string, maxBytes: number): Promise<Uint8Array> {
    const base = resolve(this.root, bucket);
    const path = resolve(join(base, key));
    if (!path.startsWith(base + sep)) throw new Error('object key leaves its bucket');
    const { size } = await stat(path);
    if (size > maxBytes) throw new ObjectTooLargeError(`object is ${size} bytes, the limit is ${maxBytes}`);
    return readFile(path);
  }
}
