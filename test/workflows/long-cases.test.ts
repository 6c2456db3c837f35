import { describe, expect, it } from 'vitest';
import { keepReassessing } from '../../shared/application/long-cases.ts';
import { completeTask } from '../../shared/application/task-queue.ts';
import { planReviewAttempt } from '../../shared/domain/long-cases.ts';
import { advanceUntil, receivePartnerReferral, taskOf, untilTaskOpen } from '../support/contact-path.ts';
import { closingEachTestsSystem, type FreshLocalSystem, freshLocalSystem } from '../support/local-system.ts';

/** Tuesday 15 December 2026, 10:00 in Leicester. */
const TUESDAY_10AM = new Date('2026-12-15T10:00:00Z');
/** The first review: Tuesday 12 January 2027, 09:00. */
const REVIEW_AT = new Date('2027-01-12T09:00:00Z');

let fresh: FreshLocalSystem;
closingEachTestsSystem(() => fresh);

/** Completes a task as the web app does: with the ports that start the next review and reassessment. */
async function complete(taskId: string, outcome: Record<string, unknown>) {
  const { tasks, store, clock, workflows, engine } = fresh.system;
  const done = await completeTask(taskId, 'caseworker.one', outcome, {
    tasks,
    store,
    clock,
    workflows,
    reviews: workflows,
    caseChecks: workflows,
  });
  await engine.runDue();
  return done;
}

describe('a long case', () => {
  it('a plan review sets the next, which is its own task on the date chosen', async () => {
    fresh = await freshLocalSystem(TUESDAY_10AM);
    const { caseId } = await receivePartnerReferral(fresh, { contactMethod: 'email' });
    await fresh.system.workflows.startSupportReview(caseId, 2, REVIEW_AT);
    const first = await untilTaskOpen(fresh, caseId, 'plan-review', 2);
    expect(first.taskId).toBe(`${caseId}.plan-review.2`);

    // A date in the past, or more than three months ahead, is refused naming the field; nothing is written.
    await expect(complete(first.taskId, { outcome: 'on-track', nextReviewAt: '2027-01-01' })).rejects.toThrow(
      /nextReviewAt must be in the future/,
    );
    await expect(complete(first.taskId, { outcome: 'on-track' })).rejects.toThrow(/nextReviewAt is required/);
    await expect(complete(first.taskId, { outcome: 'changed', nextReviewAt: '2027-06-01' })).rejects.toThrow(
      /within 3 months/,
    );
    expect((await taskOf(fresh, caseId, 'plan-review', 2))?.status).toBe('open');

    await complete(first.taskId, { outcome: 'on-track', nextReviewAt: '2027-02-09' });
    const second = await untilTaskOpen(fresh, caseId, 'plan-review', planReviewAttempt(2, 2));
    expect(second.taskId).toBe(`${caseId}.plan-review.1002`);
    expect(second.createdAt).toEqual(new Date('2027-02-09T09:00:00Z'));

    // Done ends the reviews: nothing more is raised.
    await complete(second.taskId, { outcome: 'done' });
    expect(await taskOf(fresh, caseId, 'plan-review', planReviewAttempt(2, 3))).toBeUndefined();
  });

  it('raises the dependency check a month on and the reassessment at six months; a closed case none', async () => {
    fresh = await freshLocalSystem(TUESDAY_10AM);
    const open = await receivePartnerReferral(fresh, { contactMethod: 'email' });
    const closed = await receivePartnerReferral(fresh, { contactMethod: 'email', reference: 'LC-CLOSED-1' });
    const { workflows, support } = fresh.system;
    for (const { caseId } of [open, closed]) {
      await workflows.startCaseCheck(caseId, 'dependency-check', 1, new Date('2027-01-15T09:00:00Z'));
      await workflows.startCaseCheck(caseId, 'reassessment', 1, new Date('2027-06-15T09:00:00Z'));
    }
    await support.closeSupport(closed.caseId, 'team.leader', TUESDAY_10AM, { reason: 'declined' });

    // The e-mailed offer unanswered, the path closes the case; the victim asks again and it is reopened.
    await advanceUntil(fresh, async () => (await support.getSupport(open.caseId)).closed !== undefined);
    await support.reopen(open.caseId, {
      by: 'team.leader',
      at: fresh.system.clock.now(),
      reason: 'victim asked for support',
    });
    const check = await untilTaskOpen(fresh, open.caseId, 'dependency-check', 1);
    expect(check.createdAt).toEqual(new Date('2027-01-15T09:00:00Z'));
    await complete(check.taskId, { outcome: 'taper' });

    const reassessment = await untilTaskOpen(fresh, open.caseId, 'reassessment', 1);
    expect(reassessment.createdAt).toEqual(new Date('2027-06-15T09:00:00Z'));
    expect(await taskOf(fresh, closed.caseId, 'dependency-check', 1)).toBeUndefined();
    expect(await taskOf(fresh, closed.caseId, 'reassessment', 1)).toBeUndefined();

    // Completing it starts the next six-month mark (received 15 December: 15 December 2027).
    await complete(reassessment.taskId, { outcome: 'reassessed' });
    const next = await untilTaskOpen(fresh, open.caseId, 'reassessment', 2);
    expect(next.createdAt).toEqual(new Date('2027-12-15T09:00:00Z'));
  });

  it('a reassessment missed is followed by the next when a contact is logged on the case in support', async () => {
    fresh = await freshLocalSystem(TUESDAY_10AM);
    const { caseId } = await receivePartnerReferral(fresh, { contactMethod: 'email' });
    const { workflows, owners, store, clock, support } = fresh.system;
    const deps = { owners, store, caseChecks: workflows };
    // The e-mailed offer unanswered, the path closes the case; the victim asks again and it is reopened.
    await advanceUntil(fresh, async () => (await support.getSupport(caseId)).closed !== undefined);
    const reopening = { by: 'team.leader', at: clock.now(), reason: 'victim asked for support' };
    await support.reopen(caseId, reopening);
    await owners.markReopened(caseId, reopening.at);
    // On nobody's caseload yet: a contact starts no reassessment.
    await keepReassessing(deps, caseId, clock.now());
    expect(await taskOf(fresh, caseId, 'reassessment', 1)).toBeUndefined();
    await owners.allocate({
      caseId,
      n: 1,
      to: 'caseworker.one',
      by: 'team.leader',
      at: clock.now(),
      suggested: true,
    });
    await workflows.startCaseCheck(caseId, 'reassessment', 1, new Date('2027-06-15T09:00:00Z'));
    const first = await untilTaskOpen(fresh, caseId, 'reassessment', 1);

    // Four weeks pass without it: it is recorded as missed, and nothing more is raised by itself.
    await advanceUntil(
      fresh,
      async () => (await taskOf(fresh, caseId, 'reassessment', 1))?.status !== 'open',
    );
    expect((await store.timeline(caseId)).some((e) => e.eventId === `timeout.${first.taskId}`)).toBe(true);

    // A contact logged later starts the next six-month mark (15 December 2027), once however often.
    await keepReassessing(deps, caseId, clock.now());
    await keepReassessing(deps, caseId, clock.now());
    const next = await untilTaskOpen(fresh, caseId, 'reassessment', 2);
    expect(next.createdAt).toEqual(new Date('2027-12-15T09:00:00Z'));
  });
});
