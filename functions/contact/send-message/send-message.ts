import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { z } from 'zod';
import { logger } from '../../logger.ts';
import { CaseNotFoundError, type ContactDeps, stepInput } from '../contact-deps.ts';

export const MESSAGE_PURPOSES = [
  'support-offer',
  'home-visit-notice',
  'second-home-visit-notice',
  'final-letter',
] as const;

const Input = z.object({
  caseId: z.string().min(1),
  purpose: z.enum(MESSAGE_PURPOSES),
  channel: z.enum(['email', 'sms', 'letter']),
  attempt: z.int().min(1).default(1),
  visitAt: z.iso.datetime({ offset: true }).optional(),
});

/** The channel is marked unsafe on the referral: nothing is sent, and the path takes its fallback. */
export class UnsafeChannelError extends Error {
  override name = 'UnsafeChannelError';
}

const UNSAFE_FLAG = { email: 'email', sms: 'sms', letter: 'letter' } as const;

/**
 * The one messaging function. It refuses a channel the referral marks unsafe, whatever the caller asks
 * (DESIGN 4, rule 5), and records each message once per case, purpose and attempt.
 */
export function createSendMessage(deps: ContactDeps) {
  return middy(async (payload: unknown): Promise<{ messageId: string; status: 'recorded' | 'duplicate' }> => {
    const input = stepInput(Input, payload);
    const opened = await deps.store.getCase(input.caseId);
    if (!opened) throw new CaseNotFoundError(`case ${input.caseId} does not exist`);
    if (opened.referral.unsafeChannels.includes(UNSAFE_FLAG[input.channel])) {
      throw new UnsafeChannelError(`${input.channel} is marked unsafe for case ${input.caseId}`);
    }
    const messageId = `message.${input.purpose}.${input.attempt}`;
    const status = await deps.store.recordEvent({
      eventId: messageId,
      caseId: input.caseId,
      type: 'message-recorded',
      at: deps.clock.now(),
      detail: {
        purpose: input.purpose,
        channel: input.channel,
        attempt: input.attempt,
        ...(input.visitAt ? { visitAt: input.visitAt } : {}),
      },
    });
    logger.info('message recorded', {
      caseId: input.caseId,
      purpose: input.purpose,
      channel: input.channel,
      status,
    });
    return { messageId, status };
  }).use(injectLambdaContext(logger));
}
