import type { OpenChat, OpenChatLine } from '../domain/open-chat.ts';

/** Open web chats and what is said in them (docs/data-model.md: open chat, open chat line, open chats). */
export interface OpenChatStore {
  /** Starts a visitor's chat, waiting; starting it again returns the chat as first started. */
  start(chat: { chatId: string; startedAt: Date }): Promise<OpenChat>;
  get(chatId: string): Promise<OpenChat | undefined>;
  /** The chats not yet ended, oldest first (one Query of a single partition). */
  open(): Promise<OpenChat[]>;
  /**
   * The call-taker takes a waiting chat (one conditional write); the same person again is
   * `already-taken`; a chat taken by another, or ended, is `refused`. ChatNotFoundError when there is none.
   */
  take(chatId: string, by: string): Promise<'taken' | 'already-taken' | 'refused'>;
  /** Keeps a line, once per `messageId`; an ended chat takes none (ChatEndedError). */
  say(line: OpenChatLine): Promise<'said' | 'already-said'>;
  /** The chat's lines, oldest first. */
  messages(chatId: string): Promise<OpenChatLine[]>;
  /** Ends the chat; ending it again returns it as first ended. ChatNotFoundError when there is none. */
  end(chatId: string, by: string, at: Date): Promise<OpenChat>;
}
