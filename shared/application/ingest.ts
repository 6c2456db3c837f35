import { createHash } from 'node:crypto';
import { caseIdFor, openCase, personKeyFor, referralIdFor } from '../domain/case.ts';
import type { IntakeOrigin, NewCase, QuarantineRecord } from '../domain/case-records.ts';
import type { RowOutcome } from '../domain/intake/police-download.ts';
import type { Referral } from '../domain/referral.ts';
import { webChatConfirmationChannel } from '../domain/web-chat.ts';
import type { CaseStore } from '../ports/case-store.ts';
import type { Clock } from '../ports/clock.ts';
import type { WebChatBookings, Workflows } from '../ports/workflows.ts';

export interface IntakeDeps {
  readonly store: CaseStore;
  readonly clock: Clock;
  readonly workflows: Workflows;
  /** A self-referral's booked web chat is started beside its contact path (docs/web-chat.md). */
  readonly webChatBookings?: WebChatBookings;
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

/** A referral waiting to be opened, with the other cases for the same person in its file, before and after it. */
interface Pending {
  readonly referral: Referral;
  readonly origin: IntakeOrigin;
  readonly caseId: string;
  readonly personKey: string | undefined;
  readonly earlierInFile: readonly string[];
  /** Cases for the same person on later rows, which are never its previous cases whichever is written first. */
  readonly laterInFile: readonly string[];
}

// Cases opened per transaction: 3 items each, so 33 fill DynamoDB's 100-item limit. Writing a group in one
// transaction keeps every case atomic with its referral key and costs one round trip for the group.
const CASES_PER_TRANSACTION = 33;

/** Opens the cases for a group of referrals; each is accepted once, or reported as a duplicate. */
async function openGroup(
  group: readonly Pending[],
  { store, clock, workflows, webChatBookings }: IntakeDeps,
): Promise<ReferralOutcome[]> {
  const keys = group.flatMap((pending) => (pending.personKey ? [pending.personKey] : []));
  const known = keys.length > 0 ? await store.previousCaseIds(keys) : new Map<string, string[]>();
  const now = clock.now();
  const cases: NewCase[] = group.map((pending) => {
    const stored = pending.personKey ? (known.get(pending.personKey) ?? []) : [];
    // Groups are written several at once, and a run cut short is run again: a later row's case may be in
    // the store already. It is not a previous case of this one (unless the same case is on an earlier row too).
    const later = new Set(pending.laterInFile.filter((id) => !pending.earlierInFile.includes(id)));
    const previous = [...new Set([...stored, ...pending.earlierInFile])]
      .filter((id) => id !== pending.caseId && !later.has(id))
      .sort();
    return { opened: openCase(pending.referral, previous, now), origin: pending.origin };
  });
  const statuses = await store.createCases(cases);
  // Every referral's contact path is started, duplicates too: the execution name is the referral id, so
  // a path already running is left alone, and one lost to a crash after the write is started now.
  await Promise.all(
    group.map((pending) =>
      workflows.startContactPath(
        referralIdFor(pending.referral.source, pending.referral.externalReference),
        pending.caseId,
      ),
    ),
  );
  // A booked web chat likewise, named by the case: confirmed on a safe channel, then its task at the slot.
  await Promise.all(
    group.map(({ referral, caseId }) => {
      if (!referral.webChatSlot || !webChatBookings) return undefined;
      const channel = webChatConfirmationChannel(referral);
      return webChatBookings.startWebChat(caseId, {
        chatAt: referral.webChatSlot,
        ...(channel ? { channel } : {}),
      });
    }),
  );
  return group.map((pending, i) => ({
    status: statuses[i] === 'created' ? 'accepted' : 'duplicate',
    caseId: pending.caseId,
  }));
}

/**
 * Opens a case for one validated referral, exactly once: re-sending the same source and reference finds
 * the first case (docs/service-rules.md: retries). A previous case for the same person makes it a repeat
 * (docs/service-rules.md, rule 11).
 */
export async function ingestReferral(
  referral: Referral,
  origin: IntakeOrigin,
  deps: IntakeDeps,
): Promise<ReferralOutcome> {
  const [outcome] = await openGroup(
    [
      {
        referral,
        origin,
        caseId: caseIdFor(referral.source, referral.externalReference),
        personKey: personKeyFor(referral.victim),
        earlierInFile: [],
        laterInFile: [],
      },
    ],
    deps,
  );
  return outcome as ReferralOutcome;
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
  /** Transactions in flight at once. */
  readonly concurrency?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * Groups referrals for writing: file order kept, and no group holds two rows for the same person or the
 * same reference (DynamoDB refuses two operations on one item in a transaction).
 */
function groupsOf(pending: readonly Pending[]): Pending[][] {
  const groups: Pending[][] = [];
  let current: Pending[] = [];
  let seen = new Set<string>();
  for (const item of pending) {
    const ids = [item.caseId, ...(item.personKey ? [item.personKey] : [])];
    if (current.length >= CASES_PER_TRANSACTION || ids.some((id) => seen.has(id))) {
      groups.push(current);
      current = [];
      seen = new Set();
    }
    current.push(item);
    for (const id of ids) seen.add(id);
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/**
 * Takes every row of an intake file: accepted rows open cases, declined rows are counted, rejected rows
 * are quarantined with their row, field and reason while their neighbours go through
 * (docs/service-rules.md: bad input).
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
  const progress = (count: number) => {
    done += count;
    options.onProgress?.(done, outcomes.length);
  };

  // A person referred twice in one file is a repeat victim on the second row, whatever order the
  // transactions land in: the earlier rows' case ids are known here (docs/service-rules.md, rule 11).
  const casesByPerson = new Map<string, string[]>();
  const rows: Omit<Pending, 'laterInFile'>[] = [];
  const others: RowOutcome[] = [];
  for (const outcome of outcomes) {
    if (outcome.kind !== 'referral') {
      others.push(outcome);
      continue;
    }
    const { referral } = outcome;
    const caseId = caseIdFor(referral.source, referral.externalReference);
    const personKey = personKeyFor(referral.victim);
    const earlier = personKey ? (casesByPerson.get(personKey) ?? []) : [];
    rows.push({
      referral,
      origin: { channel, file, row: outcome.row },
      caseId,
      personKey,
      earlierInFile: [...earlier],
    });
    if (personKey) casesByPerson.set(personKey, [...earlier, caseId]);
  }
  const pending: Pending[] = rows.map((row) => ({
    ...row,
    laterInFile: row.personKey
      ? (casesByPerson.get(row.personKey) ?? []).slice(row.earlierInFile.length + 1)
      : [],
  }));

  const groups = groupsOf(pending);
  let next = 0;
  const writer = async () => {
    while (next < groups.length) {
      const group = groups[next++] as Pending[];
      for (const result of await openGroup(group, deps)) {
        if (result.status === 'accepted') {
          accepted++;
          caseIds.push(result.caseId);
        } else duplicates++;
      }
      progress(group.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, writer));

  for (const outcome of others) {
    if (outcome.kind === 'declined') {
      const result = await deps.store.recordDeclined({
        source: 'police',
        externalReference: outcome.externalReference,
        receivedAt: outcome.receivedAt,
        origin: { channel, file, row: outcome.row },
      });
      if (result === 'recorded') declined++;
      else duplicates++;
    } else if (outcome.kind === 'rejected') {
      for (const error of outcome.errors) errors.push({ row: outcome.row, ...error });
    }
    progress(1);
  }

  errors.sort((a, b) => a.row - b.row);
  const rejectedAt = deps.clock.now();
  const quarantined: QuarantineRecord[] = errors.map((e) => ({ fileId, file, ...e, rejectedAt }));
  await deps.store.quarantine(quarantined);
  const rejected = others.filter((o) => o.kind === 'rejected').length;
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
