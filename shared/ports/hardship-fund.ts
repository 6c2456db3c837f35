import type { HardshipPayment } from '../domain/hardship-fund.ts';

/** The hardship fund: payments to victims against each financial year's budget. */
export interface HardshipFund {
  /**
   * Records the payment and spends it from its year's budget, both or neither. A payment whose id the case
   * already has (the same form sent again, even at the same moment) is not paid again: `already-paid`.
   */
  pay(payment: HardshipPayment, budgetPence: number): Promise<'paid' | 'already-paid'>;
  /** What a year has spent, in pence. */
  spent(financialYear: string): Promise<number>;
  paymentsOf(caseId: string): Promise<HardshipPayment[]>;
}
