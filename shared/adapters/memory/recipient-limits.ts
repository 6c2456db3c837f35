import type { RecipientAllowance, RecipientLimits } from '../../ports/recipient-limits.ts';

/**
 * Recipients' daily allowances in memory: the DynamoDB store's twin, held to the same contract
 * (test/integration/recipient-limits.test.ts). The day is inside the key, so nothing here needs to expire.
 */
export class InMemoryRecipientLimits implements RecipientLimits {
  private readonly holders = new Map<string, string>();

  async take(allowance: RecipientAllowance): Promise<'granted' | 'refused'> {
    const holder = this.holders.get(allowance.recipientDayKey);
    if (holder !== undefined && holder !== allowance.holder) return 'refused';
    this.holders.set(allowance.recipientDayKey, allowance.holder);
    return 'granted';
  }
}
