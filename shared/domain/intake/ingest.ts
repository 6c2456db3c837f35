import { createHash } from 'node:crypto';
import type { CaseStore, IntakeOrigin, QuarantineRecord } from '../../ports/case-store.ts';
import type { Clock } from '../../ports/clock.ts';
import { openCase, personKeyFor } from '../case.ts';
import type { Referral } from '../referral.ts';
import type { RowOutcome } from './police-download.ts';

export interface IntakeDeps {
  readonly store: CaseStore;
  readonly clock: Clock;
}

/** One error as the operator sees it: spreadsheet row, field, reason. */
export interface RowError {
  readonly row: number;
  readonly field: string;
  readonly message: string;
}

/** What an intake run did. */
export interface IntakeSummary {
  readonly fileId: string;
  readonly accepted: number;
  readonly duplicates: number;
  readonly declined: number;
  readonly rejected: number;
  readonly errors: readonly RowError[];
  readonly caseIds: readonly string[];
}

export type ReferralOutcome = { readonly status: 'accepted' | 'duplicate'; readonly caseId: string };

/**
 * Opens a case for one validated referral, exactly once: re-sending the same source and reference finds
 * the first case (DESIGN 6). A previous case for the same person makes it a repeat (DESIGN 4, rule 11).
 */
export async function ingestReferral(
  referral: Referral,
  origin: IntakeOrigin,
  { store, clock }: IntakeDeps,
): Promise<ReferralOutcome> {
  const personKey = personKeyFor(referral.victim);
  const previous = personKey ? await store.previousCaseIds(personKey) : [];
  const opened = openCase(referral, previous, clock.now());
  const written = await store.createCase(opened, origin);
  // The case id is derived from source and reference, so a duplicate names the case it duplicates.
  return { status: written === 'created' ? 'accepted' : 'duplicate', caseId: opened.caseId };
}

/** A stable id for an intake file: its name and a hash of its content, so a re-run reuses its records. */
export function intakeFileId(file: string, content: Uint8Array | string): string {
  const hash = createHash('sha256').update(content).digest('hex').slice(0, 16);
  return `${file.replace(/[^A-Za-z0-9._-]/g, '_').slice(-80)}#${hash}`;
}

export interface IngestRowsOptions {
  readonly file: string;
  readonly fileId: string;
  readonly channel: IntakeOrigin['channel'];
  /** Referrals written at once; rows for the same person are still taken in file order. */
  readonly concurrency?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * Takes every row of an intake file: accepted rows open cases, declined rows are counted, rejected rows
 * are quarantined with their row, field and reason while their neighbours go through (DESIGN 6).
 */
export async function ingestRows(
  outcomes: readonly RowOutcome[],
  options: IngestRowsOptions,
  deps: IntakeDeps,
): Promise<IntakeSummary> {
  const startedAt = deps.clock.now();
  const { file, fileId, channel } = options;
  let accepted = 0;
  let duplicates = 0;
  let declined = 0;
  let done = 0;
  const caseIds: string[] = [];
  const errors: RowError[] = [];

  const take = async (outcome: RowOutcome): Promise<void> => {
    const origin: IntakeOrigin = { channel, file, row: outcome.row };
    switch (outcome.kind) {
      case 'referral': {
        const result = await ingestReferral(outcome.referral, origin, deps);
        if (result.status === 'accepted') {
          accepted++;
          caseIds.push(result.caseId);
        } else duplicates++;
        break;
      }
      case 'declined': {
        const result = await deps.store.recordDeclined({
          source: 'police',
          externalReference: outcome.externalReference,
          receivedAt: outcome.receivedAt,
          origin,
        });
        if (result === 'recorded') declined++;
        else duplicates++;
        break;
      }
      case 'rejected':
        for (const error of outcome.errors) errors.push({ row: outcome.row, ...error });
        break;
    }
    options.onProgress?.(++done, outcomes.length);
  };

  // Rows for one person run in file order so the second is seen as a repeat of the first.
  const lanes = new Map<string, RowOutcome[]>();
  for (const outcome of outcomes) {
    const lane = outcome.kind === 'referral' ? (personKeyFor(outcome.referral.victim) ?? `row:${outcome.row}`) : `row:${outcome.row}`;
    const queue = lanes.get(lane);
    if (queue) queue.push(outcome);
    else lanes.set(lane, [outcome]);
  }
  const queues = [...lanes.values()];
  let next = 0;
  const worker = async () => {
    while (next < queues.length) {
      const queue = queues[next++] as RowOutcome[];
      for (const outcome of queue) await take(outcome);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 8) }, worker));

  errors.sort((a, b) => a.row - b.row);
  const rejectedAt = deps.clock.now();
  const quarantined: QuarantineRecord[] = errors.map((e) => ({ fileId, file, ...e, rejectedAt }));
  await deps.store.quarantine(quarantined);
  const rejected = outcomes.filter((o) => o.kind === 'rejected').length;
  await deps.store.recordIntakeRun({
    fileId,
    file,
    channel,
    startedAt,
    finishedAt: deps.clock.now(),
    accepted,
    duplicates,
    declined,
    rejected,
  });
  return { fileId, accepted, duplicates, declined, rejected, errors, caseIds };
}
