import { describe, expect, it } from 'vitest';
import { executionArnOf } from '../../local/engine/engine.ts';
import { httpApiRequest, localContext } from '../../local/lambda-events.ts';
import { hashChatSecret } from '../../shared/domain/web-chat.ts';
import type { Messenger, OutgoingEmail, OutgoingSms } from '../../shared/ports/messenger.ts';
import { aSelfReferralBody } from '../fixtures/referrals.ts';
import {
  advanceUntil,
  completeAs,
  eventsOf,
  executionOf,
  taskOf,
  untilTaskOpen,
} from '../support/contact-path.ts';
import {
  closingEachTestsSystem,
  definitionsOnce,
  type FreshLocalSystem,
  freshLocalSystem,
} from '../support/local-system.ts';

/** Tuesday 15 December 2026, 10:00 in Leicester (GMT); the chat is booked for Wednesday at 14:00. */
const TUESDAY_10AM = new Date('2026-12-15T10:00:00Z');
const SLOT = new Date('2026-12-16T14:00:00Z');

let fresh: FreshLocalSystem;
let sent: Array<OutgoingEmail | OutgoingSms> = [];
closingEachTestsSystem(() => fresh);

const keeping = (messenger: Messenger): Messenger => ({
  ...messenger,
  isLetterStored: (postedOn, messageId) => messenger.isLetterStored(postedOn, messageId),
  sendLetter: (letter) => messenger.sendLetter(letter),
  sendEmail: async (email) => {
    sent.push(email);
    return messenger.sendEmail(email);
  },
  sendSms: async (sms) => {
    sent.push(sms);
    return messenger.sendSms(sms);
  },
});

/** A self-referral booking the slot, through the intake function; its case id. */
async function selfReferWithChat(overrides: Record<string, unknown> = {}): Promise<string> {
  sent = [];
  fresh = await freshLocalSystem(TUESDAY_10AM, { wrapMessenger: keeping });
  const response = (await fresh.system.handlers.receiveReferral(
    httpApiRequest(
      'POST',
      '/referrals/self',
      JSON.stringify(aSelfReferralBody({ webChatSlot: SLOT.toISOString(), ...overrides })),
    ),
    localContext('receive-referral'),
  )) as { statusCode: number; body: string };
  expect(response.statusCode).toBe(201);
  const { caseId } = JSON.parse(response.body) as { caseId: string };
  await fresh.system.engine.runDue();
  return caseId;
}

const webChatArn = () => definitionsOnce().webChatArn as string;

describe('a booked web chat', () => {
  it('is confirmed by text with a one-time link kept only as its hash, and raises the task at the slot, not before', async () => {
    const caseId = await selfReferWithChat();

    const confirmation = sent.find((m) => 'text' in m && m.text.includes('web chat')) as OutgoingSms;
    expect(confirmation.to).toBe('+447700900321');
    const token = /\/chat\/([A-Za-z0-9_-]{43})/.exec(confirmation.text)?.[1] as string;
    expect(confirmation.text).toContain(`${fresh.system.publicSite.url}/chat/${token}`);
    const chat = await fresh.system.webChats.get(caseId);
    expect(chat).toMatchObject({ slotAt: SLOT, expiresAt: new Date('2026-12-16T14:30:00Z') });
    expect(chat?.tokenHash).toBe(hashChatSecret(token));
    expect(JSON.stringify(chat)).not.toContain(token);

    await fresh.system.engine.advanceTo(new Date(SLOT.getTime() - 60_000), fresh.clock);
    expect(await taskOf(fresh, caseId, 'web-chat')).toBeUndefined();
    const task = await untilTaskOpen(fresh, caseId, 'web-chat');
    expect([task.createdAt, task.due, task.queue, task.priority, task.assignee]).toEqual([
      SLOT,
      new Date('2026-12-16T14:30:00Z'),
      'caseworkers',
      1,
      undefined,
    ]);

    await completeAs(fresh, task.taskId, { outcome: 'held' });
    const arn = executionArnOf(webChatArn(), `${caseId}.web-chat`);
    await advanceUntil(fresh, async () => (await executionOf(fresh, arn)).status !== 'RUNNING');
    expect((await executionOf(fresh, arn)).status).toBe('SUCCEEDED');
  });

  it("gives the task to the case's caseworker when the case is allocated", async () => {
    const caseId = await selfReferWithChat();
    await fresh.system.owners.allocate({
      caseId,
      n: 1,
      to: 'caseworker.two',
      by: 'team.leader',
      at: TUESDAY_10AM,
      suggested: true,
    });

    const task = await untilTaskOpen(fresh, caseId, 'web-chat');

    expect(task.assignee).toBe('caseworker.two');
  });

  it('confirms by e-mail when e-mail is the contact method, and never on a channel marked unsafe', async () => {
    await selfReferWithChat({ contactMethod: 'email', unsafeChannels: ['sms'] });

    // The written path's support offer goes too: the case's messages share the recipient's day.
    expect(sent.map((m) => [m.to, m.purpose]).sort()).toEqual([
      ['esme.madeup@example.org', 'support-offer'],
      ['esme.madeup@example.org', 'web-chat-booking-confirmation'],
    ]);
  });

  it('records the booking as not confirmed when neither e-mail nor text is safe, and still raises the task', async () => {
    const caseId = await selfReferWithChat({ unsafeChannels: ['sms', 'email'] });

    expect(sent).toEqual([]);
    const [unconfirmed] = await eventsOf(fresh, caseId, 'web-chat-not-confirmed');
    expect(unconfirmed?.detail).toEqual({ reason: 'no safe e-mail or text' });
    expect((await untilTaskOpen(fresh, caseId, 'web-chat')).status).toBe('open');
  });

  it('records the chat as missed when its task is not recorded within twelve hours', async () => {
    const caseId = await selfReferWithChat();
    const arn = executionArnOf(webChatArn(), `${caseId}.web-chat`);

    await untilTaskOpen(fresh, caseId, 'web-chat');
    await advanceUntil(fresh, async () => (await executionOf(fresh, arn)).status !== 'RUNNING');

    expect((await taskOf(fresh, caseId, 'web-chat'))?.status).toBe('timed-out');
    const timedOut = await eventsOf(fresh, caseId, 'task-timed-out');
    expect(timedOut.map((e) => e.detail.taskType)).toContain('web-chat');
  });
});
