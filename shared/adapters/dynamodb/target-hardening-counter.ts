import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';

/**
 * The next number of a target-hardening counter (`COUNTER` / `th-referral` or `th-job`, one atomic ADD):
 * referrals are numbered from 100001 (referralNumberOf), jobs from TH-1001 (jobIdOf).
 */
export async function nextNumber(
  client: DynamoDBDocumentClient,
  tableName: string,
  counter: 'th-referral' | 'th-job',
): Promise<number> {
  const result = await client.send(
    new UpdateCommand({
      TableName: tableName,
      Key: { pk: 'COUNTER', sk: counter },
      UpdateExpression: 'ADD #n :one',
      ExpressionAttributeNames: { '#n': 'n' },
      ExpressionAttributeValues: { ':one': 1 },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  // Jobs are numbered from TH-1001, referrals from 100001.
  return Number(result.Attributes?.n) + (counter === 'th-job' ? 1000 : 0);
}

/** Whether a cancelled transaction was cancelled by the condition of its item at `index`. */
export const failedAt = (error: unknown, index: number) =>
  error instanceof TransactionCanceledException &&
  error.CancellationReasons?.[index]?.Code === 'ConditionalCheckFailed';
