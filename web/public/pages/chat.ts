import { randomUUID } from 'node:crypto';
import { FORM_KEY_FIELD, FORM_KEY_MESSAGE, isFormKey } from '../../../shared/domain/form-key.ts';
import { formatDateTime } from '../../../shared/domain/messages/format.ts';
import {
  CHAT_MESSAGE_MAX,
  ChatEndedError,
  type ChatMessage,
  checkChatText,
  hashChatSecret,
  isChatToken,
  linkOpenAt,
  nextLineAt,
  type WebChat,
} from '../../../shared/domain/web-chat.ts';
import type { ChatContacts } from '../../../shared/ports/chat-contacts.ts';
import type { Clock } from '../../../shared/ports/clock.ts';
import type { WebChatStore } from '../../../shared/ports/web-chats.ts';
import { CHAT_SCRIPTS_PATH } from '../../assets.ts';
import { redirect, type WebResponse } from '../../http.ts';
import { localDateTime } from '../../views.ts';
import { cookieHeader, cookieName, randomToken } from '../forms.ts';
import { publicMessage, publicPage } from '../layout.ts';
import type { PublicRequest, PublicRoute } from '../routes.ts';

/** What the victim's web chat page reads and writes. */
export interface ChatPagesDeps {
  readonly webChats: WebChatStore;
  readonly clock: Clock;
  readonly secureCookies: boolean;
  /** In AWS: the chat runs through Amazon Connect chat rather than the stand-in (docs/web-chat.md). */
  readonly connect?: ConnectChatDeps;
}

/** What the victim's page needs to chat through Amazon Connect. */
export interface ConnectChatDeps {
  readonly contacts: ChatContacts;
  /** The Connect instance's AWS Region: where the page's amazon-connect-chatjs connects. */
  readonly region: string;
  /** The case's caseworker as an Amazon Connect agent ARN, when they have one: the chat is routed to them. */
  agentOf(caseId: string): Promise<string | undefined>;
}

/** The origins the Connect chat page's scripts reach: the participant service and its WebSocket. */
export const connectChatSources = (region: string): string[] => [
  `https://participant.connect.${region}.amazonaws.com`,
  `wss://*.transport.connect.${region}.amazonaws.com`,
];

const json = (statusCode: number, body: unknown): WebResponse => ({
  statusCode,
  headers: {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  },
  body: JSON.stringify(body),
});

/** The victim's chat session: a random value in their own cookie, kept on the chat only as its hash. */
const CHAT_COOKIE = 'vf-chat';
const SESSION = /^[A-Za-z0-9_-]{43}$/;

/**
 * The one page for every link that does not open a chat — a guess, a link replaced by a later one, one
 * used by another browser, expired or ended — so a wrong link tells nothing about any chat.
 */
const badLink = (request: PublicRequest): WebResponse =>
  publicMessage(request, 404, 'This web chat link does not work', [
    'The link may be wrong, it may have been used already, or the chat it was for may be over.',
    'To talk to us, phone the number below.',
  ]);

const lineOf = (line: ChatMessage) => ({
  who: line.from === 'victim' ? 'You' : 'Victim First',
  when: localDateTime(line.at),
  text: line.text,
});

/**
 * The victim's side of a booked web chat (docs/web-chat.md), at the one-time link `/chat/<token>` their
 * confirmation carried. The first browser to open it in time (from ten minutes before the slot until the
 * slot ends) is bound to the chat by a cookie of its own, kept only as a hash; any other browser, any
 * wrong or expired link, gets the same "does not work" page. It works without JavaScript: each message is
 * a form post, and "Check for new messages" draws the page again. Once the caseworker ends the chat, the
 * page says so and shows nothing of it. In AWS (`connect` given) the page is the Amazon Connect chat instead:
 * the same link checks, then amazon-connect-chatjs in the bound browser.
 */
export function createChatPages(deps: ChatPagesDeps): PublicRoute[] {
  const secure = deps.secureCookies;

  /** The chat the link opens for this browser, joining it on the first opening in time. */
  async function chatFor(
    request: PublicRequest,
    mayJoin: boolean,
  ): Promise<{ chat: WebChat; cookies: string[] } | { early: WebChat } | { ended: true } | undefined> {
    const token = request.params.token;
    if (!isChatToken(token)) return undefined;
    const tokenHash = hashChatSecret(token);
    const chat = await deps.webChats.findByLink(tokenHash);
    if (!chat) return undefined;
    const kept = request.cookies[cookieName(CHAT_COOKIE, secure)];
    const session = kept !== undefined && SESSION.test(kept) ? kept : undefined;
    const ours = session !== undefined && chat.victimSessionHash === hashChatSecret(session);
    if (chat.status === 'ended') return ours ? { ended: true } : undefined;
    // A joined browser stays in the chat until it is ended, even past the slot.
    if (ours) return { chat, cookies: [] };
    if (!mayJoin) return undefined;
    const now = deps.clock.now();
    const open = linkOpenAt(chat, now);
    if (open === 'closed' || chat.victimSessionHash !== undefined) return undefined;
    if (open === 'early') return { early: chat };
    const fresh = session ?? randomToken();
    const joined = await deps.webChats.join(chat.caseId, {
      tokenHash,
      sessionHash: hashChatSecret(fresh),
      at: now,
    });
    if (joined === 'refused') return undefined;
    return {
      chat: (await deps.webChats.findByLink(tokenHash)) ?? chat,
      cookies: session ? [] : [cookieHeader(CHAT_COOKIE, fresh, secure)],
    };
  }

  async function chatPage(
    request: PublicRequest,
    chat: WebChat,
    cookies: readonly string[],
    problem?: { text: string; message: string },
  ): Promise<WebResponse> {
    const lines = await deps.webChats.messages(chat.caseId);
    const path = `/chat/${request.params.token}`;
    return publicPage(
      request,
      'chat',
      {
        title: 'Web chat with Victim First',
        action: path,
        lines: lines.map(lineOf),
        formKey: randomUUID(),
        formKeyField: FORM_KEY_FIELD,
        textMax: CHAT_MESSAGE_MAX,
        value: problem?.text ?? '',
        ...(problem
          ? { error: problem.message, errorSummary: [{ text: problem.message, href: '#text' }] }
          : {}),
      },
      problem ? 400 : 200,
      cookies,
    );
  }

  /**
   * The Connect chat page: amazon-connect-chatjs and the page's own script start the chat from
   * `/chat/<token>/start` and carry it over Connect's WebSocket. Without JavaScript it says to phone.
   */
  const connectPage = (request: PublicRequest, connect: ConnectChatDeps, cookies: readonly string[]) =>
    publicPage(
      request,
      'chat-connect',
      {
        title: 'Web chat with Victim First',
        startPath: `/chat/${request.params.token}/start`,
        region: connect.region,
        scripts: CHAT_SCRIPTS_PATH,
        textMax: CHAT_MESSAGE_MAX,
      },
      200,
      cookies,
      connectChatSources(connect.region),
    );

  const ended = (request: PublicRequest) =>
    publicMessage(request, 200, 'This web chat has ended', [
      'Thank you for talking to us. If you need to talk again, phone the number below.',
    ]);

  /**
   * The chat's Amazon Connect contact for the browser the link is bound to: StartChatContact through the
   * port, with the caseworker's agent, answering the participant details chatjs needs (never kept or
   * logged). Only the bound browser, before the chat ends; every refusal says nothing about the chat.
   */
  const startConnectChat = (connect: ConnectChatDeps): PublicRoute => ({
    method: 'POST',
    path: '/chat/:token/start',
    handler: async (request) => {
      const found = await chatFor(request, false);
      if (!found || 'early' in found) return json(404, { error: 'This web chat link does not work' });
      if ('ended' in found) return json(409, { error: 'This web chat has ended' });
      const { caseId, expiresAt } = found.chat;
      const agentArn = await connect.agentOf(caseId);
      const started = await connect.contacts.start({
        caseId,
        expiresAt,
        at: deps.clock.now(),
        ...(agentArn ? { agentArn } : {}),
      });
      return json(200, started);
    },
  });

  return [
    {
      method: 'GET',
      path: '/chat/:token',
      handler: async (request) => {
        const found = await chatFor(request, true);
        if (!found) return badLink(request);
        if ('ended' in found) return ended(request);
        if ('early' in found)
          return publicMessage(request, 200, 'Your web chat has not started yet', [
            `Your web chat is booked for ${formatDateTime(found.early.slotAt)}.`,
            'Come back to this link then. It works once, in one browser.',
          ]);
        if (deps.connect) return connectPage(request, deps.connect, found.cookies);
        return chatPage(request, found.chat, found.cookies);
      },
    },
    ...(deps.connect ? [startConnectChat(deps.connect)] : []),
    {
      method: 'POST',
      path: '/chat/:token',
      handler: async (request) => {
        const found = await chatFor(request, false);
        if (!found || 'early' in found) return badLink(request);
        if ('ended' in found) return ended(request);
        const text = request.form.text ?? '';
        const checked = checkChatText(text);
        if (!checked.ok)
          return chatPage(request, found.chat, found.cookies, { text, message: checked.message });
        const key = request.form[FORM_KEY_FIELD];
        if (!isFormKey(key))
          return chatPage(request, found.chat, found.cookies, { text, message: FORM_KEY_MESSAGE });
        try {
          await deps.webChats.say({
            caseId: found.chat.caseId,
            messageId: key,
            from: 'victim',
            text: checked.text,
            at: nextLineAt(await deps.webChats.messages(found.chat.caseId), deps.clock.now()),
          });
        } catch (error) {
          if (error instanceof ChatEndedError) return ended(request);
          throw error;
        }
        return redirect(`/chat/${request.params.token}#latest`, found.cookies);
      },
    },
  ];
}
