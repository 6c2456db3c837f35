import { randomUUID } from 'node:crypto';
import {
  answerPath,
  askQuickQuestion,
  readQuickQuestion,
} from '../../../shared/application/quick-questions.ts';
import { FORM_KEY_FIELD, isFormKey } from '../../../shared/domain/form-key.ts';
import {
  EMAIL_CHARS_MAX,
  QUESTION_WORDS_MAX,
  type QuestionFieldError,
  validateQuestion,
} from '../../../shared/domain/quick-questions.ts';
import type { Clock } from '../../../shared/ports/clock.ts';
import type { QuickQuestions } from '../../../shared/ports/quick-questions.ts';
import type { WebResponse } from '../../http.ts';
import { localDateTime } from '../../views.ts';
import { publicMessage, publicPage } from '../layout.ts';
import type { PublicRequest, PublicRoute } from '../routes.ts';

/** What the quick-question pages read and write. */
export interface QuickQuestionsPagesDeps {
  readonly clock: Clock;
  readonly quickQuestions: Pick<QuickQuestions, 'ask' | 'getByTokenHash'>;
}

const FORM_PATH = '/quick-questions';

/** Where each field's error links to. */
const ERROR_TARGET: Readonly<Record<QuestionFieldError['field'], string>> = {
  question: 'question',
  email: 'email',
};

/** A link that reveals nothing: the same page for a token never made, mistyped, or of the wrong shape. */
const notFound = (request: PublicRequest) =>
  publicMessage(
    request,
    404,
    'Page not found',
    ['If you typed the web address, check it is correct. If you copied it, check you copied all of it.'],
    { href: FORM_PATH, text: 'Ask a quick question' },
  );

/**
 * Quick questions (docs/web-app.md, "Quick questions"): anyone asks a short question, with no name and no
 * sign-in, optionally leaving an e-mail address to be told when it is answered; the page that confirms it
 * gives a private link, the only way to read the answer. A link that is not one shows nothing.
 */
export function createQuickQuestionsPages(deps: QuickQuestionsPagesDeps): PublicRoute[] {
  function form(
    request: PublicRequest,
    entered?: { values: Readonly<Record<string, string>>; errors: readonly QuestionFieldError[] },
  ): WebResponse {
    const errors = Object.fromEntries((entered?.errors ?? []).map((e) => [e.field, e.text]));
    return publicPage(
      request,
      'quick-question-ask',
      {
        title: 'Ask us a quick question',
        serviceUrl: FORM_PATH,
        action: FORM_PATH,
        // A new key for every drawing of the form: the question is asked once however often it is sent.
        formKey: randomUUID(),
        formKeyField: FORM_KEY_FIELD,
        values: entered?.values ?? {},
        errors,
        maxWords: QUESTION_WORDS_MAX,
        emailMax: EMAIL_CHARS_MAX,
        ...(entered?.errors.length
          ? { errorSummary: entered.errors.map((e) => ({ text: e.text, href: `#${ERROR_TARGET[e.field]}` })) }
          : {}),
      },
      entered?.errors.length ? 400 : 200,
    );
  }

  async function ask(request: PublicRequest): Promise<WebResponse> {
    const values = request.form;
    const checked = validateQuestion({ question: values.question, email: values.email });
    if (!checked.ok) return form(request, { values, errors: checked.errors });
    const key = values[FORM_KEY_FIELD];
    if (!isFormKey(key))
      return form(request, {
        values,
        errors: [
          {
            field: 'question',
            text: 'This form could not be matched to the page it came from. Send it again',
          },
        ],
      });
    const asked = await askQuickQuestion(deps.quickQuestions, {
      formKey: key,
      question: checked.question,
      ...(checked.email === undefined ? {} : { email: checked.email }),
      at: deps.clock.now(),
    });
    if (asked.outcome === 'already-asked')
      return publicMessage(
        request,
        409,
        'You have already sent this question',
        [
          'We received this question the first time you sent it. Use the private link we gave you then to read the answer.',
        ],
        { href: FORM_PATH, text: 'Ask another question' },
      );
    const path = answerPath(asked.token);
    // The browser's own origin for this site (sent with the form, and checked to be this site's).
    const origin = request.headers.origin;
    return publicPage(request, 'quick-question-asked', {
      title: 'Question sent',
      serviceUrl: FORM_PATH,
      path,
      link: origin ? `${origin}${path}` : path,
      email: checked.email !== undefined,
    });
  }

  async function answer(request: PublicRequest): Promise<WebResponse> {
    const question = await readQuickQuestion(deps.quickQuestions, request.params.token ?? '');
    if (!question) return notFound(request);
    return publicPage(request, 'quick-question-answer', {
      title: question.answer ? 'Your answer' : 'Your question has not been answered yet',
      serviceUrl: FORM_PATH,
      question: question.question,
      asked: localDateTime(question.askedAt),
      answer: question.answer && { text: question.answer.text, at: localDateTime(question.answer.at) },
    });
  }

  return [
    { method: 'GET', path: FORM_PATH, handler: async (request) => form(request) },
    { method: 'POST', path: FORM_PATH, handler: ask },
    { method: 'GET', path: '/quick-questions/answer/:token', handler: answer },
  ];
}
