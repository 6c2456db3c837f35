import { hashPin } from '../../domain/referrer-pin.ts';
import type { Referrer, StoredReferrer } from '../../domain/target-hardening-jobs.ts';
import type { ReferrerDirectory } from '../../ports/target-hardening.ts';

/**
 * Referrers, with their PINs' hashes, in memory: the DynamoDB directory's twin, held to the same contract
 * (test/contract/target-hardening-referrers.test.ts).
 */
export class InMemoryReferrerDirectory implements ReferrerDirectory {
  private readonly referrers = new Map<string, StoredReferrer>();

  async putReferrer(referrer: Referrer, pin: string): Promise<void> {
    const pinHash = await hashPin(pin);
    const { referrerNumber, referrerId, service, name } = referrer;
    this.referrers.set(referrerNumber, { referrer: { referrerNumber, referrerId, service, name }, pinHash });
  }

  async referrerByNumber(referrerNumber: string): Promise<StoredReferrer | undefined> {
    const stored = this.referrers.get(referrerNumber);
    return stored && { referrer: { ...stored.referrer }, pinHash: stored.pinHash };
  }
}
