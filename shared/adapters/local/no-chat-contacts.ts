import type { ChatContacts, StartedChatContact } from '../../ports/chat-contacts.ts';

/**
 * On one machine there is no Amazon Connect: the booked web chat is the stand-in on the case table
 * (docs/web-chat.md), so no chat contact is started here and no transcript names a case.
 */
export class NoChatContacts implements ChatContacts {
  async start(): Promise<StartedChatContact> {
    throw new Error('the local system has no Amazon Connect: its web chats are the stand-in chat');
  }

  async caseOf(): Promise<string | undefined> {
    return undefined;
  }
}
