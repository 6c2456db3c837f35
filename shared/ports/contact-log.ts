import type { Contact } from '../domain/contact-log.ts';

/** The contact log: every contact with a victim after the first, kept under its case (docs/data-model.md). */
export interface ContactLog {
  /**
   * Logs the contact once: a contact whose id the case already has (the same form sent again, even at the
   * same moment) is `already-recorded` and changes nothing, whatever it says the second time.
   */
  record(contact: Contact): Promise<'recorded' | 'already-recorded'>;
  /** One contact of a case, as first recorded. */
  get(caseId: string, contactId: string): Promise<Contact | undefined>;
  /** A case's contacts, oldest first (by when they happened). */
  listForCase(caseId: string): Promise<Contact[]>;
  /**
   * Every case's contacts that happened in `[from, to)`, oldest first: read day by day (Leicester days)
   * from the index of contacts by the local date they happened on, never by a Scan.
   */
  listInPeriod(from: Date, to: Date): Promise<Contact[]>;
}
