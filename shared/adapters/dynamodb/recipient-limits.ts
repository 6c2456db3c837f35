import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { RecipientAllowance, RecipientLimits } from '../../ports/recipient-limits.ts';
import { TABLE_DESIGN } from '../../storage-layout/table-design.ts';

const allowanceKey = (recipientDayKey: string) => ({
  pk: `RECIPIENTDAY#${recipientDayKey}`,
  sk: 'ALLOWANCE',
});

/**
 * Recipients' daily allowances on the single table (docs/data-model.md): one item per recipient and day,
 * `RECIPIENTDAY#<hash of day, channel and recipient>` / `ALLOWANCE`, holding the message that took it and
 * expiring (TTL) two days on. Taking it is one conditional PutItem: free, or already this holder's.
 */
export class DynamoDbRecipientLimits implements RecipientLimits {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async take(allowance: RecipientAllowance): Promise<'granted' | 'refused'> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...allowanceKey(allowance.recipientDayKey),
            itemType: 'recipient-allowance',
            holder: allowance.holder,
            [TABLE_DESIGN.timeToLiveAttribute]: Math.ceil(allowance.expiresAt.getTime() / 1000),
          },
          ConditionExpression: 'attribute_not_exists(pk) OR holder = :holder',
          ExpressionAttributeValues: { ':holder': allowance.holder },
        }),
      );
      return 'granted';
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return 'refused';
      throw error;
    }
  }
}
