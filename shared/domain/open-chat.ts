// Open web chat (docs/web-chat.md, "Open web chat"): a visitor with no booking starts a chat from the public
// site in service hours, and the call-taker on the day's rota answers it through the same stand-in chat.

/** An open chat: started by a visitor, waiting until the call-taker takes it, then ended. */
export interface OpenChat {
  /** The SHA-256 of the visitor's chat session (their cookie): the session itself is never kept. */
  readonly chatId: string;
  readonly startedAt: Date;
  readonly status: 'waiting' | 'taken' | 'ended';
  readonly takenBy?: string;
  readonly endedAt?: Date;
  readonly endedBy?: string;
}

/** A line of an open chat. */
export interface OpenChatLine {
  readonly chatId: string;
  /** The form's key: the same line sent twice is said once. */
  readonly messageId: string;
  readonly from: 'visitor' | 'call-taker';
  /** The call-taker's id (a visitor's line has none). */
  readonly by?: string;
  readonly text: string;
  readonly at: Date;
}

/** What an open chat's id can be: a SHA-256, hex. */
export const isOpenChatId = (value: unknown): value is string =>
  typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);

/** The call-taking rota: the staff id on call-taking for each ISO weekday (1 Monday … 7 Sunday). */
export type OpenChatRota = Readonly<Partial<Record<number, string>>>;

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** The rota when none is configured: caseworker.one on every day the service opens (the local system's). */
export const DEFAULT_OPEN_CHAT_ROTA: OpenChatRota = Object.freeze({
  1: 'caseworker.one',
  2: 'caseworker.one',
  3: 'caseworker.one',
  4: 'caseworker.one',
  5: 'caseworker.one',
  6: 'caseworker.one',
});

/**
 * Reads the rota as configured (`OPEN_CHAT_ROTA`): `mon=caseworker.one,tue=caseworker.two,…`, a day not
 * named having no call-taker. A malformed value is refused (RangeError), so a bad deploy fails to start
 * rather than leave chats unanswered.
 */
export function parseOpenChatRota(text: string): OpenChatRota {
  const rota: Record<number, string> = {};
  for (const entry of text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const match = /^(mon|tue|wed|thu|fri|sat|sun)=([a-z0-9._-]+)$/.exec(entry);
    if (!match) throw new RangeError(`OPEN_CHAT_ROTA: "${entry}" is not day=staff-id`);
    rota[WEEKDAYS.indexOf(match[1] as (typeof WEEKDAYS)[number]) + 1] = match[2] as string;
  }
  return Object.freeze(rota);
}
