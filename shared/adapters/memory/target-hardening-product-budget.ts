import type { ProductBudgetStore } from '../../ports/target-hardening.ts';

/**
 * Each financial year's product spend in memory: the DynamoDB store's twin, held to the same contract
 * (test/contract/target-hardening-product-budget.test.ts). The job store spends from it (`spend`) as its
 * visit's transaction does on the table.
 */
export class InMemoryProductBudgetStore implements ProductBudgetStore {
  private readonly spentByYear = new Map<string, number>();

  async productSpend(financialYear: string): Promise<number> {
    return this.spentByYear.get(financialYear) ?? 0;
  }

  /**
   * Spends `costPence` from the year's budget: `spent`, or `exceeded` (nothing spent) when what the year has
   * spent would go past `annualBudgetPence`, the year's first cost too, as the table's condition does.
   */
  spend(financialYear: string, costPence: number, annualBudgetPence: number): 'spent' | 'exceeded' {
    const spent = this.spentByYear.get(financialYear);
    if ((spent ?? 0) > annualBudgetPence - costPence) return 'exceeded';
    this.spentByYear.set(financialYear, (spent ?? 0) + costPence);
    return 'spent';
  }
}
