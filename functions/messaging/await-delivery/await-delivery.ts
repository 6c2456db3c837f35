import * as z from 'zod';
import { answerDeliveryWaiter } from '../../../shared/application/delivery.ts';
import type { MessageStore } from '../../../shared/ports/message-store.ts';
import type { TaskResponses } from '../../../shared/ports/workflows.ts';
import { stepInput } from '../../contact/contact-deps.ts';
import { lambdaHandler } from '../../lambda-handler.ts';
import { logger } from '../../logger.ts';

export interface AwaitDeliveryDeps {
  readonly messages: Pick<MessageStore, 'awaitDelivery'>;
  readonly workflows: TaskResponses;
}

const Input = z.object({
  taskToken: z.string().min(1),
  caseId: z.string().min(1),
  messageId: z
    .string()
    .regex(/^message\.[a-z-]+\.\d+$/, 'must be a message id such as message.support-offer.1'),
});

/**
 * The contact path's wait for an e-mail's or text's delivery report (a lambda:invoke.waitForTaskToken step):
 * keeps the step's token on the message for record-delivery-status to answer when the provider reports, or
 * answers it now when the provider already has. A bounce then fails the step with `MessageUndeliverable`.
 */
export function createAwaitDelivery(deps: AwaitDeliveryDeps) {
  return lambdaHandler(async (payload: unknown): Promise<{ waiting: boolean }> => {
    const input = stepInput(Input, payload);
    const known = await deps.messages.awaitDelivery(input.caseId, input.messageId, input.taskToken);
    if (known === 'waiting') {
      logger.info('awaiting delivery report', { caseId: input.caseId, messageId: input.messageId });
      return { waiting: true };
    }
    const answer = await answerDeliveryWaiter(deps.workflows, input.taskToken, known);
    logger.info('delivery already reported', {
      caseId: input.caseId,
      messageId: input.messageId,
      status: known.status,
      answer,
    });
    return { waiting: false };
  });
}
