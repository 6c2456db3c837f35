import { writeFileSync } from 'node:fs';
import { sampleDownload, syntheticDownload, toCsv } from '../synthetic/police-download.ts';
import { type Output, UsageError } from './output.ts';

/** `vf generate police-download`: a synthetic download (clearly fictional people) for demos and benchmarks. */
export function generatePoliceDownloadCommand(
  options: { rows?: string; seed?: string; sample?: boolean; out: string },
  out: Output,
): void {
  let rows: ReturnType<typeof sampleDownload>;
  if (options.sample) rows = sampleDownload();
  else {
    const count = Number(options.rows ?? '100');
    const seed = Number(options.seed ?? '1');
    if (!Number.isInteger(count) || count < 1 || count > 50_000)
      throw new UsageError('--rows must be a whole number from 1 to 50000');
    if (!Number.isInteger(seed)) throw new UsageError('--seed must be a whole number');
    rows = syntheticDownload(count, seed);
  }
  writeFileSync(options.out, toCsv(rows));
  out.line(`wrote ${rows.length} rows to ${options.out}`);
}
