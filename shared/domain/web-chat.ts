import { createHash, randomBytes } from 'node:crypto';
import { WEB_CHAT_SLOT_MINUTES } from './intake/self-referral.ts';
import type { Referral } from './referral.ts';

// The secure web chat a self-referrer books (docs/service-rules.md, rule 9; docs/web-chat.md): confirmed on
// a safe channel with a one-time link, a caseworker's task at the slot, the chat itself, and its transcript
// kept on the case when it ends.

/** A web chat as booked: one per case (a self-referral books at most one). */
export interface WebChat {
  readonly caseId: string;
  /** When the booked slot starts. */
  readonly slotAt: Date;
  /** After this the link opens nothing: the end of the slot. */
  readonly expiresAt: Date;
  /** SHA-256 of the link's token, once a link is issued (the token itself is never kept). */
  readonly tokenHash?: string;
  /** SHA-256 of the victim's chat session, once they have opened the link (one session only). */
  readonly victimSessionHash?: string;
  readonly joinedAt?: Date;
  readonly status: 'booked' | 'ended';
  readonly endedAt?: Date;
  readonly endedBy?: string;
}

/** Who wrote a line of the chat. */
export type ChatSpeaker = 'victim' | 'caseworker';

/** One line of a web chat, as kept on the case. */
export interface ChatMessage {
  readonly caseId: string;
  /** The form's key: the same line sent twice is said once. */
  readonly messageId: string;
  readonly from: ChatSpeaker;
  /** The caseworker's id (a victim's line has none). */
  readonly by?: string;
  readonly text: string;
  readonly at: Date;
}

/** A line of chat is at most this long: longer is refused, naming the field. */
export const CHAT_MESSAGE_MAX = 1000;

/** The link opens from this long before the slot (a victim early by a few minutes is let in). */
export const WEB_CHAT_OPENS_EARLY_MS = 10 * 60 * 1000;

/** The chat's link expires at the end of the booked slot. */
export function webChatExpiry(slotAt: Date): Date {
  return new Date(slotAt.getTime() + WEB_CHAT_SLOT_MINUTES * 60 * 1000);
}

/** A chat link's token: 32 random bytes (256 bits), base64url. */
export const newChatToken = (): string => randomBytes(32).toString('base64url');

/** What a token could be at all; anything else is a bad link without asking the store. */
export const isChatToken = (value: unknown): value is string =>
  typeof value === 'string' && /^[A-Za-z0-9_-]{43}$/.test(value);

/** How a token (or a victim's chat session) is kept: its SHA-256, hex. */
export const hashChatSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');

/**
 * The channel the booking is confirmed on: the victim's own contact method when it is e-mail or a text
 * (a mobile telephone takes a text), otherwise whichever of e-mail and text is safe; never a channel the
 * referral marks unsafe. None when neither is safe or given.
 */
export function webChatConfirmationChannel(referral: Referral): 'email' | 'sms' | undefined {
  const unsafe = new Set(referral.unsafeChannels);
  const email = !unsafe.has('email') && referral.victim.email !== undefined;
  const sms = !unsafe.has('sms') && referral.victim.phones.mobile?.kind === 'mobile';
  if (referral.contactMethod === 'email' && email) return 'email';
  if ((referral.contactMethod === 'sms' || referral.contactMethod === 'mobile-telephone') && sms)
    return 'sms';
  if (email) return 'email';
  if (sms) return 'sms';
  return undefined;
}

/** Whether the link can be opened now: from a little before the slot until it expires, and not ended. */
export function linkOpenAt(chat: WebChat, now: Date): 'early' | 'open' | 'closed' {
  if (chat.status === 'ended' || now.getTime() >= chat.expiresAt.getTime()) return 'closed';
  if (now.getTime() < chat.slotAt.getTime() - WEB_CHAT_OPENS_EARLY_MS) return 'early';
  return 'open';
}

/** The web chat workflow's execution name: one per case. */
export const webChatExecutionName = (caseId: string): string => `${caseId}.web-chat`;

/** The web chat workflow's input: ids, an instant and a code. */
export const webChatExecutionInput = (
  caseId: string,
  booking: { readonly chatAt: Date; readonly channel?: 'email' | 'sms' },
): Record<string, string> => ({
  caseId,
  chatAt: booking.chatAt.toISOString(),
  ...(booking.channel ? { channel: booking.channel } : {}),
});

/** A line of chat as typed, checked: the text trimmed, or why not. */
export function checkChatText(text: unknown): { ok: true; text: string } | { ok: false; message: string } {
  const trimmed = typeof text === 'string' ? text.trim() : '';
  if (trimmed === '') return { ok: false, message: 'Enter a message' };
  if (trimmed.length > CHAT_MESSAGE_MAX)
    return { ok: false, message: `Your message must be ${CHAT_MESSAGE_MAX} characters or fewer` };
  return { ok: true, text: trimmed };
}

/** The chat has ended: no more lines are taken. */
export class ChatEndedError extends Error {
  override name = 'ChatEndedError';
}

/** The case has no booked web chat. */
export class ChatNotFoundError extends Error {
  override name = 'ChatNotFoundError';
}

/**
 * When a new line is said: now, or just after the chat's last line when the clock has not moved past it (a
 * virtual clock standing still), so the transcript keeps the order the lines were said in.
 */
export function nextLineAt(lines: readonly ChatMessage[], now: Date): Date {
  const last = lines.at(-1)?.at.getTime() ?? Number.NEGATIVE_INFINITY;
  return new Date(Math.max(now.getTime(), last + 1));
}

type ChatLineOrder = Pick<ChatMessage, 'at' | 'messageId'>;

/** The lines oldest first (ties by id), as the stores give them, a booked or an open chat's alike. */
export const chatOrder = (a: ChatLineOrder, b: ChatLineOrder): number =>
  a.at.getTime() - b.at.getTime() || a.messageId.localeCompare(b.messageId);
