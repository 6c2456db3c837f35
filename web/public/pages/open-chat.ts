import { randomUUID } from 'node:crypto';
import { isWithinServiceHours, nextServiceOpening } from '../../../shared/domain/calendar.ts';
import { FORM_KEY_FIELD, FORM_KEY_MESSAGE, isFormKey } from '../../../shared/domain/form-key.ts';
import { formatDateTime } from '../../../shared/domain/messages/format.ts';
import { SERVICE_CONTACT } from '../../../shared/domain/messages/service-contact.ts';
import type { OpenChat, OpenChatLine } from '../../../shared/domain/open-chat.ts';
import {
  CHAT_MESSAGE_MAX,
  ChatEndedError,
  checkChatText,
  hashChatSecret,
} from '../../../shared/domain/web-chat.ts';
import type { Clock } from '../../../shared/ports/clock.ts';
import type { OpenChatStore } from '../../../shared/ports/open-chats.ts';
import { redirect, type WebResponse } from '../../http.ts';
import { localDateTime } from '../../views.ts';
import { cookieHeader, cookieName, randomToken } from '../forms.ts';
import { publicMessage, publicPage } from '../layout.ts';
import type { PublicRequest, PublicRoute } from '../routes.ts';

/** What the visitor's open chat page reads and writes. */
export interface OpenChatPagesDeps {
  readonly openChats: OpenChatStore;
  readonly clock: Clock;
  readonly secureCookies: boolean;
}

export const OPEN_CHAT_PATH = '/chat/now';

/** The visitor's open chat session: a random value in their own cookie; the chat's id is its hash. */
const OPEN_CHAT_COOKIE = 'vf-open-chat';
const SESSION = /^[A-Za-z0-9_-]{43}$/;

const lineOf = (line: OpenChatLine) => ({
  who: line.from === 'visitor' ? 'You' : 'Victim First',
  when: localDateTime(line.at),
  text: line.text,
});

/**
 * Open web chat for anyone (docs/web-chat.md, "Open web chat"), at `/chat/now`: in service hours a
 * visitor starts a chat with no booking and no case, bound to their browser by a cookie of its own (the
 * chat's id is the cookie's hash, so the cookie is never kept); the call-taker on the day's rota answers it
 * on the staff site. Out of hours the page says when the service opens. When the chat is ended the page
 * offers the self-referral form. It works without JavaScript, as the booked chat's page does.
 */
export function createOpenChatPages(deps: OpenChatPagesDeps): PublicRoute[] {
  const secure = deps.secureCookies;

  /** This browser's chat, if it has started one. */
  async function chatOf(request: PublicRequest): Promise<OpenChat | undefined> {
    const session = request.cookies[cookieName(OPEN_CHAT_COOKIE, secure)];
    if (session === undefined || !SESSION.test(session)) return undefined;
    return deps.openChats.get(hashChatSecret(session));
  }

  const closed = (request: PublicRequest) =>
    publicMessage(
      request,
      200,
      'Web chat is closed',
      [
        `Web chat is open ${SERVICE_CONTACT.openingHours}.`,
        `It opens again on ${formatDateTime(nextServiceOpening(deps.clock.now()))}.`,
        'You can refer yourself for support at any time, and we will contact you.',
      ],
      { href: '/self-referral', text: 'Refer yourself for support' },
    );

  const ended = (request: PublicRequest) =>
    publicMessage(
      request,
      200,
      'This web chat has ended',
      [
        'Thank you for talking to us.',
        'If you would like support from Victim First, you can refer yourself now. It takes about 10 minutes.',
      ],
      { href: '/self-referral', text: 'Refer yourself for support' },
    );

  async function chatPage(
    request: PublicRequest,
    chat: OpenChat,
    problem?: { text: string; message: string },
  ): Promise<WebResponse> {
    const lines = await deps.openChats.messages(chat.chatId);
    return publicPage(
      request,
      'chat',
      {
        title: 'Web chat with Victim First',
        action: OPEN_CHAT_PATH,
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
    );
  }

  return [
    {
      method: 'GET',
      path: OPEN_CHAT_PATH,
      handler: async (request) => {
        const chat = await chatOf(request);
        if (chat?.status === 'ended') return ended(request);
        if (chat) return chatPage(request, chat);
        if (!isWithinServiceHours(deps.clock.now())) return closed(request);
        return publicPage(request, 'open-chat-start', {
          title: 'Chat now',
          action: `${OPEN_CHAT_PATH}/start`,
        });
      },
    },
    {
      method: 'POST',
      path: `${OPEN_CHAT_PATH}/start`,
      handler: async (request) => {
        if (await chatOf(request)) return redirect(OPEN_CHAT_PATH);
        const now = deps.clock.now();
        if (!isWithinServiceHours(now)) return closed(request);
        const session = randomToken();
        await deps.openChats.start({ chatId: hashChatSecret(session), startedAt: now });
        return redirect(OPEN_CHAT_PATH, [cookieHeader(OPEN_CHAT_COOKIE, session, secure)]);
      },
    },
    {
      method: 'POST',
      path: OPEN_CHAT_PATH,
      handler: async (request) => {
        const chat = await chatOf(request);
        if (!chat) return redirect(OPEN_CHAT_PATH);
        if (chat.status === 'ended') return ended(request);
        const text = request.form.text ?? '';
        const checked = checkChatText(text);
        if (!checked.ok) return chatPage(request, chat, { text, message: checked.message });
        const key = request.form[FORM_KEY_FIELD];
        if (!isFormKey(key)) return chatPage(request, chat, { text, message: FORM_KEY_MESSAGE });
        const lines = await deps.openChats.messages(chat.chatId);
        const last = lines.at(-1)?.at.getTime() ?? Number.NEGATIVE_INFINITY;
        try {
          await deps.openChats.say({
            chatId: chat.chatId,
            messageId: key,
            from: 'visitor',
            text: checked.text,
            at: new Date(Math.max(deps.clock.now().getTime(), last + 1)),
          });
        } catch (error) {
          if (error instanceof ChatEndedError) return ended(request);
          throw error;
        }
        return redirect(`${OPEN_CHAT_PATH}#latest`);
      },
    },
  ];
}
