import type { WrittenChannel } from '../contact-plan.ts';

/** Every message a victim can receive, by what it is for (docs/messages.md, docs/service-rules.md). */
export const MESSAGE_PURPOSES = [
  'support-offer',
  'home-visit-notice',
  'second-home-visit-notice',
  'final-letter',
  'needs-assessment-appointment',
  'web-chat-booking-confirmation',
  'target-hardening-appointment',
] as const;
export type MessagePurpose = (typeof MESSAGE_PURPOSES)[number];

/** The channels each message can go by. */
export const MESSAGE_CHANNELS = {
  // docs/service-rules.md, rule 2: the support on offer goes by the written channel the victim chose.
  'support-offer': ['letter', 'email', 'sms'],
  // docs/service-rules.md, rule 3: a home visit is named by letter or SMS.
  'home-visit-notice': ['letter', 'sms'],
  'second-home-visit-notice': ['letter', 'sms'],
  // docs/service-rules.md, rule 1: after failed contact, a final letter.
  'final-letter': ['letter'],
  'needs-assessment-appointment': ['letter', 'email', 'sms'],
  'web-chat-booking-confirmation': ['email', 'sms'],
  'target-hardening-appointment': ['letter', 'sms'],
} as const satisfies Record<MessagePurpose, readonly WrittenChannel[]>;

/** The purposes that can be sent on a channel. */
export type PurposeOn<C extends WrittenChannel> = {
  [P in MessagePurpose]: C extends (typeof MESSAGE_CHANNELS)[P][number] ? P : never;
}[MessagePurpose];

/** A message was asked for on a channel it is never sent by (for example a final letter by SMS). */
export class UnsupportedChannelError extends Error {
  override name = 'UnsupportedChannelError';
  constructor(
    readonly purpose: string,
    readonly channel: WrittenChannel,
  ) {
    super(`${purpose} is not sent by ${channel}`);
  }
}

/** Whether a purpose is sent on a channel. */
export function isSentOn(purpose: MessagePurpose, channel: WrittenChannel): boolean {
  return (MESSAGE_CHANNELS[purpose] as readonly WrittenChannel[]).includes(channel);
}

/** Refuses a purpose/channel pair the service never sends; `purpose` may be anything a caller passed. */
export function assertSentOn(purpose: unknown, channel: WrittenChannel): asserts purpose is MessagePurpose {
  const known = (MESSAGE_PURPOSES as readonly unknown[]).includes(purpose);
  if (!known || !isSentOn(purpose as MessagePurpose, channel)) {
    throw new UnsupportedChannelError(known ? String(purpose) : 'an unknown purpose', channel);
  }
}
