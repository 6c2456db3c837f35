import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { SingleBar } from 'cli-progress';
import { systemClock } from '../../shared/adapters/system-clock.ts';
import { type IntakeSummary, ingestRows, intakeFileId } from '../../shared/application/ingest.ts';
import { POLICE_DOWNLOAD_LIMITS, parsePoliceDownload } from '../../shared/domain/intake/police-download.ts';
import { openLocalSystem } from '../system/local-system.ts';
import { type Output, UsageError } from './output.ts';

/** `vf ingest police FILE [--json]`: takes a police daily download into the local case store. */
export async function ingestPoliceCommand(
  file: string,
  options: { json?: boolean },
  out: Output,
): Promise<void> {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new UsageError(`cannot read ${file}: no such file`);
  }
  if (size > POLICE_DOWNLOAD_LIMITS.maxBytes) {
    throw new UsageError(`${file}: file is larger than ${POLICE_DOWNLOAD_LIMITS.maxBytes / 1024 / 1024} MiB`);
  }
  const content = readFileSync(file);
  const rows = parsePoliceDownload(content);
  const local = await openLocalSystem();
  const bar = process.stderr.isTTY
    ? new SingleBar({
        format: 'Ingesting [{bar}] {value}/{total} rows',
        stream: process.stderr,
        hideCursor: true,
      })
    : undefined;
  bar?.start(rows.length, 0);
  let summary: IntakeSummary;
  try {
    summary = await ingestRows(
      rows,
      {
        file: basename(file),
        fileId: intakeFileId(basename(file), content),
        channel: 'police-download',
        onProgress: (done) => bar?.update(done),
      },
      { store: local.store, clock: systemClock, workflows: local.workflows },
    );
  } finally {
    bar?.stop();
    await local.close();
  }
  printSummary(file, summary, out);
  if (options.json) {
    const { accepted, duplicates, declined, rejected, errors } = summary;
    out.json({ accepted, duplicates, declined, rejected, errors });
  }
}

function printSummary(file: string, summary: IntakeSummary, out: Output): void {
  out.line(`Police download ${file}`);
  out.line(`  accepted    ${summary.accepted}`);
  out.line(`  duplicates  ${summary.duplicates}`);
  out.line(`  declined    ${summary.declined}`);
  out.line(`  rejected    ${summary.rejected}`);
  if (summary.errors.length > 0) {
    out.line('Rejected rows, kept in quarantine (the header is row 1):');
    for (const error of summary.errors) out.line(`  row ${error.row}  ${error.field}  ${error.message}`);
  }
}
