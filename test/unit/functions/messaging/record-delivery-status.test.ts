import { describe, expect, it } from 'vitest';
import { createRecordDeliveryStatus } from '../../../../functions/messaging/record-delivery-status/record-delivery-status.ts';
import { localContext } from '../../../../local/lambda-events.ts';
import type { DeliveryStatusRecorder, DeliveryStatusUpdate } from '../../../../shared/ports/messenger.ts';
import { sesBounced, sesDelivered, sesSent, smsEvent, snsEvent } from '../../../fixtures/delivery-events.ts';

/** The recorder as the store behaves: once per provider event, only for messages it sent. */
class InMemoryRecorder implements DeliveryStatusRecorder {
  readonly updates: DeliveryStatusUpdate[] = [];
  constructor(private readonly knownProviderIds: readonly string[]) {}
  async recordDeliveryStatus(update: DeliveryStatusUpdate) {
    if (!this.knownProviderIds.includes(update.providerMessageId)) return 'unknown-message' as const;
    const seen = this.updates.some(
      (u) => u.providerMessageId === update.providerMessageId && u.providerEvent === update.providerEvent,
    );
    if (seen) return 'duplicate' as const;
    this.updates.push(update);
    return 'recorded' as const;
  }
}

const SMS_ID = '862a8790-60c0-4430-9b2b-658bdexample';
const invoke = (recorder: DeliveryStatusRecorder, event: unknown) =>
  createRecordDeliveryStatus({ recorder })(event, localContext('record-delivery-status'));

describe('recording delivery status', () => {
  it('records a hard bounce from SES on the e-mail it concerns', async () => {
    const recorder = new InMemoryRecorder(['0100018d-bounced-000000']);
    const summary = await invoke(recorder, sesBounced('Permanent', 'General'));
    expect(summary).toEqual({ recorded: 1, duplicates: 0, unknownMessages: 0, ignored: 0 });
    expect(recorder.updates).toEqual([
      expect.objectContaining({
        channel: 'email',
        status: 'bounced',
        permanent: true,
        caseId: 'VF-ABCDE-FGHIJ',
        messageId: 'message.support-offer.1',
      }),
    ]);
  });

  it('records a redelivered SMS event once', async () => {
    const recorder = new InMemoryRecorder([SMS_ID]);
    await invoke(recorder, snsEvent(smsEvent('TEXT_INVALID')));
    const again = await invoke(recorder, snsEvent(smsEvent('TEXT_INVALID')));
    expect(again).toEqual({ recorded: 0, duplicates: 1, unknownMessages: 0, ignored: 0 });
    expect(recorder.updates).toHaveLength(1);
  });

  it('counts an event for a message the service did not send without failing', async () => {
    const summary = await invoke(new InMemoryRecorder([]), sesDelivered);
    expect(summary).toEqual({ recorded: 0, duplicates: 0, unknownMessages: 1, ignored: 0 });
  });

  it('records nothing for events that change no status', async () => {
    const recorder = new InMemoryRecorder(['0100018d-sent-000000', SMS_ID]);
    expect(await invoke(recorder, sesSent)).toEqual({
      recorded: 0,
      duplicates: 0,
      unknownMessages: 0,
      ignored: 1,
    });
    expect(await invoke(recorder, snsEvent(smsEvent('TEXT_QUEUED')))).toMatchObject({ ignored: 1 });
    expect(recorder.updates).toEqual([]);
  });

  it('fails the invocation on an event it does not recognise, so it is retried and kept', async () => {
    await expect(invoke(new InMemoryRecorder([]), { hello: 'world' })).rejects.toMatchObject({
      name: 'UnrecognisedDeliveryEventError',
    });
  });
});
