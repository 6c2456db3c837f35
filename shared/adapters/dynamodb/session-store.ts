import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { OpenedSession, SessionStore } from '../../ports/session-store.ts';
import { queryAll } from './query-all.ts';

/** A person's sessions share one partition, so ending all of them is one query away. */
const partitionOf = (user: string) => `STAFF#${user}`;
const SESSION_PREFIX = 'SESSION#';
const keyOf = (user: string, sessionId: string) => ({
  pk: partitionOf(user),
  sk: `${SESSION_PREFIX}${sessionId}`,
});

/**
 * The web app's sessions on the single table (docs/data-model.md): one item per session under the
 * person, `expiresAt` (TTL, epoch seconds) at the session's absolute end so DynamoDB removes it, and
 * `endsAt` for the exact instant (TTL deletion lags by up to days). Signing out marks the item `endedAt`
 * (no function of the service deletes items: docs/infrastructure.md) and TTL removes it later; reads are
 * consistent, so a cookie replayed a moment after signing out finds its session ended.
 */
export class DynamoDbSessionStore implements SessionStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async open(session: OpenedSession): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keyOf(session.user, session.sessionId),
            itemType: 'session',
            user: session.user,
            issuedAt: session.issuedAt.toISOString(),
            endsAt: session.expiresAt.toISOString(),
            expiresAt: Math.ceil(session.expiresAt.getTime() / 1000),
          },
          // Written once: a retried put changes nothing, and never opens again a session ended since.
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    }
  }

  async isOpen(user: string, sessionId: string, now: Date): Promise<boolean> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keyOf(user, sessionId),
        ConsistentRead: true,
        ProjectionExpression: 'endsAt, endedAt',
      }),
    );
    return (
      typeof Item?.endsAt === 'string' &&
      Item.endedAt === undefined &&
      now.getTime() < Date.parse(Item.endsAt)
    );
  }

  /** Marks the session ended, once: whether this call ended it (false when it was ended, or never opened). */
  private async markEnded(key: { pk: string; sk: string }): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: 'SET endedAt = :now',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(endedAt)',
          ExpressionAttributeValues: { ':now': new Date().toISOString() },
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  async end(user: string, sessionId: string): Promise<void> {
    await this.markEnded(keyOf(user, sessionId));
  }

  async endAllFor(user: string): Promise<number> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': partitionOf(user), ':prefix': SESSION_PREFIX },
      FilterExpression: 'attribute_not_exists(endedAt)',
      ProjectionExpression: 'pk, sk',
      ConsistentRead: true,
    });
    let ended = 0;
    // Conditional: only the call that marked a session ended counts it, however many run at once.
    for (const item of items) if (await this.markEnded({ pk: String(item.pk), sk: String(item.sk) })) ended++;
    return ended;
  }
}
