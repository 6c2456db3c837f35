import { SupportClosedError } from '../domain/case-support.ts';
import type { Contact } from '../domain/contact-log.ts';
import type { AuditLog } from '../ports/audit-log.ts';
import type { CaseStore } from '../ports/case-store.ts';
import type { ContactLog } from '../ports/contact-log.ts';
import type { SupportStore } from '../ports/support-store.ts';
import type { Actor } from './case-actions.ts';

export interface LogContactDeps {
  readonly contacts: Pick<ContactLog, 'record' | 'get'>;
  readonly support: Pick<SupportStore, 'getSupport'>;
  readonly audit: Pick<AuditLog, 'record'>;
  readonly store: Pick<CaseStore, 'recordEvent'>;
}

/** The contact's timeline event: codes and numbers only, never the notes, the venue or the Saturday reason. */
function contactEventDetail(contact: Contact): Readonly<Record<string, string | number>> {
  return {
    channel: contact.channel,
    direction: contact.direction,
    support: contact.support.join(','),
    minutes: contact.durationMinutes,
    by: contact.by,
  };
}

/**
 * Logs a contact on a case, audits it and puts it on the timeline, every step keyed by the contact's id
 * (the form's key; docs/web-app.md, actions that write more than once): the same form sent again logs one
 * contact, one audit entry (`contact.<id>`, at the time it was first logged) and one timeline event
 * (`contact.<id>`, at the time the contact happened), finishing whatever an interrupted first attempt left
 * undone. A closed case takes no new contact (SupportClosedError); a contact logged before it closed is
 * still finished.
 */
export async function logContact(
  deps: LogContactDeps,
  contact: Contact,
  actor: Pick<Actor, 'role' | 'requestId'>,
): Promise<Contact> {
  const { caseId, contactId } = contact;
  let logged: Contact | undefined;
  if ((await deps.support.getSupport(caseId)).closed) {
    logged = await deps.contacts.get(caseId, contactId);
    if (!logged) throw new SupportClosedError(`Case ${caseId} is closed: no contact can be logged on it.`);
  } else if ((await deps.contacts.record(contact)) === 'already-recorded') {
    logged = await deps.contacts.get(caseId, contactId);
  }
  const kept = logged ?? contact;
  await deps.audit.record({
    caseId,
    user: kept.by,
    role: actor.role,
    action: 'changed',
    what: 'contact:log',
    at: kept.recordedAt,
    entryId: `contact.${contactId}`,
    ...(actor.requestId === undefined ? {} : { requestId: actor.requestId }),
  });
  await deps.store.recordEvent({
    eventId: `contact.${contactId}`,
    caseId,
    type: 'contact-logged',
    at: kept.at,
    detail: contactEventDetail(kept),
  });
  return kept;
}
