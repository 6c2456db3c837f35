import { ChatEndedError, type ChatMessage, ChatNotFoundError, type WebChat } from '../../domain/web-chat.ts';
import type { WebChatStore } from '../../ports/web-chats.ts';
import { InMemoryChatLines } from './chat-lines.ts';
import { kept } from './kept.ts';

/** Booked web chats in memory: the DynamoDB store's twin, held to the same contract (test/contract/web-chats.test.ts). */
export class InMemoryWebChats implements WebChatStore {
  private readonly chats = new Map<string, WebChat>();
  private readonly links = new Map<string, string>();
  private readonly lines = new InMemoryChatLines<ChatMessage>();

  async book(chat: { caseId: string; slotAt: Date; expiresAt: Date }): Promise<WebChat> {
    const existing = this.chats.get(chat.caseId);
    if (existing) return kept(existing);
    const booked: WebChat = kept({ ...chat, status: 'booked' as const });
    this.chats.set(chat.caseId, booked);
    return kept(booked);
  }

  async issueLink(caseId: string, tokenHash: string): Promise<'issued' | 'refused'> {
    const chat = this.chats.get(caseId);
    if (!chat) throw new ChatNotFoundError(`case ${caseId} has no web chat booked`);
    if (chat.victimSessionHash !== undefined || chat.status === 'ended') return 'refused';
    this.links.set(tokenHash, caseId);
    this.chats.set(caseId, { ...chat, tokenHash });
    return 'issued';
  }

  async findByLink(tokenHash: string): Promise<WebChat | undefined> {
    const caseId = this.links.get(tokenHash);
    const chat = caseId === undefined ? undefined : this.chats.get(caseId);
    return chat?.tokenHash === tokenHash ? kept(chat) : undefined;
  }

  async get(caseId: string): Promise<WebChat | undefined> {
    const chat = this.chats.get(caseId);
    return chat && kept(chat);
  }

  async join(
    caseId: string,
    request: { tokenHash: string; sessionHash: string; at: Date },
  ): Promise<'joined' | 'already-joined' | 'refused'> {
    const chat = this.chats.get(caseId);
    if (
      !chat ||
      chat.tokenHash !== request.tokenHash ||
      chat.status !== 'booked' ||
      request.at.getTime() >= chat.expiresAt.getTime()
    )
      return 'refused';
    if (chat.victimSessionHash === request.sessionHash) return 'already-joined';
    if (chat.victimSessionHash !== undefined) return 'refused';
    this.chats.set(caseId, { ...chat, victimSessionHash: request.sessionHash, joinedAt: kept(request.at) });
    return 'joined';
  }

  async say(message: ChatMessage): Promise<'said' | 'already-said'> {
    return this.lines.say(message.caseId, message, () => {
      const chat = this.chats.get(message.caseId);
      if (!chat) throw new ChatNotFoundError(`case ${message.caseId} has no web chat booked`);
      if (chat.status === 'ended')
        throw new ChatEndedError(`the web chat of case ${message.caseId} has ended`);
    });
  }

  async messages(caseId: string): Promise<ChatMessage[]> {
    return this.lines.of(caseId);
  }

  async end(caseId: string, by: string, at: Date): Promise<WebChat> {
    const chat = this.chats.get(caseId);
    if (!chat) throw new ChatNotFoundError(`case ${caseId} has no web chat booked`);
    if (chat.status === 'ended') return kept(chat);
    const ended: WebChat = { ...chat, status: 'ended', endedAt: kept(at), endedBy: by };
    this.chats.set(caseId, ended);
    return kept(ended);
  }
}
