import { randomUUID } from 'node:crypto';
import {
  type AuditEntry,
  validateAuditCaseId,
  validateAuditDay,
  validateAuditEntry,
  validateAuditPageSize,
  validateAuditUser,
} from '../../domain/audit.ts';
import type { AuditLog, AuditPage } from '../../ports/audit-log.ts';
import {
  auditKeys,
  auditPageToken,
  auditStartKey,
  casePartition,
  userDayPartition,
} from '../listings/audit.ts';
import { kept } from './kept.ts';

/** An entry as kept: the entry itself, and where the table lists it. */
interface KeptEntry {
  readonly keys: ReturnType<typeof auditKeys>;
  readonly entry: AuditEntry;
}

/** Keys in the order DynamoDB sorts them: by their UTF-8 bytes. */
const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** The entry as the log keeps and gives it back: its own fields only, in a copy of its own. */
const copyOf = ({ caseId, user, role, action, what, at, requestId, entryId }: AuditEntry): AuditEntry =>
  kept({ caseId, user, role, action, what, at, requestId, entryId }) as AuditEntry;

/**
 * The audit log in memory: the DynamoDB log's twin, held to the same contract (test/contract/audit-log.test.ts).
 * Entries are listed as the table lists them (shared/adapters/listings/audit.ts): under their case newest
 * first and by person and local day oldest first, and page tokens are the positions the DynamoDB log gives
 * out.
 */
export class InMemoryAuditLog implements AuditLog {
  private readonly entries = new Map<string, KeptEntry>();

  async record(entry: AuditEntry): Promise<void> {
    validateAuditEntry(entry);
    const keys = auditKeys(entry, entry.entryId ?? randomUUID());
    const key = `${keys.pk}\n${keys.sk}`;
    // An action's entry recorded again (a retried action) stays as first recorded.
    if (this.entries.has(key)) return;
    this.entries.set(key, { keys, entry: copyOf(entry) });
  }

  async forCase(
    caseId: string,
    options: { limit?: number; after?: string | undefined } = {},
  ): Promise<AuditPage> {
    validateAuditCaseId(caseId);
    const limit = validateAuditPageSize(options.limit);
    const partition = casePartition(caseId);
    const start = options.after ? auditStartKey(options.after, caseId).sk : undefined;
    const newestFirst = [...this.entries.values()]
      .filter(({ keys }) => keys.pk === partition)
      .filter(({ keys }) => start === undefined || byBytes(keys.sk, start) < 0)
      .sort((a, b) => byBytes(b.keys.sk, a.keys.sk));
    const entries = newestFirst.slice(0, limit).map(({ entry }) => copyOf(entry));
    const last = newestFirst[limit - 1];
    return newestFirst.length > limit && last ? { entries, next: auditPageToken(last.keys) } : { entries };
  }

  async byUser(user: string, day: string): Promise<AuditEntry[]> {
    const partition = userDayPartition(validateAuditUser(user), validateAuditDay(day));
    return [...this.entries.values()]
      .filter(({ keys }) => keys.gsi2pk === partition)
      .sort((a, b) => byBytes(a.keys.gsi2sk, b.keys.gsi2sk))
      .map(({ entry }) => copyOf(entry));
  }
}
