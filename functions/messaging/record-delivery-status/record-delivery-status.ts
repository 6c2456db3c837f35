import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { deliveryEventsFrom } from '../../../shared/adapters/aws/delivery-events.ts';
import type { DeliveryStatusRecorder } from '../../../shared/ports/messenger.ts';
import { logger } from '../../logger.ts';

export interface RecordDeliveryStatusDeps {
  readonly recorder: DeliveryStatusRecorder;
}

export interface DeliveryStatusSummary {
  readonly recorded: number;
  readonly duplicates: number;
  readonly unknownMessages: number;
  /** Provider events that change no status (an e-mail sent, a text queued). */
  readonly ignored: number;
}

/**
 * Records what SES (through EventBridge) and End User Messaging (through SNS) say became of each e-mail
 * and text: delivered, bounced, complained, failed (issue 4). An unrecognised event fails the invocation
 * (retried, then kept in the dead-letter queue); a redelivered event is recorded once.
 */
export function createRecordDeliveryStatus(deps: RecordDeliveryStatusDeps) {
  return middy(async (event: unknown): Promise<DeliveryStatusSummary> => {
    const { updates, ignored } = deliveryEventsFrom(event);
    let recorded = 0;
    let duplicates = 0;
    let unknownMessages = 0;
    for (const update of updates) {
      const outcome = await deps.recorder.recordDeliveryStatus(update);
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
    }
    if (ignored.length > 0) logger.debug('delivery events without a status change', { ignored });
    return { recorded, duplicates, unknownMessages, ignored: ignored.length };
  }).use(injectLambdaContext(logger));
}
