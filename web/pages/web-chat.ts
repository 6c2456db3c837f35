import { randomUUID } from 'node:crypto';
import { endWebChat } from '../../shared/application/web-chat.ts';
import { SUPPORT_GIVEN, SUPPORT_GIVEN_NAMES } from '../../shared/domain/contact-log.ts';
import { FORM_KEY_FIELD, FORM_KEY_MESSAGE, isFormKey } from '../../shared/domain/form-key.ts';
import {
  CHAT_MESSAGE_MAX,
  ChatEndedError,
  type ChatMessage,
  checkChatText,
  nextLineAt,
  type WebChat,
} from '../../shared/domain/web-chat.ts';
import type { AuditLog } from '../../shared/ports/audit-log.ts';
import type { CaseStore } from '../../shared/ports/case-store.ts';
import type { Clock } from '../../shared/ports/clock.ts';
import type { ContactLog } from '../../shared/ports/contact-log.ts';
import type { SupportStore } from '../../shared/ports/support-store.ts';
import type { WebChatStore } from '../../shared/ports/web-chats.ts';
import { redirect, type WebResponse } from '../http.ts';
import { localDateTime } from '../views.ts';
import { actorOf, caseNotFound, openCase, type PageKit, type SignedInContext } from './page-kit.ts';

/** What the caseworker's web chat page reads and writes. */
export interface WebChatPagesDeps {
  readonly webChats: WebChatStore;
  readonly contacts: Pick<ContactLog, 'record' | 'get'>;
  readonly store: Pick<CaseStore, 'getCase' | 'recordEvent'>;
  readonly support: Pick<SupportStore, 'getSupport'>;
  readonly audit: Pick<AuditLog, 'record'>;
  readonly clock: Clock;
  /**
   * In AWS the chat runs on Amazon Connect (docs/web-chat.md, "In AWS"): the caseworker answers it in the
   * Connect agent workspace, and this page shows the transcript once Connect delivers it, with no box to
   * write in.
   */
  readonly inConnect?: boolean;
}

export const webChatPath = (caseId: string) => `/cases/${encodeURIComponent(caseId)}/web-chat`;

const supportField = (code: string) => `support-${code}`;

/** A line as the transcript shows it: who, when, what. */
const lineOf = (line: ChatMessage) => ({
  who: line.from === 'victim' ? 'Victim' : `${line.by ?? 'Caseworker'} (Victim First)`,
  when: localDateTime(line.at),
  text: line.text,
  fromVictim: line.from === 'victim',
});

function standing(chat: WebChat): string {
  if (chat.status === 'ended')
    return `Ended ${localDateTime(chat.endedAt as Date)} by ${chat.endedBy}. The transcript is kept on the case.`;
  if (chat.joinedAt) return `The victim joined ${localDateTime(chat.joinedAt)}.`;
  return `Booked for ${localDateTime(chat.slotAt)}. The victim has not opened their link yet.`;
}

/**
 * A case's booked web chat for the caseworker (docs/web-chat.md): the transcript, a box to write to the
 * victim, and "End the chat" with the support given, which keeps the transcript on the case and logs the
 * chat as a web chat contact. It works without JavaScript: each line is a form post, and "Check for new
 * messages" draws the page again.
 */
export function createWebChatPages(kit: PageKit, deps: WebChatPagesDeps) {
  async function page(
    ctx: SignedInContext,
    caseId: string,
    form?: {
      values: Readonly<Record<string, string>>;
      errors: ReadonlyArray<{ field: string; text: string }>;
    },
  ): Promise<WebResponse> {
    const opened = await openCase(deps.store, caseId);
    if (!opened) return caseNotFound(kit, ctx, caseId);
    const chat = await deps.webChats.get(caseId);
    if (!chat)
      return kit.message(ctx, 404, 'No web chat', [`Case ${caseId} has no web chat booked.`], {
        href: `/cases/${encodeURIComponent(caseId)}`,
        text: 'Back to the case',
      });
    const lines = await deps.webChats.messages(caseId);
    if (!form) await kit.audit(ctx, caseId, 'viewed', 'web-chat');
    const values = form?.values ?? {};
    const errors = Object.fromEntries((form?.errors ?? []).map((e) => [e.field, e.text]));
    return kit.render(
      ctx,
      'web-chat',
      {
        title: 'Web chat',
        caseId,
        casePath: `/cases/${encodeURIComponent(caseId)}`,
        action: webChatPath(caseId),
        endAction: `${webChatPath(caseId)}/end`,
        standing: standing(chat),
        open: chat.status === 'booked' && !deps.inConnect,
        inConnect: chat.status === 'booked' && deps.inConnect === true,
        lines: lines.map(lineOf),
        formKey: randomUUID(),
        values,
        errors,
        textMax: CHAT_MESSAGE_MAX,
        supportItems: SUPPORT_GIVEN.map((code) => ({
          name: supportField(code),
          value: 'yes',
          text: SUPPORT_GIVEN_NAMES[code],
          checked: values[supportField(code)] === 'yes',
        })),
        ...(form?.errors.length
          ? { errorSummary: form.errors.map((e) => ({ text: e.text, href: `#${e.field}` })) }
          : {}),
      },
      form?.errors.length ? 400 : 200,
    );
  }

  /** In Connect mode nothing is said or ended here: the chat is Connect's, and so is its ending. */
  const inConnect = (ctx: SignedInContext, caseId: string) =>
    kit.message(
      ctx,
      409,
      'This web chat runs in Amazon Connect',
      ['Answer and end it in the Amazon Connect agent workspace. Its transcript is kept here when it ends.'],
      { href: webChatPath(caseId), text: 'Back to the web chat' },
    );

  async function say(ctx: SignedInContext, caseId: string): Promise<WebResponse> {
    if (deps.inConnect) return inConnect(ctx, caseId);
    const opened = await openCase(deps.store, caseId);
    if (!opened) return caseNotFound(kit, ctx, caseId);
    const { form } = ctx.request;
    const checked = checkChatText(form.text);
    if (!checked.ok)
      return page(ctx, caseId, { values: form, errors: [{ field: 'text', text: checked.message }] });
    const key = form[FORM_KEY_FIELD];
    if (!isFormKey(key))
      return page(ctx, caseId, { values: form, errors: [{ field: 'text', text: FORM_KEY_MESSAGE }] });
    try {
      await deps.webChats.say({
        caseId,
        messageId: key,
        from: 'caseworker',
        by: ctx.session.user,
        text: checked.text,
        at: nextLineAt(await deps.webChats.messages(caseId), deps.clock.now()),
      });
    } catch (error) {
      if (!(error instanceof ChatEndedError)) throw error;
      return page(ctx, caseId, {
        values: form,
        errors: [{ field: 'text', text: 'The chat has ended: nothing was sent' }],
      });
    }
    await kit.audit(ctx, caseId, 'changed', 'web-chat:say');
    return redirect(`${webChatPath(caseId)}#latest`);
  }

  async function end(ctx: SignedInContext, caseId: string): Promise<WebResponse> {
    if (deps.inConnect) return inConnect(ctx, caseId);
    const opened = await openCase(deps.store, caseId);
    if (!opened) return caseNotFound(kit, ctx, caseId);
    const chat = await deps.webChats.get(caseId);
    if (!chat) return page(ctx, caseId);
    const { form } = ctx.request;
    const support = SUPPORT_GIVEN.filter((code) => Boolean(form[supportField(code)]));
    const victimSpoke = (await deps.webChats.messages(caseId)).some((line) => line.from === 'victim');
    if (chat.status === 'booked' && victimSpoke && support.length === 0)
      return page(ctx, caseId, {
        values: form,
        errors: [{ field: 'support', text: 'Select the support you gave in the chat' }],
      });
    await endWebChat(deps, { caseId, support, at: deps.clock.now() }, actorOf(ctx));
    return redirect(webChatPath(caseId));
  }

  return { page: (ctx: SignedInContext, caseId: string) => page(ctx, caseId), say, end };
}
