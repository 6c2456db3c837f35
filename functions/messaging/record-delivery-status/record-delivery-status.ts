import { deliveryEventsFrom } from '../../../shared/adapters/aws/delivery-events.ts';
import { answerDeliveryWaiter } from '../../../shared/application/delivery.ts';
import type { MessageStore } from '../../../shared/ports/message-store.ts';
import type { TaskResponses } from '../../../shared/ports/workflows.ts';
import { lambdaHandler } from '../../lambda-handler.ts';
import { logger } from '../../logger.ts';
import type { OperationsMetrics } from '../../operations-metrics.ts';

export interface RecordDeliveryStatusDeps {
  readonly messages: Pick<MessageStore, 'recordDeliveryStatus' | 'deliveryWaiterOf'>;
  /** Answers a contact path waiting on the message (its await-delivery step). */
  readonly workflows: TaskResponses;
  /** Counts for the operations alarms (AWS only). */
  readonly metrics?: OperationsMetrics;
}

export interface DeliveryStatusSummary {
  readonly recorded: number;
  readonly duplicates: number;
  readonly unknownMessages: number;
  /** Provider events that change no status (an e-mail sent, a text queued). */
  readonly ignored: number;
  /** Contact paths answered: resumed on a delivery, sent to their fallback on a bounce. */
  readonly pathsAnswered: number;
}

/**
 * Records what SES (through EventBridge) and End User Messaging (through SNS) say became of each e-mail
 * and text: delivered, bounced, complained, failed (docs/messages.md). An unrecognised event fails the
 * invocation (retried, then kept in the dead-letter queue); a redelivered event is recorded once.
 *
 * A contact path waiting on the message hears of it: on a duplicate too, since the first delivery of the
 * event may have recorded the status and then failed before answering (answering twice is harmless).
 */
export function createRecordDeliveryStatus(deps: RecordDeliveryStatusDeps) {
  return lambdaHandler(async (event: unknown): Promise<DeliveryStatusSummary> => {
    const { updates, ignored } = deliveryEventsFrom(event);
    let recorded = 0;
    let duplicates = 0;
    let unknownMessages = 0;
    let pathsAnswered = 0;
    for (const update of updates) {
      const outcome = await deps.messages.recordDeliveryStatus(update);
      if (outcome === 'recorded') recorded += 1;
      else if (outcome === 'duplicate') duplicates += 1;
      else unknownMessages += 1;
      // Ids and codes only: the update carries no address or number.
      logger.info('delivery status', {
        channel: update.channel,
        status: update.status,
        permanent: update.permanent,
        reason: update.reason,
        providerMessageId: update.providerMessageId,
        caseId: update.caseId,
        messageId: update.messageId,
        outcome,
      });
      // A bounce or failed text is counted once, when first recorded, for the bounce alarm.
      if (outcome === 'recorded' && (update.status === 'bounced' || update.status === 'failed'))
        deps.metrics?.messageBounced(update.channel);
      if (outcome === 'unknown-message') continue;
      const waiter = await deps.messages.deliveryWaiterOf(update);
      if (waiter?.message.status !== undefined && waiter.message.status !== 'sent') {
        const answer = await answerDeliveryWaiter(deps.workflows, waiter.taskToken, waiter.message);
        if (answer === 'answered') pathsAnswered += 1;
        logger.info('contact path told', {
          caseId: waiter.message.caseId,
          messageId: waiter.message.messageId,
          status: waiter.message.status,
          answer,
        });
      }
    }
    if (ignored.length > 0) logger.debug('delivery events without a status change', { ignored });
    return { recorded, duplicates, unknownMessages, ignored: ignored.length, pathsAnswered };
  });
}
