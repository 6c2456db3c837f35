import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ReturnSubmission } from '../../domain/reporting/return-timeliness.ts';
import type { ReturnSubmissions } from '../../ports/return-submissions.ts';
import { queryAll } from './query-all.ts';

const PARTITION = 'RETURN_SUBMISSIONS';
const keyOf = (quarter: string) => ({ pk: PARTITION, sk: `QUARTER#${quarter}` });

const submissionOf = (item: Record<string, unknown>): ReturnSubmission => ({
  quarter: item.quarter as string,
  submittedBy: item.submittedBy as string,
  submittedAt: new Date(item.submittedAt as string),
});

/**
 * Returns submitted, on the single table (docs/data-model.md): one partition, `RETURN_SUBMISSIONS`, an item
 * per quarter (`QUARTER#<quarter>`) written once with a conditional Put; a second marking reads the first
 * back. The partition holds four items a year, so it is read whole.
 */
export class DynamoDbReturnSubmissions implements ReturnSubmissions {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async markSubmitted(submission: ReturnSubmission) {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keyOf(submission.quarter),
            itemType: 'return-submission',
            quarter: submission.quarter,
            submittedBy: submission.submittedBy,
            submittedAt: submission.submittedAt.toISOString(),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { status: 'submitted' as const, submission };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const { Item } = await this.client.send(
        new GetCommand({ TableName: this.tableName, Key: keyOf(submission.quarter), ConsistentRead: true }),
      );
      if (!Item) throw error;
      return { status: 'already-submitted' as const, submission: submissionOf(Item) };
    }
  }

  async list(): Promise<ReturnSubmission[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': PARTITION },
      ConsistentRead: true,
      ScanIndexForward: false,
    });
    return items.map(submissionOf);
  }
}
