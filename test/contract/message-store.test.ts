import { describe, expect, it } from 'vitest';
import { DynamoDbMessageStore } from '../../shared/adapters/dynamodb/message-store.ts';
import { InMemoryMessageStore } from '../../shared/adapters/memory/message-store.ts';
import {
  type DeliveryStatusUpdate,
  MessageNotFoundError,
  providerSideMessageId,
  type SentMessage,
} from '../../shared/domain/messaging.ts';
import type { MessageStore } from '../../shared/ports/message-store.ts';
import { aBounce } from '../fixtures/delivery-events.ts';
import { freshStore } from '../support/store.ts';

const CASE = 'VF-MSG00-00001';
const OTHER_CASE = 'VF-MSG00-00002';
const SENT_AT = new Date('2026-12-15T10:05:00Z');
const OFFER = 'message.support-offer.1';
const LETTER = 'message.final-letter.1';

const anEmail = (overrides: Partial<SentMessage> = {}): SentMessage => ({
  caseId: CASE,
  messageId: OFFER,
  channel: 'email',
  purpose: 'support-offer',
  sentAt: SENT_AT,
  providerMessageId: 'ses-0001',
  ...overrides,
});

const aLetter = (overrides: Partial<SentMessage> = {}): SentMessage => ({
  caseId: CASE,
  messageId: LETTER,
  channel: 'letter',
  purpose: 'final-letter',
  sentAt: SENT_AT,
  location: `letters/2026-12-15/${CASE}.${LETTER}.pdf`,
  ...overrides,
});

const bounce = (overrides: Partial<DeliveryStatusUpdate> = {}) => aBounce('ses-0001', overrides);

const delivered = (overrides: Partial<DeliveryStatusUpdate> = {}): DeliveryStatusUpdate =>
  bounce({
    status: 'delivered',
    permanent: false,
    reason: 'delivered',
    providerEvent: 'Delivery',
    ...overrides,
  });

const seconds = (n: number) => new Date(SENT_AT.getTime() + n * 1000);

// The same contract for the in-memory twin and the DynamoDB adapter on DynamoDB Local.
describe.each([
  ['in memory', async (): Promise<MessageStore> => new InMemoryMessageStore()],
  [
    'on DynamoDB Local',
    async (): Promise<MessageStore> => {
      const { client, tableName } = await freshStore();
      return new DynamoDbMessageStore(client, tableName);
    },
  ],
])('the messages of a case %s', (_where, open) => {
  it('records a sent message once, however often it is recorded, the first standing', async () => {
    const messages = await open();

    expect(await messages.recordSent(anEmail())).toBe('recorded');
    expect(await messages.recordSent(anEmail())).toBe('duplicate');
    expect(await messages.recordSent(anEmail({ sentAt: seconds(60), providerMessageId: 'ses-0002' }))).toBe(
      'duplicate',
    );

    expect(await messages.getMessage(CASE, OFFER)).toEqual({ ...anEmail(), status: 'sent' });
    expect(await messages.listMessages(CASE)).toEqual([{ ...anEmail(), status: 'sent' }]);
    // The repeat's provider id was never linked to the message.
    expect(await messages.recordDeliveryStatus(bounce({ providerMessageId: 'ses-0002' }))).toBe(
      'unknown-message',
    );
  });

  it('records one of two copies of a message recorded at once', async () => {
    const messages = await open();

    const outcomes = await Promise.all([messages.recordSent(anEmail()), messages.recordSent(anEmail())]);

    expect(outcomes.sort()).toEqual(['duplicate', 'recorded']);
    expect(await messages.listMessages(CASE)).toHaveLength(1);
  });

  it('knows no message it never recorded', async () => {
    const messages = await open();
    await messages.recordSent(anEmail());

    expect(await messages.getMessage(CASE, 'message.support-offer.2')).toBeUndefined();
    expect(await messages.getMessage(OTHER_CASE, OFFER)).toBeUndefined();
    expect(await messages.listMessages(OTHER_CASE)).toEqual([]);
  });

  it("keeps a letter's location, with no provider id", async () => {
    const messages = await open();

    await messages.recordSent(aLetter());

    expect(await messages.getMessage(CASE, LETTER)).toEqual({ ...aLetter(), status: 'sent' });
    expect(await messages.getMessage(CASE, LETTER)).not.toHaveProperty('providerMessageId');
  });

  it("lists a case's messages in the order of their ids", async () => {
    const messages = await open();
    await messages.recordSent(anEmail({ messageId: 'message.support-offer.1', providerMessageId: 'ses-1' }));
    await messages.recordSent(anEmail({ messageId: 'message.Zeta-notice.1', providerMessageId: 'ses-2' }));
    await messages.recordSent(aLetter({ messageId: 'message.final-letter.1' }));
    await messages.recordSent(
      anEmail({ caseId: OTHER_CASE, messageId: 'message.a.1', providerMessageId: 'ses-3' }),
    );

    expect((await messages.listMessages(CASE)).map((m) => m.messageId)).toEqual([
      'message.Zeta-notice.1',
      'message.final-letter.1',
      'message.support-offer.1',
    ]);
  });

  it('lists what was sent on a local date, oldest first: 23:30 UTC on 30 June is 1 July in London', async () => {
    const messages = await open();
    const sent = (caseId: string, iso: string, messageId = OFFER) =>
      messages.recordSent(
        anEmail({
          caseId,
          messageId,
          sentAt: new Date(iso),
          providerMessageId: `ses-${caseId}-${messageId}`,
        }),
      );
    await sent('VF-MSG00-00003', '2026-07-01T09:00:00Z');
    await sent('VF-MSG00-00002', '2026-06-30T23:30:00Z');
    await sent('VF-MSG00-00001', '2026-07-01T09:00:00Z');
    await sent('VF-MSG00-00001', '2026-06-30T22:59:00Z', 'message.support-offer.2');
    await messages.recordSent(
      aLetter({ caseId: 'VF-MSG00-00004', sentAt: new Date('2026-07-01T22:00:00Z') }),
    );

    expect((await messages.listSentOn('2026-07-01')).map((m) => [m.caseId, m.channel])).toEqual([
      ['VF-MSG00-00002', 'email'],
      ['VF-MSG00-00001', 'email'],
      ['VF-MSG00-00003', 'email'],
      ['VF-MSG00-00004', 'letter'],
    ]);
    expect((await messages.listSentOn('2026-06-30')).map((m) => m.messageId)).toEqual([
      'message.support-offer.2',
    ]);
    expect(await messages.listSentOn('2026-07-02')).toEqual([]);
  });

  it('lists the outbox of each channel oldest first, across cases', async () => {
    const messages = await open();
    await messages.recordSent(
      anEmail({ caseId: OTHER_CASE, sentAt: seconds(30), providerMessageId: 'ses-2' }),
    );
    await messages.recordSent(anEmail({ sentAt: seconds(60) }));
    await messages.recordSent(aLetter({ sentAt: seconds(10) }));
    await messages.recordSent(
      anEmail({
        messageId: 'message.reminder.1',
        channel: 'sms',
        sentAt: seconds(0),
        providerMessageId: 'sms-1',
      }),
    );

    expect((await messages.listOutbox('email')).map((m) => m.caseId)).toEqual([OTHER_CASE, CASE]);
    expect(await messages.listOutbox('letter')).toEqual([
      { ...aLetter({ sentAt: seconds(10) }), status: 'sent' },
    ]);
    expect((await messages.listOutbox('sms')).map((m) => m.messageId)).toEqual(['message.reminder.1']);
  });

  it("finds the message of a delivery event by the provider's id and records its status once", async () => {
    const messages = await open();
    await messages.recordSent(anEmail());

    expect(await messages.recordDeliveryStatus(bounce())).toBe('recorded');
    expect(await messages.recordDeliveryStatus(bounce())).toBe('duplicate');

    expect(await messages.getMessage(CASE, OFFER)).toEqual({
      ...anEmail(),
      status: 'bounced',
      permanent: true,
      statusReason: 'bounce-general',
      statusAt: new Date('2026-12-15T10:06:00.000Z'),
    });
    expect((await messages.listOutbox('email'))[0]?.status).toBe('bounced');
    expect((await messages.listSentOn('2026-12-15'))[0]?.status).toBe('bounced');
  });

  it('answers a redelivered event as a duplicate even when it says something else', async () => {
    const messages = await open();
    await messages.recordSent(anEmail());
    await messages.recordDeliveryStatus(delivered());

    expect(
      await messages.recordDeliveryStatus(delivered({ at: '2026-12-15T11:00:00.000Z', reason: 'again' })),
    ).toBe('duplicate');

    expect(await messages.getMessage(CASE, OFFER)).toMatchObject({
      status: 'delivered',
      statusReason: 'delivered',
      statusAt: new Date('2026-12-15T10:06:00.000Z'),
    });
  });

  it('finds the message from the ids its provider carried back, as send-message gave them', async () => {
    const messages = await open();
    await messages.recordSent(anEmail());
    await messages.recordSent(aLetter({ caseId: OTHER_CASE, messageId: OFFER }));

    expect(
      await messages.recordDeliveryStatus(
        bounce({
          providerMessageId: 'not-linked',
          caseId: CASE,
          messageId: providerSideMessageId(CASE, OFFER),
        }),
      ),
    ).toBe('recorded');
    // The case's own message id is taken as it is.
    expect(
      await messages.recordDeliveryStatus(
        delivered({ providerMessageId: 'not-linked', caseId: OTHER_CASE, messageId: OFFER }),
      ),
    ).toBe('recorded');

    expect((await messages.getMessage(CASE, OFFER))?.status).toBe('bounced');
    expect((await messages.getMessage(OTHER_CASE, OFFER))?.status).toBe('delivered');
  });

  it('records one of several copies of an event delivered at once', async () => {
    const messages = await open();
    await messages.recordSent(anEmail());

    const outcomes = await Promise.all(
      Array.from({ length: 3 }, () => messages.recordDeliveryStatus(bounce())),
    );

    expect(outcomes.sort()).toEqual(['duplicate', 'duplicate', 'recorded']);
  });

  it('keeps a permanent failure when a later, weaker event arrives for the same message', async () => {
    const messages = await open();
    await messages.recordSent(anEmail());
    await messages.recordDeliveryStatus(bounce());

    expect(await messages.recordDeliveryStatus(delivered({ at: '2026-12-15T10:07:00.000Z' }))).toBe(
      'duplicate',
    );

    expect(await messages.getMessage(CASE, OFFER)).toMatchObject({
      status: 'bounced',
      permanent: true,
      statusAt: new Date('2026-12-15T10:06:00.000Z'),
    });
  });

  it('takes each later word on a message that has not failed for good', async () => {
    const messages = await open();
    await messages.recordSent(anEmail());
    await messages.recordDeliveryStatus(delivered());

    expect(
      await messages.recordDeliveryStatus(
        bounce({
          status: 'complained',
          reason: 'complaint',
          providerEvent: 'Complaint',
          at: '2026-12-15T12:00:00.000Z',
        }),
      ),
    ).toBe('recorded');

    expect(await messages.getMessage(CASE, OFFER)).toMatchObject({
      status: 'complained',
      permanent: true,
      statusReason: 'complaint',
      statusAt: new Date('2026-12-15T12:00:00.000Z'),
    });
  });

  it('says an event is about an unknown message when the service never sent it', async () => {
    const messages = await open();
    await messages.recordSent(anEmail());

    expect(await messages.recordDeliveryStatus(bounce({ providerMessageId: 'ses-unknown' }))).toBe(
      'unknown-message',
    );
    expect(await messages.recordDeliveryStatus(bounce({ caseId: OTHER_CASE, messageId: LETTER }))).toBe(
      'unknown-message',
    );
    expect(await messages.recordDeliveryStatus(bounce({ caseId: CASE, messageId: LETTER }))).toBe(
      'unknown-message',
    );
    expect((await messages.getMessage(CASE, OFFER))?.status).toBe('sent');
  });

  it('records an event once the message it was early for is recorded', async () => {
    const messages = await open();

    expect(await messages.recordDeliveryStatus(bounce({ caseId: CASE, messageId: OFFER }))).toBe(
      'unknown-message',
    );
    await messages.recordSent(anEmail());

    expect(await messages.recordDeliveryStatus(bounce({ caseId: CASE, messageId: OFFER }))).toBe('recorded');
  });

  it("keeps the waiting path's token on a message still sent, and gives it back with the status once reported", async () => {
    const messages = await open();
    await messages.recordSent(anEmail());

    expect(await messages.awaitDelivery(CASE, OFFER, 'token-1')).toBe('waiting');
    expect(await messages.deliveryWaiterOf({ providerMessageId: 'ses-0001' })).toEqual({
      taskToken: 'token-1',
      message: { ...anEmail(), status: 'sent' },
    });
    await messages.recordDeliveryStatus(bounce());

    expect(await messages.deliveryWaiterOf({ providerMessageId: 'ses-0001' })).toEqual({
      taskToken: 'token-1',
      message: await messages.getMessage(CASE, OFFER),
    });
    expect(
      await messages.deliveryWaiterOf({
        providerMessageId: 'not-linked',
        caseId: CASE,
        messageId: providerSideMessageId(CASE, OFFER),
      }),
    ).toMatchObject({ taskToken: 'token-1', message: { status: 'bounced' } });
    // The token is not part of the message as the outbox and timeline show it.
    expect(await messages.getMessage(CASE, OFFER)).not.toHaveProperty('deliveryToken');
    expect(JSON.stringify(await messages.listMessages(CASE))).not.toContain('token-1');
  });

  it('keeps the latest token when a waiting step is run again', async () => {
    const messages = await open();
    await messages.recordSent(anEmail());

    await messages.awaitDelivery(CASE, OFFER, 'token-1');
    expect(await messages.awaitDelivery(CASE, OFFER, 'token-2')).toBe('waiting');

    expect((await messages.deliveryWaiterOf({ providerMessageId: 'ses-0001' }))?.taskToken).toBe('token-2');
  });

  it('keeps no token once the provider has reported, and hands back the message to answer now', async () => {
    const messages = await open();
    await messages.recordSent(anEmail());
    await messages.recordDeliveryStatus(bounce());

    const known = await messages.awaitDelivery(CASE, OFFER, 'token-2');

    expect(known).toEqual(await messages.getMessage(CASE, OFFER));
    expect(known).toMatchObject({ status: 'bounced', statusReason: 'bounce-general' });
    expect(await messages.deliveryWaiterOf({ providerMessageId: 'ses-0001' })).toBeUndefined();
  });

  it('refuses to wait on a message never recorded, and finds no waiter where none waits', async () => {
    const messages = await open();
    await messages.recordSent(anEmail());

    await expect(messages.awaitDelivery(CASE, 'message.support-offer.9', 't')).rejects.toBeInstanceOf(
      MessageNotFoundError,
    );
    expect(await messages.deliveryWaiterOf({ providerMessageId: 'ses-unknown' })).toBeUndefined();
    expect(await messages.deliveryWaiterOf({ providerMessageId: 'ses-0001' })).toBeUndefined();
    expect(
      await messages.deliveryWaiterOf({ providerMessageId: 'x', caseId: OTHER_CASE, messageId: OFFER }),
    ).toBeUndefined();
  });

  it('lets one sender at a time claim a message, takes over a lapsed claim, and says when it was sent', async () => {
    const messages = await open();
    const claim = (at: number) => messages.claimSending(CASE, OFFER, seconds(at), 60_000);

    expect(await claim(0)).toBe('claimed');
    expect(await claim(1)).toBe('in-progress');
    // The lease runs to its last millisecond.
    expect(await claim(60)).toBe('in-progress');
    // The first sender died before recording: its lease lapses and the next run may send.
    expect(await claim(61)).toBe('claimed');
    expect(await claim(62)).toBe('in-progress');
    await messages.recordSent(anEmail());
    expect(await claim(63)).toBe('sent');
    expect(await claim(500)).toBe('sent');
    // The claim is not a message: the case's messages and the outbox show the one e-mail.
    expect((await messages.listMessages(CASE)).map((m) => m.messageId)).toEqual([OFFER]);
    expect(await messages.listOutbox('email')).toHaveLength(1);
  });

  it('lets one of several senders asking at once claim a message', async () => {
    const messages = await open();

    const outcomes = await Promise.all(
      Array.from({ length: 4 }, () => messages.claimSending(CASE, OFFER, seconds(0), 60_000)),
    );

    expect(outcomes.sort()).toEqual(['claimed', 'in-progress', 'in-progress', 'in-progress']);
  });

  it('keeps the claims of messages and cases apart', async () => {
    const messages = await open();

    expect(await messages.claimSending(CASE, OFFER, seconds(0), 60_000)).toBe('claimed');
    expect(await messages.claimSending(CASE, LETTER, seconds(0), 60_000)).toBe('claimed');
    expect(await messages.claimSending(OTHER_CASE, OFFER, seconds(0), 60_000)).toBe('claimed');
    await messages.recordSent(anEmail({ caseId: OTHER_CASE }));

    expect(await messages.claimSending(CASE, OFFER, seconds(1), 60_000)).toBe('in-progress');
    expect(await messages.claimSending(OTHER_CASE, OFFER, seconds(1), 60_000)).toBe('sent');
  });

  it('says a message recorded without a claim was sent', async () => {
    const messages = await open();
    await messages.recordSent(anEmail());

    expect(await messages.claimSending(CASE, OFFER, seconds(0), 60_000)).toBe('sent');
    await expect(messages.letterRunOf(CASE, OFFER, '2026-12-15')).rejects.toMatchObject({
      name: 'ConditionalCheckFailedException',
    });
  });

  it("keeps a letter's print run across a lapsed claim, until it is moved", async () => {
    const messages = await open();
    expect(await messages.claimSending(CASE, LETTER, seconds(0), 60_000)).toBe('claimed');
    expect(await messages.letterRunOf(CASE, LETTER, '2026-12-15')).toBe('2026-12-15');
    expect(await messages.letterRunOf(CASE, LETTER, '2026-12-16')).toBe('2026-12-15');
    // The sender died; the next claims after the lease, on a later run's side of the cut-off.
    expect(await messages.claimSending(CASE, LETTER, seconds(61), 60_000)).toBe('claimed');
    expect(await messages.letterRunOf(CASE, LETTER, '2026-12-16')).toBe('2026-12-15');
    await messages.moveLetterRun(CASE, LETTER, '2026-12-16');
    expect(await messages.claimSending(CASE, LETTER, seconds(200), 60_000)).toBe('claimed');
    expect(await messages.letterRunOf(CASE, LETTER, '2026-12-17')).toBe('2026-12-16');
    // Another letter's run is its own.
    await messages.claimSending(OTHER_CASE, LETTER, seconds(0), 60_000);
    expect(await messages.letterRunOf(OTHER_CASE, LETTER, '2026-12-18')).toBe('2026-12-18');
  });

  it('refuses a letter run for a message nobody has claimed, and claims nothing by it', async () => {
    const messages = await open();

    await expect(messages.letterRunOf(CASE, LETTER, '2026-12-15')).rejects.toMatchObject({
      name: 'ConditionalCheckFailedException',
    });
    await expect(messages.moveLetterRun(CASE, LETTER, '2026-12-16')).rejects.toMatchObject({
      name: 'ConditionalCheckFailedException',
    });

    expect(await messages.claimSending(CASE, LETTER, seconds(0), 60_000)).toBe('claimed');
    expect(await messages.letterRunOf(CASE, LETTER, '2026-12-17')).toBe('2026-12-17');
  });
});
