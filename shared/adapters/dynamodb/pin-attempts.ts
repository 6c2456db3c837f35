import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { lockoutWindowOf } from '../../domain/referrer-pin.ts';
import type { PinAttempts } from '../../ports/pin-attempts.ts';
import { TABLE_DESIGN } from '../../storage-layout/table-design.ts';

/** A day past its window's end: DynamoDB's TTL deletes within days, and a read never looks past the window. */
const KEPT_AFTER_WINDOW_SECONDS = 86_400;

const windowItemKey = (key: string, now: Date) => ({
  pk: `THPINFAIL#${key}`,
  sk: `WINDOW#${lockoutWindowOf(now).start.toISOString()}`,
});

/**
 * Failed attempts at the emergency line on the single table (docs/data-model.md): one item per key and window,
 * `THPINFAIL#<key>` / `WINDOW#<window start>`, with `failures` and the set of attempt ids counted, expiring
 * (TTL) a day after the window. Each failure is one atomic UpdateItem (ADD), conditional on its attempt id not
 * being in the set yet: concurrent failures are all counted, and a retried write counts nothing twice.
 */
export class DynamoDbPinAttempts implements PinAttempts {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private async failuresOf(key: string, now: Date): Promise<number> {
    const found = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: windowItemKey(key, now),
        ProjectionExpression: 'failures',
        ConsistentRead: true,
      }),
    );
    return Number(found.Item?.failures ?? 0);
  }

  async failures(keys: readonly string[], now: Date): Promise<number> {
    const counts = await Promise.all(keys.map((key) => this.failuresOf(key, now)));
    return Math.max(0, ...counts);
  }

  private async countOnce(key: string, attemptId: string, now: Date): Promise<number> {
    const expiresAt = Math.floor(lockoutWindowOf(now).end.getTime() / 1000) + KEPT_AFTER_WINDOW_SECONDS;
    try {
      const updated = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: windowItemKey(key, now),
          UpdateExpression: 'SET itemType = :type, #expires = :expires ADD failures :one, attempts :attempt',
          ConditionExpression: 'attribute_not_exists(attempts) OR NOT contains(attempts, :id)',
          ExpressionAttributeNames: { '#expires': TABLE_DESIGN.timeToLiveAttribute },
          ExpressionAttributeValues: {
            ':type': 'th-pin-failures',
            ':expires': expiresAt,
            ':one': 1,
            ':attempt': new Set([attemptId]),
            ':id': attemptId,
          },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return Number(updated.Attributes?.failures ?? 0);
    } catch (error) {
      // Already counted: this is a retry of a write that reached the table.
      if ((error as Error).name === 'ConditionalCheckFailedException') return this.failuresOf(key, now);
      throw error;
    }
  }

  async recordFailure(keys: readonly string[], attemptId: string, now: Date): Promise<number> {
    const counts = await Promise.all(keys.map((key) => this.countOnce(key, attemptId, now)));
    return Math.max(0, ...counts);
  }
}
