import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { localContext, localDeliveryEvent } from '../../local/lambda-events.ts';
import type { MessageRecord } from '../../shared/domain/messaging.ts';
import { PermanentDeliveryError } from '../../shared/domain/messaging.ts';
import type { Messenger } from '../../shared/ports/messenger.ts';
import {
  advanceUntil,
  answerTask,
  eventsOf,
  executionOf,
  NO_ANSWER,
  receivePartnerReferral,
  runToEnd,
  taskOf,
  taskSummary,
  untilTaskOpen,
} from '../support/contact-path.ts';
import { closingEachTestsSystem, type FreshLocalSystem, freshLocalSystem } from '../support/local-system.ts';

/** Tuesday 15 December 2026, 10:00 in Leicester (GMT): a working day with the service open. */
const TUESDAY_10AM = new Date('2026-12-15T10:00:00Z');

let fresh: FreshLocalSystem;

closingEachTestsSystem(() => fresh);

async function textOf(path: string): Promise<string> {
  const doc = await getDocumentProxy(new Uint8Array(readFileSync(path)));
  const pages: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  return pages.join('\n');
}

/** SES as it answers for an address on the suppression list: refused for good; texts and letters go as usual. */
const refusingEmail = (messenger: Messenger): Messenger => ({
  sendEmail: async () => {
    throw new PermanentDeliveryError('email', 'suppressed', 'the address is on the suppression list');
  },
  sendSms: (sms) => messenger.sendSms(sms),
  sendLetter: (letter) => messenger.sendLetter(letter),
  isLetterStored: (postedOn, messageId) => messenger.isLetterStored(postedOn, messageId),
});

describe('messages the contact paths send', () => {
  it('e-mails the support offer on the day, once, and records it as sent with the provider id', async () => {
    fresh = await freshLocalSystem(TUESDAY_10AM);
    const referral = await receivePartnerReferral(fresh, { contactMethod: 'email' });
    await runToEnd(fresh, referral.executionArn);

    const [message, ...others] = await fresh.system.messages.listMessages(referral.caseId);
    expect(others).toEqual([]);
    expect(message).toMatchObject({
      channel: 'email',
      purpose: 'support-offer',
      status: 'sent',
      sentAt: TUESDAY_10AM,
    });
    const outbox = join(
      fresh.system.dataDir,
      'outbox',
      'email',
      `${referral.caseId}.message.support-offer.1.json`,
    );
    const email = JSON.parse(readFileSync(outbox, 'utf8')) as Record<string, string>;
    expect(email.to).toBe('ada.example@example.org');
    expect(email.providerMessageId).toBe(message?.providerMessageId);
    expect(email.text).toContain(referral.caseId);
  });

  it('posts the final letter after three unanswered calls, naming the victim, the reference and every call', async () => {
    fresh = await freshLocalSystem(TUESDAY_10AM);
    const referral = await receivePartnerReferral(fresh);
    for (const attempt of [1, 2, 3])
      await answerTask(fresh, referral.caseId, 'call-attempt', attempt, NO_ANSWER);
    const execution = await runToEnd(fresh, referral.executionArn);

    expect(execution.result).toBe('not-contactable');
    const letter = await fresh.system.messages.getMessage(referral.caseId, 'message.final-letter.1');
    expect(letter).toMatchObject({ channel: 'letter', status: 'sent' });
    const text = await textOf(letter?.location as string);
    expect(text).toContain('Ada Example');
    expect(text).toContain('12 Example Street');
    expect(text).toContain('LE1 1ZZ');
    expect(text).toContain(referral.caseId);
    const folder = join(fresh.system.dataDir, 'letters');
    expect(readdirSync(folder)).toHaveLength(1);
    expect(text.match(/we phoned you on/g)).toHaveLength(3);
    expect(text).toContain('Tuesday 15 December 2026 at 10am');
  });

  it('posts the support offer instead when the provider refuses the e-mail for good, and records why', async () => {
    fresh = await freshLocalSystem(TUESDAY_10AM, { wrapMessenger: refusingEmail });
    const referral = await receivePartnerReferral(fresh, { contactMethod: 'email' });

    const execution = await runToEnd(fresh, referral.executionArn);

    expect(execution.result).toBe('initial-contact-only');
    const messages = await fresh.system.messages.listMessages(referral.caseId);
    expect(messages.map((m) => [m.messageId, m.channel, m.status])).toEqual([
      ['message.support-offer.2', 'letter', 'sent'],
    ]);
    const [refused] = await eventsOf(fresh, referral.caseId, 'message-undeliverable');
    expect(refused?.detail).toEqual({
      purpose: 'support-offer',
      channel: 'email',
      attempt: 1,
      reason: 'suppressed',
    });
    expect(await textOf(messages[0]?.location as string)).toContain(referral.caseId);
  });

  it('turns a refused message into a team-leader review when a letter is not safe either, sending nothing', async () => {
    fresh = await freshLocalSystem(TUESDAY_10AM, { wrapMessenger: refusingEmail });
    const referral = await receivePartnerReferral(fresh, {
      contactMethod: 'email',
      unsafeChannels: ['letter'],
    });

    const review = await untilTaskOpen(fresh, referral.caseId, 'safe-contact-review', 1);

    expect(review).toMatchObject({ queue: 'team-leaders', reason: 'support offer did not reach the victim' });
    expect(await fresh.system.messages.listMessages(referral.caseId)).toEqual([]);
    expect(await eventsOf(fresh, referral.caseId, 'message-recorded')).toEqual([]);
    expect(await taskOf(fresh, referral.caseId, 'call-attempt')).toBeUndefined();
  });
});

/** The contact path waiting on the support offer's delivery report; the provider's event for it. */
async function awaitingReport(referral: { caseId: string; executionArn: string }) {
  await advanceUntil(
    fresh,
    async () => (await executionOf(fresh, referral.executionArn)).currentState === 'Await delivery report',
  );
  const message = await fresh.system.messages.getMessage(referral.caseId, 'message.support-offer.1');
  if (!message) throw new Error('no support offer was recorded');
  return message;
}

async function report(message: MessageRecord, mark: 'delivered' | 'bounced') {
  const summary = await fresh.system.handlers.recordDeliveryStatus(
    localDeliveryEvent(message, mark, fresh.clock.now()),
    localContext('record-delivery-status'),
  );
  await fresh.system.engine.runDue();
  return summary;
}

describe('what the provider reports after sending', () => {
  it.each([
    ['an e-mail', 'email'],
    ['a text', 'sms'],
  ])('ends the path as soon as %s is reported delivered', async (_what, method) => {
    fresh = await freshLocalSystem(TUESDAY_10AM);
    const referral = await receivePartnerReferral(fresh, { contactMethod: method });
    const message = await awaitingReport(referral);

    expect(await report(message, 'delivered')).toMatchObject({ recorded: 1, pathsAnswered: 1 });

    const execution = await executionOf(fresh, referral.executionArn);
    expect(execution.result).toBe('initial-contact-only');
    expect(fresh.clock.now()).toEqual(TUESDAY_10AM);
    expect(await fresh.system.messages.listMessages(referral.caseId)).toMatchObject([
      { status: 'delivered' },
    ]);
  });

  it.each([
    ['an e-mail', 'email'],
    ['a text', 'sms'],
  ])('posts the support offer when %s does not arrive and a letter is safe', async (_what, method) => {
    fresh = await freshLocalSystem(TUESDAY_10AM);
    const referral = await receivePartnerReferral(fresh, { contactMethod: method });
    const message = await awaitingReport(referral);

    await report(message, 'bounced');
    const execution = await runToEnd(fresh, referral.executionArn);

    expect(execution.result).toBe('initial-contact-only');
    const messages = await fresh.system.messages.listMessages(referral.caseId);
    expect(messages.map((m) => [m.messageId, m.channel, m.status])).toEqual([
      ['message.support-offer.1', method, method === 'sms' ? 'failed' : 'bounced'],
      ['message.support-offer.2', 'letter', 'sent'],
    ]);
    const letter = await textOf(messages[1]?.location as string);
    expect(letter).toContain('Ada Example');
    expect(letter).toContain(referral.caseId);
    expect(await taskSummary(fresh, referral.caseId)).toEqual([]);
  });

  it('asks a team leader when the e-mail bounces and letters are unsafe, and posts nothing', async () => {
    fresh = await freshLocalSystem(TUESDAY_10AM);
    const referral = await receivePartnerReferral(fresh, {
      contactMethod: 'email',
      unsafeChannels: ['letter'],
    });
    const message = await awaitingReport(referral);

    await report(message, 'bounced');
    const review = await untilTaskOpen(fresh, referral.caseId, 'safe-contact-review', 1);

    expect(review).toMatchObject({ queue: 'team-leaders', reason: 'support offer did not reach the victim' });
    const messages = await fresh.system.messages.listMessages(referral.caseId);
    expect(messages.map((m) => [m.channel, m.status])).toEqual([['email', 'bounced']]);
    expect(readdirSync(fresh.system.dataDir)).not.toContain('letters');
  });

  it('goes on as delivered when no report comes within 72 hours, and a later bounce changes nothing', async () => {
    fresh = await freshLocalSystem(TUESDAY_10AM);
    const referral = await receivePartnerReferral(fresh, { contactMethod: 'email' });
    const message = await awaitingReport(referral);

    const execution = await runToEnd(fresh, referral.executionArn);
    expect(execution.result).toBe('initial-contact-only');
    expect(fresh.clock.now().getTime() - TUESDAY_10AM.getTime()).toBe(72 * 3_600_000);

    expect(await report(message, 'bounced')).toMatchObject({ recorded: 1, pathsAnswered: 0 });
    expect(await fresh.system.messages.listMessages(referral.caseId)).toHaveLength(1);
  });

  it('hears of a report that came before it began to wait', async () => {
    fresh = await freshLocalSystem(TUESDAY_10AM);
    const referral = await receivePartnerReferral(fresh, { contactMethod: 'email' });
    const message = await awaitingReport(referral);
    const awaiting = await fresh.system.messages.deliveryWaiterOf({
      providerMessageId: message.providerMessageId as string,
    });
    // The bounce is recorded by itself (the function that answers is not run), as if it raced the wait.
    await fresh.system.messages.recordDeliveryStatus({
      providerMessageId: message.providerMessageId as string,
      channel: 'email',
      status: 'bounced',
      permanent: true,
      reason: 'bounce-permanent-general',
      at: TUESDAY_10AM.toISOString(),
      providerEvent: 'Bounce',
    });
    // The wait step runs again (a retry), and finds the report already there.
    await fresh.system.handlers.awaitDelivery(
      { taskToken: awaiting?.taskToken, caseId: referral.caseId, messageId: message.messageId },
      localContext('await-delivery'),
    );
    await fresh.system.engine.runDue();

    const execution = await runToEnd(fresh, referral.executionArn);
    expect(execution.result).toBe('initial-contact-only');
    expect(fresh.clock.now()).toEqual(TUESDAY_10AM);
    expect((await fresh.system.messages.listMessages(referral.caseId)).map((m) => m.channel)).toEqual([
      'email',
      'letter',
    ]);
  });
});
