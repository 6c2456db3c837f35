import { createHash, randomBytes } from 'node:crypto';

/**
 * Quick questions (docs/web-app.md, "Quick questions"): anyone asks a short question on the public pages,
 * without a case or a name; a caseworker or team leader answers it once; the asker reads the answer at a
 * private link that only they were given. Nothing one visitor submits is ever shown to another.
 */

/** The most words a question may have: a quick question, not a referral. */
export const QUESTION_WORDS_MAX = 150;
/** A question's characters at most, whatever its words (150 long words still fit). */
export const QUESTION_CHARS_MAX = 1500;
/** The most characters an answer may have. */
export const ANSWER_CHARS_MAX = 3000;
/** An e-mail address's characters at most (RFC 5321's path limit). */
export const EMAIL_CHARS_MAX = 254;

/** One question as kept. `email` is kept only until the asker has been told their answer is ready. */
export interface QuickQuestion {
  /** `QQ-` and the form's key (a UUID drawn when the form was drawn): the same form sent twice asks once. */
  readonly questionId: string;
  readonly question: string;
  readonly askedAt: Date;
  /** Where to say the answer is ready, if the asker wanted telling; removed once they have been. */
  readonly email?: string;
  readonly answer?: QuickAnswer;
  /** What became of the "your answer is ready" e-mail: `sent`, or `withheld` (the address had one today). */
  readonly notice?: 'sent' | 'withheld';
}

/** The one answer to a question. */
export interface QuickAnswer {
  /** The answering form's key: the same form sent again is the same answer. */
  readonly answerId: string;
  readonly text: string;
  /** The staff member's sign-in id. */
  readonly by: string;
  readonly at: Date;
}

const QUESTION_ID = /^QQ-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Whether a value is a question id (`QQ-` and a version-4 UUID). */
export const isQuestionId = (value: unknown): value is string =>
  typeof value === 'string' && QUESTION_ID.test(value);

/** The question id a form's key gives. */
export const questionIdOf = (formKey: string): string => `QQ-${formKey}`;

/**
 * A new private link's token: 32 random bytes (256 bits), base64url. It is shown to the asker once (and
 * e-mailed, if they asked) and never stored: the store keeps its SHA-256 only.
 */
export const newReadingToken = (): string => randomBytes(32).toString('base64url');

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** Whether a value has the shape of a token this service made (anything else is looked up nowhere). */
export const isReadingToken = (value: unknown): value is string =>
  typeof value === 'string' && TOKEN.test(value);

/** The hash a token is kept and looked up by. */
export const tokenHashOf = (token: string): string => createHash('sha256').update(token).digest('hex');

/** The words of a text, as a reader counts them (GOV.UK's character count component counts the same). */
export const wordsIn = (text: string): number => text.split(/\s+/).filter(Boolean).length;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export type QuestionField = 'question' | 'email';
export interface QuestionFieldError {
  readonly field: QuestionField;
  readonly text: string;
}

/** A question as the public form sends it, checked: its words, and the e-mail address if one was given. */
export function validateQuestion(input: {
  readonly question?: string | undefined;
  readonly email?: string | undefined;
}):
  | { readonly ok: true; readonly question: string; readonly email?: string }
  | { readonly ok: false; readonly errors: QuestionFieldError[] } {
  const errors: QuestionFieldError[] = [];
  const question = (input.question ?? '').trim();
  const email = (input.email ?? '').trim();
  const add = (field: QuestionField, text: string) => errors.push({ field, text });
  if (question === '') add('question', 'Enter your question');
  else if (wordsIn(question) > QUESTION_WORDS_MAX)
    add('question', `Your question must be ${QUESTION_WORDS_MAX} words or fewer`);
  else if (question.length > QUESTION_CHARS_MAX)
    add('question', `Your question must be ${QUESTION_CHARS_MAX} characters or fewer`);
  if (email !== '' && (email.length > EMAIL_CHARS_MAX || !EMAIL.test(email)))
    add('email', 'Enter an email address in the correct format, like name@example.org');
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, question, ...(email ? { email } : {}) };
}

/** An answer as a member of staff types it, checked. */
export function validateAnswer(
  text: string | undefined,
): { readonly ok: true; readonly text: string } | { readonly ok: false; readonly error: string } {
  const answer = (text ?? '').trim();
  if (answer === '') return { ok: false, error: 'Enter an answer' };
  if (answer.length > ANSWER_CHARS_MAX)
    return { ok: false, error: `The answer must be ${ANSWER_CHARS_MAX} characters or fewer` };
  return { ok: true, text: answer };
}

/** How many quick questions were asked and answered in a period (the quarterly return). */
export interface QuickQuestionCounts {
  readonly asked: number;
  readonly answered: number;
}
