import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  HardshipBudgetExceededError,
  type HardshipFund,
  type HardshipPayment,
} from '../../ports/hardship-fund.ts';

const budgetKey = (financialYear: string) => ({ pk: `HARDSHIP#${financialYear}`, sk: 'BUDGET' });

/**
 * The fund on the single table: one budget item per financial year (`spentPence`, raised only while it
 * stays within the budget) and each payment under its case, written in one transaction.
 */
export class DynamoDbHardshipFund implements HardshipFund {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async pay(payment: HardshipPayment, budgetPence: number): Promise<void> {
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: budgetKey(payment.financialYear),
                UpdateExpression: 'SET spentPence = if_not_exists(spentPence, :zero) + :amount',
                ConditionExpression: 'attribute_not_exists(spentPence) OR spentPence <= :room',
                ExpressionAttributeValues: {
                  ':zero': 0,
                  ':amount': payment.amountPence,
                  ':room': budgetPence - payment.amountPence,
                },
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  pk: `CASE#${payment.caseId}`,
                  sk: `HARDSHIP#${payment.paymentId}`,
                  itemType: 'hardship-payment',
                  ...payment,
                  paidAt: payment.paidAt.toISOString(),
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
    } catch (error) {
      if (
        error instanceof TransactionCanceledException &&
        error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed'
      ) {
        throw new HardshipBudgetExceededError(
          `the ${payment.financialYear} hardship budget has not enough left for this payment`,
        );
      }
      throw error;
    }
  }

  async spent(financialYear: string): Promise<number> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: budgetKey(financialYear), ConsistentRead: true }),
    );
    return Number(result.Item?.spentPence ?? 0);
  }

  async paymentsOf(caseId: string): Promise<HardshipPayment[]> {
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :hardship)',
        ExpressionAttributeValues: { ':pk': `CASE#${caseId}`, ':hardship': 'HARDSHIP#' },
      }),
    );
    return (result.Items ?? [])
      .map((item) => ({ ...(item as HardshipPayment), paidAt: new Date(String(item.paidAt)) }))
      .map(
        ({ pk: _pk, sk: _sk, itemType: _t, ...rest }: HardshipPayment & Record<string, unknown>) =>
          rest as HardshipPayment,
      )
      .sort((a, b) => a.paidAt.getTime() - b.paidAt.getTime());
  }
}
