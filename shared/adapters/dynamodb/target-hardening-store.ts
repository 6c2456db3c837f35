import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { localDateOf } from '../../domain/calendar.ts';
import { hashPin } from '../../domain/referrer-pin.ts';
import {
  type Booking,
  type FollowUp,
  type JobKind,
  jobDeadlines,
  jobIdOf,
  productBudgetYearOf,
  referralNumberOf,
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
  type Referrer,
  type StoredReferrer,
  type ThReferral,
} from '../../domain/target-hardening-jobs.ts';
import { contractorViewOf, type ThReferralDetails } from '../../domain/target-hardening-referral.ts';
import type { TargetHardeningStore } from '../../ports/target-hardening.ts';
import { queryAll } from './query-all.ts';

const JOBS = 'JOBS';
const jobKey = (jobId: string) => ({ pk: JOBS, sk: `JOB#${jobId}` });
const referralKey = (referralNumber: string) => ({ pk: `THREF#${referralNumber}`, sk: 'REFERRAL' });
const referenceKey = (service: string, reference: string) => ({
  pk: `THREFKEY#${service}#${reference}`,
  sk: 'KEY',
});
const budgetKey = (financialYear: string) => ({ pk: `THBUDGET#${financialYear}`, sk: 'BUDGET' });
const referrerKey = (referrerNumber: string) => ({ pk: `THREFERRER#${referrerNumber}`, sk: 'REFERRER' });

const dateOrUndefined = (value: unknown) => (typeof value === 'string' ? new Date(value) : undefined);

function jobOf(item: Record<string, unknown>): Job {
  const waiting = item.waiting as { stage: JobStage; due: string } | undefined;
  const booking = item.booking as
    | { visitAt?: string; outcome: Booking['outcome']; bookedBy: string }
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

function referralOf(item: Record<string, unknown>): ThReferral {
  return {
    referralNumber: String(item.referralNumber),
    receivedAt: new Date(String(item.receivedAt)),
    details: item.details as ThReferralDetails,
    ...(typeof item.caseId === 'string' ? { caseId: item.caseId } : {}),
    ...(typeof item.jobId === 'string' ? { jobId: item.jobId } : {}),
  };
}

const failedAt = (error: unknown, index: number) =>
  error instanceof TransactionCanceledException &&
  error.CancellationReasons?.[index]?.Code === 'ConditionalCheckFailed';

/**
 * Target hardening on the single table (docs/data-model.md): referrals under `THREF#<number>` with a key item
 * per referrer's reference (`THREFKEY#…`, so a resend is the same referral); every job in one partition
 * (`JOBS`, a few hundred a year) so the contractor's list is one query; job events under `JOB#<id>`; each
 * year's product spend under `THBUDGET#<year>`; referrers, with their PINs' hashes, under `THREFERRER#<number>`.
 */
export class DynamoDbTargetHardeningStore implements TargetHardeningStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private async next(counter: 'th-referral' | 'th-job'): Promise<number> {
    const result = await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: 'COUNTER', sk: counter },
        UpdateExpression: 'ADD #n :one',
        ExpressionAttributeNames: { '#n': 'n' },
        ExpressionAttributeValues: { ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    // Jobs are numbered from TH-1001, referrals from 100001.
    return Number(result.Attributes?.n) + (counter === 'th-job' ? 1000 : 0);
  }

  async recordReferral(
    details: ThReferralDetails,
    receivedAt: Date,
    caseId?: string,
  ): Promise<{ referral: ThReferral; status: 'recorded' | 'duplicate' }> {
    const key = referenceKey(details.service, details.reference);
    const existing = await this.referralByKey(key);
    if (existing) return { referral: existing, status: 'duplicate' };
    const referralNumber = referralNumberOf(await this.next('th-referral'));
    const referral: ThReferral = { referralNumber, receivedAt, details, ...(caseId ? { caseId } : {}) };
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: { ...key, itemType: 'th-referral-key', referralNumber },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...referralKey(referralNumber),
                  itemType: 'th-referral',
                  referralNumber,
                  receivedAt: receivedAt.toISOString(),
                  details,
                  gsi2pk: `TH_RECEIVED#${localDateOf(receivedAt)}`,
                  gsi2sk: `${receivedAt.toISOString()}#${referralNumber}`,
                  ...(caseId ? { caseId } : {}),
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
      return { referral, status: 'recorded' };
    } catch (error) {
      // Sent twice at once: the other one recorded it first.
      if (failedAt(error, 0)) {
        const first = await this.referralByKey(key);
        if (first) return { referral: first, status: 'duplicate' };
      }
      throw error;
    }
  }

  private async referralByKey(key: { pk: string; sk: string }): Promise<ThReferral | undefined> {
    const found = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
    );
    return found.Item ? this.getReferral(String(found.Item.referralNumber)) : undefined;
  }

  async getReferral(referralNumber: string): Promise<ThReferral | undefined> {
    const found = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: referralKey(referralNumber), ConsistentRead: true }),
    );
    return found.Item ? referralOf(found.Item) : undefined;
  }

  async referralsReceivedOn(date: string): Promise<ThReferral[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :day',
      ExpressionAttributeValues: { ':day': `TH_RECEIVED#${date}` },
    });
    return items.map(referralOf);
  }

  referralOfCase(caseId: string): Promise<ThReferral | undefined> {
    return this.referralByKey(referenceKey('victim-first', caseId));
  }

  async createJob(
    referralNumber: string,
    kind: JobKind,
    now: Date,
  ): Promise<{ job: Job; status: 'created' | 'existing' }> {
    const referral = await this.getReferral(referralNumber);
    if (!referral) throw new ReferralNotFoundError(`no referral ${referralNumber}`);
    const existing = await this.existingJobOf(referral);
    if (existing) return { job: existing, status: 'existing' };
    const jobId = jobIdOf(await this.next('th-job'));
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
            {
              Update: {
                TableName: this.tableName,
                Key: referralKey(referralNumber),
                UpdateExpression: 'SET jobId = :jobId',
                ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(jobId)',
                ExpressionAttributeValues: { ':jobId': jobId },
              },
            },
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
        const first = await this.existingJobOf(await this.getReferral(referralNumber));
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

  /** The token the job waits on at this stage, or JobNotWaitingError. */
  private async tokenAt(jobId: string, stage: JobStage): Promise<string> {
    const found = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: jobKey(jobId), ConsistentRead: true }),
    );
    if (!found.Item) throw new JobNotFoundError(jobId);
    const waiting = found.Item.waiting as { stage?: string } | undefined;
    if (waiting?.stage !== stage || typeof found.Item.taskToken !== 'string')
      throw new JobNotWaitingError(`job ${jobId} is not waiting for its ${stage}`);
    return found.Item.taskToken;
  }

  /** Records what the contractor did at a stage, on condition the job still waits on the same token. */
  private updateAnswering(jobId: string, token: string, set: Record<string, unknown>) {
    const names = Object.fromEntries(Object.keys(set).map((key, i) => [`#a${i}`, key]));
    const values = Object.fromEntries(Object.values(set).map((value, i) => [`:a${i}`, value]));
    return {
      TableName: this.tableName,
      Key: jobKey(jobId),
      UpdateExpression: `SET ${Object.keys(set)
        .map((_, i) => `#a${i} = :a${i}`)
        .join(', ')} REMOVE waiting, taskToken`,
      ConditionExpression: 'taskToken = :token',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: { ...values, ':token': token },
    };
  }

  private async answer(jobId: string, stage: JobStage, set: Record<string, unknown>): Promise<string> {
    const token = await this.tokenAt(jobId, stage);
    try {
      await this.client.send(new UpdateCommand(this.updateAnswering(jobId, token, set)));
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException')
        throw new JobNotWaitingError(`job ${jobId} is no longer waiting for its ${stage}`);
      throw error;
    }
    return token;
  }

  recordBooking(jobId: string, booking: Booking, by: string, at: Date): Promise<string> {
    return this.answer(jobId, 'booking', {
      status: booking.outcome === 'booked' ? 'booked' : 'refused',
      booking: {
        outcome: booking.outcome,
        bookedBy: by,
        bookedAt: at.toISOString(),
        ...(booking.outcome === 'booked' ? { visitAt: new Date(booking.visitAt).toISOString() } : {}),
      },
    });
  }

  async recordVisit(jobId: string, visit: RecordedVisit, annualBudgetPence: number): Promise<string> {
    const token = await this.tokenAt(jobId, 'visit');
    const year = productBudgetYearOf(visit.visitedAt);
    const update = this.updateAnswering(jobId, token, {
      status: visit.visit.outcome === 'visited' ? 'visited' : 'refused',
      visit: { ...visit, visitedAt: visit.visitedAt.toISOString() },
    });
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            { Update: update },
            ...(visit.costPence > 0
              ? [
                  {
                    Update: {
                      TableName: this.tableName,
                      Key: budgetKey(year),
                      UpdateExpression: 'SET spentPence = if_not_exists(spentPence, :zero) + :cost',
                      ConditionExpression: 'attribute_not_exists(spentPence) OR spentPence <= :room',
                      ExpressionAttributeValues: {
                        ':zero': 0,
                        ':cost': visit.costPence,
                        ':room': annualBudgetPence - visit.costPence,
                      },
                    },
                  },
                ]
              : []),
          ],
        }),
      );
    } catch (error) {
      if (failedAt(error, 0)) throw new JobNotWaitingError(`job ${jobId} is no longer waiting for its visit`);
      if (failedAt(error, 1))
        throw new ProductBudgetExceededError(
          Math.max(0, annualBudgetPence - (await this.productSpend(year))),
        );
      throw error;
    }
    return token;
  }

  recordFollowUp(jobId: string, result: FollowUp, by: string, at: Date): Promise<string> {
    return this.answer(jobId, 'follow-up', {
      status: 'closed',
      followUp: { result, recordedBy: by, recordedAt: at.toISOString() },
    });
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

  async productSpend(financialYear: string): Promise<number> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: budgetKey(financialYear), ConsistentRead: true }),
    );
    return Number(result.Item?.spentPence ?? 0);
  }

  async putReferrer(referrer: Referrer, pin: string): Promise<void> {
    const pinHash = await hashPin(pin);
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...referrerKey(referrer.referrerNumber), itemType: 'th-referrer', ...referrer, pinHash },
      }),
    );
  }

  async referrerByNumber(referrerNumber: string): Promise<StoredReferrer | undefined> {
    const found = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: referrerKey(referrerNumber) }),
    );
    if (!found.Item) return undefined;
    return {
      referrer: {
        referrerNumber: String(found.Item.referrerNumber),
        referrerId: String(found.Item.referrerId),
        service: found.Item.service as Referrer['service'],
        name: String(found.Item.name),
      },
      pinHash: String(found.Item.pinHash),
    };
  }
}
