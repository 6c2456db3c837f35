import { describe, expect, it } from 'vitest';
import { completeTask } from '../../shared/application/task-queue.ts';
import { isWithinServiceHours } from '../../shared/domain/calendar.ts';
import type { Task } from '../../shared/domain/task.ts';
import { TaskNotOpenError } from '../../shared/domain/task.ts';
import {
  advanceUntil,
  answerTask,
  completeAs,
  eventsOf,
  executionOf,
  NO_ANSWER,
  receivePartnerReferral,
  runToEnd,
  SPOKE_INITIAL_ONLY,
  taskOf,
  taskSummary,
  tasksOf,
  untilTaskOpen,
} from '../support/contact-path.ts';
import { closingEachTestsSystem, type FreshLocalSystem, freshLocalSystem } from '../support/local-system.ts';

/** Tuesday 15 December 2026, 10:00 in Leicester (GMT): a working day with the service open. */
const TUESDAY_10AM = new Date('2026-12-15T10:00:00Z');
const HOUR = 3_600_000;

let fresh: FreshLocalSystem;
const open = async (at: Date) => {
  fresh = await freshLocalSystem(at);
  return fresh;
};

closingEachTestsSystem(() => fresh);

describe('the telephone contact path', () => {
  it.each([1, 2, 3])(
    'ends with initial contact only when the victim is reached on call %i',
    async (reachedOn) => {
      await open(TUESDAY_10AM);
      const referral = await receivePartnerReferral(fresh);
      for (let attempt = 1; attempt < reachedOn; attempt++) {
        await answerTask(
          fresh,
          referral.caseId,
          'call-attempt',
          attempt,
          attempt === 2 ? { outcome: 'voicemail-left' } : NO_ANSWER,
        );
      }
      await answerTask(fresh, referral.caseId, 'call-attempt', reachedOn, SPOKE_INITIAL_ONLY);

      const execution = await runToEnd(fresh, referral.executionArn);
      expect(execution.status).toBe('SUCCEEDED');
      expect(execution.result).toBe('initial-contact-only');
      const expected = [1, 2, 3].filter((n) => n <= reachedOn).map((n) => `call-attempt.${n}:completed`);
      expect(await taskSummary(fresh, referral.caseId)).toEqual(expected);
      expect(await eventsOf(fresh, referral.caseId, 'message-recorded')).toEqual([]);
      expect(await eventsOf(fresh, referral.caseId, 'deadline-breached')).toEqual([]);
      const [completed] = await eventsOf(fresh, referral.caseId, 'contact-path-completed');
      expect(completed?.detail).toEqual({ result: 'initial-contact-only' });
    },
  );

  it('places each call at its planned slot, inside service hours, at a different time of day, before 48 hours', async () => {
    await open(TUESDAY_10AM);
    const referral = await receivePartnerReferral(fresh);
    const created: Date[] = [];
    for (const attempt of [1, 2, 3]) {
      const task = await untilTaskOpen(fresh, referral.caseId, 'call-attempt', attempt);
      created.push(task.createdAt);
      await answerTask(fresh, referral.caseId, 'call-attempt', attempt, NO_ANSWER);
    }
    const deadline = new Date(TUESDAY_10AM.getTime() + 48 * HOUR);
    expect(created.map((d) => d.toISOString())).toEqual([
      '2026-12-15T10:00:00.000Z',
      '2026-12-15T13:00:00.000Z',
      '2026-12-15T16:00:00.000Z',
    ]);
    for (const at of created) {
      expect(isWithinServiceHours(at)).toBe(true);
      expect(at.getTime()).toBeLessThan(deadline.getTime());
    }
  });

  it('sends the final letter after the third unanswered call and ends not contactable', async () => {
    await open(TUESDAY_10AM);
    const referral = await receivePartnerReferral(fresh);
    for (const attempt of [1, 2, 3])
      await answerTask(fresh, referral.caseId, 'call-attempt', attempt, NO_ANSWER);

    const execution = await executionOf(fresh, referral.executionArn);
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.result).toBe('not-contactable');
    const letters = await eventsOf(fresh, referral.caseId, 'message-recorded');
    expect(letters.map((m) => [m.eventId, m.detail])).toEqual([
      ['message.final-letter.1', { purpose: 'final-letter', channel: 'letter', attempt: 1 }],
    ]);
    expect(letters[0]?.at.toISOString()).toBe('2026-12-15T16:00:00.000Z');
    expect(await eventsOf(fresh, referral.caseId, 'deadline-breached')).toEqual([]);
    const [completed] = await eventsOf(fresh, referral.caseId, 'contact-path-completed');
    expect(completed?.detail).toEqual({ result: 'not-contactable' });
  });

  it('sends the final letter at once after a wrong number, without further calls', async () => {
    await open(TUESDAY_10AM);
    const referral = await receivePartnerReferral(fresh);
    await answerTask(fresh, referral.caseId, 'call-attempt', 1, { outcome: 'wrong-number' });

    expect((await executionOf(fresh, referral.executionArn)).result).toBe('not-contactable');
    expect(await taskSummary(fresh, referral.caseId)).toEqual(['call-attempt.1:completed']);
    const letters = await eventsOf(fresh, referral.caseId, 'message-recorded');
    expect(letters.map((m) => m.eventId)).toEqual(['message.final-letter.1']);
  });

  it('ends the path as declined when the victim declines on the call, with no letter', async () => {
    await open(TUESDAY_10AM);
    const referral = await receivePartnerReferral(fresh);
    await answerTask(fresh, referral.caseId, 'call-attempt', 1, { outcome: 'declined' });

    expect((await executionOf(fresh, referral.executionArn)).result).toBe('declined');
    expect(await eventsOf(fresh, referral.caseId, 'message-recorded')).toEqual([]);
  });

  it('gives an enhanced victim a 24-hour deadline: the last call is due then, and a missed call escalates then', async () => {
    await open(TUESDAY_10AM);
    const referral = await receivePartnerReferral(fresh, { risk: 'high' });
    const deadline = new Date(TUESDAY_10AM.getTime() + 24 * HOUR);
    const first = await untilTaskOpen(fresh, referral.caseId, 'call-attempt', 1);
    expect(first.priority).toBe(1);
    expect(first.due.toISOString()).toBe('2026-12-15T13:00:00.000Z');
    await answerTask(fresh, referral.caseId, 'call-attempt', 1, NO_ANSWER);
    await answerTask(fresh, referral.caseId, 'call-attempt', 2, NO_ANSWER);
    const third = await untilTaskOpen(fresh, referral.caseId, 'call-attempt', 3);
    expect(third.due.toISOString()).toBe(deadline.toISOString());

    // Nobody records the third call: the task times out at the 24-hour deadline, not at 48 hours.
    await advanceUntil(
      fresh,
      async () => (await taskOf(fresh, referral.caseId, 'call-attempt', 3))?.status === 'timed-out',
    );
    const [breach] = await eventsOf(fresh, referral.caseId, 'deadline-breached');
    expect(breach?.eventId).toBe('breach.initial-contact');
    expect(breach?.at.toISOString()).toBe(deadline.toISOString());
  });

  it('calls a referral received on Saturday evening on Monday, in service hours, before its 48-hour deadline', async () => {
    const saturdayEvening = new Date('2026-12-19T19:00:00Z');
    await open(saturdayEvening);
    const referral = await receivePartnerReferral(fresh);
    const created: string[] = [];
    for (const attempt of [1, 2, 3]) {
      const task = await untilTaskOpen(fresh, referral.caseId, 'call-attempt', attempt);
      created.push(task.createdAt.toISOString());
      await answerTask(fresh, referral.caseId, 'call-attempt', attempt, NO_ANSWER);
    }
    // Sunday is closed; 48 elapsed hours ends Monday 19:00, whatever the day.
    expect(created).toEqual([
      '2026-12-21T09:00:00.000Z',
      '2026-12-21T12:00:00.000Z',
      '2026-12-21T16:00:00.000Z',
    ]);
    expect(await eventsOf(fresh, referral.caseId, 'deadline-at-risk')).toEqual([]);
    expect(await eventsOf(fresh, referral.caseId, 'deadline-breached')).toEqual([]);
    expect((await executionOf(fresh, referral.executionArn)).result).toBe('not-contactable');
  });

  it('calls a referral received the afternoon before Good Friday on the Thursday and the Saturday, never the bank holiday', async () => {
    // Thursday 2 April 2026, 16:00 BST; Good Friday 3 April is a bank holiday; deadline Saturday 16:00 BST.
    await open(new Date('2026-04-02T15:00:00Z'));
    const referral = await receivePartnerReferral(fresh);
    const created: string[] = [];
    for (const attempt of [1, 2, 3]) {
      const task = await untilTaskOpen(fresh, referral.caseId, 'call-attempt', attempt);
      created.push(task.createdAt.toISOString());
      await answerTask(fresh, referral.caseId, 'call-attempt', attempt, NO_ANSWER);
    }
    expect(created).toEqual([
      '2026-04-02T15:00:00.000Z',
      '2026-04-04T08:00:00.000Z',
      '2026-04-04T11:00:00.000Z',
    ]);
    expect(await eventsOf(fresh, referral.caseId, 'deadline-at-risk')).toEqual([]);
    expect(await eventsOf(fresh, referral.caseId, 'deadline-breached')).toEqual([]);
  });

  it('alerts a team leader at once when three calls cannot fit before the deadline over the Christmas bank holidays, records the breach when the deadline passes, and keeps calling', async () => {
    // Thursday 24 December 2026, 17:00: 25, 26 and 28 December are bank holidays; the deadline is Saturday 17:00.
    const christmasEve = new Date('2026-12-24T17:00:00Z');
    await open(christmasEve);
    const referral = await receivePartnerReferral(fresh);
    await fresh.system.engine.runDue();

    const [alert] = await eventsOf(fresh, referral.caseId, 'deadline-at-risk');
    expect(alert?.eventId).toBe('at-risk.initial-contact');
    expect(alert?.at.toISOString()).toBe(christmasEve.toISOString());
    expect(alert?.detail.rule).toBe('initial-contact-telephone');
    const first = await untilTaskOpen(fresh, referral.caseId, 'call-attempt', 1);
    expect(first.createdAt.toISOString()).toBe('2026-12-24T17:00:00.000Z');

    // No answer on Christmas Eve; the next service time is after the deadline, so the deadline is missed.
    await answerTask(fresh, referral.caseId, 'call-attempt', 1, NO_ANSWER);
    const second = await untilTaskOpen(fresh, referral.caseId, 'call-attempt', 2);

    const breaches = await eventsOf(fresh, referral.caseId, 'deadline-breached');
    expect(breaches.map((b) => [b.eventId, b.at.toISOString(), b.detail.rule])).toEqual([
      ['breach.initial-contact', '2026-12-26T17:00:00.000Z', 'initial-contact-telephone'],
    ]);
    // The calls go on after the holidays, inside service hours, and the victim is reached.
    expect(second.createdAt.toISOString()).toBe('2026-12-29T09:00:00.000Z');
    await answerTask(fresh, referral.caseId, 'call-attempt', 2, SPOKE_INITIAL_ONLY);
    const execution = await runToEnd(fresh, referral.executionArn);
    expect(execution.result).toBe('initial-contact-only');
    expect(await taskOf(fresh, referral.caseId, 'safe-contact-review')).toBeUndefined();
    for (const task of await tasksOf(fresh, referral.caseId)) {
      expect(isWithinServiceHours(task.createdAt), task.taskId).toBe(true);
    }
  });

  it('escalates a call placed after the deadline once it has waited three hours unanswered', async () => {
    const christmasEve = new Date('2026-12-24T17:00:00Z');
    await open(christmasEve);
    const referral = await receivePartnerReferral(fresh);
    await answerTask(fresh, referral.caseId, 'call-attempt', 1, NO_ANSWER);
    await untilTaskOpen(fresh, referral.caseId, 'call-attempt', 2);

    const review = await untilTaskOpen(fresh, referral.caseId, 'safe-contact-review', 1);

    expect(review.createdAt.toISOString()).toBe('2026-12-29T12:00:00.000Z');
    expect(await taskSummary(fresh, referral.caseId)).toEqual([
      'call-attempt.1:completed',
      'call-attempt.2:timed-out',
      'safe-contact-review.1:open',
    ]);
    expect(await eventsOf(fresh, referral.caseId, 'deadline-breached')).toHaveLength(1);
  });
});

describe('escalation when a deadline passes', () => {
  it('records the breach with its reason and raises a team-leader review when no call is recorded in 48 hours', async () => {
    await open(TUESDAY_10AM);
    const referral = await receivePartnerReferral(fresh);
    await untilTaskOpen(fresh, referral.caseId, 'call-attempt', 1);

    const review = await untilTaskOpen(fresh, referral.caseId, 'safe-contact-review', 1);
    const deadline = new Date(TUESDAY_10AM.getTime() + 48 * HOUR);
    const breaches = await eventsOf(fresh, referral.caseId, 'deadline-breached');
    expect(breaches.map((b) => [b.eventId, b.at.toISOString(), b.detail])).toEqual([
      [
        'breach.initial-contact',
        deadline.toISOString(),
        { rule: 'initial-contact-telephone', reason: 'call attempts not recorded before the deadline' },
      ],
    ]);
    expect(await taskSummary(fresh, referral.caseId)).toEqual([
      'call-attempt.1:timed-out',
      'safe-contact-review.1:open',
    ]);
    expect(review).toMatchObject({
      queue: 'team-leaders',
      priority: 1,
      reason: 'initial contact deadline missed',
    });
    expect(review.due.toISOString()).toBe(new Date(deadline.getTime() + 5 * 24 * HOUR).toISOString());
    const execution = await executionOf(fresh, referral.executionArn);
    expect(execution.status).toBe('RUNNING');
    expect(execution.currentState).toBe('Team leader reviews safe contact');

    await completeAs(fresh, review.taskId, { outcome: 'contacted-safely' }, 'team.leader');
    expect((await executionOf(fresh, referral.executionArn)).result).toBe('initial-contact-only');
  });

  it('refuses a call outcome recorded after the deadline, even before the engine has noticed, and still escalates', async () => {
    await open(TUESDAY_10AM);
    const referral = await receivePartnerReferral(fresh);
    const call = await untilTaskOpen(fresh, referral.caseId, 'call-attempt', 1);
    fresh.clock.set(new Date(TUESDAY_10AM.getTime() + 48 * HOUR));

    await expect(completeAs(fresh, call.taskId, SPOKE_INITIAL_ONLY)).rejects.toThrow(
      /passed its deadline and was escalated to a team leader/,
    );
    await fresh.system.engine.runDue();
    expect((await taskOf(fresh, referral.caseId, 'call-attempt', 1))?.status).toBe('timed-out');
    expect((await eventsOf(fresh, referral.caseId, 'deadline-breached')).map((b) => b.eventId)).toEqual([
      'breach.initial-contact',
    ]);
    expect((await taskOf(fresh, referral.caseId, 'safe-contact-review'))?.status).toBe('open');
    expect(await eventsOf(fresh, referral.caseId, 'task-completed')).toEqual([]);
  });

  it('records a second breach and ends not contactable when the team leader does not review within five days', async () => {
    await open(TUESDAY_10AM);
    const referral = await receivePartnerReferral(fresh);
    await untilTaskOpen(fresh, referral.caseId, 'safe-contact-review', 1);

    const execution = await runToEnd(fresh, referral.executionArn);
    expect(execution.result).toBe('not-contactable');
    const breaches = await eventsOf(fresh, referral.caseId, 'deadline-breached');
    expect(breaches.map((b) => [b.eventId, b.detail.rule])).toEqual([
      ['breach.initial-contact', 'initial-contact-telephone'],
      ['breach.safe-contact-review', 'team-leader-review'],
    ]);
    expect(breaches[1]?.at.toISOString()).toBe(
      new Date(TUESDAY_10AM.getTime() + (48 + 120) * HOUR).toISOString(),
    );
    expect(await taskSummary(fresh, referral.caseId)).toEqual([
      'call-attempt.1:timed-out',
      'safe-contact-review.1:timed-out',
    ]);
  });
});

describe('safe contact', () => {
  it('raises a team-leader task instead of the final letter when letters are unsafe, and sends nothing', async () => {
    await open(TUESDAY_10AM);
    const referral = await receivePartnerReferral(fresh, { unsafeChannels: ['voicemail', 'letter'] });
    const first = await untilTaskOpen(fresh, referral.caseId, 'call-attempt', 1);
    expect(first.voicemailAllowed).toBe(false);
    for (const attempt of [1, 2, 3])
      await answerTask(fresh, referral.caseId, 'call-attempt', attempt, NO_ANSWER);

    const review = await taskOf(fresh, referral.caseId, 'safe-contact-review');
    expect(review).toMatchObject({
      status: 'open',
      queue: 'team-leaders',
      reason: 'final letter unsafe or no address',
    });
    expect(await eventsOf(fresh, referral.caseId, 'message-recorded')).toEqual([]);
    expect((await executionOf(fresh, referral.executionArn)).status).toBe('RUNNING');

    await completeAs(fresh, review?.taskId ?? '', { outcome: 'not-contactable' }, 'team.leader');
    expect((await executionOf(fresh, referral.executionArn)).result).toBe('not-contactable');
    expect(await eventsOf(fresh, referral.caseId, 'message-recorded')).toEqual([]);
  });

  it('lets the caseworker leave a voicemail when the referral allows it', async () => {
    await open(TUESDAY_10AM);
    const referral = await receivePartnerReferral(fresh, { unsafeChannels: [] });
    expect((await untilTaskOpen(fresh, referral.caseId, 'call-attempt', 1)).voicemailAllowed).toBe(true);
  });
});

describe('after first contact', () => {
  /** Friday 18 December 2026, 10:00: five working days end Tuesday 29 December (docs/service-rules.md). */
  const FRIDAY_BEFORE_CHRISTMAS = new Date('2026-12-18T10:00:00Z');

  it('raises a needs-assessment booking due within five working days of the contact when the victim wants further support', async () => {
    await open(FRIDAY_BEFORE_CHRISTMAS);
    const referral = await receivePartnerReferral(fresh);
    await answerTask(fresh, referral.caseId, 'call-attempt', 1, {
      outcome: 'spoke-to-victim',
      firstContact: 'further-support',
    });

    const booking = await taskOf(fresh, referral.caseId, 'book-needs-assessment');
    expect(booking).toMatchObject({ status: 'open', queue: 'caseworkers', priority: 2 });
    expect(booking?.due.toISOString()).toBe('2026-12-30T00:00:00.000Z');
    await completeAs(fresh, booking?.taskId ?? '', {
      outcome: 'booked',
      appointmentAt: '2026-12-22T14:00:00Z',
    });

    const execution = await executionOf(fresh, referral.executionArn);
    expect(execution.result).toBe('further-support');
    expect(await eventsOf(fresh, referral.caseId, 'deadline-breached')).toEqual([]);
  });

  it('records a breach when the needs assessment is not booked within five working days', async () => {
    await open(FRIDAY_BEFORE_CHRISTMAS);
    const referral = await receivePartnerReferral(fresh);
    await answerTask(fresh, referral.caseId, 'call-attempt', 1, {
      outcome: 'spoke-to-victim',
      firstContact: 'further-support',
    });

    const execution = await runToEnd(fresh, referral.executionArn);
    expect(execution.result).toBe('further-support');
    const [breach] = await eventsOf(fresh, referral.caseId, 'deadline-breached');
    expect(breach?.eventId).toBe('breach.needs-assessment-booking');
    expect(breach?.at.toISOString()).toBe('2026-12-30T00:00:00.000Z');
    expect(breach?.detail.reason).toBe('needs assessment not booked within 5 working days of contact');
    expect((await taskOf(fresh, referral.caseId, 'book-needs-assessment'))?.status).toBe('timed-out');
  });

  it('raises an onward referral task due the next working day and ends passed to another service', async () => {
    await open(TUESDAY_10AM);
    const referral = await receivePartnerReferral(fresh);
    await answerTask(fresh, referral.caseId, 'call-attempt', 1, {
      outcome: 'spoke-to-victim',
      firstContact: 'onward-referral',
      onwardService: 'domestic abuse service',
    });

    const onward = await taskOf(fresh, referral.caseId, 'onward-referral');
    expect(onward?.due.toISOString()).toBe('2026-12-17T00:00:00.000Z');
    await completeAs(fresh, onward?.taskId ?? '', {
      outcome: 'referred',
      onwardService: 'domestic abuse service',
    });
    expect((await executionOf(fresh, referral.executionArn)).result).toBe('onward-referral');
  });

  it('ends the path as declined when the victim declines support at first contact', async () => {
    await open(TUESDAY_10AM);
    const referral = await receivePartnerReferral(fresh);
    await answerTask(fresh, referral.caseId, 'call-attempt', 1, {
      outcome: 'spoke-to-victim',
      firstContact: 'declined',
    });
    expect((await executionOf(fresh, referral.executionArn)).result).toBe('declined');
    expect(await taskSummary(fresh, referral.caseId)).toEqual(['call-attempt.1:completed']);
  });
});

describe('repeats and races', () => {
  it('starts one contact path, with one set of tasks, when the same referral is received twice', async () => {
    await open(TUESDAY_10AM);
    const first = await receivePartnerReferral(fresh);
    await fresh.system.engine.runDue();
    const second = await receivePartnerReferral(fresh);
    await fresh.system.engine.runDue();

    expect([first.statusCode, second.statusCode]).toEqual([201, 200]);
    const history = await fresh.system.engine.getExecutionHistory(first.executionArn);
    expect(history.filter((event) => event.type === 'ExecutionStarted')).toHaveLength(1);
    expect(history.filter((event) => event.type === 'TaskScheduled')).toHaveLength(1);
    expect(await taskSummary(fresh, first.caseId)).toEqual(['call-attempt.1:open']);
    expect(await fresh.system.workflows.startContactPath(first.referralId, first.caseId)).toBe(
      'already-started',
    );
    expect(await fresh.system.engine.getExecutionHistory(first.executionArn)).toEqual(history);
  });

  it('lets exactly one of two caseworkers complete the same call at the same moment, and moves the path once', async () => {
    await open(TUESDAY_10AM);
    const referral = await receivePartnerReferral(fresh);
    const call = await untilTaskOpen(fresh, referral.caseId, 'call-attempt', 1);
    const { tasks, store, clock, workflows } = fresh.system;
    const deps = { tasks, store, clock, workflows };

    const results = await Promise.allSettled([
      completeTask(call.taskId, 'caseworker.one', NO_ANSWER, deps),
      completeTask(call.taskId, 'caseworker.two', SPOKE_INITIAL_ONLY, deps),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const winner = (won[0] as PromiseFulfilledResult<Task>).value.completedBy;
    expect(lost[0]?.reason).toBeInstanceOf(TaskNotOpenError);
    expect(String(lost[0]?.reason.message)).toBe(`task ${call.taskId} was already completed by ${winner}`);

    await fresh.system.engine.runDue();
    const history = await fresh.system.engine.getExecutionHistory(referral.executionArn);
    expect(
      history.filter((event) => event.type === 'TaskSucceeded' && event.stateName === 'Call attempt'),
    ).toHaveLength(1);
    expect(await eventsOf(fresh, referral.caseId, 'task-completed')).toHaveLength(1);
    if (winner === 'caseworker.one') {
      await untilTaskOpen(fresh, referral.caseId, 'call-attempt', 2);
      expect(await taskSummary(fresh, referral.caseId)).toEqual([
        'call-attempt.1:completed',
        'call-attempt.2:open',
      ]);
    } else {
      expect((await executionOf(fresh, referral.executionArn)).result).toBe('initial-contact-only');
      expect(await taskSummary(fresh, referral.caseId)).toEqual(['call-attempt.1:completed']);
    }
  });
});
