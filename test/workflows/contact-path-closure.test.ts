import { describe, expect, it } from 'vitest';
import { DynamoDbSupportStore } from '../../shared/adapters/dynamodb/support-store.ts';
import {
  answerTask,
  completeAs,
  eventsOf,
  executionOf,
  NO_ANSWER,
  type ReceivedReferral,
  receivePartnerReferral,
  runToEnd,
  SPOKE_INITIAL_ONLY,
  taskOf,
} from '../support/contact-path.ts';
import { closingEachTestsSystem, type FreshLocalSystem, freshLocalSystem } from '../support/local-system.ts';

// docs/service-rules.md: a contact path that ends initial contact only, declined, not contactable or passed
// to another service closes its case with that reason, by the service itself (record-case-event), run by
// the local engine on DynamoDB Local; further support leaves the case open.

/** Tuesday 15 December 2026, 10:00 in Leicester (GMT): a working day with the service open. */
const TUESDAY_10AM = new Date('2026-12-15T10:00:00Z');

let fresh: FreshLocalSystem;
closingEachTestsSystem(() => fresh);

const supportOf = (caseId: string) =>
  new DynamoDbSupportStore(fresh.client, fresh.tableName).getSupport(caseId);

/** How each ending is reached from the first call. */
const ENDINGS: ReadonlyArray<readonly [string, (referral: ReceivedReferral) => Promise<void>]> = [
  [
    'initial-contact-only',
    async (r) => {
      await answerTask(fresh, r.caseId, 'call-attempt', 1, SPOKE_INITIAL_ONLY);
    },
  ],
  [
    'declined',
    async (r) => {
      await answerTask(fresh, r.caseId, 'call-attempt', 1, { outcome: 'declined' });
    },
  ],
  [
    'not-contactable',
    async (r) => {
      for (const attempt of [1, 2, 3]) await answerTask(fresh, r.caseId, 'call-attempt', attempt, NO_ANSWER);
    },
  ],
  [
    'onward-referral',
    async (r) => {
      await answerTask(fresh, r.caseId, 'call-attempt', 1, {
        outcome: 'spoke-to-victim',
        firstContact: 'onward-referral',
        onwardService: 'domestic abuse service',
      });
      const onward = await taskOf(fresh, r.caseId, 'onward-referral');
      await completeAs(fresh, onward?.taskId ?? '', {
        outcome: 'referred',
        onwardService: 'domestic abuse service',
      });
    },
  ],
];

describe('the end of the contact path', () => {
  it.each(ENDINGS)('closes the case as %s when the path ends so', async (result, reach) => {
    fresh = await freshLocalSystem(TUESDAY_10AM);
    const referral = await receivePartnerReferral(fresh);
    await reach(referral);

    const execution = await runToEnd(fresh, referral.executionArn);
    expect(execution.result).toBe(result);
    const [ended] = await eventsOf(fresh, referral.caseId, 'contact-path-completed');
    const support = await supportOf(referral.caseId);
    expect(support.closed).toEqual({ by: 'system', at: ended?.at, reason: result });
    expect(support).not.toHaveProperty('earlier');
    const closed = await eventsOf(fresh, referral.caseId, 'support-closed');
    expect(closed.map((e) => [e.eventId, e.at, e.detail])).toEqual([
      ['support-closed', ended?.at, { by: 'system', reason: result }],
    ]);
  });

  it('leaves the case open when the victim wants further support', async () => {
    fresh = await freshLocalSystem(TUESDAY_10AM);
    const referral = await receivePartnerReferral(fresh);
    await answerTask(fresh, referral.caseId, 'call-attempt', 1, {
      outcome: 'spoke-to-victim',
      firstContact: 'further-support',
    });
    const booking = await taskOf(fresh, referral.caseId, 'book-needs-assessment');
    await completeAs(fresh, booking?.taskId ?? '', {
      outcome: 'booked',
      appointmentAt: '2026-12-18T14:00:00Z',
    });

    expect((await executionOf(fresh, referral.executionArn)).result).toBe('further-support');
    expect(await supportOf(referral.caseId)).toEqual({ plan: [] });
    expect(await eventsOf(fresh, referral.caseId, 'support-closed')).toEqual([]);
  });

  it('closes once when the recording step runs again, later, and never over a reopening', async () => {
    fresh = await freshLocalSystem(TUESDAY_10AM);
    const referral = await receivePartnerReferral(fresh);
    await answerTask(fresh, referral.caseId, 'call-attempt', 1, { outcome: 'wrong-number' });
    await runToEnd(fresh, referral.executionArn);
    const step = {
      caseId: referral.caseId,
      eventId: 'contact-path-completed',
      type: 'contact-path-completed',
      detail: { result: 'not-contactable' },
    };
    const closedFirst = (await supportOf(referral.caseId)).closed;
    expect(closedFirst).toMatchObject({ by: 'system', reason: 'not-contactable' });

    // The step run again an hour on (a retry whose answer was lost): the closure stands as it was.
    fresh.clock.set(new Date(TUESDAY_10AM.getTime() + 3_600_000));
    await fresh.system.invoke('recordCaseEvent', step);
    expect((await supportOf(referral.caseId)).closed).toEqual(closedFirst);
    // Reopened by a caseworker, then the step once more: the case stays open.
    await new DynamoDbSupportStore(fresh.client, fresh.tableName).reopen(referral.caseId, {
      by: 'caseworker.one',
      at: fresh.clock.now(),
      reason: 'The victim rang back',
    });
    await fresh.system.invoke('recordCaseEvent', step);

    const support = await supportOf(referral.caseId);
    expect(support).not.toHaveProperty('closed');
    expect(support.reopened?.by).toBe('caseworker.one');
    expect(await eventsOf(fresh, referral.caseId, 'support-closed')).toHaveLength(1);
  });
});
