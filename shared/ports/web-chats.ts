import type { ChatMessage, WebChat } from '../domain/web-chat.ts';

/**
 * Booked web chats and what is said in them (docs/data-model.md: web chat, chat link, chat line). A chat's
 * link is found by the SHA-256 of its token, never the token; a chat is joined by one victim session only.
 */
export interface WebChatStore {
  /** Books the case's web chat; booking it again returns the chat as first booked. */
  book(chat: { caseId: string; slotAt: Date; expiresAt: Date }): Promise<WebChat>;
  /**
   * Issues the chat's link (the hash of its token). A later link replaces an earlier one, which then opens
   * nothing: a confirmation sent again carries the only link that works. Refused once the chat is joined.
   */
  issueLink(caseId: string, tokenHash: string): Promise<'issued' | 'refused'>;
  /** The chat a link's token hash belongs to, while it is that chat's current link. */
  findByLink(tokenHash: string): Promise<WebChat | undefined>;
  get(caseId: string): Promise<WebChat | undefined>;
  /**
   * The victim opens the link: their session is bound to the chat on the first opening before it expires;
   * the same session again is `already-joined`; any other session, an expired or ended chat, or a link no
   * longer current is `refused` (one conditional write).
   */
  join(
    caseId: string,
    request: { tokenHash: string; sessionHash: string; at: Date },
  ): Promise<'joined' | 'already-joined' | 'refused'>;
  /** Keeps a line of the chat, once per `messageId`; an ended chat takes none (ChatEndedError). */
  say(message: ChatMessage): Promise<'said' | 'already-said'>;
  /** The chat's lines, oldest first. */
  messages(caseId: string): Promise<ChatMessage[]>;
  /** Ends the chat; ending it again returns it as first ended. ChatNotFoundError without a booking. */
  end(caseId: string, by: string, at: Date): Promise<WebChat>;
}
