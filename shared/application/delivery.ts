import { MESSAGE_UNDELIVERABLE } from '../domain/delivery.ts';
import type { MessageRecord } from '../domain/messaging.ts';
import { TaskTokenRefusedError } from '../domain/workflows.ts';
import type { TaskResponses } from '../ports/workflows.ts';

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
