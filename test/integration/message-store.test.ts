import { beforeEach, describe, expect, it } from 'vitest';
import type { DynamoDbCaseStore } from '../../shared/adapters/dynamodb/case-store.ts';
import { DynamoDbMessageStore } from '../../shared/adapters/dynamodb/message-store.ts';
import type { DeliveryStatusUpdate } from '../../shared/domain/messaging.ts';
import { providerSideMessageId } from '../../shared/domain/messaging.ts';
import { freshStore } from '../support/store.ts';

const SENT_AT = new Date('2026-12-15T10:05:00Z');

const anEmail = (messageId = 'message.support-offer.1') => ({
  caseId: 'VF-MSG00-00001',
  messageId,
  channel: 'email' as const,
  purpose: 'support-offer',
  sentAt: SENT_AT,
  providerMessageId: `ses-${messageId}`,
});

const bounce = (overrides: Partial<DeliveryStatusUpdate> = {}): DeliveryStatusUpdate => ({
  providerMessageId: 'ses-message.support-offer.1',
  channel: 'email',
  status: 'bounced',
  permanent: true,
  reason: 'bounce-general',
  at: '2026-12-15T10:06:00.000Z',
  providerEvent: 'Bounce',
  ...overrides,
});

describe('the messages of a case on DynamoDB Local', () => {
  let messages: DynamoDbMessageStore;
  let store: DynamoDbCaseStore;
  beforeEach(async () => {
    const fresh = await freshStore();
    messages = new DynamoDbMessageStore(fresh.client, fresh.tableName);
    store = fresh.store;
  });

  it('records a sent message once, however often it is recorded', async () => {
    expect(await messages.recordSent(anEmail())).toBe('recorded');
    expect(await messages.recordSent(anEmail())).toBe('duplicate');
    expect(await messages.listMessages('VF-MSG00-00001')).toEqual([{ ...anEmail(), status: 'sent' }]);
    expect((await messages.listSentOn('2026-12-15')).map((m) => m.messageId)).toEqual([
      'message.support-offer.1',
    ]);
    expect(await messages.listSentOn('2026-12-16')).toEqual([]);
  });

  it('finds the message of a delivery event by the provider id and records its status and a timeline event once', async () => {
    await messages.recordSent(anEmail());

    expect(await messages.recordDeliveryStatus(bounce())).toBe('recorded');
    expect(await messages.recordDeliveryStatus(bounce())).toBe('duplicate');

    expect(await messages.getMessage('VF-MSG00-00001', 'message.support-offer.1')).toMatchObject({
      status: 'bounced',
      permanent: true,
      statusReason: 'bounce-general',
      statusAt: new Date('2026-12-15T10:06:00.000Z'),
    });
    const timeline = await store.timeline('VF-MSG00-00001');
    expect(timeline.map((e) => [e.type, e.eventId])).toEqual([
      ['message-status', 'delivery.message.support-offer.1.Bounce'],
    ]);
  });

  it('finds the message from the ids its provider carried back, as send-message gave them', async () => {
    await messages.recordSent(anEmail());

    const outcome = await messages.recordDeliveryStatus(
      bounce({
        providerMessageId: 'not-linked',
        caseId: 'VF-MSG00-00001',
        messageId: providerSideMessageId('VF-MSG00-00001', 'message.support-offer.1'),
      }),
    );

    expect(outcome).toBe('recorded');
    expect((await messages.getMessage('VF-MSG00-00001', 'message.support-offer.1'))?.status).toBe('bounced');
  });

  it('keeps a permanent failure when a later, weaker event arrives for the same message', async () => {
    await messages.recordSent(anEmail());
    await messages.recordDeliveryStatus(bounce());

    await messages.recordDeliveryStatus(
      bounce({ status: 'delivered', permanent: false, reason: 'delivered', providerEvent: 'Delivery' }),
    );

    expect((await messages.getMessage('VF-MSG00-00001', 'message.support-offer.1'))?.status).toBe('bounced');
  });

  it('says an event is about an unknown message when the service never sent it', async () => {
    expect(await messages.recordDeliveryStatus(bounce({ providerMessageId: 'ses-unknown' }))).toBe(
      'unknown-message',
    );
    expect(
      await messages.recordDeliveryStatus(
        bounce({ caseId: 'VF-MSG00-00009', messageId: 'message.final-letter.1' }),
      ),
    ).toBe('unknown-message');
    expect(await store.timeline('VF-MSG00-00009')).toEqual([]);
  });

  it("keeps the waiting path's token on a message still sent, and gives it back with the status once reported", async () => {
    await messages.recordSent(anEmail());

    expect(await messages.awaitDelivery('VF-MSG00-00001', 'message.support-offer.1', 'token-1')).toBe(
      'waiting',
    );
    expect(
      await messages.deliveryWaiterOf({ providerMessageId: 'ses-message.support-offer.1' }),
    ).toMatchObject({
      taskToken: 'token-1',
      message: { status: 'sent' },
    });
    await messages.recordDeliveryStatus(bounce());
    expect(
      await messages.deliveryWaiterOf({ providerMessageId: 'ses-message.support-offer.1' }),
    ).toMatchObject({
      taskToken: 'token-1',
      message: { status: 'bounced', permanent: true },
    });
    // The token is not part of the message as the outbox and timeline show it.
    expect(await messages.getMessage('VF-MSG00-00001', 'message.support-offer.1')).not.toHaveProperty(
      'deliveryToken',
    );
  });

  it('keeps no token once the provider has reported, and hands back the message to answer now', async () => {
    await messages.recordSent(anEmail());
    await messages.recordDeliveryStatus(bounce());

    const known = await messages.awaitDelivery('VF-MSG00-00001', 'message.support-offer.1', 'token-2');

    expect(known).toMatchObject({ status: 'bounced', statusReason: 'bounce-general' });
    expect(
      await messages.deliveryWaiterOf({ providerMessageId: 'ses-message.support-offer.1' }),
    ).toBeUndefined();
  });

  it('refuses to wait on a message never recorded, and finds no waiter for an unknown provider id', async () => {
    await expect(
      messages.awaitDelivery('VF-MSG00-00001', 'message.support-offer.9', 't'),
    ).rejects.toMatchObject({
      name: 'MessageNotFoundError',
    });
    expect(await messages.deliveryWaiterOf({ providerMessageId: 'ses-unknown' })).toBeUndefined();
  });

  it('lets one sender at a time claim a message, takes over a lapsed claim, and says when it was sent', async () => {
    const at = (seconds: number) => new Date(SENT_AT.getTime() + seconds * 1000);
    const claim = (seconds: number) =>
      messages.claimSending('VF-MSG00-00001', 'message.support-offer.1', at(seconds), 60_000);

    expect(await claim(0)).toBe('claimed');
    expect(await claim(1)).toBe('in-progress');
    // The first sender died before recording: its lease lapses and the next run may send.
    expect(await claim(61)).toBe('claimed');
    await messages.recordSent(anEmail());
    expect(await claim(200)).toBe('sent');
    // The claim is not a message: the case's messages and the outbox show the one e-mail.
    expect((await messages.listMessages('VF-MSG00-00001')).map((m) => m.messageId)).toEqual([
      'message.support-offer.1',
    ]);
  });

  it("keeps a letter's print run across a lapsed claim, until it is moved", async () => {
    const at = (seconds: number) => new Date(SENT_AT.getTime() + seconds * 1000);
    const id = 'message.final-letter.1';
    expect(await messages.claimSending('VF-MSG00-00002', id, at(0), 60_000)).toBe('claimed');
    expect(await messages.letterRunOf('VF-MSG00-00002', id, '2026-12-15')).toBe('2026-12-15');
    // The sender died; the next claims after the lease, on a later run's side of the cut-off.
    expect(await messages.claimSending('VF-MSG00-00002', id, at(61), 60_000)).toBe('claimed');
    expect(await messages.letterRunOf('VF-MSG00-00002', id, '2026-12-16')).toBe('2026-12-15');
    await messages.moveLetterRun('VF-MSG00-00002', id, '2026-12-16');
    expect(await messages.claimSending('VF-MSG00-00002', id, at(200), 60_000)).toBe('claimed');
    expect(await messages.letterRunOf('VF-MSG00-00002', id, '2026-12-17')).toBe('2026-12-16');
  });

  it('refuses a letter run for a message nobody has claimed', async () => {
    await expect(
      messages.letterRunOf('VF-MSG00-00003', 'message.final-letter.1', '2026-12-15'),
    ).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
  });
});
