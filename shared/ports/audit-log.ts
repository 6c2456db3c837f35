import type { AuditEntry } from '../domain/audit.ts';

export interface AuditPage {
  /** Newest first. */
  readonly entries: AuditEntry[];
  /** Pass back as `after` for the next page; absent on the last page. */
  readonly next?: string;
}

/** The audit log of case reads and changes (docs/data-model.md: a case's audit, a person's day). */
export interface AuditLog {
  /**
   * Keeps an entry; never overwrites one. Throws InvalidAuditEntryError, naming the field, for a bad entry.
   * An entry with an `entryId` is kept once: recorded again (a retried action) with the same `at` and
   * `entryId`, it changes nothing.
   */
  record(entry: AuditEntry): Promise<void>;
  /** Who saw or changed a case, newest first, a page at a time (`after` is the `next` of the page before). */
  forCase(caseId: string, options?: { limit?: number; after?: string | undefined }): Promise<AuditPage>;
  /** Everything a person saw or did on a local date (YYYY-MM-DD, Europe/London), oldest first. */
  byUser(user: string, day: string): Promise<AuditEntry[]>;
}
