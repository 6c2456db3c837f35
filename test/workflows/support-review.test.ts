import { describe, expect, it } from 'vitest';
import { executionArnOf } from '../../local/engine/engine.ts';
import { supportReviewName } from '../../shared/domain/workflows.ts';
import {
  advanceUntil,
  answerTask,
  eventsOf,
  executionOf,
  receivePartnerReferral,
  taskOf,
} from '../support/contact-path.ts';
import {
  closingEachTestsSystem,
  definitionsOnce,
  type FreshLocalSystem,
  freshLocalSystem,
} from '../support/local-system.ts';

/** Tuesday 15 December 2026, 10:00 in Leicester. */
const TUESDAY_10AM = new Date('2026-12-15T10:00:00Z');
/** The review date: Tuesday 12 January 2027, 09:00. */
const REVIEW_AT = new Date('2027-01-12T09:00:00Z');

let fresh: FreshLocalSystem;
closingEachTestsSystem(() => fresh);

async function aReview() {
  fresh = await freshLocalSystem(TUESDAY_10AM);
  const { caseId } = await receivePartnerReferral(fresh, { contactMethod: 'email' });
  const arn = executionArnOf(definitionsOnce().supportReviewArn as string, supportReviewName(caseId, 2));
  expect(await fresh.system.workflows.startSupportReview(caseId, 2, REVIEW_AT)).toBe('started');
  return { caseId, arn };
}

describe('the review of a support plan action', () => {
  it('sleeps until the review date, then asks the caseworkers to review the action', async () => {
    const { caseId, arn } = await aReview();
    await fresh.system.engine.runDue();
    expect(await taskOf(fresh, caseId, 'plan-review', 2)).toBeUndefined();

    const task = await answerTask(fresh, caseId, 'plan-review', 2, { outcome: 'done' });

    expect(task.createdAt).toEqual(REVIEW_AT);
    expect(task.due).toEqual(new Date('2027-01-19T09:00:00Z'));
    await advanceUntil(fresh, async () => (await executionOf(fresh, arn)).status !== 'RUNNING');
    expect((await executionOf(fresh, arn)).status).toBe('SUCCEEDED');
    expect(await eventsOf(fresh, caseId, 'deadline-breached')).toEqual([]);
  });

  it('records a missed review when none is recorded within a week of its date', async () => {
    const { caseId, arn } = await aReview();

    await advanceUntil(fresh, async () => (await executionOf(fresh, arn)).status !== 'RUNNING');

    const [breach] = await eventsOf(fresh, caseId, 'deadline-breached');
    expect(breach?.detail).toMatchObject({ rule: 'plan-review' });
    expect((await taskOf(fresh, caseId, 'plan-review', 2))?.status).toBe('timed-out');
  });

  it('is started once per case and action, however often it is asked', async () => {
    const { caseId } = await aReview();
    expect(await fresh.system.workflows.startSupportReview(caseId, 2, REVIEW_AT)).toBe('already-started');
  });
});
