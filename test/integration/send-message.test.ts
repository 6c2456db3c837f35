import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { CaseNotFoundError, InvalidStepInputError } from '../../functions/contact/contact-deps.ts';
import { localContext } from '../../local/lambda-events.ts';
import { type MessageChannel, UnsafeChannelError } from '../../shared/domain/messaging.ts';
import type { UnsafeChannel } from '../../shared/domain/referral-codes.ts';
import type { Messenger } from '../../shared/ports/messenger.ts';
import { eventsOf, receivePartnerReferral } from '../support/contact-path.ts';
import { closingEachTestsSystem, type FreshLocalSystem, freshLocalSystem } from '../support/local-system.ts';

// The messaging function itself, invoked in-process as the contact path's Lambda step would be, on cases
// opened through the real intake function. The engine is never run here, so the contact path each intake
// starts has sent nothing: every message on these cases is one a test sent.

/** Tuesday 15 December 2026, 10:00 in Leicester (GMT): a working day with the service open. */
const TUESDAY_10AM = new Date('2026-12-15T10:00:00Z');
/** The visits the in-person plan names for a referral received then (working days 2 and 7). */
const FIRST_VISIT = '2026-12-17T10:00:00.000Z';
const SECOND_VISIT = '2026-12-24T14:00:00.000Z';

/** What the messenger was asked to send. */
interface MessengerCall {
  readonly channel: MessageChannel;
  readonly messageId: string;
}

let fresh: FreshLocalSystem;
let calls: MessengerCall[] = [];
/** The next letter's run dies (throws) before the letter is stored, or just after. */
let letterRunDies: 'before-storing' | 'after-storing' | undefined;

/** A run killed on the way: what the function sees is its step failing there. */
class RunKilled extends Error {
  override name = 'RunKilled';
}

/** A spy in front of the folder messenger: every call is recorded before the adapter sees it. */
const spying = (messenger: Messenger): Messenger => ({
  isLetterStored: (postedOn, messageId) => messenger.isLetterStored(postedOn, messageId),
  sendEmail: async (email) => {
    calls.push({ channel: 'email', messageId: email.messageId });
    return messenger.sendEmail(email);
  },
  sendSms: async (sms) => {
    calls.push({ channel: 'sms', messageId: sms.messageId });
    return messenger.sendSms(sms);
  },
  sendLetter: async (letter) => {
    calls.push({ channel: 'letter', messageId: letter.messageId });
    const dies = letterRunDies;
    letterRunDies = undefined;
    if (dies === 'before-storing') throw new RunKilled();
    const stored = await messenger.sendLetter(letter);
    if (dies === 'after-storing') throw new RunKilled();
    return stored;
  },
});

closingEachTestsSystem(() => fresh);

/** A local system, and a case opened through intake from the partner fixture with these unsafe marks. */
async function aCase(unsafeChannels: readonly UnsafeChannel[] = []): Promise<string> {
  calls = [];
  fresh = await freshLocalSystem(TUESDAY_10AM, { wrapMessenger: spying });
  const referral = await receivePartnerReferral(fresh, {
    contactMethod: 'mobile-telephone',
    unsafeChannels: [...unsafeChannels],
  });
  expect(await fresh.system.messages.listMessages(referral.caseId)).toEqual([]);
  return referral.caseId;
}

const sendMessage = (payload: unknown) =>
  fresh.system.handlers.sendMessage(payload, localContext('send-message')) as Promise<{
    messageId: string;
    status: 'recorded' | 'duplicate';
  }>;

/** Every file the folder messenger wrote (e-mails and texts to `outbox/`, letters and sidecars to `letters/`). */
function messengerFiles(): string[] {
  const { dataDir } = fresh.system;
  return ['outbox', 'letters'].flatMap((folder) => {
    const root = join(dataDir, folder);
    if (!existsSync(root)) return [];
    return readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => relative(dataDir, join(entry.parentPath, entry.name)).split(sep).join('/'));
  });
}

/** Nothing was sent, recorded or written for the case. */
async function expectNothingSent(caseId: string) {
  expect(await fresh.system.messages.listMessages(caseId)).toEqual([]);
  expect(await eventsOf(fresh, caseId, 'message-recorded')).toEqual([]);
  expect(await eventsOf(fresh, caseId, 'message-undeliverable')).toEqual([]);
  expect(messengerFiles()).toEqual([]);
  expect(calls).toEqual([]);
}

/** Every purpose the function sends, by each channel its renderer carries it on, with the fields it needs. */
const CARRIED: ReadonlyArray<readonly [MessageChannel, string, Record<string, string>]> = [
  ['email', 'support-offer', {}],
  ['sms', 'support-offer', {}],
  ['sms', 'home-visit-notice', { visitAt: FIRST_VISIT }],
  ['sms', 'second-home-visit-notice', { visitAt: SECOND_VISIT, firstVisitAt: FIRST_VISIT }],
  ['letter', 'support-offer', {}],
  ['letter', 'home-visit-notice', { visitAt: FIRST_VISIT }],
  ['letter', 'second-home-visit-notice', { visitAt: SECOND_VISIT, firstVisitAt: FIRST_VISIT }],
  ['letter', 'final-letter', {}],
];

const OTHER_MARKS: Readonly<Record<MessageChannel, UnsafeChannel[]>> = {
  email: ['voicemail', 'sms', 'letter'],
  sms: ['voicemail', 'email', 'letter'],
  letter: ['voicemail', 'email', 'sms'],
};

describe('send-message refuses a channel the referral marks unsafe', () => {
  it.each(CARRIED)(
    '%s %s: rejects with UnsafeChannelError, records nothing, writes no file',
    async (channel, purpose, extra) => {
      const caseId = await aCase([channel]);

      const sending = sendMessage({ caseId, purpose, channel, attempt: 1, ...extra });

      await expect(sending).rejects.toBeInstanceOf(UnsafeChannelError);
      await expect(sending).rejects.toMatchObject({ name: 'UnsafeChannelError', channel });
      // The error names the channel and the case id only, nothing of the victim.
      await expect(sending).rejects.toThrow(`${channel} is marked unsafe for case ${caseId}`);
      await expectNothingSent(caseId);
    },
  );

  it.each(CARRIED)(
    '%s %s: refused too when every channel is marked unsafe',
    async (channel, purpose, extra) => {
      const caseId = await aCase(['voicemail', 'letter', 'sms', 'email']);

      await expect(sendMessage({ caseId, purpose, channel, attempt: 1, ...extra })).rejects.toMatchObject({
        name: 'UnsafeChannelError',
        channel,
      });
      await expectNothingSent(caseId);
    },
  );

  // The control for the two above: the same payloads send when only the other channels are marked, so the
  // refusals are the marks' doing and nothing else's.
  it.each(CARRIED)(
    '%s %s: sent when only the other channels are marked unsafe',
    async (channel, purpose, extra) => {
      const caseId = await aCase(OTHER_MARKS[channel]);

      const answer = await sendMessage({ caseId, purpose, channel, attempt: 1, ...extra });

      expect(answer).toEqual({ messageId: `message.${purpose}.1`, status: 'recorded' });
      const messages = await fresh.system.messages.listMessages(caseId);
      expect(messages.map((m) => [m.messageId, m.channel, m.purpose, m.status])).toEqual([
        [`message.${purpose}.1`, channel, purpose, 'sent'],
      ]);
      expect(calls.map((c) => c.channel)).toEqual([channel]);
    },
  );
});

/** The one file a message became: `outbox/<channel>/<id>.json`, or a letter's PDF (its `.json` sidecar aside). */
function filesOf(channel: MessageChannel): string[] {
  const files = messengerFiles();
  return channel === 'letter'
    ? files.filter((file) => file.endsWith('.pdf'))
    : files.filter((file) => file.startsWith(`outbox/${channel}/`));
}

describe('send-message under redelivery: one message per case, purpose and attempt', () => {
  const STEPS = [
    ['email', { purpose: 'support-offer', channel: 'email', attempt: 1 }],
    ['sms', { purpose: 'home-visit-notice', channel: 'sms', attempt: 1, visitAt: FIRST_VISIT }],
    ['letter', { purpose: 'final-letter', channel: 'letter', attempt: 1 }],
  ] as const;

  /** One record, one timeline event, one file; resolves with the record and its file. */
  async function expectOneMessage(caseId: string, channel: MessageChannel, messageId: string) {
    const messages = await fresh.system.messages.listMessages(caseId);
    expect(messages.map((m) => [m.messageId, m.channel, m.status])).toEqual([[messageId, channel, 'sent']]);
    const recorded = await eventsOf(fresh, caseId, 'message-recorded');
    expect(recorded.map((e) => e.eventId)).toEqual([messageId]);
    const files = filesOf(channel);
    expect(files).toHaveLength(1);
    expect(messengerFiles()).toHaveLength(channel === 'letter' ? 2 : 1);
    return { message: messages[0], file: files[0] as string };
  }

  it.each(STEPS)(
    'the same %s step run twice: recorded, then a duplicate with the same id',
    async (channel, step) => {
      const caseId = await aCase();
      const payload = { caseId, ...step };

      const first = await sendMessage(payload);
      const second = await sendMessage(payload);

      const messageId = `message.${step.purpose}.1`;
      expect(first).toEqual({ messageId, status: 'recorded' });
      expect(second).toEqual({ messageId, status: 'duplicate' });
      const { message, file } = await expectOneMessage(caseId, channel, messageId);
      // The redelivered step never reached the provider, and the record is of the one message that did.
      expect(calls).toEqual([{ channel, messageId: `${caseId}.${messageId}` }]);
      if (channel === 'letter') {
        expect(message?.location?.split(sep).join('/').endsWith(file)).toBe(true);
      } else {
        const written = JSON.parse(readFileSync(join(fresh.system.dataDir, file), 'utf8')) as {
          providerMessageId: string;
        };
        expect(written.providerMessageId).toBe(message?.providerMessageId);
      }
    },
  );

  it.each(STEPS)(
    'the same %s step run twice at once: the message goes to the provider once',
    async (channel, step) => {
      const caseId = await aCase();
      const payload = { caseId, ...step };

      const answers = await Promise.allSettled([sendMessage(payload), sendMessage(payload)]);

      const messageId = `message.${step.purpose}.1`;
      const fulfilled = answers.flatMap((a) => (a.status === 'fulfilled' ? [a.value] : []));
      const refused = answers.flatMap((a) => (a.status === 'rejected' ? [a.reason as Error] : []));
      // The run that lost the claim either finds the message sent, or is told another run is sending it
      // (the state machine retries that after the lease and then finds it sent).
      expect(fulfilled.map((a) => a.status)).toContain('recorded');
      for (const answer of fulfilled) expect(answer.messageId).toBe(messageId);
      for (const error of refused) expect(error.name).toBe('MessageSendInProgressError');
      expect(fulfilled.length + refused.length).toBe(2);
      await expectOneMessage(caseId, channel, messageId);
      expect(calls).toEqual([{ channel, messageId: `${caseId}.${messageId}` }]);
      // Run again once the first has finished: sent already, nothing more goes out.
      expect(await sendMessage(payload)).toEqual({ messageId, status: 'duplicate' });
      expect(calls).toHaveLength(1);
    },
  );
  it.each(STEPS)(
    'the %s step run again after a run that stopped between recording the message and telling the timeline: the event is recorded at the time it was sent, and nothing is sent again',
    async (channel, step) => {
      const caseId = await aCase();
      const payload = { caseId, ...step };
      const messageId = `message.${step.purpose}.1`;
      await sendMessage(payload);
      // What a run killed between its two writes leaves: the message recorded, the timeline never told.
      await fresh.client.send(
        new DeleteCommand({
          TableName: fresh.tableName,
          Key: { pk: `CASE#${caseId}`, sk: `EVENT#${messageId}` },
        }),
      );
      fresh.clock.set(new Date(TUESDAY_10AM.getTime() + 60_000));

      const again = await sendMessage(payload);

      expect(again).toEqual({ messageId, status: 'duplicate' });
      await expectOneMessage(caseId, channel, messageId);
      const recorded = await eventsOf(fresh, caseId, 'message-recorded');
      expect(recorded.map((event) => [event.eventId, event.at])).toEqual([[messageId, TUESDAY_10AM]]);
      expect(calls).toHaveLength(1);
    },
  );
});

describe('a letter whose sending run died, sent again after the 15:50 cut-off', () => {
  /** Tuesday 15 December 2026, 15:49 and 16:05 in Leicester (GMT). */
  const BEFORE_CUT_OFF = new Date('2026-12-15T15:49:00Z');
  const AFTER_THE_RUN = new Date('2026-12-15T16:05:00Z');
  const support = { purpose: 'support-offer', channel: 'letter', attempt: 1 } as const;

  const lettersOnDisk = () => messengerFiles().filter((file) => file.endsWith('.pdf'));

  it('stored before the run died: the copy stands for Tuesday’s print run, and no second letter is stored', async () => {
    const caseId = await aCase();
    fresh.clock.set(BEFORE_CUT_OFF);
    letterRunDies = 'after-storing';
    await expect(sendMessage({ caseId, ...support })).rejects.toThrow(RunKilled);
    expect(lettersOnDisk()).toEqual([`letters/2026-12-15/${caseId}.message.support-offer.1.pdf`]);

    // After the lease and after the cut-off: this attempt's own run would be Wednesday's.
    fresh.clock.set(AFTER_THE_RUN);
    expect(await sendMessage({ caseId, ...support })).toEqual({
      messageId: 'message.support-offer.1',
      status: 'recorded',
    });

    expect(lettersOnDisk()).toEqual([`letters/2026-12-15/${caseId}.message.support-offer.1.pdf`]);
    const message = await fresh.system.messages.getMessage(caseId, 'message.support-offer.1');
    expect(message?.location?.split(sep).join('/')).toContain('letters/2026-12-15/');
  });

  it('died before storing it: the letter goes to Wednesday’s run, Tuesday’s having passed, and once', async () => {
    const caseId = await aCase();
    fresh.clock.set(BEFORE_CUT_OFF);
    letterRunDies = 'before-storing';
    await expect(sendMessage({ caseId, ...support })).rejects.toThrow(RunKilled);
    expect(lettersOnDisk()).toEqual([]);

    fresh.clock.set(AFTER_THE_RUN);
    letterRunDies = 'after-storing';
    await expect(sendMessage({ caseId, ...support })).rejects.toThrow(RunKilled);
    // And that run died too, just after storing: the next finds Wednesday's copy.
    fresh.clock.set(new Date('2026-12-16T16:30:00Z'));
    expect((await sendMessage({ caseId, ...support })).status).toBe('recorded');

    expect(lettersOnDisk()).toEqual([`letters/2026-12-16/${caseId}.message.support-offer.1.pdf`]);
    expect(calls.filter((call) => call.channel === 'letter')).toHaveLength(3);
  });
});

describe('send-message refuses a payload the state machine would never send', () => {
  it.each([
    ['an unknown purpose', 'purpose', { purpose: 'birthday-card' }],
    ['no case id', 'caseId', { caseId: undefined }],
    ['an empty case id', 'caseId', { caseId: '' }],
    ['a channel the service has not', 'channel', { channel: 'fax' }],
    ['an attempt of 0', 'attempt', { attempt: 0 }],
    ['a visit time that is not a time', 'visitAt', { visitAt: 'next Thursday' }],
  ] as const)('%s: InvalidStepInputError naming %s, and nothing sent', async (_what, field, change) => {
    const caseId = await aCase();
    const payload: Record<string, unknown> = {
      caseId,
      purpose: 'support-offer',
      channel: 'letter',
      attempt: 1,
      ...change,
    };
    for (const [key, value] of Object.entries(change)) if (value === undefined) delete payload[key];

    const sending = sendMessage(payload);

    await expect(sending).rejects.toBeInstanceOf(InvalidStepInputError);
    await expect(sending).rejects.toMatchObject({ name: 'InvalidStepInputError' });
    await expect(sending).rejects.toThrow(new RegExp(`(^|; )${field} `));
    await expectNothingSent(caseId);
  });

  it('a case that does not exist: CaseNotFoundError, and nothing sent', async () => {
    const caseId = await aCase();
    const unknown = `${caseId}X`;

    const sending = sendMessage({ caseId: unknown, purpose: 'support-offer', channel: 'letter', attempt: 1 });

    await expect(sending).rejects.toBeInstanceOf(CaseNotFoundError);
    await expect(sending).rejects.toMatchObject({ name: 'CaseNotFoundError' });
    await expectNothingSent(unknown);
    await expectNothingSent(caseId);
  });
});
