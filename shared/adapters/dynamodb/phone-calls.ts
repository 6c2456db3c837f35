import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { MatchedCall } from '../../domain/phone-call.ts';
import type { PhoneCalls } from '../../ports/phone-calls.ts';
import { TABLE_DESIGN } from '../../storage-layout/table-design.ts';

/** Thirty days: a call's contact events come within minutes; after that the match is of no use. */
const KEPT_SECONDS = 30 * 86_400;

const callKey = (contactId: string) => ({ pk: `CALL#${contactId}`, sk: 'CALL' });

/**
 * The 0800 line's matched calls on the single table (docs/data-model.md): `CALL#<contactId>` / `CALL`, with
 * the case id, the caseworker's id and when it was matched, expiring (TTL) after 30 days. Written once
 * (conditional Put): a retried invocation keeps the first match.
 */
export class DynamoDbPhoneCalls implements PhoneCalls {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async recordMatch(call: MatchedCall): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...callKey(call.contactId),
            itemType: 'matched-call',
            caseId: call.caseId,
            ...(call.caseworker === undefined ? {} : { caseworker: call.caseworker }),
            matchedAt: call.matchedAt.toISOString(),
            [TABLE_DESIGN.timeToLiveAttribute]: Math.floor(call.matchedAt.getTime() / 1000) + KEPT_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async matchOf(contactId: string): Promise<MatchedCall | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: callKey(contactId), ConsistentRead: true }),
    );
    if (!Item) return undefined;
    return {
      contactId,
      caseId: String(Item.caseId),
      ...(typeof Item.caseworker === 'string' ? { caseworker: Item.caseworker } : {}),
      matchedAt: new Date(String(Item.matchedAt)),
    };
  }
}
