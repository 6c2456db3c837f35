import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { DynamoDbOutcomeStore } from '../../shared/adapters/dynamodb/outcomes.ts';
import { systemClock } from '../../shared/adapters/system-clock.ts';
import { importPoliceSurvey } from '../../shared/application/import-survey.ts';
import { intakeFileId } from '../../shared/application/ingest.ts';
import { localDateOf } from '../../shared/domain/calendar.ts';
import { POLICE_SURVEY_LIMITS, parsePoliceSurvey } from '../../shared/domain/intake/police-survey.ts';
import { LOCAL_TABLE_NAME, openLocalStore } from '../environment.ts';
import { type Output, UsageError } from './output.ts';

/**
 * `vf ingest survey FILE [--json]`: takes the police survey's answers (docs/intake-formats.md) into the
 * local system, as the analyst's upload page does: each row matched to its case, bad rows quarantined and
 * reported by row number.
 */
export async function ingestSurveyCommand(
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
  if (size > POLICE_SURVEY_LIMITS.maxBytes)
    throw new UsageError(`${file}: file is larger than ${POLICE_SURVEY_LIMITS.maxBytes / 1024 / 1024} MiB`);
  const content = readFileSync(file);
  const rows = parsePoliceSurvey(content, localDateOf(systemClock.now()));
  const local = await openLocalStore();
  try {
    const summary = await importPoliceSurvey(
      rows,
      { name: basename(file), fileId: intakeFileId(basename(file), content) },
      {
        store: local.store,
        outcomes: new DynamoDbOutcomeStore(local.client, LOCAL_TABLE_NAME),
        clock: systemClock,
      },
    );
    out.line(`Police survey ${file}`);
    out.line(`  recorded    ${summary.recorded}`);
    out.line(`  duplicates  ${summary.duplicates}`);
    out.line(`  rejected    ${summary.rejected}`);
    if (summary.errors.length > 0) {
      out.line('Rejected rows, kept in quarantine (the header is row 1):');
      for (const error of summary.errors) out.line(`  row ${error.row}  ${error.field}  ${error.message}`);
    }
    if (options.json) {
      const { recorded, duplicates, rejected, errors } = summary;
      out.json({ recorded, duplicates, rejected, errors });
    }
  } finally {
    await local.close();
  }
}
