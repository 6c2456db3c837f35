import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getDocumentProxy } from 'unpdf';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Messenger, PermanentDeliveryError } from '../../shared/ports/messenger.ts';
import {
  answerTask,
  eventsOf,
  NO_ANSWER,
  receivePartnerReferral,
  runToEnd,
  taskOf,
  untilTaskOpen,
} from '../support/contact-path.ts';
import { definitionsOnce, type FreshLocalSystem, freshLocalSystem } from '../support/local-system.ts';

/** Tuesday 15 December 2026, 10:00 in Leicester (GMT): a working day with the service open. */
const TUESDAY_10AM = new Date('2026-12-15T10:00:00Z');

let fresh: FreshLocalSystem;

beforeAll(() => {
  definitionsOnce();
}, 120_000);

afterEach(async () => {
  await fresh?.close();
});

async function textOf(path: string): Promise<string> {
  const doc = await getDocumentProxy(new Uint8Array(readFileSync(path)));
  const pages: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  return pages.join('\n');
}

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

  it('turns a message the provider refuses for good into a team-leader review, with nothing recorded as sent', async () => {
    const refusing = (messenger: Messenger): Messenger => ({
      sendEmail: async () => {
        throw new PermanentDeliveryError('email', 'suppressed', 'the address is on the suppression list');
      },
      sendSms: (sms) => messenger.sendSms(sms),
      sendLetter: (letter) => messenger.sendLetter(letter),
    });
    fresh = await freshLocalSystem(TUESDAY_10AM, { wrapMessenger: refusing });
    const referral = await receivePartnerReferral(fresh, { contactMethod: 'email' });

    const review = await untilTaskOpen(fresh, referral.caseId, 'safe-contact-review', 1);

    expect(review).toMatchObject({ queue: 'team-leaders', reason: 'support offer could not be sent' });
    expect(await fresh.system.messages.listMessages(referral.caseId)).toEqual([]);
    expect(await eventsOf(fresh, referral.caseId, 'message-recorded')).toEqual([]);
    expect(await taskOf(fresh, referral.caseId, 'call-attempt')).toBeUndefined();
  });
});
