import type {
  Booking,
  ContractorView,
  FollowUp,
  Item,
  JobKind,
  ServiceLevel,
  ThReferringService,
  Visit,
} from '../domain/target-hardening.ts';
import type { ThReferralDetails } from '../domain/target-hardening-referral.ts';

/**
 * A person who may phone the emergency line: their service, and the referrer number they key with their PIN
 * (which is kept only as a salted hash).
 */
export interface Referrer {
  /** Six digits, keyed on the phone to say who is calling; not a secret on its own. */
  readonly referrerNumber: string;
  readonly referrerId: string;
  readonly service: ThReferringService;
  readonly name: string;
}

/** A referrer as kept, with their PIN's hash (`scrypt$N$r$p$salt$hash`, shared/domain/referrer-pin.ts). */
export interface StoredReferrer {
  readonly referrer: Referrer;
  readonly pinHash: string;
}

/** A target-hardening referral: the referrer's details and, once dispatched, its job. */
export interface ThReferral {
  readonly referralNumber: string;
  readonly receivedAt: Date;
  readonly details: ThReferralDetails;
  /** The Victim First case it came from, when a caseworker referred from a case. */
  readonly caseId?: string;
  readonly jobId?: string;
}

/** Where a job's workflow is waiting for the contractor. */
export type JobStage = 'booking' | 'visit' | 'follow-up';

export type JobStatus =
  | 'awaiting-booking'
  | 'booked'
  | 'awaiting-visit'
  | 'visited'
  | 'refused'
  | 'not-attended'
  | 'follow-up-due'
  | 'closed';

export interface RecordedVisit {
  readonly visitedAt: Date;
  readonly recordedBy: string;
  readonly visit: Visit;
  readonly level?: ServiceLevel;
  readonly costPence: number;
}

/** A job for the contractor. Holds only what the contractor may see of the victim. */
export interface Job {
  readonly jobId: string;
  readonly referralNumber: string;
  readonly kind: JobKind;
  readonly service: ThReferringService;
  readonly createdAt: Date;
  readonly attendBy: Date;
  readonly alertAt: Date;
  readonly status: JobStatus;
  readonly victim: ContractorView;
  readonly consentToFeedback: boolean;
  /** Where the workflow waits, with its deadline; the token itself never leaves the server. */
  readonly waiting?: { readonly stage: JobStage; readonly due: Date };
  readonly booking?: {
    readonly visitAt?: Date;
    readonly outcome: Booking['outcome'];
    readonly bookedBy: string;
  };
  readonly visit?: RecordedVisit;
  readonly followUpAt?: Date;
  readonly followUp?: { readonly result: FollowUp; readonly recordedBy: string; readonly recordedAt: Date };
}

/** Something that happened on a job, for its page and the quarterly return. */
export interface JobEvent {
  readonly eventId: string;
  readonly type: string;
  readonly at: Date;
  readonly detail?: Record<string, unknown>;
}

export class JobNotFoundError extends Error {
  override name = 'JobNotFoundError';
  constructor(jobId: string) {
    super(`no job ${jobId}`);
  }
}

/** The job is not waiting for this: another person recorded it first, or the workflow has moved on. */
export class JobNotWaitingError extends Error {
  override name = 'JobNotWaitingError';
}

/** The year's product budget cannot pay for these items: nothing was recorded. */
export class ProductBudgetExceededError extends Error {
  override name = 'ProductBudgetExceededError';
  constructor(readonly leftPence: number) {
    super('the product budget for the year cannot pay for these items');
  }
}

/** A referral number that matches no referral. */
export class ReferralNotFoundError extends Error {
  override name = 'ReferralNotFoundError';
}

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

export type { Item };
