import { DeleteCommand, type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { searchKey } from '../../shared/adapters/dynamodb/case-search.ts';
import { phoneTermOf } from '../../shared/domain/case-search.ts';

/**
 * Deletes a number's phone search keys from a table, leaving a case as an intake from before phone keys
 * were written would have stored it (test set-up only: the service never deletes).
 */
export async function dropPhoneKeysOnDynamoDb(
  client: DynamoDBDocumentClient,
  tableName: string,
  e164: string,
): Promise<void> {
  const { pk } = searchKey(phoneTermOf(e164), '');
  const { Items = [] } = await client.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk },
    }),
  );
  for (const item of Items)
    await client.send(new DeleteCommand({ TableName: tableName, Key: { pk: item.pk, sk: item.sk } }));
}
