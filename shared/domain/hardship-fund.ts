import { DateTime } from 'luxon';
import { SERVICE_TIME_ZONE } from './calendar.ts';

/** The hardship fund's budget for each financial year, in pence: £5,000. */
export const HARDSHIP_ANNUAL_BUDGET_PENCE = 500_000;

/** The most one payment may be; a larger need goes to another fund. */
export const HARDSHIP_PAYMENT_MAX_PENCE = 50_000;

/** The UK financial year (April to March, Leicester time) an instant falls in, e.g. `2026-27`. */
export function financialYearOf(at: Date): string {
  const local = DateTime.fromJSDate(at, { zone: SERVICE_TIME_ZONE });
  const start = local.month >= 4 ? local.year : local.year - 1;
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}

/** A payment from the fund to a victim: how much and what for (a code and a short note, never bank details). */
export interface HardshipPaymentInput {
  readonly amountPence: number;
  readonly purpose: string;
}

export class InvalidHardshipPaymentError extends Error {
  override name = 'InvalidHardshipPaymentError';
  constructor(readonly errors: ReadonlyArray<{ field: string; message: string }>) {
    super(errors.map((e) => `${e.field} ${e.message}`).join('; '));
  }
}

/**
 * Reads an amount as a person types it ("£25", "25.50", "1,200") into pence, and checks the payment:
 * more than nothing, at most the per-payment limit, a purpose given.
 */
export function validateHardshipPayment(amountText: string, purpose: string): HardshipPaymentInput {
  const errors: Array<{ field: string; message: string }> = [];
  const cleaned = amountText.trim().replace(/^£/, '').replaceAll(',', '');
  const match = /^(\d{1,6})(?:\.(\d{2}))?$/.exec(cleaned);
  const amountPence = match ? Number(match[1]) * 100 + Number(match[2] ?? 0) : Number.NaN;
  if (!match) errors.push({ field: 'amount', message: 'must be an amount in pounds, like 25 or 25.50' });
  else if (amountPence <= 0) errors.push({ field: 'amount', message: 'must be more than £0' });
  else if (amountPence > HARDSHIP_PAYMENT_MAX_PENCE)
    errors.push({ field: 'amount', message: `must be at most ${pounds(HARDSHIP_PAYMENT_MAX_PENCE)}` });
  const text = purpose.trim();
  if (!text) errors.push({ field: 'purpose', message: 'is required' });
  else if (text.length > 200) errors.push({ field: 'purpose', message: 'must be at most 200 characters' });
  if (errors.length > 0) throw new InvalidHardshipPaymentError(errors);
  return { amountPence, purpose: text };
}

/** Pence as pounds: 2550 → "£25.50", 500000 → "£5,000.00". */
export function pounds(pence: number): string {
  return `£${(pence / 100).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** A payment made: what was paid, from which year's budget, by whom and when. */
export interface HardshipPayment extends HardshipPaymentInput {
  /** The payment form's idempotency key (shared/domain/form-key.ts): the same form sent again pays once. */
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
