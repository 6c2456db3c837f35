import { describe, expect, it } from 'vitest';
import { executionArnOf } from '../../local/engine/engine.ts';
import type { Actor } from '../../shared/application/case-actions.ts';
import {
  type ReEngagementDeps,
  recordMilestone,
  withdrawMilestone,
} from '../../shared/application/re-engagement.ts';
import type { MilestoneDetails } from '../../shared/domain/milestone.ts';
import {
  advanceUntil,
  completeAs,
  eventsOf,
  executionOf,
  receivePartnerReferral,
  taskOf,
  untilTaskOpen,
} from '../support/contact-path.ts';
import {
  closingEachTestsSystem,
  definitionsOnce,
  type FreshLocalSystem,
  freshLocalSystem,
} from '../support/local-system.ts';

/** Tuesday 15 December 2026, 10:00 in Leicester. */
const TUESDAY_10AM = new Date('2026-12-15T10:00:00Z');
/** Sentencing on Monday 15 March 2027: five working days before is Monday 8 March, 09:00 (GMT). */
const SENTENCING: MilestoneDetails = { kind: 'sentencing', date: '2027-03-15', consent: true };
const CALL_AT = new Date('2027-03-08T09:00:00Z');
const CASEWORKER: Actor = { by: 'caseworker.one', role: 'caseworker' };

let fresh: FreshLocalSystem;
closingEachTestsSystem(() => fresh);

async function aCase() {
  fresh = await freshLocalSystem(TUESDAY_10AM);
  const { caseId } = await receivePartnerReferral(fresh, { contactMethod: 'email' });
  const { system } = fresh;
  const deps: ReEngagementDeps = {
    milestones: system.milestones,
    schedules: system.schedules,
    reEngagementArn: definitionsOnce().reEngagementArn as string,
    audit: system.audit,
    store: system.store,
  };
  return { caseId, deps };
}

const record = (
  deps: ReEngagementDeps,
  caseId: string,
  details = SENTENCING,
  milestoneId = 'f1e2d3c4-b5a6-4978-8695-a4b3c2d1e0f9',
) => recordMilestone(deps, { caseId, milestoneId, details, at: fresh.clock.now() }, CASEWORKER);

describe('re-engagement before a criminal justice milestone', () => {
  it('raises a re-engagement call five working days before sentencing, not a moment sooner, and ends when it is answered', async () => {
    const { caseId, deps } = await aCase();

    const milestone = await record(deps, caseId);

    expect(milestone).toMatchObject({ number: 1, reEngageAt: CALL_AT, kind: 'sentencing' });
    await fresh.system.engine.advanceTo(new Date(CALL_AT.getTime() - 60_000), fresh.clock);
    expect(await taskOf(fresh, caseId, 're-engagement-call', 1)).toBeUndefined();
    const task = await untilTaskOpen(fresh, caseId, 're-engagement-call', 1);
    expect([task.createdAt, task.due, task.queue, task.priority, task.reason]).toEqual([
      CALL_AT,
      new Date('2027-03-15T00:00:00Z'),
      'caseworkers',
      2,
      'Sentencing on 15 March 2027; the victim agreed to a call before it',
    ]);
    const arn = executionArnOf(deps.reEngagementArn, `${caseId}.re-engagement.1`);

    await completeAs(fresh, task.taskId, { outcome: 'spoke-to-victim', notes: 'Wants support at court' });

    await advanceUntil(fresh, async () => (await executionOf(fresh, arn)).status !== 'RUNNING');
    expect((await executionOf(fresh, arn)).status).toBe('SUCCEEDED');
    const [recorded] = await eventsOf(fresh, caseId, 'milestone-recorded');
    expect(recorded?.detail).toEqual({
      number: 1,
      kind: 'sentencing',
      date: '2027-03-15',
      consent: true,
      reEngageAt: CALL_AT.toISOString(),
      by: 'caseworker.one',
    });
  });

  it('records the call as timed out when no one records it within two weeks', async () => {
    const { caseId, deps } = await aCase();
    await record(deps, caseId);
    const arn = executionArnOf(deps.reEngagementArn, `${caseId}.re-engagement.1`);

    await untilTaskOpen(fresh, caseId, 're-engagement-call', 1);
    await advanceUntil(fresh, async () => (await executionOf(fresh, arn)).status !== 'RUNNING');

    expect((await taskOf(fresh, caseId, 're-engagement-call', 1))?.status).toBe('timed-out');
    const timedOut = await eventsOf(fresh, caseId, 'task-timed-out');
    expect(timedOut.map((e) => e.detail.taskType)).toContain('re-engagement-call');
  });

  it('raises no call for a withdrawn milestone: its schedule is cancelled', async () => {
    const { caseId, deps } = await aCase();
    await record(deps, caseId);

    const withdrawn = await withdrawMilestone(
      deps,
      { caseId, number: 1, reason: 'Sentencing adjourned', at: fresh.clock.now() },
      CASEWORKER,
    );
    // Withdrawn again (a retry): the first withdrawal stands.
    await withdrawMilestone(deps, { caseId, number: 1, reason: 'Again', at: fresh.clock.now() }, CASEWORKER);

    expect(withdrawn.withdrawn).toEqual({
      by: 'caseworker.one',
      at: TUESDAY_10AM,
      reason: 'Sentencing adjourned',
    });
    await fresh.system.engine.advanceTo(new Date('2027-04-01T00:00:00Z'), fresh.clock);
    expect(await taskOf(fresh, caseId, 're-engagement-call', 1)).toBeUndefined();
    expect((await fresh.system.milestones.get(caseId, 1))?.withdrawn?.reason).toBe('Sentencing adjourned');
    expect(await eventsOf(fresh, caseId, 'milestone-withdrawn')).toHaveLength(1);
  });

  it('raises no call without consent, nor for a date already past', async () => {
    const { caseId, deps } = await aCase();

    const noConsent = await record(deps, caseId, { ...SENTENCING, consent: false }, 'a-no-consent');
    const past = await record(deps, caseId, { kind: 'charge', date: '2026-12-01', consent: true }, 'a-past');

    expect(noConsent.reEngageAt).toBeUndefined();
    expect(past.reEngageAt).toBeUndefined();
    await fresh.system.engine.advanceTo(new Date('2027-04-01T00:00:00Z'), fresh.clock);
    expect(await taskOf(fresh, caseId, 're-engagement-call', 1)).toBeUndefined();
    expect(await taskOf(fresh, caseId, 're-engagement-call', 2)).toBeUndefined();
  });

  it('records one milestone, one schedule, one audit entry and one event however often the same form is sent', async () => {
    const { caseId, deps } = await aCase();

    const [first, second] = await Promise.all([record(deps, caseId), record(deps, caseId)]);
    await record(deps, caseId, { ...SENTENCING, date: '2027-05-03' });

    expect(first).toEqual(second);
    expect(await fresh.system.milestones.listForCase(caseId)).toHaveLength(1);
    expect(await eventsOf(fresh, caseId, 'milestone-recorded')).toHaveLength(1);
    const audit = (await fresh.system.audit.forCase(caseId, { limit: 100 })).entries;
    expect(audit.filter((entry) => entry.what === 'milestone:record')).toHaveLength(1);
    await untilTaskOpen(fresh, caseId, 're-engagement-call', 1);
    expect((await taskOf(fresh, caseId, 're-engagement-call', 1))?.createdAt).toEqual(CALL_AT);
  });
});
