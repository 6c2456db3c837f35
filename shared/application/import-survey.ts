import { caseIdFor } from '../domain/case.ts';
import type { QuarantineRecord } from '../domain/case-records.ts';
import type { SurveyRow } from '../domain/intake/police-survey.ts';
import type { CaseStore } from '../ports/case-store.ts';
import type { Clock } from '../ports/clock.ts';
import type { OutcomeStore } from '../ports/outcomes.ts';
import type { RowError } from './ingest.ts';

export interface SurveyImportDeps {
  readonly store: Pick<CaseStore, 'getCase' | 'quarantine'>;
  readonly outcomes: Pick<OutcomeStore, 'recordSurvey'>;
  readonly clock: Clock;
}

/** What a survey file did: answers kept, answers already kept, and the rows refused with their reasons. */
export interface SurveyImportSummary {
  readonly fileId: string;
  readonly recorded: number;
  readonly duplicates: number;
  readonly rejected: number;
  /** Every refused row's row number (the header is row 1), column and reason, in row order. */
  readonly errors: readonly RowError[];
}

/** Answers matched to their cases at once: a few reads in flight, not thousands. */
const AT_ONCE = 8;

/**
 * Takes the police survey's rows (docs/intake-formats.md): each is matched to its case by the reference —
 * a case reference, or the crime reference its police referral came with — and kept once per case and
 * survey date, so the same file taken twice changes nothing. A row that matches no case is refused with the
 * rows that could not be read; each refused row is quarantined by its row and column with the reason, and
 * its neighbours go through (docs/service-rules.md: bad input).
 */
export async function importPoliceSurvey(
  rows: readonly SurveyRow[],
  file: { readonly name: string; readonly fileId: string },
  deps: SurveyImportDeps,
): Promise<SurveyImportSummary> {
  const importedAt = deps.clock.now();
  const errors: RowError[] = [];
  const rejectedRows = new Set<number>();
  let recorded = 0;
  let duplicates = 0;
  for (const row of rows)
    if (row.kind === 'rejected') {
      rejectedRows.add(row.row);
      for (const error of row.errors) errors.push({ row: row.row, ...error });
    }
  const answers = rows.filter((row) => row.kind === 'answers');
  let next = 0;
  const worker = async () => {
    while (next < answers.length) {
      const row = answers[next++] as Extract<SurveyRow, { kind: 'answers' }>;
      const caseId =
        'caseId' in row.reference ? row.reference.caseId : caseIdFor('police', row.reference.crimeReference);
      if (!(await deps.store.getCase(caseId))) {
        rejectedRows.add(row.row);
        errors.push({ row: row.row, field: 'reference', message: 'matches no case' });
        continue;
      }
      const result = await deps.outcomes.recordSurvey({
        caseId,
        surveyedOn: row.surveyedOn,
        ...(row.copedAndRecovered === undefined ? {} : { copedAndRecovered: row.copedAndRecovered }),
        ...(row.satisfied === undefined ? {} : { satisfied: row.satisfied }),
        fileId: file.fileId,
        row: row.row,
        importedAt,
      });
      if (result === 'recorded') recorded++;
      else duplicates++;
    }
  };
  await Promise.all(Array.from({ length: AT_ONCE }, worker));
  errors.sort((a, b) => a.row - b.row || a.field.localeCompare(b.field));
  const quarantined: QuarantineRecord[] = errors.map((e) => ({
    fileId: file.fileId,
    file: file.name,
    ...e,
    rejectedAt: importedAt,
  }));
  await deps.store.quarantine(quarantined);
  return { fileId: file.fileId, recorded, duplicates, rejected: rejectedRows.size, errors };
}
