import { DateTime } from 'luxon';
import { SERVICE_TIME_ZONE } from '../domain/calendar.ts';
import { SupportClosedError } from '../domain/case-support.ts';
import {
  CONTACT_MINUTES_MAX,
  CONTACT_MINUTES_MIN,
  type Contact,
  type SupportGiven,
} from '../domain/contact-log.ts';
import { type ChatMessage, ChatNotFoundError, type WebChat } from '../domain/web-chat.ts';
import type { WebChatStore } from '../ports/web-chats.ts';
import type { Actor } from './case-actions.ts';
import { type LogContactDeps, logContact } from './log-contact.ts';

export interface EndWebChatDeps extends LogContactDeps {
  readonly webChats: Pick<WebChatStore, 'end' | 'messages' | 'get'>;
}

/** The contact a web chat is logged as: one per case, so ending it again logs nothing more. */
export const webChatContactId = (caseId: string): string => `web-chat.${caseId}`;

/** What ending a chat did: the chat as ended, its lines, and the contact it was logged as (none unjoined). */
export interface EndedWebChat {
  readonly chat: WebChat;
  readonly lines: readonly ChatMessage[];
  readonly contact?: Contact;
}

/** The chat as a contact: from the victim's first line (or joining) to its end, at least a minute. */
function contactOf(
  chat: WebChat,
  lines: readonly ChatMessage[],
  support: readonly SupportGiven[],
  by: string,
  at: Date,
): Contact {
  const started = chat.joinedAt ?? lines[0]?.at ?? chat.slotAt;
  const ended = chat.endedAt ?? at;
  const minutes = Math.round((ended.getTime() - started.getTime()) / 60_000);
  const saturday = DateTime.fromJSDate(started, { zone: SERVICE_TIME_ZONE }).weekday === 6;
  return {
    contactId: webChatContactId(chat.caseId),
    caseId: chat.caseId,
    at: started,
    channel: 'web-chat',
    direction: 'from-victim',
    support,
    durationMinutes: Math.min(CONTACT_MINUTES_MAX, Math.max(CONTACT_MINUTES_MIN, minutes)),
    notes: `Booked web chat of ${lines.length} lines; the transcript is kept on the case's web chat page.`,
    ...(saturday ? { saturdayReason: 'The victim booked this web chat for a Saturday' } : {}),
    by,
    recordedAt: at,
  };
}

/**
 * Ends a case's web chat (docs/web-chat.md): the chat is marked ended (no more lines; the link opens
 * nothing), its transcript stays on the case, and a chat the victim joined is logged as a web chat contact
 * with the support the caseworker gave (log-contact.ts). Every step is keyed by the case — the ending, the
 * contact `web-chat.<caseId>`, the audit entry and the timeline event `web-chat-ended` — so ending it again
 * finishes whatever an interrupted first attempt left undone and changes nothing more. On a case closed
 * meanwhile, the chat is ended and kept without a contact.
 */
export async function endWebChat(
  deps: EndWebChatDeps,
  request: { caseId: string; support: readonly SupportGiven[]; at: Date },
  actor: Actor,
): Promise<EndedWebChat> {
  const { caseId } = request;
  if (!(await deps.webChats.get(caseId))) throw new ChatNotFoundError(`case ${caseId} has no web chat`);
  const chat = await deps.webChats.end(caseId, actor.by, request.at);
  const lines = await deps.webChats.messages(caseId);
  const endedBy = chat.endedBy ?? actor.by;
  const endedAt = chat.endedAt ?? request.at;
  let contact: Contact | undefined;
  if (lines.some((line) => line.from === 'victim')) {
    try {
      contact = await logContact(deps, contactOf(chat, lines, request.support, endedBy, endedAt), actor);
    } catch (error) {
      if (!(error instanceof SupportClosedError)) throw error;
    }
  }
  await deps.audit.record({
    caseId,
    user: endedBy,
    role: actor.role,
    action: 'changed',
    what: 'web-chat:end',
    at: endedAt,
    entryId: 'web-chat-ended',
    ...(actor.requestId === undefined ? {} : { requestId: actor.requestId }),
  });
  await deps.store.recordEvent({
    eventId: 'web-chat-ended',
    caseId,
    type: 'web-chat-ended',
    at: endedAt,
    detail: { lines: lines.length, by: endedBy, contactLogged: contact !== undefined },
  });
  return { chat, lines, ...(contact ? { contact } : {}) };
}
