import { HardshipBudgetExceededError, type HardshipPayment } from '../../domain/hardship-fund.ts';
import type { HardshipFund } from '../../ports/hardship-fund.ts';

/** Keys in the order DynamoDB sorts them: by their UTF-8 bytes. */
const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/**
 * The payment as kept: its own copy, with no field left undefined, and its instant written as the table
 * writes it (an invalid date is refused, RangeError).
 */
function copyOf(payment: HardshipPayment): HardshipPayment {
  const kept = Object.fromEntries(Object.entries(payment).filter(([, value]) => value !== undefined));
  return { ...kept, paidAt: new Date(payment.paidAt.toISOString()) } as HardshipPayment;
}

/**
 * The hardship fund in memory: the DynamoDB fund's twin, held to the same contract
 * (test/contract/hardship-fund.test.ts). What each year has spent, and each case's payments: a payment
 * sent twice spends the budget once.
 */
export class InMemoryHardshipFund implements HardshipFund {
  private readonly spentByYear = new Map<string, number>();
  private readonly payments = new Map<string, Map<string, HardshipPayment>>();

  async pay(payment: HardshipPayment, budgetPence: number): Promise<'paid' | 'already-paid'> {
    const kept = copyOf(payment);
    const ofCase = this.payments.get(payment.caseId) ?? new Map<string, HardshipPayment>();
    // Paid already (whatever the budget now says): the repeat is answered as the first was.
    if (ofCase.has(payment.paymentId)) return 'already-paid';
    const spent = this.spentByYear.get(payment.financialYear);
    // Every payment, the year's first too, must fit in the room left.
    if ((spent ?? 0) > budgetPence - payment.amountPence) {
      throw new HardshipBudgetExceededError(
        `the ${payment.financialYear} hardship budget has not enough left for this payment`,
      );
    }
    this.spentByYear.set(payment.financialYear, (spent ?? 0) + payment.amountPence);
    ofCase.set(payment.paymentId, kept);
    this.payments.set(payment.caseId, ofCase);
    return 'paid';
  }

  async spent(financialYear: string): Promise<number> {
    return this.spentByYear.get(financialYear) ?? 0;
  }

  async paymentsOf(caseId: string): Promise<HardshipPayment[]> {
    return [...(this.payments.get(caseId)?.values() ?? [])]
      .sort((a, b) => byBytes(a.paymentId, b.paymentId))
      .sort((a, b) => a.paidAt.getTime() - b.paidAt.getTime())
      .map(copyOf);
  }
}
