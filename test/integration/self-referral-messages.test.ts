import { describe, expect, it } from 'vitest';
import { httpApiRequest, localContext } from '../../local/lambda-events.ts';
import type { Messenger, OutgoingEmail, OutgoingSms } from '../../shared/ports/messenger.ts';
import { aSelfReferralBody } from '../fixtures/referrals.ts';
import { eventsOf, receivePartnerReferral } from '../support/contact-path.ts';
import { closingEachTestsSystem, type FreshLocalSystem, freshLocalSystem } from '../support/local-system.ts';

// The public self-referral form is not a messaging relay (docs/messages.md, "Self-referrals"): the first
// message carries nothing the form supplied but the address it goes to, texts go to UK numbers only, and
// one recipient is sent at most one self-referral message a day. The messaging function is invoked as the
// contact path's step would be, on cases opened through the real intake function.

/** Tuesday 15 December 2026, 10:00 in Leicester (GMT). */
const TUESDAY_10AM = new Date('2026-12-15T10:00:00Z');
/** What a stranger types into the public form to have the service send it for them. */
const TYPED = {
  forename: 'Visit',
  surname: 'evil.example.org now',
  whatHappened: 'Pay £50 to release your parcel',
};

let fresh: FreshLocalSystem;
let sent: Array<OutgoingEmail | OutgoingSms> = [];

/** The folder messenger, with every e-mail and text it is asked to send kept for the test to read. */
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

closingEachTestsSystem(() => fresh);

async function aSystem(): Promise<void> {
  sent = [];
  fresh = await freshLocalSystem(TUESDAY_10AM, { wrapMessenger: keeping });
}

/** POST /referrals/self through the intake function: its status and answer. */
async function selfRefer(overrides: Record<string, unknown>) {
  const response = (await fresh.system.handlers.receiveReferral(
    httpApiRequest('POST', '/referrals/self', JSON.stringify(aSelfReferralBody(overrides))),
    localContext('receive-referral'),
  )) as { statusCode: number; body: string };
  return { status: response.statusCode, body: JSON.parse(response.body) };
}

const send = (caseId: string, channel: 'email' | 'sms', attempt = 1) =>
  fresh.system.handlers.sendMessage(
    { caseId, purpose: 'support-offer', channel, attempt },
    localContext('send-message'),
  );

describe('messages to self-referrers', () => {
  it('carry nothing the form supplied but the address: no name, none of the account', async () => {
    await aSystem();
    const { status, body } = await selfRefer(TYPED);
    expect(status).toBe(201);
    await send(body.caseId, 'sms');
    // One message per case, purpose and attempt: the e-mail as the path's second attempt.
    await send(body.caseId, 'email', 2);

    const [sms, email] = sent as [OutgoingSms, OutgoingEmail];
    expect(sms.to).toBe('+447700900321');
    expect(sms.text).toMatch(/^Hello, thank you for contacting Victim First\./);
    expect(email.to).toBe('esme.madeup@example.org');
    for (const message of sent) {
      const words = JSON.stringify(message);
      for (const typed of Object.values(TYPED)) expect(words).not.toContain(typed);
      expect(words).not.toContain('evil.example');
    }
    expect(email.text).toContain('Hello,');
    // A partner's referral is still greeted by the victim's name.
    const partner = await receivePartnerReferral(fresh, { contactMethod: 'mobile-telephone' });
    await send(partner.caseId, 'sms');
    expect((sent.at(-1) as OutgoingSms).text).toMatch(/^Hello Ada, this is Victim First\./);
  });

  it('refuse a mobile outside the UK at intake, naming the field, and open no case', async () => {
    await aSystem();
    for (const mobile of ['+33 6 12 34 56 78', '+1 202 555 0123']) {
      const { status, body } = await selfRefer({ phones: { mobile } });
      expect(status, mobile).toBe(400);
      expect(JSON.stringify(body.errors)).toContain('texts go to UK numbers only');
      expect(body.errors.map((e: { field: string }) => e.field).join()).toContain('mobile');
    }
    expect(sent).toEqual([]);
  });

  it('go to one recipient at most once a day: a second self-referral to the same number is withheld for its fallback', async () => {
    await aSystem();
    const first = await selfRefer({ submissionId: '0b6c2e1a-3d4f-4a5b-9c6d-7e8f9a0b1c2d' });
    const second = await selfRefer({
      submissionId: '1c7d3f2b-4e5a-4b6c-8d7e-8f9a0b1c2d3e',
      forename: 'Another',
      surname: 'Sender',
      phones: { mobile: '07700 900 321' },
    });
    expect([first.status, second.status]).toEqual([201, 201]);
    await send(first.body.caseId, 'sms');
    // The same step again is the same message: granted again, sent once.
    await send(first.body.caseId, 'sms');
    await expect(send(second.body.caseId, 'sms')).rejects.toMatchObject({ name: 'PermanentDeliveryError' });
    expect(sent.map((m) => m.caseId)).toEqual([first.body.caseId]);
    const withheld = await eventsOf(fresh, second.body.caseId, 'message-undeliverable');
    expect(withheld.map((e) => e.detail.reason)).toEqual(['recipient-daily-limit']);

    // The next day, the number may be sent one message again.
    fresh.clock.set(new Date('2026-12-16T10:00:00Z'));
    const third = await selfRefer({ submissionId: '2d8e4a3c-5f6b-4c7d-9e8f-9a0b1c2d3e4f' });
    await send(third.body.caseId, 'sms');
    expect(sent.map((m) => m.caseId)).toEqual([first.body.caseId, third.body.caseId]);
  });
});
