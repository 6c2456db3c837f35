import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { HardshipBudgetExceededError, type HardshipPayment } from '../../domain/hardship-fund.ts';
import type { HardshipFund } from '../../ports/hardship-fund.ts';
import { cancellationCodes, transactWrite } from './transactions.ts';

const budgetKey = (financialYear: string) => ({ pk: `HARDSHIP#${financialYear}`, sk: 'BUDGET' });

/**
 * The fund on the single table: one budget item per financial year (`spentPence`, raised only while it
 * stays within the budget) and each payment under its case, written in one transaction that holds only if
 * the payment is new: a payment sent twice spends the budget once.
 */
export class DynamoDbHardshipFund implements HardshipFund {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async pay(payment: HardshipPayment, budgetPence: number): Promise<'paid' | 'already-paid'> {
    try {
      await transactWrite(this.client, {
        TransactItems: [
          {
            Update: {
              TableName: this.tableName,
              Key: budgetKey(payment.financialYear),
              UpdateExpression: 'SET spentPence = if_not_exists(spentPence, :zero) + :amount',
              ConditionExpression:
                '(attribute_not_exists(spentPence) AND :zero <= :room) OR spentPence <= :room',
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
      });
      return 'paid';
    } catch (error) {
      const [budgetCode, paymentCode] = cancellationCodes(error) ?? [];
      // Paid already (whatever the budget now says): the repeat is answered as the first was.
      if (paymentCode === 'ConditionalCheckFailed') return 'already-paid';
      if (budgetCode === 'ConditionalCheckFailed') {
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
