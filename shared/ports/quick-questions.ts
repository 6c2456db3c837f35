import type { QuickAnswer, QuickQuestion, QuickQuestionCounts } from '../domain/quick-questions.ts';

/** What answering a question did: the answer as kept, and whether it was this one. */
export type AnswerOutcome =
  | { readonly outcome: 'answered'; readonly question: QuickQuestion & { readonly answer: QuickAnswer } }
  /** Someone else's answer (another form) came first: it stands, and says who gave it and when. */
  | {
      readonly outcome: 'already-answered';
      readonly question: QuickQuestion & { readonly answer: QuickAnswer };
    }
  | { readonly outcome: 'not-found' };

/** The quick questions (docs/data-model.md): asked on the public pages, answered by staff. */
export interface QuickQuestions {
  /**
   * Keeps a new question with its first private link (the SHA-256 of the token, never the token), both or
   * neither: `already-asked` when its id was asked before (the same form sent again), and nothing changes.
   */
  ask(question: QuickQuestion, tokenHash: string): Promise<'asked' | 'already-asked'>;
  get(questionId: string): Promise<QuickQuestion | undefined>;
  /** The question a private link opens: undefined for any hash that is not one of its links. */
  getByTokenHash(tokenHash: string): Promise<QuickQuestion | undefined>;
  /** Another private link to a question (the one e-mailed when the answer is ready); kept once. */
  addLink(questionId: string, tokenHash: string): Promise<void>;
  /**
   * Answers a question once. The same answer again (its `answerId`) is `answered`, as first kept; any other
   * once one is kept is `already-answered`, with the kept one.
   */
  answer(questionId: string, answer: QuickAnswer): Promise<AnswerOutcome>;
  /** The questions not yet answered, newest first: read from an index, never by a Scan. */
  listUnanswered(limit: number): Promise<QuickQuestion[]>;
  /** Records what became of the "your answer is ready" e-mail and forgets the address. */
  recordNotice(questionId: string, notice: 'sent' | 'withheld'): Promise<void>;
  /** Questions asked, and questions answered, in `[from, to)`: read day by day from indexes. */
  countInPeriod(from: Date, to: Date): Promise<QuickQuestionCounts>;
}
