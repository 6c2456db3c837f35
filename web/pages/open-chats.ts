import { randomUUID } from 'node:crypto';
import { callTakerNow, type RotaReading } from '../../shared/application/open-chat-rota.ts';
import { FORM_KEY_FIELD, FORM_KEY_MESSAGE, isFormKey } from '../../shared/domain/form-key.ts';
import { isOpenChatId, type OpenChat, type OpenChatLine } from '../../shared/domain/open-chat.ts';
import { CHAT_MESSAGE_MAX, ChatEndedError, checkChatText } from '../../shared/domain/web-chat.ts';
import type { Clock } from '../../shared/ports/clock.ts';
import type { OpenChatStore } from '../../shared/ports/open-chats.ts';
import { redirect, type WebResponse } from '../http.ts';
import { localDateTime } from '../views.ts';
import type { PageKit, SignedInContext } from './page-kit.ts';

/** What the call-taker's open chat pages read and write. */
export interface OpenChatPagesDeps {
  readonly openChats: OpenChatStore;
  /** The call-taking rota team leaders keep, over the configured starting pattern. */
  readonly rota: RotaReading;
  readonly clock: Clock;
}

const chatPath = (chatId: string) => `/open-chats/${chatId}`;

const lineOf = (line: OpenChatLine) => ({
  who: line.from === 'visitor' ? 'Visitor' : `${line.by ?? 'Call-taker'} (Victim First)`,
  when: localDateTime(line.at),
  text: line.text,
  fromVictim: line.from === 'visitor',
});

function standing(chat: OpenChat): string {
  if (chat.status === 'ended') return `Ended ${localDateTime(chat.endedAt as Date)} by ${chat.endedBy}.`;
  if (chat.status === 'taken')
    return `Started ${localDateTime(chat.startedAt)}, answered by ${chat.takenBy}.`;
  return `Started ${localDateTime(chat.startedAt)}, waiting for an answer.`;
}

/**
 * Open web chats for the call-taker (docs/web-chat.md, "Open web chat"): the chats waiting or being
 * answered, and each chat's page, where the first reply takes it. Only the person on call-taking today by
 * the rota, or a team leader covering, answers or ends a chat; other caseworkers see the list and who is
 * on call-taking. An open chat has no case: nothing is audited against one, and its lines are kept 30 days.
 */
export function createOpenChatPages(kit: PageKit, deps: OpenChatPagesDeps) {
  const onCall = () => callTakerNow(deps.rota, deps.clock.now());
  const answers = async (ctx: SignedInContext) =>
    ctx.session.roles.includes('team-leader') || (await onCall()) === ctx.session.user;
  const notOnCall = async (ctx: SignedInContext) =>
    kit.message(
      ctx,
      403,
      'You are not on call-taking today',
      [
        `Open chats are answered by the call-taker on the rota today (${(await onCall()) ?? 'nobody'}) or a team leader.`,
      ],
      { href: '/open-chats', text: 'Back to open chats' },
    );
  const notFound = (ctx: SignedInContext) =>
    kit.message(ctx, 404, 'Open chat not found', ['There is no such open chat.'], {
      href: '/open-chats',
      text: 'Back to open chats',
    });

  async function list(ctx: SignedInContext): Promise<WebResponse> {
    const [chats, callTaker, answering] = await Promise.all([deps.openChats.open(), onCall(), answers(ctx)]);
    return kit.render(ctx, 'open-chats', {
      title: 'Open web chats',
      callTaker,
      answers: answering,
      chats: chats.map((chat) => ({ href: chatPath(chat.chatId), standing: standing(chat) })),
    });
  }

  async function page(
    ctx: SignedInContext,
    chatId: string | undefined,
    problem?: { text: string; message: string },
  ): Promise<WebResponse> {
    const chat = isOpenChatId(chatId) ? await deps.openChats.get(chatId) : undefined;
    if (!chat) return notFound(ctx);
    if (!(await answers(ctx))) return notOnCall(ctx);
    const lines = await deps.openChats.messages(chat.chatId);
    return kit.render(
      ctx,
      'open-chat',
      {
        title: 'Open web chat',
        standing: standing(chat),
        open: chat.status !== 'ended' && (chat.status === 'waiting' || chat.takenBy === ctx.session.user),
        takenByAnother: chat.status === 'taken' && chat.takenBy !== ctx.session.user,
        action: chatPath(chat.chatId),
        endAction: `${chatPath(chat.chatId)}/end`,
        lines: lines.map(lineOf),
        formKey: randomUUID(),
        textMax: CHAT_MESSAGE_MAX,
        values: { text: problem?.text ?? '' },
        errors: problem ? { text: problem.message } : {},
        ...(problem ? { errorSummary: [{ text: problem.message, href: '#text' }] } : {}),
      },
      problem ? 400 : 200,
    );
  }

  async function say(ctx: SignedInContext, chatId: string | undefined): Promise<WebResponse> {
    const chat = isOpenChatId(chatId) ? await deps.openChats.get(chatId) : undefined;
    if (!chat) return notFound(ctx);
    if (!(await answers(ctx))) return notOnCall(ctx);
    const { form } = ctx.request;
    const text = form.text ?? '';
    const checked = checkChatText(text);
    if (!checked.ok) return page(ctx, chat.chatId, { text, message: checked.message });
    const key = form[FORM_KEY_FIELD];
    if (!isFormKey(key)) return page(ctx, chat.chatId, { text, message: FORM_KEY_MESSAGE });
    if ((await deps.openChats.take(chat.chatId, ctx.session.user)) === 'refused')
      return page(ctx, chat.chatId, {
        text,
        message: 'Someone else is answering this chat: nothing was sent',
      });
    const lines = await deps.openChats.messages(chat.chatId);
    const last = lines.at(-1)?.at.getTime() ?? Number.NEGATIVE_INFINITY;
    try {
      await deps.openChats.say({
        chatId: chat.chatId,
        messageId: key,
        from: 'call-taker',
        by: ctx.session.user,
        text: checked.text,
        at: new Date(Math.max(deps.clock.now().getTime(), last + 1)),
      });
    } catch (error) {
      if (!(error instanceof ChatEndedError)) throw error;
      return page(ctx, chat.chatId, { text, message: 'The chat has ended: nothing was sent' });
    }
    return redirect(`${chatPath(chat.chatId)}#latest`);
  }

  async function end(ctx: SignedInContext, chatId: string | undefined): Promise<WebResponse> {
    const chat = isOpenChatId(chatId) ? await deps.openChats.get(chatId) : undefined;
    if (!chat) return notFound(ctx);
    if (!(await answers(ctx))) return notOnCall(ctx);
    if (
      chat.status === 'taken' &&
      chat.takenBy !== ctx.session.user &&
      !ctx.session.roles.includes('team-leader')
    )
      return page(ctx, chat.chatId, { text: '', message: 'Someone else is answering this chat' });
    await deps.openChats.end(chat.chatId, ctx.session.user, deps.clock.now());
    return redirect(chatPath(chat.chatId));
  }

  return { list, page: (ctx: SignedInContext, chatId: string | undefined) => page(ctx, chatId), say, end };
}
