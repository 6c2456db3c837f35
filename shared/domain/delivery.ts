import type { MessageRecord } from '../ports/message-store.ts';
import { type TaskResponses, TaskTokenRefusedError } from '../ports/workflows.ts';

/** The error a contact path's await-delivery step fails with when a message did not reach the victim. */
export const MESSAGE_UNDELIVERABLE = 'MessageUndeliverable';

/**
 * How long a contact path waits to hear what became of an e-mail or text before going on as if it arrived.
 * SES reports a bounce within minutes and stops retrying a soft one within a day; carriers' text receipts
 * come within 72 hours or not at all.
 */
export const DELIVERY_REPORT_WINDOW_HOURS = 72;

/** Whether the provider has reported on the message yet; only then can a waiting path be answered. */
export const isReported = (message: MessageRecord): boolean => message.status !== 'sent';

/**
 * Answers the contact path waiting on a message with what its provider reported: delivered (a complaint
 * too: the message arrived) resumes the path; a bounce or failure fails the step with
 * `MessageUndeliverable`, naming the channel, status and reason code only, and the path takes its
 * fallback. A token the path no longer waits on (its window passed, or it was answered) is left alone.
 */
export async function answerDeliveryWaiter(
  workflows: TaskResponses,
  taskToken: string,
  message: MessageRecord,
): Promise<'answered' | 'no-longer-waiting'> {
  try {
    if (message.status === 'delivered' || message.status === 'complained') {
      await workflows.sendTaskSuccess(taskToken, {
        messageId: message.messageId,
        channel: message.channel,
        status: message.status,
      });
    } else {
      await workflows.sendTaskFailure(
        taskToken,
        MESSAGE_UNDELIVERABLE,
        `${message.channel} ${message.messageId} ${message.status}${message.statusReason ? ` (${message.statusReason})` : ''}`,
      );
    }
    return 'answered';
  } catch (error) {
    if (error instanceof TaskTokenRefusedError) return 'no-longer-waiting';
    throw error;
  }
}
