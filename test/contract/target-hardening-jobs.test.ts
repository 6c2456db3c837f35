import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { jobDeadlines } from '../../shared/domain/target-hardening.ts';
import {
  type Job,
  JobNotFoundError,
  JobNotWaitingError,
  type RecordedVisit,
  ReferralNotFoundError,
} from '../../shared/domain/target-hardening-jobs.ts';
import { contractorViewOf } from '../../shared/domain/target-hardening-referral.ts';
import {
  dynamoDbThStores,
  inMemoryThStores,
  type ThStores,
  thReferral,
} from '../support/target-hardening-stores.ts';

const NOW = new Date('2026-12-15T10:00:00Z');
const DUE = new Date('2026-12-23T00:00:00Z');
const BUDGET = 8_000_000;
/** A retry's time, a few minutes after the first attempt. */
const LATER = new Date('2026-12-15T10:07:00Z');

/** A referral recorded, and the standard (or emergency) job made for it. */
async function aJob(
  stores: ThStores,
  reference = 'DSA-2026-0417',
  kind: 'standard' | 'emergency' = 'standard',
) {
  const { referral } = await stores.referrals.recordReferral(thReferral({ reference }), NOW);
  const { job } = await stores.jobs.createJob(referral.referralNumber, kind, NOW);
  return job;
}

const aVisit = (overrides: Partial<RecordedVisit> = {}): RecordedVisit => ({
  visitedAt: new Date('2026-12-18T14:00:00Z'),
  recordedBy: 'fitter.one',
  visit: {
    outcome: 'visited',
    assessmentScore: 6,
    items: [{ product: 'Door chain', quantity: 1, unitCostPence: 1_500, approvedStandard: true }],
    neededMoreThanAllowed: false,
    survey: 'satisfied',
  },
  level: 2,
  costPence: 1_500,
  ...overrides,
});

// The same contract for the in-memory twin and the DynamoDB adapter on DynamoDB Local.
describe.each([
  ['in memory', inMemoryThStores],
  ['on DynamoDB Local', dynamoDbThStores],
])('target-hardening jobs %s', (_where, open) => {
  describe('making a job', () => {
    it("makes a referral's job, numbered from TH-1001, with what the contractor may see of the victim", async () => {
      const stores = await open();
      const details = thReferral();
      const { referral } = await stores.referrals.recordReferral(details, NOW);

      const { job, status } = await stores.jobs.createJob(referral.referralNumber, 'standard', NOW);

      expect(status).toBe('created');
      expect(job).toEqual({
        jobId: 'TH-1001',
        referralNumber: referral.referralNumber,
        kind: 'standard',
        service: 'domestic-and-sexual-abuse-service',
        createdAt: NOW,
        ...jobDeadlines('standard', NOW),
        status: 'awaiting-booking',
        victim: contractorViewOf(details),
        consentToFeedback: true,
      } satisfies Job);
      expect(await stores.jobs.getJob('TH-1001')).toEqual(job);
      expect((await stores.referrals.getReferral(referral.referralNumber))?.jobId).toBe('TH-1001');
    });

    it('makes an emergency job awaiting its visit', async () => {
      const stores = await open();

      const job = await aJob(stores, 'DSA-2026-0417', 'emergency');

      expect(job.status).toBe('awaiting-visit');
      expect({ attendBy: job.attendBy, alertAt: job.alertAt }).toEqual(jobDeadlines('emergency', NOW));
    });

    it('answers a second call with the first job', async () => {
      const stores = await open();
      const first = await aJob(stores);

      const again = await stores.jobs.createJob(first.referralNumber, 'emergency', new Date());

      expect(again).toEqual({ job: first, status: 'existing' });
      expect(await stores.jobs.listJobs()).toEqual([first]);
    });

    it('makes one job when asked several times at once', async () => {
      const stores = await open();
      const { referral } = await stores.referrals.recordReferral(thReferral(), NOW);

      const answers = await Promise.all(
        Array.from({ length: 4 }, () => stores.jobs.createJob(referral.referralNumber, 'standard', NOW)),
      );

      expect(new Set(answers.map((answer) => answer.job.jobId)).size).toBe(1);
      expect(answers.filter((answer) => answer.status === 'created')).toHaveLength(1);
      expect(await stores.jobs.listJobs()).toHaveLength(1);
    });

    it('refuses a referral number that matches no referral', async () => {
      const stores = await open();

      await expect(stores.jobs.createJob('100001', 'standard', NOW)).rejects.toThrow(ReferralNotFoundError);
      expect(await stores.jobs.listJobs()).toEqual([]);
    });
  });

  it('lists every job, the nearest deadline first', async () => {
    const stores = await open();
    const standard = await aJob(stores, 'first');
    const emergency = await aJob(stores, 'second', 'emergency');

    expect(await stores.jobs.listJobs()).toEqual([emergency, standard]);
    expect(await stores.jobs.getJob('TH-9999')).toBeUndefined();
  });

  describe('waiting for the contractor, and what they record', () => {
    it('keeps where the workflow waits, and sets the status the stage means', async () => {
      const stores = await open();
      const job = await aJob(stores);

      await stores.jobs.waitFor(job.jobId, 'follow-up', DUE, 'token.follow-up');
      expect(await stores.jobs.getJob(job.jobId)).toEqual({
        ...job,
        status: 'follow-up-due',
        waiting: { stage: 'follow-up', due: DUE },
      });

      await stores.jobs.waitFor(job.jobId, 'visit', DUE, 'token.visit');
      expect(await stores.jobs.getJob(job.jobId)).toEqual({
        ...job,
        status: 'follow-up-due',
        waiting: { stage: 'visit', due: DUE },
      });
    });

    it('refuses to wait on a job that was never made', async () => {
      const stores = await open();

      await expect(stores.jobs.waitFor('TH-1001', 'booking', DUE, 'token')).rejects.toThrow(JobNotFoundError);
    });

    it('records a booking once, answering with the token, and the job no longer waits', async () => {
      const stores = await open();
      const job = await aJob(stores);
      await stores.jobs.waitFor(job.jobId, 'booking', DUE, 'token.booking');
      const booking = { outcome: 'booked', visitAt: '2026-12-18T14:00:00Z' } as const;

      expect(await stores.jobs.recordBooking(job.jobId, booking, 'fitter.one', NOW)).toBe('token.booking');

      expect(await stores.jobs.getJob(job.jobId)).toEqual({
        ...job,
        status: 'booked',
        booking: {
          outcome: 'booked',
          bookedBy: 'fitter.one',
          bookedAt: NOW,
          visitAt: new Date('2026-12-18T14:00:00Z'),
        },
      });
      await expect(stores.jobs.recordBooking(job.jobId, booking, 'fitter.two', NOW)).rejects.toThrow(
        JobNotWaitingError,
      );
    });

    it('records a refused booking', async () => {
      const stores = await open();
      const job = await aJob(stores);
      await stores.jobs.waitFor(job.jobId, 'booking', DUE, 'token.booking');

      await stores.jobs.recordBooking(job.jobId, { outcome: 'refused' }, 'fitter.one', NOW);

      expect(await stores.jobs.getJob(job.jobId)).toMatchObject({
        status: 'refused',
        booking: { outcome: 'refused', bookedBy: 'fitter.one' },
      });
    });

    it('reads back when the booking call was recorded', async () => {
      const stores = await open();
      const job = await aJob(stores);
      await stores.jobs.waitFor(job.jobId, 'booking', DUE, 'token.booking');

      await stores.jobs.recordBooking(job.jobId, { outcome: 'refused' }, 'fitter.one', NOW);

      expect((await stores.jobs.getJob(job.jobId))?.booking?.bookedAt).toEqual(NOW);
      expect((await stores.jobs.listJobs())[0]?.booking?.bookedAt).toEqual(NOW);
    });

    it('answers the same booking sent again, later, with the token it answered, writing nothing, even once the job has moved on', async () => {
      const stores = await open();
      const job = await aJob(stores);
      await stores.jobs.waitFor(job.jobId, 'booking', DUE, 'token.booking');
      const booking = { outcome: 'booked', visitAt: '2026-12-18T14:00:00Z' } as const;
      await stores.jobs.recordBooking(job.jobId, booking, 'fitter.one', NOW);
      const booked = await stores.jobs.getJob(job.jobId);

      expect(await stores.jobs.recordBooking(job.jobId, booking, 'fitter.one', LATER)).toBe('token.booking');
      expect(await stores.jobs.getJob(job.jobId)).toEqual(booked);
      await stores.jobs.waitFor(job.jobId, 'visit', DUE, 'token.visit');
      expect(await stores.jobs.recordBooking(job.jobId, booking, 'fitter.one', LATER)).toBe('token.booking');

      // A different booking, or the same one by someone else, is not a repeat.
      for (const [other, by] of [
        [{ outcome: 'booked', visitAt: '2026-12-18T15:00:00Z' }, 'fitter.one'],
        [{ outcome: 'refused' }, 'fitter.one'],
        [booking, 'fitter.two'],
      ] as const)
        await expect(stores.jobs.recordBooking(job.jobId, other, by, LATER)).rejects.toThrow(
          JobNotWaitingError,
        );
      expect(await stores.jobs.getJob(job.jobId)).toEqual({
        ...booked,
        waiting: { stage: 'visit', due: DUE },
      });
    });

    it('answers the same visit sent again, later, with the token it answered, spending nothing more', async () => {
      const stores = await open();
      const job = await aJob(stores);
      await stores.jobs.waitFor(job.jobId, 'visit', DUE, 'token.visit');
      await stores.jobs.recordVisit(job.jobId, aVisit(), BUDGET);
      const visited = await stores.jobs.getJob(job.jobId);

      expect(await stores.jobs.recordVisit(job.jobId, aVisit({ visitedAt: LATER }), BUDGET)).toBe(
        'token.visit',
      );

      expect(await stores.jobs.getJob(job.jobId)).toEqual(visited);
      expect(await stores.budget.productSpend('2026-27')).toBe(1_500);
      const otherSurvey = aVisit({
        visit: { ...aVisit().visit, survey: 'dissatisfied' } as RecordedVisit['visit'],
      });
      for (const other of [otherSurvey, aVisit({ recordedBy: 'fitter.two' }), aVisit({ costPence: 3_000 })])
        await expect(stores.jobs.recordVisit(job.jobId, other, BUDGET)).rejects.toThrow(JobNotWaitingError);
      expect(await stores.budget.productSpend('2026-27')).toBe(1_500);
    });

    it('answers the same follow-up sent again, later, with the token it answered', async () => {
      const stores = await open();
      const job = await aJob(stores);
      await stores.jobs.waitFor(job.jobId, 'follow-up', DUE, 'token.follow-up');
      const result = { outcome: 'spoke-to-victim', stillSecure: true, satisfaction: 'satisfied' } as const;
      await stores.jobs.recordFollowUp(job.jobId, result, 'fitter.one', NOW);

      expect(await stores.jobs.recordFollowUp(job.jobId, result, 'fitter.one', LATER)).toBe(
        'token.follow-up',
      );

      expect((await stores.jobs.getJob(job.jobId))?.followUp).toEqual({
        result,
        recordedBy: 'fitter.one',
        recordedAt: NOW,
      });
      await expect(
        stores.jobs.recordFollowUp(job.jobId, { ...result, stillSecure: false }, 'fitter.one', LATER),
      ).rejects.toThrow(JobNotWaitingError);
    });

    it('refuses a record for a stage the job is not waiting at, or for a job never made', async () => {
      const stores = await open();
      const job = await aJob(stores);

      await expect(
        stores.jobs.recordBooking(job.jobId, { outcome: 'refused' }, 'fitter.one', NOW),
      ).rejects.toThrow(JobNotWaitingError);
      await stores.jobs.waitFor(job.jobId, 'booking', DUE, 'token.booking');
      await expect(stores.jobs.recordVisit(job.jobId, aVisit(), BUDGET)).rejects.toThrow(JobNotWaitingError);
      await expect(
        stores.jobs.recordFollowUp('TH-9999', { outcome: 'no-contact' }, 'fitter.one', NOW),
      ).rejects.toThrow(JobNotFoundError);
    });

    it('records a visit and spends its items from the budget of its financial year', async () => {
      const stores = await open();
      const job = await aJob(stores);
      await stores.jobs.waitFor(job.jobId, 'visit', DUE, 'token.visit');

      expect(await stores.jobs.recordVisit(job.jobId, aVisit(), BUDGET)).toBe('token.visit');

      expect(await stores.jobs.getJob(job.jobId)).toEqual({ ...job, status: 'visited', visit: aVisit() });
      expect(await stores.budget.productSpend('2026-27')).toBe(1_500);
    });

    it('records a refused visit, spending nothing', async () => {
      const stores = await open();
      const job = await aJob(stores);
      await stores.jobs.waitFor(job.jobId, 'visit', DUE, 'token.visit');
      const refused = aVisit({ visit: { outcome: 'refused' }, costPence: 0 });
      delete (refused as { level?: number }).level;

      await stores.jobs.recordVisit(job.jobId, refused, BUDGET);

      expect(await stores.jobs.getJob(job.jobId)).toEqual({ ...job, status: 'refused', visit: refused });
      expect(await stores.budget.productSpend('2026-27')).toBe(0);
    });

    it('records a follow-up, closing the job', async () => {
      const stores = await open();
      const job = await aJob(stores);
      await stores.jobs.waitFor(job.jobId, 'follow-up', DUE, 'token.follow-up');
      const result = { outcome: 'spoke-to-victim', stillSecure: true, satisfaction: 'satisfied' } as const;

      expect(await stores.jobs.recordFollowUp(job.jobId, result, 'fitter.one', NOW)).toBe('token.follow-up');

      expect(await stores.jobs.getJob(job.jobId)).toEqual({
        ...job,
        status: 'closed',
        followUp: { result, recordedBy: 'fitter.one', recordedAt: NOW },
      });
    });
  });

  it("sets a job's status, and when its follow-up is due", async () => {
    const stores = await open();
    const job = await aJob(stores);
    const followUpAt = new Date('2027-12-18T10:00:00Z');

    await stores.jobs.setStatus(job.jobId, 'not-attended');
    await stores.jobs.setStatus(job.jobId, 'follow-up-due', followUpAt);

    expect(await stores.jobs.getJob(job.jobId)).toEqual({ ...job, status: 'follow-up-due', followUpAt });
    await expect(stores.jobs.setStatus('TH-9999', 'closed')).rejects.toThrow(JobNotFoundError);
  });

  it("records each of a job's events once, and lists them in time order", async () => {
    const stores = await open();
    const job = await aJob(stores);
    const late = { eventId: 'a-late', type: 'visited', at: new Date('2026-12-18T14:00:00Z') };
    const early = {
      eventId: 'z-early',
      type: 'deadline-breached',
      at: new Date('2026-12-16T09:00:00Z'),
      detail: { rule: 'th-standard-attendance' },
    };

    expect(await stores.jobs.recordEvent(job.jobId, late)).toBe('recorded');
    expect(await stores.jobs.recordEvent(job.jobId, early)).toBe('recorded');
    expect(await stores.jobs.recordEvent(job.jobId, { ...late, type: 'other' })).toBe('duplicate');

    expect(await stores.jobs.listEvents(job.jobId)).toEqual([early, late]);
    expect(await stores.jobs.listEvents('TH-9999')).toEqual([]);
  });
});

describe('target-hardening jobs on DynamoDB Local', () => {
  it('keeps every job in the JOBS partition, its token on it while it waits, and its events under JOB#<id>', async () => {
    const stores = await dynamoDbThStores();
    const { client, tableName } = stores;
    const job = await aJob(stores);
    await stores.jobs.waitFor(job.jobId, 'booking', DUE, 'token.booking');
    await stores.jobs.recordEvent(job.jobId, { eventId: 'made', type: 'job-made', at: NOW });

    const get = async (pk: string, sk: string) =>
      (await client.send(new GetCommand({ TableName: tableName, Key: { pk, sk } }))).Item;

    expect(await get('JOBS', 'JOB#TH-1001')).toEqual({
      pk: 'JOBS',
      sk: 'JOB#TH-1001',
      itemType: 'th-job',
      jobId: 'TH-1001',
      referralNumber: job.referralNumber,
      kind: 'standard',
      service: 'domestic-and-sexual-abuse-service',
      createdAt: NOW.toISOString(),
      attendBy: job.attendBy.toISOString(),
      alertAt: job.alertAt.toISOString(),
      status: 'awaiting-booking',
      victim: job.victim,
      consentToFeedback: true,
      waiting: { stage: 'booking', due: DUE.toISOString() },
      taskToken: 'token.booking',
    });
    expect(await get('JOB#TH-1001', 'EVENT#made')).toEqual({
      pk: 'JOB#TH-1001',
      sk: 'EVENT#made',
      itemType: 'th-job-event',
      eventId: 'made',
      type: 'job-made',
      at: NOW.toISOString(),
    });
    expect(await get('COUNTER', 'th-job')).toEqual({ pk: 'COUNTER', sk: 'th-job', n: 1 });
  });

  it("keeps, with a stage's record, the token it answered, in place of the one it waited on", async () => {
    const stores = await dynamoDbThStores();
    const { client, tableName } = stores;
    const job = await aJob(stores);
    await stores.jobs.waitFor(job.jobId, 'booking', DUE, 'token.booking');
    const before = (
      await client.send(new GetCommand({ TableName: tableName, Key: { pk: 'JOBS', sk: 'JOB#TH-1001' } }))
    ).Item as Record<string, unknown>;
    const { waiting: _waiting, taskToken: _taskToken, ...waited } = before;

    await stores.jobs.recordBooking(
      job.jobId,
      { outcome: 'booked', visitAt: '2026-12-18T14:00:00Z' },
      'fitter.one',
      NOW,
    );
    await stores.jobs.waitFor(job.jobId, 'visit', DUE, 'token.visit');
    await stores.jobs.recordVisit(job.jobId, aVisit(), BUDGET);

    expect(
      (await client.send(new GetCommand({ TableName: tableName, Key: { pk: 'JOBS', sk: 'JOB#TH-1001' } })))
        .Item,
    ).toEqual({
      ...waited,
      status: 'visited',
      booking: {
        outcome: 'booked',
        bookedBy: 'fitter.one',
        bookedAt: NOW.toISOString(),
        visitAt: '2026-12-18T14:00:00.000Z',
      },
      visit: { ...aVisit(), visitedAt: aVisit().visitedAt.toISOString() },
      answered: { booking: 'token.booking', visit: 'token.visit' },
    });
  });
});
