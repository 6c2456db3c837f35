import type { HardshipPaymentInput } from '../domain/hardship-fund.ts';

export interface HardshipPayment extends HardshipPaymentInput {
  readonly paymentId: string;
  readonly caseId: string;
  readonly financialYear: string;
  readonly paidBy: string;
  readonly paidAt: Date;
}

/** The payment would take the year's spending past the budget: nothing was paid. */
export class HardshipBudgetExceededError extends Error {
  override name = 'HardshipBudgetExceededError';
}

/** The hardship fund: payments to victims against each financial year's budget. */
export interface HardshipFund {
  /** Records the payment and spends it from its year's budget, both or neither. */
  pay(payment: HardshipPayment, budgetPence: number): Promise<void>;
  /** What a year has spent, in pence. */
  spent(financialYear: string): Promise<number>;
  paymentsOf(caseId: string): Promise<HardshipPayment[]>;
}
