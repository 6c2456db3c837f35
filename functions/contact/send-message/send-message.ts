import * as z from 'zod';
import { localDateOf } from '../../../shared/domain/calendar.ts';
import type { Case } from '../../../shared/domain/case.ts';
import type { CaseEvent } from '../../../shared/domain/case-records.ts';
import { planContactPath } from '../../../shared/domain/contact-plan.ts';
import {
  type ContactAttempt,
  letterFormatFor,
  recipientFromReferral,
  renderSms,
} from '../../../shared/domain/messages/index.ts';
import {
  caseMessageIdOf,
  MessageSendInProgressError,
  PermanentDeliveryError,
  providerSideMessageId,
  refuseUnsafeChannel,
  SENDING_LEASE_MS,
} from '../../../shared/domain/messaging.ts';
import { printRunDateFor } from '../../../shared/domain/print-run.ts';
import { RECIPIENT_ALLOWANCE_KEPT_MS, recipientDayKey } from '../../../shared/domain/recipient-limits.ts';
import type { UnsafeChannel } from '../../../shared/domain/referral-codes.ts';
import { isUkNumber } from '../../../shared/domain/uk-number.ts';
import {
  ChatEndedError,
  hashChatSecret,
  newChatToken,
  webChatExpiry,
} from '../../../shared/domain/web-chat.ts';
import type { MessageStore } from '../../../shared/ports/message-store.ts';
import type { Messenger } from '../../../shared/ports/messenger.ts';
import type { RecipientLimits } from '../../../shared/ports/recipient-limits.ts';
import type { WebChatStore } from '../../../shared/ports/web-chats.ts';
import { renderEmail } from '../../../shared/rendering/messages/email.ts';
import { LetterLayoutError, renderLetter } from '../../../shared/rendering/messages/letter.ts';
import { lambdaHandler } from '../../lambda-handler.ts';
import { logger } from '../../logger.ts';
import { CaseNotFoundError, type ContactDeps, InvalidStepInputError, stepInput } from '../contact-deps.ts';

export const MESSAGE_PURPOSES = [
  'support-offer',
  'home-visit-notice',
  'second-home-visit-notice',
  'final-letter',
  // A self-referrer's booked web chat, with its one-time link (the web-chat workflow sends it).
  'web-chat-booking-confirmation',
] as const;

const Input = z.object({
  caseId: z.string().min(1),
  purpose: z.enum(MESSAGE_PURPOSES),
  channel: z.enum(['email', 'sms', 'letter']),
  attempt: z.int().min(1).default(1),
  visitAt: z.iso.datetime({ offset: true }).optional(),
  firstVisitAt: z.iso.datetime({ offset: true }).optional(),
});
type Input = z.output<typeof Input>;

export interface SendMessageDeps extends ContactDeps {
  readonly messages: MessageStore;
  readonly messenger: Messenger;
  /** Each recipient's one self-referral message a day (docs/messages.md, "Self-referrals"). */
  readonly recipientLimits: RecipientLimits;
  /** Booked web chats: a booking confirmation books the chat and issues its one-time link. */
  readonly webChats?: Pick<WebChatStore, 'book' | 'issueLink'>;
  /** The public site's origin the chat link is on (`https://…`; locally the server's own). */
  readonly publicSiteUrl?: () => string;
}

/** Ids of one message as send() needs them. */
interface MessageIds {
  readonly messageId: string;
  readonly caseId: string;
  readonly purpose: string;
  readonly unsafeChannels: readonly UnsafeChannel[];
}

/**
 * A message to a self-referral first takes its recipient's one message of the day; when another message has
 * it, nothing is sent and the path's fallback takes over (a letter if one is safe, else a team leader), as
 * for any message refused for good. The form is public: without this anyone could make the service text a
 * number or e-mail an address as often as they posted it. Police and partner referrals are not limited.
 */
async function takeRecipientAllowance(
  opened: Case,
  input: Input,
  destination: string,
  deps: SendMessageDeps,
  now: Date,
): Promise<void> {
  if (opened.referral.source !== 'self') return;
  const granted = await deps.recipientLimits.take({
    recipientDayKey: recipientDayKey(input.channel, destination, localDateOf(now)),
    // The case holds it: a case's own messages on one day (a chat's confirmation, then its support offer)
    // share the allowance, and another case's message to the recipient is withheld.
    holder: input.caseId,
    expiresAt: new Date(now.getTime() + RECIPIENT_ALLOWANCE_KEPT_MS),
  });
  if (granted === 'granted') return;
  logger.warn('self-referral message withheld: its recipient had one today', {
    caseId: input.caseId,
    purpose: input.purpose,
    channel: input.channel,
  });
  throw new PermanentDeliveryError(
    input.channel,
    'recipient-daily-limit',
    `the ${input.channel} recipient of case ${input.caseId} has had a self-referral message today`,
  );
}

/** The one id of a message per case, purpose and attempt. */
const messageIdOf = (input: Input) => `message.${input.purpose}.${input.attempt}`;

/**
 * The attempts a final letter lists: the calls and visits caseworkers recorded; when none was recorded
 * (every visit passed its deadline unrecorded), the ones the plan made and the victim was told of.
 */
function attemptsOf(opened: Case, timeline: readonly CaseEvent[]): ContactAttempt[] {
  const recorded = timeline
    .filter((event) => event.type === 'task-completed')
    .filter((event) => event.detail.taskType === 'call-attempt' || event.detail.taskType === 'home-visit')
    .map(
      (event) =>
        ({ at: event.at, kind: event.detail.taskType === 'home-visit' ? 'home-visit' : 'call' }) as const,
    );
  if (recorded.length > 0) return recorded;
  const plan = planContactPath(opened, opened.referral.receivedAt);
  return plan.path === 'in-person'
    ? plan.visitSlots.map((at) => ({ at: new Date(at), kind: 'home-visit' as const }))
    : plan.callSlots.map((at) => ({ at: new Date(at), kind: 'call' as const }));
}

/**
 * The print run a letter goes to. Normally this attempt's (printRunDateFor(now)); but an earlier attempt
 * may have stored the letter and died before recording it, under a run before the 15:50 cut-off. If it
 * did, that copy stands (storing it again there is refused by the store); if it did not, the letter moves
 * to this attempt's run, recorded before it is stored, so one letter is printed whatever dies when.
 */
async function letterRun(
  ids: { messageId: string; caseId: string; purpose: string },
  deps: SendMessageDeps,
  now: Date,
): Promise<string> {
  const messageId = caseMessageIdOf(ids.caseId, ids.messageId);
  const proposed = printRunDateFor(now);
  const recorded = await deps.messages.letterRunOf(ids.caseId, messageId, proposed);
  if (recorded === proposed || (await deps.messenger.isLetterStored(recorded, ids.messageId)))
    return recorded;
  await deps.messages.moveLetterRun(ids.caseId, messageId, proposed);
  return proposed;
}

/**
 * A booked web chat's one-time link: the chat booked (once) and a new random token issued, kept only as its
 * hash. A confirmation sent again after a failure carries a new link, and the earlier one opens nothing.
 */
async function webChatLink(
  opened: Case,
  deps: SendMessageDeps,
): Promise<{ chatAt: string; chatLink: string }> {
  const slot = opened.referral.webChatSlot;
  if (!slot) throw new InvalidStepInputError(`case ${opened.caseId} has no web chat booked`);
  if (!deps.webChats || !deps.publicSiteUrl)
    throw new InvalidStepInputError('a web chat confirmation needs the web chat store and the public site');
  await deps.webChats.book({ caseId: opened.caseId, slotAt: slot, expiresAt: webChatExpiry(slot) });
  const token = newChatToken();
  if ((await deps.webChats.issueLink(opened.caseId, hashChatSecret(token))) === 'refused')
    throw new ChatEndedError(`the web chat of case ${opened.caseId} is joined or over: no new link`);
  return { chatAt: slot.toISOString(), chatLink: `${deps.publicSiteUrl()}/chat/${token}` };
}

/** Renders the message and hands it to the provider; resolves with what the provider said. */
async function send(
  opened: Case,
  input: Input,
  ids: MessageIds,
  deps: SendMessageDeps,
  now: Date,
): Promise<{ providerMessageId?: string; location?: string }> {
  const { referral } = opened;
  const common = { caseReference: opened.caseId, recipient: recipientFromReferral(referral) };
  const visit = {
    ...(input.visitAt ? { visitAt: input.visitAt } : {}),
    ...(input.firstVisitAt ? { firstVisitAt: input.firstVisitAt } : {}),
  };
  if (input.purpose === 'web-chat-booking-confirmation' && input.channel === 'letter')
    throw new InvalidStepInputError('a web chat confirmation goes by e-mail or text only');
  const missing = (what: string) =>
    new InvalidStepInputError(`${input.channel} needs ${what}, which case ${opened.caseId} has not`);
  switch (input.channel) {
    case 'email': {
      if (!referral.victim.email) throw missing('an e-mail address');
      await takeRecipientAllowance(opened, input, referral.victim.email, deps, now);
      const purpose = input.purpose as 'support-offer';
      const chat = input.purpose === 'web-chat-booking-confirmation' ? await webChatLink(opened, deps) : {};
      const email = renderEmail(purpose, { ...common, ...visit, ...chat } as never);
      return deps.messenger.sendEmail({ ...ids, to: referral.victim.email, ...email });
    }
    case 'sms': {
      const mobile = referral.victim.phones.mobile;
      if (mobile?.kind !== 'mobile') throw missing('a mobile number');
      // Intake refuses any other mobile on a self-referral; a police or partner referral may still carry
      // one, refused here for good (the path's fallback) before the provider, configured for GB, is asked.
      if (!isUkNumber(mobile.e164)) {
        throw new PermanentDeliveryError(
          'sms',
          'unsupported-destination',
          `case ${opened.caseId}'s mobile is not a UK number: texts go to UK numbers only`,
        );
      }
      await takeRecipientAllowance(opened, input, mobile.e164, deps, now);
      const purpose = input.purpose as 'support-offer' | 'home-visit-notice' | 'second-home-visit-notice';
      const chat = input.purpose === 'web-chat-booking-confirmation' ? await webChatLink(opened, deps) : {};
      const sms = renderSms(purpose, { ...common, ...visit, ...chat } as never);
      return deps.messenger.sendSms({ ...ids, to: mobile.e164, text: sms.text });
    }
    case 'letter': {
      const { address } = referral.victim;
      // Without an address the renderer refuses the letter by name; there is no recipient to count.
      if (address)
        await takeRecipientAllowance(opened, input, `${address.postcode}|${address.line1}`, deps, now);
      const extra =
        input.purpose === 'final-letter'
          ? { attempts: attemptsOf(opened, await deps.store.timeline(opened.caseId)) }
          : visit;
      const pdf = await renderLetter(
        input.purpose as Exclude<Input['purpose'], 'web-chat-booking-confirmation'>,
        { ...common, ...extra } as never,
        { date: now },
      );
      return deps.messenger.sendLetter({
        ...ids,
        pdf,
        largePrint: letterFormatFor(referral.communicationNeeds) === 'large-print',
        postedOn: await letterRun(ids, deps, now),
      });
    }
  }
}

/** The timeline's word that a message was sent (once per message: its id is the event's). */
function messageRecorded(input: Input, messageId: string, at: Date): CaseEvent {
  return {
    eventId: messageId,
    caseId: input.caseId,
    type: 'message-recorded',
    at,
    detail: {
      purpose: input.purpose,
      channel: input.channel,
      attempt: input.attempt,
      ...(input.visitAt ? { visitAt: input.visitAt } : {}),
    },
  };
}

interface SendMessageResult {
  messageId: string;
  status: 'recorded' | 'duplicate';
}

/**
 * The one messaging function. It refuses a channel the referral marks unsafe, whatever the caller asks
 * (docs/service-rules.md, rule 5), renders the message, hands it to the provider and records it — once per
 * case, purpose and attempt, however often the step is run. A permanent failure (`PermanentDeliveryError`) or
 * a letter that cannot be printed (`LetterLayoutError`) is thrown by name for the path's fallback.
 */
export function createSendMessage(deps: SendMessageDeps) {
  return lambdaHandler(async (payload: unknown): Promise<SendMessageResult> => {
    const input = stepInput(Input, payload);
    const opened = await deps.store.getCase(input.caseId);
    if (!opened) throw new CaseNotFoundError(`case ${input.caseId} does not exist`);
    // Before anything is rendered; the messenger refuses it again at the boundary.
    refuseUnsafeChannel(input.channel, {
      caseId: input.caseId,
      unsafeChannels: opened.referral.unsafeChannels,
    });
    const messageId = messageIdOf(input);
    const now = deps.clock.now();
    // One sender at a time: a step run twice at once (a retry racing the first run) sends once.
    const claim = await deps.messages.claimSending(input.caseId, messageId, now, SENDING_LEASE_MS);
    if (claim === 'sent') {
      // Sent and recorded by an earlier run, which may have stopped before the timeline heard of it.
      const sent = await deps.messages.getMessage(input.caseId, messageId);
      if (sent) await deps.store.recordEvent(messageRecorded(input, messageId, sent.sentAt));
      return { messageId, status: 'duplicate' };
    }
    if (claim === 'in-progress') {
      throw new MessageSendInProgressError(
        `${messageId} of case ${input.caseId} is being sent by another run`,
      );
    }
    let sent: Awaited<ReturnType<typeof send>>;
    try {
      sent = await send(
        opened,
        input,
        {
          messageId: providerSideMessageId(input.caseId, messageId),
          caseId: input.caseId,
          purpose: input.purpose,
          unsafeChannels: opened.referral.unsafeChannels,
        },
        deps,
        now,
      );
    } catch (error) {
      // Refused for good: on the timeline with its reason code, then thrown by name for the path's fallback.
      const reason =
        error instanceof PermanentDeliveryError
          ? error.reason
          : error instanceof LetterLayoutError
            ? 'letter-layout'
            : undefined;
      if (reason) {
        await deps.store.recordEvent({
          eventId: `${messageId}.undeliverable`,
          caseId: input.caseId,
          type: 'message-undeliverable',
          at: now,
          detail: { purpose: input.purpose, channel: input.channel, attempt: input.attempt, reason },
        });
      }
      throw error;
    }
    const status = await deps.messages.recordSent({
      caseId: input.caseId,
      messageId,
      channel: input.channel,
      purpose: input.purpose,
      sentAt: now,
      ...sent,
    });
    await deps.store.recordEvent(messageRecorded(input, messageId, now));
    logger.info('message sent', {
      caseId: input.caseId,
      purpose: input.purpose,
      channel: input.channel,
      status,
    });
    return { messageId, status };
  });
}
