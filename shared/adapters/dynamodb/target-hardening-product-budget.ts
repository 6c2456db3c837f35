import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { ProductBudgetStore } from '../../ports/target-hardening.ts';

const budgetKey = (financialYear: string) => ({ pk: `THBUDGET#${financialYear}`, sk: 'BUDGET' });

/**
 * The transaction item that spends a visit's items from the year's product budget (the job store writes it
 * with the visit): only while what is spent stays within the annual budget.
 */
export const spendFromBudget = (
  tableName: string,
  financialYear: string,
  costPence: number,
  annualBudgetPence: number,
) => ({
  TableName: tableName,
  Key: budgetKey(financialYear),
  UpdateExpression: 'SET spentPence = if_not_exists(spentPence, :zero) + :cost',
  ConditionExpression: '(attribute_not_exists(spentPence) AND :zero <= :room) OR spentPence <= :room',
  ExpressionAttributeValues: {
    ':zero': 0,
    ':cost': costPence,
    ':room': annualBudgetPence - costPence,
  },
});

/** Each financial year's product spend on the single table (docs/data-model.md): `THBUDGET#<year>`. */
export class DynamoDbProductBudgetStore implements ProductBudgetStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async productSpend(financialYear: string): Promise<number> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: budgetKey(financialYear), ConsistentRead: true }),
    );
    return Number(result.Item?.spentPence ?? 0);
  }
}
