import { describe, expect, it } from 'vitest';
import { createRecordDeliveryStatus } from '../../../../functions/messaging/record-delivery-status/record-delivery-status.ts';
import { localContext } from '../../../../local/lambda-events.ts';
import type { DeliveryStatusUpdate, MessageRecord } from '../../../../shared/domain/messaging.ts';
import { TaskTokenRefusedError } from '../../../../shared/domain/workflows.ts';
import type { DeliveryWaiter, MessageStore } from '../../../../shared/ports/message-store.ts';
import { sesBounced, sesDelivered, sesSent, smsEvent, snsEvent } from '../../../fixtures/delivery-events.ts';

type Messages = Pick<MessageStore, 'recordDeliveryStatus' | 'deliveryWaiterOf'>;

/**
 * The message store as it behaves: once per provider event, only for messages it sent; a contact path may
 * wait on a message with a task token.
 */
class InMemoryRecorder implements Messages {
  readonly updates: DeliveryStatusUpdate[] = [];
  taskToken: string | undefined;
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
  async deliveryWaiterOf(): Promise<DeliveryWaiter | undefined> {
    const last = this.updates.at(-1);
    if (!this.taskToken || !last) return undefined;
    const message: MessageRecord = {
      caseId: 'VF-ABCDE-FGHIJ',
      messageId: 'message.support-offer.1',
      channel: last.channel,
      purpose: 'support-offer',
      status: last.status,
      statusReason: last.reason,
      sentAt: new Date('2026-12-01T10:00:00Z'),
    };
    return { taskToken: this.taskToken, message };
  }
}

/** The answers the function gave waiting contact paths, as Step Functions would take them. */
class Answers {
  readonly sent: Array<{ token: string; success?: unknown; error?: string; cause?: string }> = [];
  refuse = false;
  async sendTaskSuccess(token: string, success: unknown) {
    if (this.refuse) throw new TaskTokenRefusedError('timed-out', 'TaskTimedOut');
    this.sent.push({ token, success });
  }
  async sendTaskFailure(token: string, error: string, cause: string) {
    if (this.refuse) throw new TaskTokenRefusedError('timed-out', 'TaskTimedOut');
    this.sent.push({ token, error, cause });
  }
}

const SMS_ID = '862a8790-60c0-4430-9b2b-658bdexample';
const invoke = (messages: Messages, event: unknown, workflows = new Answers()) =>
  createRecordDeliveryStatus({ messages, workflows })(event, localContext('record-delivery-status'));

describe('recording delivery status', () => {
  it('records a hard bounce from SES on the e-mail it concerns', async () => {
    const recorder = new InMemoryRecorder(['0100018d-bounced-000000']);
    const summary = await invoke(recorder, sesBounced('Permanent', 'General'));
    expect(summary).toEqual({ recorded: 1, duplicates: 0, unknownMessages: 0, ignored: 0, pathsAnswered: 0 });
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
    expect(again).toEqual({ recorded: 0, duplicates: 1, unknownMessages: 0, ignored: 0, pathsAnswered: 0 });
    expect(recorder.updates).toHaveLength(1);
  });

  it('counts an event for a message the service did not send without failing', async () => {
    const summary = await invoke(new InMemoryRecorder([]), sesDelivered);
    expect(summary).toEqual({ recorded: 0, duplicates: 0, unknownMessages: 1, ignored: 0, pathsAnswered: 0 });
  });

  it('records nothing for events that change no status', async () => {
    const recorder = new InMemoryRecorder(['0100018d-sent-000000', SMS_ID]);
    expect(await invoke(recorder, sesSent)).toEqual({
      recorded: 0,
      duplicates: 0,
      unknownMessages: 0,
      ignored: 1,
      pathsAnswered: 0,
    });
    expect(await invoke(recorder, snsEvent(smsEvent('TEXT_QUEUED')))).toMatchObject({ ignored: 1 });
    expect(recorder.updates).toEqual([]);
  });

  it('fails the invocation on an event it does not recognise, so it is retried and kept', async () => {
    await expect(invoke(new InMemoryRecorder([]), { hello: 'world' })).rejects.toMatchObject({
      name: 'UnrecognisedDeliveryEventError',
    });
  });

  it('fails the waiting contact path with MessageUndeliverable on a bounce, naming codes only', async () => {
    const recorder = new InMemoryRecorder(['0100018d-bounced-000000']);
    recorder.taskToken = 'token-1';
    const answers = new Answers();
    const summary = await invoke(recorder, sesBounced('Permanent', 'General'), answers);
    expect(summary.pathsAnswered).toBe(1);
    expect(answers.sent).toEqual([
      {
        token: 'token-1',
        error: 'MessageUndeliverable',
        cause: 'email message.support-offer.1 bounced (bounce-permanent-general)',
      },
    ]);
  });

  it('resumes the waiting contact path on a delivery', async () => {
    const recorder = new InMemoryRecorder(['0100018d-delivered-000000']);
    recorder.taskToken = 'token-2';
    const answers = new Answers();
    await invoke(recorder, sesDelivered, answers);
    expect(answers.sent).toEqual([
      {
        token: 'token-2',
        success: { messageId: 'message.support-offer.1', channel: 'email', status: 'delivered' },
      },
    ]);
  });

  it('tells the waiting path again on a redelivered event, in case the first delivery failed before it could', async () => {
    const recorder = new InMemoryRecorder([SMS_ID]);
    recorder.taskToken = 'token-3';
    const answers = new Answers();
    await invoke(recorder, snsEvent(smsEvent('TEXT_INVALID')), answers);
    const again = await invoke(recorder, snsEvent(smsEvent('TEXT_INVALID')), answers);
    expect(again).toMatchObject({ duplicates: 1, pathsAnswered: 1 });
    expect(answers.sent.map((a) => a.error)).toEqual(['MessageUndeliverable', 'MessageUndeliverable']);
  });

  it('records the status and succeeds when the path no longer waits (its window passed)', async () => {
    const recorder = new InMemoryRecorder(['0100018d-bounced-000000']);
    recorder.taskToken = 'token-4';
    const answers = new Answers();
    answers.refuse = true;
    const summary = await invoke(recorder, sesBounced('Permanent', 'General'), answers);
    expect(summary).toMatchObject({ recorded: 1, pathsAnswered: 0 });
  });
});
