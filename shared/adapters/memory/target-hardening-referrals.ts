import { localDateOf } from '../../domain/calendar.ts';
import { referralNumberOf } from '../../domain/target-hardening.ts';
import type { ThReferral } from '../../domain/target-hardening-jobs.ts';
import type { ThReferralDetails } from '../../domain/target-hardening-referral.ts';
import type { ThReferralStore } from '../../ports/target-hardening.ts';
import { kept } from './kept.ts';

/** Keys in the order DynamoDB sorts them: by their UTF-8 bytes. */
const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/**
 * Target-hardening referrals in memory: the DynamoDB store's twin, held to the same contract
 * (test/contract/target-hardening-referrals.test.ts). One referral per service and reference, numbered from
 * 100001; the job store links a referral to its job (`linkJob`), as its transaction does on the table.
 */
export class InMemoryThReferralStore implements ThReferralStore {
  private readonly referrals = new Map<string, ThReferral>();
  /** The referral number of each `<service>#<reference>`. */
  private readonly byReference = new Map<string, string>();
  private numbered = 0;

  async recordReferral(
    details: ThReferralDetails,
    receivedAt: Date,
    caseId?: string,
  ): Promise<{ referral: ThReferral; status: 'recorded' | 'duplicate' }> {
    const first = this.byReference.get(`${details.service}#${details.reference}`);
    if (first !== undefined) return { referral: this.copyOf(first), status: 'duplicate' };
    const referralNumber = referralNumberOf(++this.numbered);
    const referral: ThReferral = { referralNumber, receivedAt, details, ...(caseId ? { caseId } : {}) };
    this.referrals.set(referralNumber, kept(referral));
    this.byReference.set(`${details.service}#${details.reference}`, referralNumber);
    return { referral, status: 'recorded' };
  }

  async getReferral(referralNumber: string): Promise<ThReferral | undefined> {
    return this.referrals.has(referralNumber) ? this.copyOf(referralNumber) : undefined;
  }

  async referralsReceivedOn(date: string): Promise<ThReferral[]> {
    const sortKey = (referral: ThReferral) =>
      `${referral.receivedAt.toISOString()}#${referral.referralNumber}`;
    return [...this.referrals.values()]
      .filter((referral) => localDateOf(referral.receivedAt) === date)
      .sort((a, b) => byBytes(sortKey(a), sortKey(b)))
      .map(kept);
  }

  async referralOfCase(caseId: string): Promise<ThReferral | undefined> {
    const referralNumber = this.byReference.get(`victim-first#${caseId}`);
    return referralNumber === undefined ? undefined : this.copyOf(referralNumber);
  }

  /**
   * Links the referral to its job: `linked`, or `not-linked` when there is no such referral or it has a job
   * already (the condition the table's transaction puts on the referral).
   */
  linkJob(referralNumber: string, jobId: string): 'linked' | 'not-linked' {
    const referral = this.referrals.get(referralNumber);
    if (!referral || referral.jobId !== undefined) return 'not-linked';
    this.referrals.set(referralNumber, { ...referral, jobId });
    return 'linked';
  }

  private copyOf(referralNumber: string): ThReferral {
    return kept(this.referrals.get(referralNumber) as ThReferral);
  }
}
