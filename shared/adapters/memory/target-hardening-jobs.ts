import {
  type Booking,
  type FollowUp,
  type JobKind,
  jobDeadlines,
  jobIdOf,
  productBudgetYearOf,
} from '../../domain/target-hardening.ts';
import {
  type Job,
  type JobEvent,
  JobNotFoundError,
  JobNotWaitingError,
  type JobStage,
  type JobStatus,
  ProductBudgetExceededError,
  type RecordedVisit,
  ReferralNotFoundError,
  repeatsRecord,
  type StageRecords,
  type ThReferral,
} from '../../domain/target-hardening-jobs.ts';
import { contractorViewOf } from '../../domain/target-hardening-referral.ts';
import type { ThJobStore } from '../../ports/target-hardening.ts';
import { kept } from './kept.ts';
import type { InMemoryProductBudgetStore } from './target-hardening-product-budget.ts';
import type { InMemoryThReferralStore } from './target-hardening-referrals.ts';

/** Keys in the order DynamoDB sorts them: by their UTF-8 bytes. */
const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/**
 * A job as kept: the job, the workflow's token while it waits, and the token each recorded stage answered
 * (written with the record).
 */
interface KeptJob {
  readonly job: Job;
  readonly taskToken?: string;
  readonly answered?: Partial<Record<JobStage, string>>;
}

/**
 * Target-hardening jobs in memory: the DynamoDB store's twin, held to the same contract
 * (test/contract/target-hardening-jobs.test.ts). Numbered from TH-1001. Making a job links it on its referral
 * (InMemoryThReferralStore), and a visit's items are spent from the product budget (InMemoryProductBudgetStore):
 * each checked and written with the job in one step, as the table's transaction does.
 */
export class InMemoryThJobStore implements ThJobStore {
  private readonly jobs = new Map<string, KeptJob>();
  private readonly events = new Map<string, Map<string, JobEvent>>();
  private numbered = 0;

  constructor(
    private readonly referrals: InMemoryThReferralStore,
    private readonly budget: InMemoryProductBudgetStore,
  ) {}

  async createJob(
    referralNumber: string,
    kind: JobKind,
    now: Date,
  ): Promise<{ job: Job; status: 'created' | 'existing' }> {
    const referral = await this.referrals.getReferral(referralNumber);
    if (!referral) throw new ReferralNotFoundError(`no referral ${referralNumber}`);
    const existing = this.existingJobOf(referral);
    if (existing) return { job: existing, status: 'existing' };
    const jobId = jobIdOf(1000 + ++this.numbered);
    const { attendBy, alertAt } = jobDeadlines(kind, now);
    const job: Job = {
      jobId,
      referralNumber,
      kind,
      service: referral.details.service,
      createdAt: now,
      attendBy,
      alertAt,
      status: kind === 'emergency' ? 'awaiting-visit' : 'awaiting-booking',
      victim: contractorViewOf(referral.details),
      consentToFeedback: referral.details.consentToFeedback,
    };
    // A second call at the same moment made the job first: the referral has its job already.
    if (this.referrals.linkJob(referralNumber, jobId) === 'not-linked') {
      const first = this.existingJobOf(await this.referrals.getReferral(referralNumber));
      if (first) return { job: first, status: 'existing' };
      throw new ReferralNotFoundError(`no referral ${referralNumber}`);
    }
    this.jobs.set(jobId, { job: kept(job) });
    return { job: kept(job), status: 'created' };
  }

  private existingJobOf(referral: ThReferral | undefined): Job | undefined {
    if (!referral?.jobId) return undefined;
    const found = this.jobs.get(referral.jobId);
    if (!found) throw new JobNotFoundError(referral.jobId);
    return this.copyOf(found);
  }

  async getJob(jobId: string): Promise<Job | undefined> {
    const found = this.jobs.get(jobId);
    return found ? this.copyOf(found) : undefined;
  }

  async listJobs(): Promise<Job[]> {
    return [...this.jobs.values()]
      .map((found) => this.copyOf(found))
      .sort((a, b) => byBytes(`JOB#${a.jobId}`, `JOB#${b.jobId}`))
      .sort((a, b) => a.attendBy.getTime() - b.attendBy.getTime());
  }

  async waitFor(jobId: string, stage: JobStage, due: Date, taskToken: string): Promise<void> {
    const found = this.jobs.get(jobId);
    if (!found) throw new JobNotFoundError(jobId);
    const status: Record<JobStage, JobStatus | undefined> = {
      booking: 'awaiting-booking',
      visit: undefined,
      'follow-up': 'follow-up-due',
    };
    const next = status[stage];
    this.jobs.set(jobId, {
      ...found,
      job: kept({ ...found.job, waiting: { stage, due }, ...(next ? { status: next } : {}) }),
      taskToken,
    });
  }

  /** The job as kept, or JobNotFoundError. */
  private found(jobId: string): KeptJob {
    const found = this.jobs.get(jobId);
    if (!found) throw new JobNotFoundError(jobId);
    return found;
  }

  /** The token the job waits on at this stage, if it waits there. */
  private static waitingToken(found: KeptJob, stage: JobStage): string | undefined {
    return found.job.waiting?.stage === stage ? found.taskToken : undefined;
  }

  /**
   * A record for a stage the job does not wait at: the same record again (a retry whose first write
   * landed) answers with the token the stage was answered with; anything else is JobNotWaitingError.
   */
  private static repeated<S extends JobStage>(found: KeptJob, stage: S, record: StageRecords[S]): string {
    const token = found.answered?.[stage];
    if (token === undefined || !repeatsRecord(found.job, stage, record))
      throw new JobNotWaitingError(`job ${found.job.jobId} is not waiting for its ${stage}`);
    return token;
  }

  /**
   * Records what the contractor did at a stage; the job no longer waits, and keeps the token as the
   * stage's answered one. Answers with the token (a repeat of the record, with the answered one).
   */
  private answer<S extends JobStage>(
    jobId: string,
    stage: S,
    record: StageRecords[S],
    set: Partial<Job>,
  ): string {
    const found = this.found(jobId);
    const token = InMemoryThJobStore.waitingToken(found, stage);
    if (token === undefined) return InMemoryThJobStore.repeated(found, stage, record);
    const { waiting: _waiting, ...job } = found.job;
    this.jobs.set(jobId, {
      job: kept({ ...job, ...set }),
      answered: { ...found.answered, [stage]: token },
    });
    return token;
  }

  async recordBooking(jobId: string, booking: Booking, by: string, at: Date): Promise<string> {
    const recorded = kept({
      outcome: booking.outcome,
      bookedBy: by,
      bookedAt: at,
      ...(booking.outcome === 'booked' ? { visitAt: new Date(booking.visitAt) } : {}),
    });
    return this.answer(jobId, 'booking', recorded, {
      status: booking.outcome === 'booked' ? 'booked' : 'refused',
      booking: recorded,
    });
  }

  async recordVisit(jobId: string, visit: RecordedVisit, annualBudgetPence: number): Promise<string> {
    const found = this.found(jobId);
    if (InMemoryThJobStore.waitingToken(found, 'visit') === undefined)
      return InMemoryThJobStore.repeated(found, 'visit', visit);
    const year = productBudgetYearOf(visit.visitedAt);
    if (visit.costPence > 0 && this.budget.spend(year, visit.costPence, annualBudgetPence) === 'exceeded')
      throw new ProductBudgetExceededError(
        Math.max(0, annualBudgetPence - (await this.budget.productSpend(year))),
      );
    return this.answer(jobId, 'visit', visit, {
      status: visit.visit.outcome === 'visited' ? 'visited' : 'refused',
      visit,
    });
  }

  async recordFollowUp(jobId: string, result: FollowUp, by: string, at: Date): Promise<string> {
    const recorded = { result, recordedBy: by, recordedAt: at };
    return this.answer(jobId, 'follow-up', recorded, { status: 'closed', followUp: recorded });
  }

  async setStatus(jobId: string, status: JobStatus, followUpAt?: Date): Promise<void> {
    const found = this.jobs.get(jobId);
    if (!found) throw new JobNotFoundError(jobId);
    this.jobs.set(jobId, {
      ...found,
      job: kept({ ...found.job, status, ...(followUpAt ? { followUpAt } : {}) }),
    });
  }

  async recordEvent(jobId: string, event: JobEvent): Promise<'recorded' | 'duplicate'> {
    const ofJob = this.events.get(jobId) ?? new Map<string, JobEvent>();
    if (ofJob.has(event.eventId)) return 'duplicate';
    ofJob.set(event.eventId, kept(event));
    this.events.set(jobId, ofJob);
    return 'recorded';
  }

  async listEvents(jobId: string): Promise<JobEvent[]> {
    return [...(this.events.get(jobId)?.values() ?? [])]
      .sort((a, b) => byBytes(`EVENT#${a.eventId}`, `EVENT#${b.eventId}`))
      .sort((a, b) => a.at.getTime() - b.at.getTime())
      .map(({ eventId, type, at, detail }) => ({
        eventId: String(eventId),
        type: String(type),
        at: new Date(at),
        ...(detail ? { detail: kept(detail) } : {}),
      }));
  }

  private copyOf(found: KeptJob): Job {
    return kept(found.job);
  }
}
