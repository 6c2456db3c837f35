import type {
  Booking,
  ContractorView,
  FollowUp,
  JobKind,
  ServiceLevel,
  ThReferringService,
  Visit,
} from './target-hardening.ts';
import type { ThReferralDetails } from './target-hardening-referral.ts';

// Target hardening's referrers, referrals and contractor jobs, as the target-hardening store keeps them
// (shared/ports/target-hardening.ts), and the errors recording on a job can meet.

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
    /** When the booking call was recorded. */
    readonly bookedAt: Date;
  };
  readonly visit?: RecordedVisit;
  readonly followUpAt?: Date;
  readonly followUp?: { readonly result: FollowUp; readonly recordedBy: string; readonly recordedAt: Date };
}

/** What the contractor recorded at each stage, as the job keeps it. */
export interface StageRecords {
  readonly booking: NonNullable<Job['booking']>;
  readonly visit: RecordedVisit;
  readonly 'follow-up': NonNullable<Job['followUp']>;
}

/** The job's record of the stage, once the contractor has recorded it. */
export function recordOf<S extends JobStage>(job: Job, stage: S): StageRecords[S] | undefined {
  const records: { readonly [K in JobStage]: StageRecords[K] | undefined } = {
    booking: job.booking,
    visit: job.visit,
    'follow-up': job.followUp,
  };
  return records[stage];
}

/** When the stage's record was written, as the job keeps it. */
export function recordedAt(job: Job, stage: JobStage): Date | undefined {
  switch (stage) {
    case 'booking':
      return job.booking?.bookedAt;
    case 'visit':
      return job.visit?.visitedAt;
    case 'follow-up':
      return job.followUp?.recordedAt;
  }
}

/** The field of each stage's record that says when it was written. */
const WRITTEN_AT = { booking: 'bookedAt', visit: 'visitedAt', 'follow-up': 'recordedAt' } as const;

/** A value as JSON with its objects' keys in order (dates as the table writes them), to compare two records. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );

/**
 * Whether `record` is the job's record of the stage sent again: the same person recording the same thing,
 * only later (a retry after the first attempt's answer was lost). Anything else is a different record.
 */
export function repeatsRecord<S extends JobStage>(job: Job, stage: S, record: StageRecords[S]): boolean {
  const held = recordOf(job, stage);
  if (!held) return false;
  const withoutTime = (r: object) => canonical({ ...r, [WRITTEN_AT[stage]]: undefined });
  return withoutTime(held) === withoutTime(record);
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
