import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
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
import { queryAll } from './query-all.ts';
import { failedAt, nextNumber } from './target-hardening-counter.ts';
import { DynamoDbProductBudgetStore, spendFromBudget } from './target-hardening-product-budget.ts';
import { DynamoDbThReferralStore, linkJobToReferral } from './target-hardening-referrals.ts';

const JOBS = 'JOBS';
const jobKey = (jobId: string) => ({ pk: JOBS, sk: `JOB#${jobId}` });

/** The token each recorded stage's workflow was answered with, kept on the job (`answered`). */
type Answered = Partial<Record<JobStage, string>>;

const dateOrUndefined = (value: unknown) => (typeof value === 'string' ? new Date(value) : undefined);

function jobOf(item: Record<string, unknown>): Job {
  const waiting = item.waiting as { stage: JobStage; due: string } | undefined;
  const booking = item.booking as
    | { visitAt?: string; outcome: Booking['outcome']; bookedBy: string; bookedAt: string }
    | undefined;
  const visit = item.visit as (Omit<RecordedVisit, 'visitedAt'> & { visitedAt: string }) | undefined;
  const followUp = item.followUp as { result: FollowUp; recordedBy: string; recordedAt: string } | undefined;
  const followUpAt = dateOrUndefined(item.followUpAt);
  return {
    jobId: String(item.jobId),
    referralNumber: String(item.referralNumber),
    kind: item.kind as JobKind,
    service: item.service as Job['service'],
    createdAt: new Date(String(item.createdAt)),
    attendBy: new Date(String(item.attendBy)),
    alertAt: new Date(String(item.alertAt)),
    status: item.status as JobStatus,
    victim: item.victim as Job['victim'],
    consentToFeedback: Boolean(item.consentToFeedback),
    ...(waiting ? { waiting: { stage: waiting.stage, due: new Date(waiting.due) } } : {}),
    ...(booking
      ? {
          booking: {
            outcome: booking.outcome,
            bookedBy: booking.bookedBy,
            bookedAt: new Date(booking.bookedAt),
            ...(booking.visitAt ? { visitAt: new Date(booking.visitAt) } : {}),
          },
        }
      : {}),
    ...(visit ? { visit: { ...visit, visitedAt: new Date(visit.visitedAt) } } : {}),
    ...(followUpAt ? { followUpAt } : {}),
    ...(followUp
      ? {
          followUp: {
            result: followUp.result,
            recordedBy: followUp.recordedBy,
            recordedAt: new Date(followUp.recordedAt),
          },
        }
      : {}),
  };
}

/**
 * Target-hardening jobs on the single table (docs/data-model.md): every job in one partition (`JOBS`, a few
 * hundred a year) so the contractor's list is one query, with the workflow's task token on the job while it
 * waits (`taskToken`) and, once a stage is recorded, the token it answered (`answered`, stage → token, written
 * with the record); each job's events under `JOB#<id>`. Numbered by the `th-job` counter. Making a job links it on its
 * referral (DynamoDbThReferralStore), and a visit's items are spent from the product budget
 * (DynamoDbProductBudgetStore), each in the same transaction as the job's own write.
 */
export class DynamoDbThJobStore implements ThJobStore {
  private readonly referrals: DynamoDbThReferralStore;
  private readonly budget: DynamoDbProductBudgetStore;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {
    this.referrals = new DynamoDbThReferralStore(client, tableName);
    this.budget = new DynamoDbProductBudgetStore(client, tableName);
  }

  async createJob(
    referralNumber: string,
    kind: JobKind,
    now: Date,
  ): Promise<{ job: Job; status: 'created' | 'existing' }> {
    const referral = await this.referrals.getReferral(referralNumber);
    if (!referral) throw new ReferralNotFoundError(`no referral ${referralNumber}`);
    const existing = await this.existingJobOf(referral);
    if (existing) return { job: existing, status: 'existing' };
    const jobId = jobIdOf(await nextNumber(this.client, this.tableName, 'th-job'));
    const { attendBy, alertAt } = jobDeadlines(kind, now);
    const item = {
      ...jobKey(jobId),
      itemType: 'th-job',
      jobId,
      referralNumber,
      kind,
      service: referral.details.service,
      createdAt: now.toISOString(),
      attendBy: attendBy.toISOString(),
      alertAt: alertAt.toISOString(),
      status: kind === 'emergency' ? 'awaiting-visit' : 'awaiting-booking',
      victim: contractorViewOf(referral.details),
      consentToFeedback: referral.details.consentToFeedback,
    };
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            { Update: linkJobToReferral(this.tableName, referralNumber, jobId) },
            {
              Put: { TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' },
            },
          ],
        }),
      );
      return { job: jobOf(item), status: 'created' };
    } catch (error) {
      // A second call at the same moment made the job first.
      if (failedAt(error, 0)) {
        const first = await this.existingJobOf(await this.referrals.getReferral(referralNumber));
        if (first) return { job: first, status: 'existing' };
      }
      throw error;
    }
  }

  private async existingJobOf(referral: ThReferral | undefined): Promise<Job | undefined> {
    if (!referral?.jobId) return undefined;
    const job = await this.getJob(referral.jobId);
    if (!job) throw new JobNotFoundError(referral.jobId);
    return job;
  }

  async getJob(jobId: string): Promise<Job | undefined> {
    const found = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: jobKey(jobId), ConsistentRead: true }),
    );
    return found.Item ? jobOf(found.Item) : undefined;
  }

  async listJobs(): Promise<Job[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :job)',
      ExpressionAttributeValues: { ':pk': JOBS, ':job': 'JOB#' },
    });
    return items.map(jobOf).sort((a, b) => a.attendBy.getTime() - b.attendBy.getTime());
  }

  async waitFor(jobId: string, stage: JobStage, due: Date, taskToken: string): Promise<void> {
    const status: Record<JobStage, string | undefined> = {
      booking: 'awaiting-booking',
      visit: undefined,
      'follow-up': 'follow-up-due',
    };
    const next = status[stage];
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: jobKey(jobId),
          UpdateExpression: `SET waiting = :waiting, taskToken = :token${next ? ', #status = :status' : ''}`,
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: {
            ':waiting': { stage, due: due.toISOString() },
            ':token': taskToken,
            ...(next ? { ':status': next } : {}),
          },
          ...(next ? { ExpressionAttributeNames: { '#status': 'status' } } : {}),
        }),
      );
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') throw new JobNotFoundError(jobId);
      throw error;
    }
  }

  /** The job's item as stored, or JobNotFoundError. */
  private async itemOf(jobId: string): Promise<Record<string, unknown>> {
    const found = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: jobKey(jobId), ConsistentRead: true }),
    );
    if (!found.Item) throw new JobNotFoundError(jobId);
    return found.Item;
  }

  /** The token the job waits on at this stage, if it waits there. */
  private static waitingToken(item: Record<string, unknown>, stage: JobStage): string | undefined {
    const waiting = item.waiting as { stage?: string } | undefined;
    return waiting?.stage === stage && typeof item.taskToken === 'string' ? item.taskToken : undefined;
  }

  /**
   * A record for a stage the job does not wait at: the same record again (a retry whose first write
   * landed) answers with the token the stage was answered with; anything else is JobNotWaitingError.
   */
  private static repeated<S extends JobStage>(
    item: Record<string, unknown>,
    stage: S,
    record: StageRecords[S],
    refusal: string,
  ): string {
    const token = (item.answered as Answered | undefined)?.[stage];
    if (token === undefined || !repeatsRecord(jobOf(item), stage, record))
      throw new JobNotWaitingError(`job ${String(item.jobId)} ${refusal} its ${stage}`);
    return token;
  }

  /**
   * Records what the contractor did at a stage, on condition the job still waits on the same token, and
   * keeps the token as the stage's answered one (with the stages answered before).
   */
  private updateAnswering(
    item: Record<string, unknown>,
    stage: JobStage,
    token: string,
    record: Record<string, unknown>,
  ) {
    const set = { ...record, answered: { ...(item.answered as Answered | undefined), [stage]: token } };
    const names = Object.fromEntries(Object.keys(set).map((key, i) => [`#a${i}`, key]));
    const values = Object.fromEntries(Object.values(set).map((value, i) => [`:a${i}`, value]));
    return {
      TableName: this.tableName,
      Key: jobKey(String(item.jobId)),
      UpdateExpression: `SET ${Object.keys(set)
        .map((_, i) => `#a${i} = :a${i}`)
        .join(', ')} REMOVE waiting, taskToken`,
      ConditionExpression: 'taskToken = :token',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: { ...values, ':token': token },
    };
  }

  private async answer<S extends JobStage>(
    jobId: string,
    stage: S,
    record: StageRecords[S],
    set: Record<string, unknown>,
  ): Promise<string> {
    const item = await this.itemOf(jobId);
    const token = DynamoDbThJobStore.waitingToken(item, stage);
    if (token === undefined) return DynamoDbThJobStore.repeated(item, stage, record, 'is not waiting for');
    try {
      await this.client.send(new UpdateCommand(this.updateAnswering(item, stage, token, set)));
    } catch (error) {
      // Recorded in between: by this same record sent twice at once, or by someone else.
      if ((error as Error).name === 'ConditionalCheckFailedException')
        return DynamoDbThJobStore.repeated(
          await this.itemOf(jobId),
          stage,
          record,
          'is no longer waiting for',
        );
      throw error;
    }
    return token;
  }

  recordBooking(jobId: string, booking: Booking, by: string, at: Date): Promise<string> {
    const visitAt = booking.outcome === 'booked' ? new Date(booking.visitAt) : undefined;
    return this.answer(
      jobId,
      'booking',
      { outcome: booking.outcome, bookedBy: by, bookedAt: at, ...(visitAt ? { visitAt } : {}) },
      {
        status: booking.outcome === 'booked' ? 'booked' : 'refused',
        booking: {
          outcome: booking.outcome,
          bookedBy: by,
          bookedAt: at.toISOString(),
          ...(visitAt ? { visitAt: visitAt.toISOString() } : {}),
        },
      },
    );
  }

  async recordVisit(jobId: string, visit: RecordedVisit, annualBudgetPence: number): Promise<string> {
    const item = await this.itemOf(jobId);
    const token = DynamoDbThJobStore.waitingToken(item, 'visit');
    if (token === undefined) return DynamoDbThJobStore.repeated(item, 'visit', visit, 'is not waiting for');
    const year = productBudgetYearOf(visit.visitedAt);
    const update = this.updateAnswering(item, 'visit', token, {
      status: visit.visit.outcome === 'visited' ? 'visited' : 'refused',
      visit: { ...visit, visitedAt: visit.visitedAt.toISOString() },
    });
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            { Update: update },
            ...(visit.costPence > 0
              ? [{ Update: spendFromBudget(this.tableName, year, visit.costPence, annualBudgetPence) }]
              : []),
          ],
        }),
      );
    } catch (error) {
      if (failedAt(error, 0))
        return DynamoDbThJobStore.repeated(
          await this.itemOf(jobId),
          'visit',
          visit,
          'is no longer waiting for',
        );
      if (failedAt(error, 1))
        throw new ProductBudgetExceededError(
          Math.max(0, annualBudgetPence - (await this.budget.productSpend(year))),
        );
      throw error;
    }
    return token;
  }

  recordFollowUp(jobId: string, result: FollowUp, by: string, at: Date): Promise<string> {
    return this.answer(
      jobId,
      'follow-up',
      { result, recordedBy: by, recordedAt: at },
      { status: 'closed', followUp: { result, recordedBy: by, recordedAt: at.toISOString() } },
    );
  }

  async setStatus(jobId: string, status: JobStatus, followUpAt?: Date): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: jobKey(jobId),
          UpdateExpression: `SET #status = :status${followUpAt ? ', followUpAt = :at' : ''}`,
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':status': status,
            ...(followUpAt ? { ':at': followUpAt.toISOString() } : {}),
          },
        }),
      );
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') throw new JobNotFoundError(jobId);
      throw error;
    }
  }

  async recordEvent(jobId: string, event: JobEvent): Promise<'recorded' | 'duplicate'> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: `JOB#${jobId}`,
            sk: `EVENT#${event.eventId}`,
            itemType: 'th-job-event',
            ...event,
            at: event.at.toISOString(),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return 'recorded';
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return 'duplicate';
      throw error;
    }
  }

  async listEvents(jobId: string): Promise<JobEvent[]> {
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :event)',
        ExpressionAttributeValues: { ':pk': `JOB#${jobId}`, ':event': 'EVENT#' },
      }),
    );
    return (result.Items ?? [])
      .map((item) => ({
        eventId: String(item.eventId),
        type: String(item.type),
        at: new Date(String(item.at)),
        ...(item.detail ? { detail: item.detail as Record<string, unknown> } : {}),
      }))
      .sort((a, b) => a.at.getTime() - b.at.getTime());
  }
}
