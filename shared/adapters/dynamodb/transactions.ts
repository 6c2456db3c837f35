import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';

type TransactInput = ConstructorParameters<typeof TransactWriteCommand>[0];

/** How often a transaction cancelled only by another one in flight on the same items is tried again. */
const CONFLICT_ATTEMPTS = 6;

/** The cancellation code of each item of a cancelled transaction, in order (`None` where it did not fail). */
export function cancellationCodes(error: unknown): string[] | undefined {
  return error instanceof TransactionCanceledException
    ? (error.CancellationReasons ?? []).map((reason) => reason.Code ?? 'None')
    : undefined;
}

/**
 * Runs a write transaction, trying again while it is cancelled only because another transaction was
 * writing the same items (`TransactionConflict`, which the SDK does not retry). Two copies of one form sent
 * at the same moment meet here: the second, tried again, then fails its own condition (the record exists)
 * and is answered as a repeat rather than as an error.
 */
export async function transactWrite(client: DynamoDBDocumentClient, input: TransactInput): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await client.send(new TransactWriteCommand(input));
      return;
    } catch (error) {
      const codes = cancellationCodes(error) ?? [];
      const conflictOnly = codes.includes('TransactionConflict') && !codes.includes('ConditionalCheckFailed');
      if (!conflictOnly || attempt >= CONFLICT_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10 * 2 ** attempt * Math.random()));
    }
  }
}
