import type { OpenChat, OpenChatLine } from '../../domain/open-chat.ts';
import { ChatEndedError, ChatNotFoundError } from '../../domain/web-chat.ts';
import type { OpenChatStore } from '../../ports/open-chats.ts';
import { InMemoryChatLines } from './chat-lines.ts';
import { kept } from './kept.ts';

/** Open web chats in memory: the DynamoDB store's twin, held to the same contract (test/contract/open-chats.test.ts). */
export class InMemoryOpenChats implements OpenChatStore {
  private readonly chats = new Map<string, OpenChat>();
  private readonly lines = new InMemoryChatLines<OpenChatLine>();

  async start(chat: { chatId: string; startedAt: Date }): Promise<OpenChat> {
    const existing = this.chats.get(chat.chatId);
    if (existing) return kept(existing);
    const started: OpenChat = kept({ ...chat, status: 'waiting' as const });
    this.chats.set(chat.chatId, started);
    return kept(started);
  }

  async get(chatId: string): Promise<OpenChat | undefined> {
    const chat = this.chats.get(chatId);
    return chat && kept(chat);
  }

  async open(): Promise<OpenChat[]> {
    return [...this.chats.values()]
      .filter((chat) => chat.status !== 'ended')
      .sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime() || a.chatId.localeCompare(b.chatId))
      .map(kept);
  }

  async take(chatId: string, by: string): Promise<'taken' | 'already-taken' | 'refused'> {
    const chat = this.chats.get(chatId);
    if (!chat) throw new ChatNotFoundError(`no open chat ${chatId}`);
    if (chat.status === 'taken' && chat.takenBy === by) return 'already-taken';
    if (chat.status !== 'waiting') return 'refused';
    this.chats.set(chatId, { ...chat, status: 'taken', takenBy: by });
    return 'taken';
  }

  async say(line: OpenChatLine): Promise<'said' | 'already-said'> {
    return this.lines.say(line.chatId, line, () => {
      const chat = this.chats.get(line.chatId);
      if (!chat) throw new ChatNotFoundError(`no open chat ${line.chatId}`);
      if (chat.status === 'ended') throw new ChatEndedError(`open chat ${line.chatId} has ended`);
    });
  }

  async messages(chatId: string): Promise<OpenChatLine[]> {
    return this.lines.of(chatId);
  }

  async end(chatId: string, by: string, at: Date): Promise<OpenChat> {
    const chat = this.chats.get(chatId);
    if (!chat) throw new ChatNotFoundError(`no open chat ${chatId}`);
    if (chat.status === 'ended') return kept(chat);
    const ended: OpenChat = { ...chat, status: 'ended', endedAt: kept(at), endedBy: by };
    this.chats.set(chatId, ended);
    return kept(ended);
  }
}
