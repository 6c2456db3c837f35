import type { Booking, FollowUp, JobKind } from '../domain/target-hardening.ts';
import type {
  Job,
  JobEvent,
  JobStage,
  JobStatus,
  RecordedVisit,
  Referrer,
  StoredReferrer,
  ThReferral,
} from '../domain/target-hardening-jobs.ts';
import type { ThReferralDetails } from '../domain/target-hardening-referral.ts';

export interface TargetHardeningStore {
  /** Records a referral; the same service and reference again answers with the first one's number. */
  recordReferral(
    details: ThReferralDetails,
    receivedAt: Date,
    caseId?: string,
  ): Promise<{ referral: ThReferral; status: 'recorded' | 'duplicate' }>;
  getReferral(referralNumber: string): Promise<ThReferral | undefined>;
  /** The referrals received on a local date (YYYY-MM-DD, Europe/London). */
  referralsReceivedOn(date: string): Promise<ThReferral[]>;
  /** The referral made from a Victim First case, if any. */
  referralOfCase(caseId: string): Promise<ThReferral | undefined>;
  /** Creates the referral's job unless it has one: a second call answers with the first job. */
  createJob(
    referralNumber: string,
    kind: JobKind,
    now: Date,
  ): Promise<{ job: Job; status: 'created' | 'existing' }>;
  getJob(jobId: string): Promise<Job | undefined>;
  /** Every job, newest deadline last; small enough to list (hundreds a year). */
  listJobs(): Promise<Job[]>;
  /** Keeps the workflow's token on the job while it waits for the contractor at this stage. */
  waitFor(jobId: string, stage: JobStage, due: Date, taskToken: string): Promise<void>;
  /** Records the booking call's outcome; answers with the token to resume the workflow. */
  recordBooking(jobId: string, booking: Booking, by: string, at: Date): Promise<string>;
  /**
   * Records the visit and, for items, spends their cost from the year's product budget — both or neither.
   * Answers with the token to resume the workflow.
   */
  recordVisit(jobId: string, visit: RecordedVisit, annualBudgetPence: number): Promise<string>;
  recordFollowUp(jobId: string, result: FollowUp, by: string, at: Date): Promise<string>;
  /** Sets a job's status after a workflow step (not attended, follow-up due, closed). */
  setStatus(jobId: string, status: JobStatus, followUpAt?: Date): Promise<void>;
  /** Records an event once (by id); answers whether it was new. */
  recordEvent(jobId: string, event: JobEvent): Promise<'recorded' | 'duplicate'>;
  listEvents(jobId: string): Promise<JobEvent[]>;
  /** Product spend of a financial year (`2026-27`), in pence. */
  productSpend(financialYear: string): Promise<number>;
  /** Seeds or replaces a referrer and their PIN, kept as an scrypt hash with a new random salt. */
  putReferrer(referrer: Referrer, pin: string): Promise<void>;
  /** The referrer with this referrer number, and their PIN's hash to check a keyed PIN against. */
  referrerByNumber(referrerNumber: string): Promise<StoredReferrer | undefined>;
}
