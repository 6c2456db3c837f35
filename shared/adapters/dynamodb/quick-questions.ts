import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { DateTime } from 'luxon';
import { localDateOf, SERVICE_TIME_ZONE } from '../../domain/calendar.ts';
import type { QuickAnswer, QuickQuestion, QuickQuestionCounts } from '../../domain/quick-questions.ts';
import type { AnswerOutcome, QuickQuestions } from '../../ports/quick-questions.ts';

/** The question's item (docs/data-model.md: quick question). */
const questionKey = (questionId: string) => ({ pk: `QUICK_QUESTION#${questionId}`, sk: 'QUESTION' });
/** A private link's item: the SHA-256 of its token, naming the question. */
const linkKey = (tokenHash: string) => ({ pk: `QUICK_QUESTION_LINK#${tokenHash}`, sk: 'LINK' });

/** The gsi1 partition of the questions waiting for an answer. */
const UNANSWERED = 'QUICK_QUESTIONS#UNANSWERED';
const askedOn = (day: string) => `QUICK_QUESTIONS_ASKED#${day}`;
const answeredOn = (day: string) => `QUICK_QUESTIONS_ANSWERED#${day}`;

/** Days read at once for a period. */
const DAYS_AT_ONCE = 8;

type Answered = QuickQuestion & { readonly answer: QuickAnswer };

function questionOf(item: Record<string, unknown>): QuickQuestion {
  const answer = item.answer as Record<string, unknown> | undefined;
  return {
    questionId: String(item.questionId),
    question: String(item.question),
    askedAt: new Date(String(item.askedAt)),
    ...(item.email === undefined ? {} : { email: String(item.email) }),
    ...(item.notice === undefined ? {} : { notice: item.notice as 'sent' | 'withheld' }),
    ...(answer
      ? {
          answer: {
            answerId: String(answer.answerId),
            text: String(answer.text),
            by: String(answer.by),
            at: new Date(String(answer.at)),
          },
        }
      : {}),
  };
}

/** The local dates a period `[from, to)` touches, in order. */
function localDays(from: Date, to: Date): string[] {
  const days: string[] = [];
  for (
    let day = DateTime.fromJSDate(from, { zone: SERVICE_TIME_ZONE }).startOf('day');
    day.toJSDate() < to;
    day = day.plus({ days: 1 })
  )
    days.push(day.toISODate() as string);
  return days;
}

const isConditionFailure = (error: unknown) =>
  ['ConditionalCheckFailedException', 'TransactionCanceledException'].includes((error as Error).name);

/**
 * Quick questions on the single table: each question under its own partition, on `gsi1` while it waits for
 * an answer (newest first), on `gsi2` by the local date it was asked and, once answered, on `gsi3` by the
 * date it was answered; each private link an item keyed by its token's hash.
 */
export class DynamoDbQuickQuestions implements QuickQuestions {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async ask(question: QuickQuestion, tokenHash: string): Promise<'asked' | 'already-asked'> {
    const askedAt = question.askedAt.toISOString();
    const order = `${askedAt}#${question.questionId}`;
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...questionKey(question.questionId),
                  itemType: 'quick-question',
                  questionId: question.questionId,
                  question: question.question,
                  askedAt,
                  ...(question.email === undefined ? {} : { email: question.email }),
                  gsi1pk: UNANSWERED,
                  gsi1sk: order,
                  gsi2pk: askedOn(localDateOf(question.askedAt)),
                  gsi2sk: order,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...linkKey(tokenHash),
                  itemType: 'quick-question-link',
                  questionId: question.questionId,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
      return 'asked';
    } catch (error) {
      if (isConditionFailure(error)) return 'already-asked';
      throw error;
    }
  }

  async get(questionId: string): Promise<QuickQuestion | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: questionKey(questionId), ConsistentRead: true }),
    );
    return result.Item ? questionOf(result.Item) : undefined;
  }

  async getByTokenHash(tokenHash: string): Promise<QuickQuestion | undefined> {
    const link = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: linkKey(tokenHash), ConsistentRead: true }),
    );
    return link.Item ? this.get(String(link.Item.questionId)) : undefined;
  }

  async addLink(questionId: string, tokenHash: string): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...linkKey(tokenHash), itemType: 'quick-question-link', questionId },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  async answer(questionId: string, answer: QuickAnswer): Promise<AnswerOutcome> {
    const at = answer.at.toISOString();
    try {
      const result = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: questionKey(questionId),
          UpdateExpression: 'SET answer = :answer, gsi3pk = :day, gsi3sk = :order REMOVE gsi1pk, gsi1sk',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(answer)',
          ExpressionAttributeValues: {
            ':answer': { answerId: answer.answerId, text: answer.text, by: answer.by, at },
            ':day': answeredOn(localDateOf(answer.at)),
            ':order': `${at}#${questionId}`,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return { outcome: 'answered', question: questionOf(result.Attributes ?? {}) as Answered };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    const kept = await this.get(questionId);
    if (!kept?.answer) return { outcome: 'not-found' };
    const outcome = kept.answer.answerId === answer.answerId ? 'answered' : 'already-answered';
    return { outcome, question: kept as Answered };
  }

  async listUnanswered(limit: number): Promise<QuickQuestion[]> {
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :unanswered',
        ExpressionAttributeValues: { ':unanswered': UNANSWERED },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (result.Items ?? []).map(questionOf);
  }

  async recordNotice(questionId: string, notice: 'sent' | 'withheld'): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: questionKey(questionId),
          UpdateExpression: 'SET notice = :notice REMOVE email',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':notice': notice },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  async countInPeriod(from: Date, to: Date): Promise<QuickQuestionCounts> {
    const count = async (index: 'gsi2' | 'gsi3', partition: string): Promise<number> => {
      let total = 0;
      let start: Record<string, unknown> | undefined;
      do {
        const page = await this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: index,
            KeyConditionExpression: `${index}pk = :day AND ${index}sk BETWEEN :from AND :to`,
            ExpressionAttributeValues: {
              ':day': partition,
              // `<instant>#<id>`: an item at `from` sorts after it, one at `to` after `to` too, so is left out.
              ':from': from.toISOString(),
              ':to': to.toISOString(),
            },
            Select: 'COUNT',
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        total += page.Count ?? 0;
        start = page.LastEvaluatedKey;
      } while (start);
      return total;
    };
    const days = localDays(from, to);
    let asked = 0;
    let answered = 0;
    // A few days at a time: a quarter is about 92 days, two queries each.
    for (let i = 0; i < days.length; i += DAYS_AT_ONCE) {
      const some = days.slice(i, i + DAYS_AT_ONCE);
      const [a, b] = await Promise.all([
        Promise.all(some.map((day) => count('gsi2', askedOn(day)))),
        Promise.all(some.map((day) => count('gsi3', answeredOn(day)))),
      ]);
      asked += a.reduce((x, y) => x + y, 0);
      answered += b.reduce((x, y) => x + y, 0);
    }
    return { asked, answered };
  }
}
