import { describe, expect, it } from 'vitest';
import { isWithinServiceHours } from '../../shared/domain/calendar.ts';
import {
  answerTask,
  eventsOf,
  executionOf,
  receivePartnerReferral,
  runToEnd,
  taskOf,
  taskSummary,
  untilTaskOpen,
} from '../support/contact-path.ts';
import { closingEachTestsSystem, type FreshLocalSystem, freshLocalSystem } from '../support/local-system.ts';

/** Tuesday 15 December 2026, 10:00 in Leicester (GMT): a working day with the service open. */
const TUESDAY_10AM = new Date('2026-12-15T10:00:00Z');
/** Wednesday 15 July 2026, 23:30 in Leicester (BST): half an hour before the day of receipt ends. */
const HALF_PAST_ELEVEN_AT_NIGHT = new Date('2026-07-15T22:30:00Z');
const END_OF_THAT_DAY = '2026-07-15T23:00:00.000Z';

let fresh: FreshLocalSystem;
const open = async (at: Date) => {
  fresh = await freshLocalSystem(at);
  return fresh;
};

closingEachTestsSystem(() => fresh);

describe('the written contact path', () => {
  it.each([
    ['email', 'email'],
    ['sms', 'sms'],
    ['post', 'letter'],
  ])(
    'sends the support offer on the day received to a victim who chose %s (by %s)',
    async (method, channel) => {
      await open(TUESDAY_10AM);
      const referral = await receivePartnerReferral(fresh, { contactMethod: method });

      const execution = await runToEnd(fresh, referral.executionArn);
      expect(execution.result).toBe('initial-contact-only');
      const messages = await eventsOf(fresh, referral.caseId, 'message-recorded');
      expect(messages.map((m) => [m.eventId, m.at.toISOString(), m.detail])).toEqual([
        [
          'message.support-offer.1',
          TUESDAY_10AM.toISOString(),
          { purpose: 'support-offer', channel, attempt: 1 },
        ],
      ]);
      expect(await eventsOf(fresh, referral.caseId, 'deadline-breached')).toEqual([]);
      expect(await taskSummary(fresh, referral.caseId)).toEqual([]);
    },
  );

  it('sends the support offer for a referral received at 23:30 local time before that day ends, with no breach', async () => {
    await open(HALF_PAST_ELEVEN_AT_NIGHT);
    const referral = await receivePartnerReferral(fresh, { contactMethod: 'email' });

    await runToEnd(fresh, referral.executionArn);
    const [message] = await eventsOf(fresh, referral.caseId, 'message-recorded');
    expect(message?.at.toISOString()).toBe(HALF_PAST_ELEVEN_AT_NIGHT.toISOString());
    expect(message && message.at.toISOString() < END_OF_THAT_DAY).toBe(true);
    expect(await eventsOf(fresh, referral.caseId, 'deadline-breached')).toEqual([]);
  });

  it('still sends a support offer that could only go after midnight, and records the missed day as a breach', async () => {
    await open(HALF_PAST_ELEVEN_AT_NIGHT);
    const referral = await receivePartnerReferral(fresh, { contactMethod: 'email' });
    // The engine is down from 23:30 until 00:10 local time.
    const tenPastMidnight = new Date('2026-07-15T23:10:00Z');
    fresh.clock.set(tenPastMidnight);

    const execution = await runToEnd(fresh, referral.executionArn);
    expect(execution.result).toBe('initial-contact-only');
    const [message] = await eventsOf(fresh, referral.caseId, 'message-recorded');
    expect(message?.at.toISOString()).toBe(tenPastMidnight.toISOString());
    const breaches = await eventsOf(fresh, referral.caseId, 'deadline-breached');
    expect(breaches.map((b) => [b.eventId, b.detail])).toEqual([
      [
        'breach.written-on-the-day',
        { rule: 'written-on-the-day', reason: 'message sent after the day of receipt' },
      ],
    ]);
  });
});

describe('the in-person contact path', () => {
  // Received Tuesday 15 December 2026: working day 2 is Thursday 17 December, working day 7 is Thursday
  // 24 December; the first visit is due by 00:00 on 23 December (5 working days), the second by 00:00 on
  // 1 January 2027 (10 working days).
  const FIRST_VISIT = '2026-12-17T10:00:00.000Z';
  const SECOND_VISIT = '2026-12-24T14:00:00.000Z';
  const VISITED = { outcome: 'visited', firstContact: 'initial-contact-only' } as const;
  const NO_ONE_HOME = { outcome: 'no-one-home' } as const;

  it('sends a notice on the day naming a visit inside five working days, and ends when the visit is done', async () => {
    await open(TUESDAY_10AM);
    const referral = await receivePartnerReferral(fresh, { contactMethod: 'in-person' });
    const visit = await untilTaskOpen(fresh, referral.caseId, 'home-visit', 1);

    const [notice] = await eventsOf(fresh, referral.caseId, 'message-recorded');
    expect([notice?.eventId, notice?.at.toISOString(), notice?.detail]).toEqual([
      'message.home-visit-notice.1',
      TUESDAY_10AM.toISOString(),
      { purpose: 'home-visit-notice', channel: 'letter', attempt: 1, visitAt: FIRST_VISIT },
    ]);
    expect(visit.createdAt.toISOString()).toBe(FIRST_VISIT);
    expect(isWithinServiceHours(visit.createdAt)).toBe(true);
    expect(visit.due.toISOString()).toBe('2026-12-23T00:00:00.000Z');

    await answerTask(fresh, referral.caseId, 'home-visit', 1, VISITED);
    expect((await executionOf(fresh, referral.executionArn)).result).toBe('initial-contact-only');
    expect(await taskSummary(fresh, referral.caseId)).toEqual(['home-visit.1:completed']);
  });

  it('names a second visit inside working days 6 to 10 when no one is home at the first', async () => {
    await open(TUESDAY_10AM);
    const referral = await receivePartnerReferral(fresh, { contactMethod: 'in-person' });
    await answerTask(fresh, referral.caseId, 'home-visit', 1, NO_ONE_HOME);

    const notices = await eventsOf(fresh, referral.caseId, 'message-recorded');
    expect(notices.map((m) => [m.eventId, m.at.toISOString(), m.detail.visitAt])).toEqual([
      ['message.home-visit-notice.1', TUESDAY_10AM.toISOString(), FIRST_VISIT],
      ['message.second-home-visit-notice.1', FIRST_VISIT, SECOND_VISIT],
    ]);
    const second = await untilTaskOpen(fresh, referral.caseId, 'home-visit', 2);
    expect(second.createdAt.toISOString()).toBe(SECOND_VISIT);
    expect(second.due.toISOString()).toBe('2027-01-01T00:00:00.000Z');

    await answerTask(fresh, referral.caseId, 'home-visit', 2, VISITED);
    expect((await executionOf(fresh, referral.executionArn)).result).toBe('initial-contact-only');
  });

  it('sends the final letter when both visits fail, and ends not contactable', async () => {
    await open(TUESDAY_10AM);
    const referral = await receivePartnerReferral(fresh, { contactMethod: 'in-person' });
    await answerTask(fresh, referral.caseId, 'home-visit', 1, NO_ONE_HOME);
    await answerTask(fresh, referral.caseId, 'home-visit', 2, NO_ONE_HOME);

    expect((await executionOf(fresh, referral.executionArn)).result).toBe('not-contactable');
    const messages = await eventsOf(fresh, referral.caseId, 'message-recorded');
    expect(messages.map((m) => m.eventId)).toEqual([
      'message.home-visit-notice.1',
      'message.second-home-visit-notice.1',
      'message.final-letter.1',
    ]);
    expect(messages[2]?.at.toISOString()).toBe(SECOND_VISIT);
    expect(await taskSummary(fresh, referral.caseId)).toEqual([
      'home-visit.1:completed',
      'home-visit.2:completed',
    ]);
  });

  it('ends the path as declined when the victim declines at the door', async () => {
    await open(TUESDAY_10AM);
    const referral = await receivePartnerReferral(fresh, { contactMethod: 'in-person' });
    await answerTask(fresh, referral.caseId, 'home-visit', 1, { outcome: 'declined' });
    expect((await executionOf(fresh, referral.executionArn)).result).toBe('declined');
  });

  it('records a breach when a visit outcome is not recorded in five working days, and moves to the second visit', async () => {
    await open(TUESDAY_10AM);
    const referral = await receivePartnerReferral(fresh, { contactMethod: 'in-person' });
    await untilTaskOpen(fresh, referral.caseId, 'home-visit', 1);
    await untilTaskOpen(fresh, referral.caseId, 'home-visit', 2);

    const [breach] = await eventsOf(fresh, referral.caseId, 'deadline-breached');
    expect([breach?.eventId, breach?.at.toISOString(), breach?.detail]).toEqual([
      'breach.home-visit-1',
      '2026-12-23T00:00:00.000Z',
      { rule: 'home-visit', reason: 'home visit outcome not recorded by the deadline' },
    ]);
    expect(await taskSummary(fresh, referral.caseId)).toEqual([
      'home-visit.1:timed-out',
      'home-visit.2:open',
    ]);
  });

  it('raises a team-leader task, and sends nothing, when neither letter nor SMS is safe for the visit notice', async () => {
    await open(TUESDAY_10AM);
    const referral = await receivePartnerReferral(fresh, {
      contactMethod: 'in-person',
      unsafeChannels: ['letter', 'sms'],
    });
    const review = await untilTaskOpen(fresh, referral.caseId, 'safe-contact-review', 1);

    expect(review).toMatchObject({ queue: 'team-leaders', reason: 'no safe channel for the visit notice' });
    expect(await eventsOf(fresh, referral.caseId, 'message-recorded')).toEqual([]);
    expect(await taskOf(fresh, referral.caseId, 'home-visit', 1)).toBeUndefined();
  });

  it('sends the visit notice by SMS when letters are unsafe', async () => {
    await open(TUESDAY_10AM);
    const referral = await receivePartnerReferral(fresh, {
      contactMethod: 'in-person',
      unsafeChannels: ['letter'],
    });
    await untilTaskOpen(fresh, referral.caseId, 'home-visit', 1);
    const [notice] = await eventsOf(fresh, referral.caseId, 'message-recorded');
    expect(notice?.detail.channel).toBe('sms');
  });
});
