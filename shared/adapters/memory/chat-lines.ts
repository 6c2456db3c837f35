import { chatOrder } from '../../domain/web-chat.ts';
import { kept } from './kept.ts';

/** A chat's lines in memory, by chat and `messageId`: what the booked and the open chats' twins share. */
export class InMemoryChatLines<Line extends { readonly messageId: string; readonly at: Date }> {
  private readonly lines = new Map<string, Map<string, Line>>();

  /**
   * Keeps a line once per `messageId`; a new line is kept only once `takes` has checked its chat takes it
   * (`takes` throws when it does not), as the table checks the chat in the line's transaction.
   */
  say(chatId: string, line: Line, takes: () => void): 'said' | 'already-said' {
    const copy = kept(line);
    const ofChat = this.lines.get(chatId) ?? new Map<string, Line>();
    if (ofChat.has(line.messageId)) return 'already-said';
    takes();
    ofChat.set(line.messageId, copy);
    this.lines.set(chatId, ofChat);
    return 'said';
  }

  /** The chat's lines, oldest first (ties by id). */
  of(chatId: string): Line[] {
    return [...(this.lines.get(chatId)?.values() ?? [])].sort(chatOrder).map(kept);
  }
}
