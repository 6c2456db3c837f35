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

// Target hardening's stores, one per aggregate (docs/target-hardening.md): the referrals, the contractor's
// jobs (with the workflow's task token each waits on, and their events), the year's product budget, and the
// referrers who may phone the emergency line.

/** Target-hardening referrals: one per referring service and reference. */
export interface ThReferralStore {
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
}

/** The contractor's jobs, the workflow's task token each waits on, and each job's events. */
export interface ThJobStore {
  /**
   * Creates the referral's job unless it has one: a second call answers with the first job. The job is
   * linked on the referral (ThReferral.jobId) in the same write; ReferralNotFoundError if there is no referral.
   */
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
  /**
   * Records the booking call's outcome (with when it was recorded); answers with the token to resume the
   * workflow. Each record below is written once, on condition the job still waits at its stage on the same
   * token, and keeps that token on the job (the stage's answered token). The same record sent again by the
   * same person, only later (a retry), writes nothing and answers with the answered token, so the workflow
   * can be answered again; any other record for a stage the job does not wait at is JobNotWaitingError.
   */
  recordBooking(jobId: string, booking: Booking, by: string, at: Date): Promise<string>;
  /**
   * Records the visit and, for items, spends their cost from the year's product budget (ProductBudgetStore)
   * — both or neither. Answers with the token to resume the workflow (a repeat spends nothing).
   */
  recordVisit(jobId: string, visit: RecordedVisit, annualBudgetPence: number): Promise<string>;
  /** Records the follow-up call, closing the job; answers with the token to resume the workflow. */
  recordFollowUp(jobId: string, result: FollowUp, by: string, at: Date): Promise<string>;
  /** Sets a job's status after a workflow step (not attended, follow-up due, closed). */
  setStatus(jobId: string, status: JobStatus, followUpAt?: Date): Promise<void>;
  /** Records an event once (by id); answers whether it was new. */
  recordEvent(jobId: string, event: JobEvent): Promise<'recorded' | 'duplicate'>;
  listEvents(jobId: string): Promise<JobEvent[]>;
}

/** The product budget: what visits' items have spent of each financial year's (ThJobStore.recordVisit spends). */
export interface ProductBudgetStore {
  /** Product spend of a financial year (`2026-27`), in pence. */
  productSpend(financialYear: string): Promise<number>;
}

/** The referrers who may phone the emergency line, with their PINs' hashes. */
export interface ReferrerDirectory {
  /** Seeds or replaces a referrer and their PIN, kept as an scrypt hash with a new random salt. */
  putReferrer(referrer: Referrer, pin: string): Promise<void>;
  /** The referrer with this referrer number, and their PIN's hash to check a keyed PIN against. */
  referrerByNumber(referrerNumber: string): Promise<StoredReferrer | undefined>;
}

/**
 * The four stores as one, for what is wired once and handed on whole (the local system, the web app's
 * target-hardening pages). A function that uses one aggregate asks for that store alone.
 */
export type TargetHardeningStores = ThReferralStore & ThJobStore & ProductBudgetStore & ReferrerDirectory;
