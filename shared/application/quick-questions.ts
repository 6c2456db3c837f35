import { localDateOf } from '../domain/calendar.ts';
import { providerSideMessageId, SENDING_LEASE_MS } from '../domain/messaging.ts';
import {
  isReadingToken,
  newReadingToken,
  type QuickAnswer,
  type QuickQuestion,
  questionIdOf,
  tokenHashOf,
} from '../domain/quick-questions.ts';
import { RECIPIENT_ALLOWANCE_KEPT_MS, recipientDayKey } from '../domain/recipient-limits.ts';
import type { AuditLog } from '../ports/audit-log.ts';
import type { MessageStore } from '../ports/message-store.ts';
import type { Messenger } from '../ports/messenger.ts';
import type { AnswerOutcome, QuickQuestions } from '../ports/quick-questions.ts';
import type { RecipientLimits } from '../ports/recipient-limits.ts';
import { renderQuickAnswerReadyEmail } from '../rendering/messages/email.ts';
import type { Actor } from './case-actions.ts';

/** The public pages' address of a question's answer, from the public site's origin and a token. */
export const answerPath = (token: string): string => `/quick-questions/answer/${token}`;

/** What asking a question did: the private link's token, shown once; or the same form sent again. */
export type AskOutcome =
  | { readonly outcome: 'asked'; readonly token: string; readonly question: QuickQuestion }
  | { readonly outcome: 'already-asked' };

/**
 * Keeps a question asked on the public form, with a new private link: the token is given back to be shown
 * to the asker once, and only its hash is kept. The form's key is the question's id, so the same form sent
 * again asks nothing new (and, having no token to show, is told so).
 */
export async function askQuickQuestion(
  questions: Pick<QuickQuestions, 'ask'>,
  asked: { readonly formKey: string; readonly question: string; readonly email?: string; readonly at: Date },
): Promise<AskOutcome> {
  const token = newReadingToken();
  const question: QuickQuestion = {
    questionId: questionIdOf(asked.formKey),
    question: asked.question,
    askedAt: asked.at,
    ...(asked.email === undefined ? {} : { email: asked.email }),
  };
  if ((await questions.ask(question, tokenHashOf(token))) === 'already-asked')
    return { outcome: 'already-asked' };
  return { outcome: 'asked', token, question };
}

/** The question a private link opens; nothing at all for a token that is not one of its links. */
export async function readQuickQuestion(
  questions: Pick<QuickQuestions, 'getByTokenHash'>,
  token: string,
): Promise<QuickQuestion | undefined> {
  return isReadingToken(token) ? questions.getByTokenHash(tokenHashOf(token)) : undefined;
}

export interface AnswerQuickQuestionDeps {
  readonly questions: QuickQuestions;
  readonly audit: Pick<AuditLog, 'record'>;
  /** The "your answer is ready" e-mail: claimed, sent and recorded once, as every message. */
  readonly messages: Pick<MessageStore, 'claimSending' | 'recordSent'>;
  readonly messenger: Pick<Messenger, 'sendEmail'>;
  /** One message a day to an address, as for self-referrals: the form is public (docs/messages.md). */
  readonly recipientLimits: RecipientLimits;
  /** The public site's origin (`https://…`), for the link in the e-mail. */
  readonly publicBaseUrl: string;
}

/** The message id of a question's one "your answer is ready" e-mail. */
const NOTICE_MESSAGE_ID = 'message.quick-answer-ready.1';

/**
 * Tells the asker their answer is ready, if they gave an address and have not been told: a new private link
 * (its hash kept beside the first), e-mailed once however often this runs. An address that has had a
 * message today is not e-mailed again (`withheld`); the answer still waits at the first link.
 */
async function tellTheAsker(
  deps: AnswerQuickQuestionDeps,
  question: QuickQuestion,
  now: Date,
): Promise<void> {
  const { questionId, email } = question;
  if (email === undefined || question.notice) return;
  const claim = await deps.messages.claimSending(questionId, NOTICE_MESSAGE_ID, now, SENDING_LEASE_MS);
  if (claim === 'in-progress') return;
  if (claim === 'sent') {
    await deps.questions.recordNotice(questionId, 'sent');
    return;
  }
  const granted = await deps.recipientLimits.take({
    recipientDayKey: recipientDayKey('email', email, localDateOf(now)),
    holder: `${questionId}/${NOTICE_MESSAGE_ID}`,
    expiresAt: new Date(now.getTime() + RECIPIENT_ALLOWANCE_KEPT_MS),
  });
  if (granted === 'refused') {
    await deps.questions.recordNotice(questionId, 'withheld');
    return;
  }
  const token = newReadingToken();
  await deps.questions.addLink(questionId, tokenHashOf(token));
  const link = `${deps.publicBaseUrl.replace(/\/$/, '')}${answerPath(token)}`;
  const sent = await deps.messenger.sendEmail({
    messageId: providerSideMessageId(questionId, NOTICE_MESSAGE_ID),
    caseId: questionId,
    purpose: 'quick-answer-ready',
    unsafeChannels: [],
    to: email,
    ...renderQuickAnswerReadyEmail(link),
  });
  await deps.messages.recordSent({
    caseId: questionId,
    messageId: NOTICE_MESSAGE_ID,
    channel: 'email',
    purpose: 'quick-answer-ready',
    sentAt: now,
    ...sent,
  });
  await deps.questions.recordNotice(questionId, 'sent');
}

/**
 * Answers a quick question once (docs/web-app.md, "Quick questions"), keyed by the answering form's key:
 * the same form sent again is the same answer, finishing whatever a first attempt left undone — its audit
 * entry (`quick-answer.<key>`, at the time first answered) and the e-mail to the asker. Another answer once
 * one is kept is refused, naming who gave the first.
 */
export async function answerQuickQuestion(
  deps: AnswerQuickQuestionDeps,
  questionId: string,
  answer: QuickAnswer,
  actor: Pick<Actor, 'role' | 'requestId'>,
): Promise<AnswerOutcome> {
  const outcome = await deps.questions.answer(questionId, answer);
  if (outcome.outcome !== 'answered') return outcome;
  const kept = outcome.question.answer;
  await deps.audit.record({
    caseId: questionId,
    user: kept.by,
    role: actor.role,
    action: 'changed',
    what: 'quick-question:answer',
    at: kept.at,
    entryId: `quick-answer.${kept.answerId}`,
    ...(actor.requestId === undefined ? {} : { requestId: actor.requestId }),
  });
  await tellTheAsker(deps, outcome.question, answer.at);
  return outcome;
}
