import { describe, expect, it } from 'vitest';
import { executionArnOf } from '../../local/engine/engine.ts';
import {
  type JobActionDeps,
  JobInputError,
  recordBooking,
  recordFollowUp,
  recordVisit,
} from '../../shared/application/job-actions.ts';
import {
  DEFAULT_PRODUCT_LIMITS,
  type JobKind,
  type ProductLimits,
} from '../../shared/domain/target-hardening.ts';
import { type ThReferralInput, ThReferralSchema } from '../../shared/domain/target-hardening-referral.ts';
import { followUpExecutionName } from '../../shared/domain/workflows.ts';
import { aThReferral } from '../fixtures/referrals.ts';
import { advanceUntil, executionOf } from '../support/contact-path.ts';
import {
  closingEachTestsSystem,
  definitionsOnce,
  type FreshLocalSystem,
  freshLocalSystem,
} from '../support/local-system.ts';

/** Tuesday 15 December 2026, 10:00 in Leicester. */
const TUESDAY_10AM = new Date('2026-12-15T10:00:00Z');

const REFERRAL = aThReferral();

const LOCK = {
  product: 'Door chain, British Standard',
  quantity: 1,
  unitCostPence: 1_500,
  approvedStandard: true,
};

let fresh: FreshLocalSystem;
closingEachTestsSystem(() => fresh);

const thArn = () => definitionsOnce().targetHardeningArn;

function actions(limits: ProductLimits = DEFAULT_PRODUCT_LIMITS): JobActionDeps {
  return { jobs: fresh.system.jobs, workflows: fresh.system.workflows, clock: fresh.clock, limits };
}

async function aJob(kind: JobKind, overrides: Partial<ThReferralInput> = {}) {
  const details = ThReferralSchema.parse({ ...REFERRAL, ...overrides });
  const { referral } = await fresh.system.jobs.recordReferral(details, fresh.clock.now());
  const { job } = await fresh.system.jobs.createJob(referral.referralNumber, kind, fresh.clock.now());
  expect(await fresh.system.workflows.startTargetHardening(job.jobId)).toBe('started');
  await fresh.system.engine.runDue();
  return { jobId: job.jobId, arn: executionArnOf(thArn(), job.jobId) };
}

const jobOf = async (jobId: string) => {
  const job = await fresh.system.jobs.getJob(jobId);
  if (!job) throw new Error(`no job ${jobId}`);
  return job;
};
const eventTypes = async (jobId: string) =>
  (await fresh.system.jobs.listEvents(jobId)).map((event) => `${event.type}:${event.eventId}`);
const messagesOf = async (jobId: string) =>
  (await fresh.system.messages.listMessages(jobId)).map((m) => `${m.purpose}/${m.channel}`).sort();
const ended = (arn: string) => async () => (await executionOf(fresh, arn)).status !== 'RUNNING';
const waitingAt = (jobId: string, stage: string) => async () => (await jobOf(jobId)).waiting?.stage === stage;

describe('a standard target-hardening job', () => {
  it('waits for the booking, then the visit; the visit sets level 2 and spends the items; the follow-up is scheduled', async () => {
    fresh = await freshLocalSystem(TUESDAY_10AM);
    const { jobId, arn } = await aJob('standard');
    const job = await jobOf(jobId);
    // Received Tuesday 15 December: working days 16, 17, 18, 21, 22 → due 00:00 on Wednesday 23 December.
    expect(job.attendBy).toEqual(new Date('2026-12-23T00:00:00Z'));
    expect(job.waiting?.stage).toBe('booking');
    expect(job.victim).toEqual({
      name: 'Ms Ada Example',
      address: { line1: '12 Example Street', town: 'Leicester', postcode: 'LE1 1ZZ' },
      phone: '+447700900123',
      vulnerabilities: ['domestic-abuse'],
    });

    await recordBooking(
      actions(),
      jobId,
      { outcome: 'booked', visitAt: '2026-12-17T10:00:00Z' },
      'contractor.one',
    );
    await advanceUntil(fresh, waitingAt(jobId, 'visit'));
    fresh.clock.set(new Date('2026-12-17T11:00:00Z'));
    // Score 4 plus 2 for one vulnerability factor: 6 → level 2, items the victim fits.
    const visited = await recordVisit(
      actions(),
      jobId,
      { outcome: 'visited', assessmentScore: 4, items: [{ ...LOCK, quantity: 2 }], survey: 'very-satisfied' },
      'contractor.one',
    );
    expect(visited.visit?.level).toBe(2);
    expect(visited.visit?.costPence).toBe(3_000);
    await advanceUntil(fresh, ended(arn));

    expect((await executionOf(fresh, arn)).status).toBe('SUCCEEDED');
    expect(await fresh.system.jobs.productSpend('2026-27')).toBe(3_000);
    const after = await jobOf(jobId);
    expect(after.status).toBe('visited');
    expect(after.followUpAt).toEqual(new Date('2027-12-17T11:00:00Z'));
    expect(await eventTypes(jobId)).toEqual([]);
    // No further needs noted: nothing goes back to the referrer.
    expect(await messagesOf(jobId)).toEqual([]);
  });

  it('starts the follow-up a year later on the virtual clock, and closes the job when it is recorded', async () => {
    fresh = await freshLocalSystem(TUESDAY_10AM);
    const { jobId } = await aJob('standard');
    await recordBooking(
      actions(),
      jobId,
      { outcome: 'booked', visitAt: '2026-12-16T10:00:00Z' },
      'contractor.one',
    );
    await advanceUntil(fresh, waitingAt(jobId, 'visit'));
    await recordVisit(
      actions(),
      jobId,
      { outcome: 'visited', assessmentScore: 1, survey: 'satisfied' },
      'contractor.one',
    );
    const followUpArn = executionArnOf(thArn(), followUpExecutionName(jobId));

    await advanceUntil(fresh, waitingAt(jobId, 'follow-up'));

    expect(fresh.clock.now()).toEqual(new Date('2027-12-15T10:00:00Z'));
    expect((await executionOf(fresh, followUpArn)).status).toBe('RUNNING');
    expect((await jobOf(jobId)).status).toBe('follow-up-due');
    await recordFollowUp(
      actions(),
      jobId,
      { outcome: 'spoke-to-victim', stillSecure: true, satisfaction: 'very-satisfied' },
      'contractor.one',
    );
    await advanceUntil(fresh, ended(followUpArn));
    expect((await executionOf(fresh, followUpArn)).status).toBe('SUCCEEDED');
    expect((await jobOf(jobId)).status).toBe('closed');
    expect(await eventTypes(jobId)).toEqual(['job-ended:follow-up']);
  });

  it('records a follow-up missed when none is recorded within thirty days', async () => {
    fresh = await freshLocalSystem(TUESDAY_10AM);
    const { jobId } = await aJob('standard');
    await recordBooking(
      actions(),
      jobId,
      { outcome: 'booked', visitAt: '2026-12-16T10:00:00Z' },
      'contractor.one',
    );
    await advanceUntil(fresh, waitingAt(jobId, 'visit'));
    await recordVisit(
      actions(),
      jobId,
      { outcome: 'visited', assessmentScore: 1, survey: 'declined' },
      'contractor.one',
    );
    const followUpArn = executionArnOf(thArn(), followUpExecutionName(jobId));
    await advanceUntil(fresh, waitingAt(jobId, 'follow-up'));
    await advanceUntil(fresh, ended(followUpArn));
    expect(await eventTypes(jobId)).toEqual(['follow-up-missed:follow-up-missed']);
    expect((await jobOf(jobId)).status).toBe('closed');
  });

  it('ends as refused when the victim refuses on the booking call', async () => {
    fresh = await freshLocalSystem(TUESDAY_10AM);
    const { jobId, arn } = await aJob('standard');
    await recordBooking(actions(), jobId, { outcome: 'refused' }, 'contractor.one');
    await advanceUntil(fresh, ended(arn));
    expect((await executionOf(fresh, arn)).status).toBe('SUCCEEDED');
    expect((await jobOf(jobId)).status).toBe('refused');
    expect(await eventTypes(jobId)).toEqual(['job-ended:refused']);
  });

  it('ends as refused when the victim refuses at the door', async () => {
    fresh = await freshLocalSystem(TUESDAY_10AM);
    const { jobId, arn } = await aJob('standard');
    await recordBooking(
      actions(),
      jobId,
      { outcome: 'booked', visitAt: '2026-12-16T10:00:00Z' },
      'contractor.one',
    );
    await advanceUntil(fresh, waitingAt(jobId, 'visit'));
    await recordVisit(
      actions(),
      jobId,
      { outcome: 'refused', notes: 'Did not want the work done' },
      'contractor.one',
    );
    await advanceUntil(fresh, ended(arn));
    expect((await jobOf(jobId)).status).toBe('refused');
    expect(await fresh.system.jobs.productSpend('2026-27')).toBe(0);
  });

  it('alerts a team leader a day before the deadline, records the breach at it, and closes the job a fortnight later', async () => {
    fresh = await freshLocalSystem(TUESDAY_10AM);
    const { jobId, arn } = await aJob('standard');

    await advanceUntil(fresh, async () => (await eventTypes(jobId)).length === 1);
    expect(fresh.clock.now()).toEqual(new Date('2026-12-22T00:00:00Z'));
    expect(await messagesOf(jobId)).toEqual(['th-at-risk/email', 'th-at-risk/sms']);
    await advanceUntil(fresh, async () => (await eventTypes(jobId)).length === 2);
    expect(fresh.clock.now()).toEqual(new Date('2026-12-23T00:00:00Z'));
    await advanceUntil(fresh, ended(arn));

    expect(fresh.clock.now()).toEqual(new Date('2027-01-06T00:00:00Z'));
    expect(await eventTypes(jobId)).toEqual([
      'deadline-at-risk:at-risk.attendance',
      'deadline-breached:breach.attendance',
      'job-ended:not-attended',
    ]);
    const [, breach] = await fresh.system.jobs.listEvents(jobId);
    expect(breach?.detail).toEqual({
      rule: 'th-standard-attendance',
      reason: 'no booking recorded by the deadline',
    });
    expect((await jobOf(jobId)).status).toBe('not-attended');
  });
});

describe('an emergency job', () => {
  it('alerts the contractor by text and e-mail at once, and is due within 4 hours', async () => {
    fresh = await freshLocalSystem(TUESDAY_10AM);
    const { jobId, arn } = await aJob('emergency');
    const job = await jobOf(jobId);
    expect(job.attendBy).toEqual(new Date('2026-12-15T14:00:00Z'));
    expect(job.waiting?.stage).toBe('visit');
    expect(await messagesOf(jobId)).toEqual(['th-emergency-alert/email', 'th-emergency-alert/sms']);

    fresh.clock.set(new Date('2026-12-15T12:30:00Z'));
    await recordVisit(
      actions(),
      jobId,
      // Score 5 plus 2 for one vulnerability factor = 7: level 2.
      { outcome: 'visited', assessmentScore: 5, items: [LOCK], survey: 'satisfied' },
      'contractor.one',
    );
    await advanceUntil(fresh, ended(arn));
    expect((await jobOf(jobId)).visit?.level).toBe(2);
    expect(await eventTypes(jobId)).toEqual([]);
  });

  it('alerts a team leader an hour before the 4-hour deadline and records the breach when it passes', async () => {
    fresh = await freshLocalSystem(TUESDAY_10AM);
    const { jobId, arn } = await aJob('emergency', { vulnerabilities: ['domestic-abuse', 'older-person'] });

    await advanceUntil(fresh, async () => (await eventTypes(jobId)).length === 1);
    expect(fresh.clock.now()).toEqual(new Date('2026-12-15T13:00:00Z'));
    await advanceUntil(fresh, async () => (await eventTypes(jobId)).length === 2);
    expect(fresh.clock.now()).toEqual(new Date('2026-12-15T14:00:00Z'));
    // Attended late: still recorded, and the job goes on to its follow-up.
    const visited = await recordVisit(
      actions(),
      jobId,
      { outcome: 'visited', assessmentScore: 5, items: [LOCK], survey: 'satisfied' },
      'contractor.one',
    );
    expect(visited.visit?.level).toBe(3);
    await advanceUntil(fresh, ended(arn));
    expect((await executionOf(fresh, arn)).status).toBe('SUCCEEDED');
    expect(await eventTypes(jobId)).toEqual([
      'deadline-at-risk:at-risk.attendance',
      'deadline-breached:breach.attendance',
    ]);
    const [, breach] = await fresh.system.jobs.listEvents(jobId);
    expect(breach?.detail).toMatchObject({ rule: 'th-emergency-attendance' });
    expect(await messagesOf(jobId)).toEqual([
      'th-at-risk/email',
      'th-at-risk/sms',
      'th-emergency-alert/email',
      'th-emergency-alert/sms',
    ]);
  });
});

describe('the visit', () => {
  async function atVisit(overrides: Partial<ThReferralInput> = {}) {
    fresh = await freshLocalSystem(TUESDAY_10AM);
    return aJob('emergency', overrides);
  }

  it('level 1 is advice only: items are refused, naming the field, and nothing is recorded', async () => {
    const { jobId } = await atVisit({ vulnerabilities: [] });
    const attempt = recordVisit(
      actions(),
      jobId,
      { outcome: 'visited', assessmentScore: 3, items: [LOCK], survey: 'satisfied' },
      'contractor.one',
    );
    await expect(attempt).rejects.toThrow(JobInputError);
    await expect(attempt).rejects.toMatchObject({
      errors: [{ field: 'items', message: 'must be empty: level 1 is advice only' }],
    });
    expect((await jobOf(jobId)).visit).toBeUndefined();
  });

  it('level 3 fits only items of the approved standard', async () => {
    const { jobId } = await atVisit({ vulnerabilities: ['domestic-abuse', 'older-person'] });
    await expect(
      recordVisit(
        actions(),
        jobId,
        {
          outcome: 'visited',
          assessmentScore: 6,
          items: [LOCK, { ...LOCK, approvedStandard: false }],
          survey: 'satisfied',
        },
        'contractor.one',
      ),
    ).rejects.toMatchObject({ errors: [{ field: 'items.1.approvedStandard' }] });
  });

  it('refuses items over the agreed price per property', async () => {
    const { jobId } = await atVisit();
    await expect(
      recordVisit(
        actions(),
        jobId,
        {
          outcome: 'visited',
          assessmentScore: 6,
          items: [{ ...LOCK, quantity: 3, unitCostPence: 12_000 }],
          survey: 'satisfied',
        },
        'contractor.one',
      ),
    ).rejects.toMatchObject({
      errors: [{ field: 'items', message: 'come to £360.00, over the £300.00 agreed per property' }],
    });
  });

  it('refuses items the year’s product budget cannot pay for; the visit is then recorded without them and a team leader told', async () => {
    const limits = { priceCapPence: 30_000, annualBudgetPence: 20_000 };
    const first = await atVisit();
    await recordVisit(
      actions(limits),
      first.jobId,
      {
        outcome: 'visited',
        assessmentScore: 6,
        items: [{ ...LOCK, unitCostPence: 15_000 }],
        survey: 'satisfied',
      },
      'contractor.one',
    );
    const second = await aJob('emergency', { reference: 'DSA-2026-0418' });

    await expect(
      recordVisit(
        actions(limits),
        second.jobId,
        {
          outcome: 'visited',
          assessmentScore: 6,
          items: [{ ...LOCK, unitCostPence: 6_000 }],
          survey: 'satisfied',
        },
        'contractor.one',
      ),
    ).rejects.toMatchObject({
      errors: [{ field: 'items', message: 'come to £60.00, but the 2026-27 product budget has £50.00 left' }],
    });
    expect(await fresh.system.jobs.productSpend('2026-27')).toBe(15_000);

    await recordVisit(
      actions(limits),
      second.jobId,
      { outcome: 'visited', assessmentScore: 6, items: [], neededMoreThanAllowed: true, survey: 'satisfied' },
      'contractor.one',
    );
    await advanceUntil(fresh, ended(second.arn));
    expect(await eventTypes(second.jobId)).toEqual(['items-withheld:items-withheld']);
    expect(await messagesOf(second.jobId)).toContain('th-items-withheld/email');
  });

  it('passes further needs back to the referrer only with the victim’s consent', async () => {
    const consented = await atVisit();
    await recordVisit(
      actions(),
      consented.jobId,
      {
        outcome: 'visited',
        assessmentScore: 1,
        survey: 'satisfied',
        additionalNeeds: 'Would like help with benefits',
      },
      'contractor.one',
    );
    await advanceUntil(fresh, ended(consented.arn));
    expect(await messagesOf(consented.jobId)).toContain('th-additional-needs/email');

    const refused = await aJob('emergency', { reference: 'DSA-2026-0419', consentToFeedback: false });
    await recordVisit(
      actions(),
      refused.jobId,
      {
        outcome: 'visited',
        assessmentScore: 1,
        survey: 'satisfied',
        additionalNeeds: 'Would like help with benefits',
      },
      'contractor.one',
    );
    await advanceUntil(fresh, ended(refused.arn));
    expect(await messagesOf(refused.jobId)).not.toContain('th-additional-needs/email');
  });

  it('a second person recording the same visit is told it is no longer waiting', async () => {
    const { jobId } = await atVisit();
    const visit = { outcome: 'visited', assessmentScore: 1, survey: 'satisfied' } as const;
    const results = await Promise.allSettled([
      recordVisit(actions(), jobId, visit, 'contractor.one'),
      recordVisit(actions(), jobId, visit, 'contractor.two'),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const [failure] = results.filter((r) => r.status === 'rejected');
    expect((failure as PromiseRejectedResult).reason.name).toBe('JobNotWaitingError');
  });
});
