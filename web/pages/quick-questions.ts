import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import {
  type AnswerQuickQuestionDeps,
  answerQuickQuestion,
} from '../../shared/application/quick-questions.ts';
import { FORM_KEY_FIELD, FORM_KEY_MESSAGE, isFormKey } from '../../shared/domain/form-key.ts';
import {
  ANSWER_CHARS_MAX,
  isQuestionId,
  type QuickQuestion,
  validateAnswer,
} from '../../shared/domain/quick-questions.ts';
import type { AuditLog } from '../../shared/ports/audit-log.ts';
import type { Clock } from '../../shared/ports/clock.ts';
import { redirect, type WebResponse } from '../http.ts';
import { localDateTime } from '../views.ts';
import { actorOf, type PageKit, type SignedInContext } from './page-kit.ts';

/** What the staff's quick-question pages read and write. */
export interface QuickQuestionPagesDeps extends Omit<AnswerQuickQuestionDeps, 'publicBaseUrl'> {
  readonly audit: Pick<AuditLog, 'record'>;
  readonly clock: Clock;
  /** The public site's origin; absent on the local system, which serves the public pages at its own. */
  readonly publicBaseUrl?: string;
}

/** The most unanswered questions the list shows at once, newest first. */
export const UNANSWERED_SHOWN = 50;

const questionPath = (questionId: string) => `/questions/${encodeURIComponent(questionId)}`;

/** How long ago, in words ("3 hours ago", "just now" within the minute), from now. */
const ageOf = (at: Date, now: Date) =>
  now.getTime() - at.getTime() < 60_000
    ? 'just now'
    : (DateTime.fromJSDate(at).toRelative({ base: DateTime.fromJSDate(now), locale: 'en-GB' }) ?? '');

/**
 * Quick questions for caseworkers and team leaders (docs/web-app.md, "Quick questions"): the unanswered
 * ones, newest first with their age, and a page answering one — once: a second person is told who answered.
 * Each question opened or answered is audited under its id.
 */
export function createQuickQuestionPages(kit: PageKit, deps: QuickQuestionPagesDeps) {
  async function list(ctx: SignedInContext): Promise<WebResponse> {
    const now = deps.clock.now();
    const waiting = await deps.questions.listUnanswered(UNANSWERED_SHOWN);
    return kit.render(ctx, 'quick-questions', {
      title: 'Quick questions',
      banner: ctx.request.query.answered === '1' ? 'Answer saved.' : undefined,
      shown: UNANSWERED_SHOWN,
      rows: waiting.map((q) => ({
        href: questionPath(q.questionId),
        asked: localDateTime(q.askedAt),
        age: ageOf(q.askedAt, now),
        question: q.question,
      })),
    });
  }

  function notFound(ctx: SignedInContext): WebResponse {
    return kit.message(ctx, 404, 'Question not found', ['There is no quick question at this address.'], {
      href: '/questions',
      text: 'Back to the quick questions',
    });
  }

  async function questionPage(
    ctx: SignedInContext,
    question: QuickQuestion,
    form?: { values: Readonly<Record<string, string>>; error: string; status: number },
  ): Promise<WebResponse> {
    const { answer } = question;
    return kit.render(
      ctx,
      'quick-question',
      {
        title: answer ? 'Answered question' : 'Answer a quick question',
        action: `${questionPath(question.questionId)}/answer`,
        question: question.question,
        asked: localDateTime(question.askedAt),
        age: ageOf(question.askedAt, deps.clock.now()),
        wantsEmail: question.email !== undefined || question.notice !== undefined,
        answered: answer && { text: answer.text, by: answer.by, at: localDateTime(answer.at) },
        // A new key for every drawing of the form: the answer is saved once however often it is sent.
        formKey: randomUUID(),
        answerMax: ANSWER_CHARS_MAX,
        values: form?.values ?? {},
        ...(form ? { error: form.error, errorSummary: [{ text: form.error, href: '#answer' }] } : {}),
      },
      form?.status ?? 200,
    );
  }

  async function page(ctx: SignedInContext, questionId: string): Promise<WebResponse> {
    const question = isQuestionId(questionId) ? await deps.questions.get(questionId) : undefined;
    if (!question) return notFound(ctx);
    await kit.audit(ctx, questionId, 'viewed', 'quick-question');
    return questionPage(ctx, question);
  }

  async function answerPost(ctx: SignedInContext, questionId: string): Promise<WebResponse> {
    const question = isQuestionId(questionId) ? await deps.questions.get(questionId) : undefined;
    if (!question) return notFound(ctx);
    const { form } = ctx.request;
    const checked = validateAnswer(form.answer);
    if (!checked.ok) return questionPage(ctx, question, { values: form, error: checked.error, status: 400 });
    const key = form[FORM_KEY_FIELD];
    if (!isFormKey(key))
      return questionPage(ctx, question, { values: form, error: FORM_KEY_MESSAGE, status: 400 });
    // On the local system the public pages are this server's own (http://127.0.0.1:<port>).
    const publicBaseUrl = deps.publicBaseUrl ?? `http://${ctx.request.headers.host ?? '127.0.0.1'}`;
    const outcome = await answerQuickQuestion(
      { ...deps, publicBaseUrl },
      questionId,
      { answerId: key, text: checked.text, by: ctx.session.user, at: deps.clock.now() },
      actorOf(ctx),
    );
    if (outcome.outcome === 'not-found') return notFound(ctx);
    if (outcome.outcome === 'already-answered') {
      const first = outcome.question.answer;
      return kit.message(
        ctx,
        409,
        'This question has already been answered',
        [
          `${first.by} answered it at ${localDateTime(first.at)}. A question is answered once, so your answer was not saved.`,
        ],
        { href: questionPath(questionId), text: 'See their answer' },
      );
    }
    return redirect('/questions?answered=1');
  }

  return {
    list,
    page,
    answer: answerPost,
    /** The question a refusal is audited against: only an id that can be one. */
    questionIdOf: (questionId: string) => (isQuestionId(questionId) ? questionId : undefined),
  };
}
