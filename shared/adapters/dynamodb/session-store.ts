import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
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
 * `endsAt` for the exact instant (TTL deletion lags by up to days). Signing out deletes the item; reads
 * are consistent, so a cookie replayed a moment after signing out finds nothing.
 */
export class DynamoDbSessionStore implements SessionStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async open(session: OpenedSession): Promise<void> {
    // A re-sent put writes the same item again: idempotent.
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
      }),
    );
  }

  async isOpen(user: string, sessionId: string, now: Date): Promise<boolean> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keyOf(user, sessionId),
        ConsistentRead: true,
        ProjectionExpression: 'endsAt',
      }),
    );
    return typeof Item?.endsAt === 'string' && now.getTime() < Date.parse(Item.endsAt);
  }

  async end(user: string, sessionId: string): Promise<void> {
    await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: keyOf(user, sessionId) }));
  }

  async endAllFor(user: string): Promise<number> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': partitionOf(user), ':prefix': SESSION_PREFIX },
      ProjectionExpression: 'pk, sk',
      ConsistentRead: true,
    });
    let ended = 0;
    for (const item of items) {
      // ALL_OLD: only the delete that removed the item counts it, however many run at once.
      const { Attributes } = await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { pk: item.pk, sk: item.sk },
          ReturnValues: 'ALL_OLD',
        }),
      );
      if (Attributes) ended++;
    }
    return ended;
  }
}
