import type { QuickAnswer, QuickQuestion, QuickQuestionCounts } from '../../domain/quick-questions.ts';
import type { AnswerOutcome, QuickQuestions } from '../../ports/quick-questions.ts';
import { kept } from './kept.ts';

type Answered = QuickQuestion & { readonly answer: QuickAnswer };

/** The quick questions in memory: the DynamoDB store's twin, held to test/contract/quick-questions.test.ts. */
export class InMemoryQuickQuestions implements QuickQuestions {
  private readonly questions = new Map<string, QuickQuestion>();
  private readonly links = new Map<string, string>();

  async ask(question: QuickQuestion, tokenHash: string): Promise<'asked' | 'already-asked'> {
    const copy = kept(question);
    if (this.questions.has(question.questionId) || this.links.has(tokenHash)) return 'already-asked';
    this.questions.set(question.questionId, copy);
    this.links.set(tokenHash, question.questionId);
    return 'asked';
  }

  async get(questionId: string): Promise<QuickQuestion | undefined> {
    const found = this.questions.get(questionId);
    return found && kept(found);
  }

  async getByTokenHash(tokenHash: string): Promise<QuickQuestion | undefined> {
    const questionId = this.links.get(tokenHash);
    return questionId === undefined ? undefined : this.get(questionId);
  }

  async addLink(questionId: string, tokenHash: string): Promise<void> {
    if (!this.links.has(tokenHash)) this.links.set(tokenHash, questionId);
  }

  async answer(questionId: string, answer: QuickAnswer): Promise<AnswerOutcome> {
    const found = this.questions.get(questionId);
    if (!found) return { outcome: 'not-found' };
    if (found.answer) {
      const outcome = found.answer.answerId === answer.answerId ? 'answered' : 'already-answered';
      return { outcome, question: kept(found) as Answered };
    }
    const answered: Answered = { ...found, answer: kept(answer) };
    this.questions.set(questionId, answered);
    return { outcome: 'answered', question: kept(answered) };
  }

  async listUnanswered(limit: number): Promise<QuickQuestion[]> {
    return [...this.questions.values()]
      .filter((q) => !q.answer)
      .sort((a, b) => b.askedAt.getTime() - a.askedAt.getTime() || (a.questionId < b.questionId ? 1 : -1))
      .slice(0, limit)
      .map(kept);
  }

  async recordNotice(questionId: string, notice: 'sent' | 'withheld'): Promise<void> {
    const found = this.questions.get(questionId);
    if (!found) return;
    const { email: _email, ...rest } = found;
    this.questions.set(questionId, { ...rest, notice });
  }

  async countInPeriod(from: Date, to: Date): Promise<QuickQuestionCounts> {
    const within = (at: Date) => at >= from && at < to;
    const all = [...this.questions.values()];
    return {
      asked: all.filter((q) => within(q.askedAt)).length,
      answered: all.filter((q) => q.answer && within(q.answer.at)).length,
    };
  }
}
