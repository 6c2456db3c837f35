import {
  type ConnectChatTranscript,
  chatLinesOf,
  endOf,
  initialContactOf,
} from '../domain/connect-transcript.ts';
import { ChatEndedError } from '../domain/web-chat.ts';
import type { ChatContacts } from '../ports/chat-contacts.ts';
import type { WebChatStore } from '../ports/web-chats.ts';
import { type EndedWebChat, type EndWebChatDeps, endWebChat } from './web-chat.ts';

export interface KeepChatTranscriptDeps extends EndWebChatDeps {
  readonly webChats: Pick<WebChatStore, 'end' | 'messages' | 'get' | 'say'>;
  readonly chatContacts: Pick<ChatContacts, 'caseOf'>;
}

/** Who ends a Connect chat on the case: the chat service itself (the caseworker ended it in Connect). */
export const CONNECT_CHAT_ACTOR = { by: 'amazon-connect', role: 'system' } as const;

/**
 * Keeps an Amazon Connect chat's transcript on its case (docs/web-chat.md, "In AWS") through the same
 * store and service as the stand-in chat: each message said once (keyed by Connect's item id), then the
 * chat ended, kept and logged as a web chat contact by `endWebChat`, every step keyed by the case. The
 * same transcript delivered again changes nothing; a contact with no case (not a booked web chat) is
 * `no-case`. Connect does not record the support given, so the contact is logged without it.
 */
export async function keepChatTranscript(
  deps: KeepChatTranscriptDeps,
  transcript: ConnectChatTranscript,
  receivedAt: Date,
): Promise<EndedWebChat | 'no-case'> {
  const caseId = await deps.chatContacts.caseOf(initialContactOf(transcript));
  if (caseId === undefined || !(await deps.webChats.get(caseId))) return 'no-case';
  for (const line of chatLinesOf(caseId, transcript)) {
    try {
      await deps.webChats.say(line);
    } catch (error) {
      // Ended already: an earlier delivery said every line before ending it.
      if (!(error instanceof ChatEndedError)) throw error;
      break;
    }
  }
  return endWebChat(deps, { caseId, support: [], at: endOf(transcript) ?? receivedAt }, CONNECT_CHAT_ACTOR);
}
