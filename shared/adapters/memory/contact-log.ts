import { type Contact, oldestFirst } from '../../domain/contact-log.ts';
import type { ContactLog } from '../../ports/contact-log.ts';
import { kept } from './kept.ts';

/**
 * The contact log in memory: the DynamoDB log's twin, held to the same contract
 * (test/contract/contact-log.test.ts). Each case's contacts by id: a contact sent twice is logged once.
 */
export class InMemoryContactLog implements ContactLog {
  private readonly contacts = new Map<string, Map<string, Contact>>();

  async record(contact: Contact): Promise<'recorded' | 'already-recorded'> {
    // Copied first: a contact the table could not hold (an invalid date) is refused before anything is kept.
    const copy = kept(contact);
    const ofCase = this.contacts.get(contact.caseId) ?? new Map<string, Contact>();
    if (ofCase.has(contact.contactId)) return 'already-recorded';
    ofCase.set(contact.contactId, copy);
    this.contacts.set(contact.caseId, ofCase);
    return 'recorded';
  }

  async get(caseId: string, contactId: string): Promise<Contact | undefined> {
    const found = this.contacts.get(caseId)?.get(contactId);
    return found && kept(found);
  }

  async listForCase(caseId: string): Promise<Contact[]> {
    return [...(this.contacts.get(caseId)?.values() ?? [])].sort(oldestFirst).map(kept);
  }

  async listInPeriod(from: Date, to: Date): Promise<Contact[]> {
    return [...this.contacts.values()]
      .flatMap((ofCase) => [...ofCase.values()])
      .filter((c) => c.at >= from && c.at < to)
      .sort(oldestFirst)
      .map(kept);
  }
}
