import * as z from 'zod';
import type { DeliveryStatus, DeliveryStatusUpdate } from '../../domain/messaging.ts';
import { decodeTagValue, MESSAGE_ID_KEYS } from './message-ids.ts';

/**
 * Delivery events as AWS sends them, read into DeliveryStatusUpdate:
 * - SES v2 event publishing to EventBridge (default bus): `source` `aws.ses`, `detail-type` such as
 *   `Email Delivered`, `detail` the SES event record (`eventType`, `mail.messageId`, `mail.tags`, and the
 *   `bounce` / `complaint` / `delivery` / `reject` object);
 * - End User Messaging SMS events through an SNS topic: each record's `Sns.Message` is the JSON event
 *   (`eventType` TEXT_*, `messageId`, `eventTimestamp` in ms, `context` as sent).
 * Only ids and codes are kept: addresses, numbers and the providers' free text are dropped here.
 */

/** The event is not one of the shapes above (or lacks what a status needs). Names the field. */
export class UnrecognisedDeliveryEventError extends Error {
  override name = 'UnrecognisedDeliveryEventError';
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.field = field;
  }
}

export interface DeliveryEvents {
  readonly updates: DeliveryStatusUpdate[];
  /** Provider events that change no status (send, queued, pending, opened …), by event name. */
  readonly ignored: string[];
}

const SesMail = z.object({
  messageId: z.string().min(1),
  timestamp: z.string().optional(),
  tags: z.record(z.string(), z.array(z.string())).optional(),
});

const SesDetail = z.object({
  eventType: z.string().min(1),
  mail: SesMail,
  bounce: z
    .object({
      bounceType: z.enum(['Permanent', 'Transient', 'Undetermined']),
      bounceSubType: z.string().optional(),
      timestamp: z.string().optional(),
    })
    .optional(),
  complaint: z
    .object({
      complaintFeedbackType: z.string().optional(),
      complaintSubType: z.string().nullable().optional(),
      timestamp: z.string().optional(),
    })
    .optional(),
  delivery: z.object({ timestamp: z.string().optional() }).optional(),
  reject: z.object({ reason: z.string().optional() }).optional(),
});

const SesEventBridgeEvent = z.object({
  source: z.literal('aws.ses'),
  'detail-type': z.string().min(1),
  time: z.string().optional(),
  detail: SesDetail,
});

const SnsEvent = z.object({
  Records: z
    .array(
      z.object({
        EventSource: z.literal('aws:sns'),
        Sns: z.object({ Message: z.string() }),
      }),
    )
    .min(1),
});

const SmsEvent = z.object({
  eventType: z.string().regex(/^TEXT_[A-Z_]+$/, 'must be an SMS event type (TEXT_…)'),
  messageId: z.string().min(1),
  eventTimestamp: z.number().int().positive(),
  messageStatus: z.string().optional(),
  context: z.record(z.string(), z.string()).optional(),
});

/** SMS event types and what each means for the message; the rest (TEXT_QUEUED, TEXT_PENDING) change nothing. */
const SMS_OUTCOMES: Readonly<
  Record<string, { status: DeliveryStatus; permanent: boolean; reason: string } | undefined>
> = {
  TEXT_DELIVERED: { status: 'delivered', permanent: false, reason: 'delivered' },
  // Accepted by the carrier; in some countries this is the last event instead of TEXT_DELIVERED.
  TEXT_SUCCESSFUL: { status: 'delivered', permanent: false, reason: 'accepted-by-carrier' },
  TEXT_INVALID: { status: 'failed', permanent: true, reason: 'invalid-number' },
  TEXT_BLOCKED: { status: 'failed', permanent: true, reason: 'blocked' },
  TEXT_CARRIER_BLOCKED: { status: 'failed', permanent: true, reason: 'carrier-blocked' },
  TEXT_SPAM: { status: 'failed', permanent: true, reason: 'spam' },
  TEXT_INVALID_MESSAGE: { status: 'failed', permanent: true, reason: 'invalid-message' },
  TEXT_PROTECT_BLOCKED: { status: 'failed', permanent: true, reason: 'protect-blocked' },
  TEXT_TTL_EXPIRED: { status: 'failed', permanent: false, reason: 'ttl-expired' },
  TEXT_CARRIER_UNREACHABLE: { status: 'failed', permanent: false, reason: 'carrier-unreachable' },
  TEXT_UNREACHABLE: { status: 'failed', permanent: false, reason: 'unreachable' },
  TEXT_UNKNOWN: { status: 'failed', permanent: false, reason: 'unknown' },
};
const SMS_NO_CHANGE = new Set(['TEXT_QUEUED', 'TEXT_PENDING', 'TEXT_SENT']);

/** SES event types that carry no status for the message (the send itself, engagement, delays). */
const SES_NO_CHANGE = new Set(['Send', 'DeliveryDelay', 'Open', 'Click', 'Subscription']);

/**
 * The status updates in a Lambda event from either source: an EventBridge SES event, or an SNS event whose
 * records are End User Messaging SMS events. Anything else is refused with UnrecognisedDeliveryEventError.
 */
export function deliveryEventsFrom(event: unknown): DeliveryEvents {
  if (isObject(event) && 'detail-type' in event) {
    const update = sesUpdate(event);
    return update === undefined
      ? { updates: [], ignored: [sesEventType(event)] }
      : { updates: [update], ignored: [] };
  }
  if (isObject(event) && 'Records' in event) {
    const parsed = SnsEvent.safeParse(event);
    if (!parsed.success) throw refusal('Records', parsed.error);
    const updates: DeliveryStatusUpdate[] = [];
    const ignored: string[] = [];
    for (const [index, record] of parsed.data.Records.entries()) {
      const update = smsUpdate(record.Sns.Message, `Records.${index}.Sns.Message`);
      if (typeof update === 'string') ignored.push(update);
      else updates.push(update);
    }
    return { updates, ignored };
  }
  throw new UnrecognisedDeliveryEventError(
    'event',
    'not an SES event from EventBridge nor an SNS event of SMS delivery events',
  );
}

/** One SES event (EventBridge shape) as a status update; undefined for events that change nothing. */
export function sesUpdate(event: unknown): DeliveryStatusUpdate | undefined {
  const parsed = SesEventBridgeEvent.safeParse(event);
  if (!parsed.success) throw refusal('', parsed.error);
  const { detail, time } = parsed.data;
  const { eventType, mail } = detail;
  if (SES_NO_CHANGE.has(eventType)) return undefined;
  const outcome = sesOutcome(detail);
  const tag = (name: string) => {
    const value = mail.tags?.[name]?.[0];
    return value === undefined ? undefined : decodeTagValue(value);
  };
  const caseId = tag(MESSAGE_ID_KEYS.caseId);
  const messageId = tag(MESSAGE_ID_KEYS.messageId);
  return {
    providerMessageId: mail.messageId,
    channel: 'email',
    ...outcome.result,
    at: instant(outcome.at ?? time ?? mail.timestamp, 'detail.timestamp'),
    providerEvent: eventType,
    ...(caseId === undefined ? {} : { caseId }),
    ...(messageId === undefined ? {} : { messageId }),
  };
}

function sesOutcome(detail: z.infer<typeof SesDetail>): {
  result: { status: DeliveryStatus; permanent: boolean; reason: string };
  at: string | undefined;
} {
  switch (detail.eventType) {
    case 'Delivery':
      return {
        result: { status: 'delivered', permanent: false, reason: 'delivered' },
        at: detail.delivery?.timestamp,
      };
    case 'Bounce': {
      const bounce = detail.bounce;
      if (!bounce)
        throw new UnrecognisedDeliveryEventError(
          'detail.bounce',
          'detail.bounce is missing from a Bounce event',
        );
      const subType = bounce.bounceSubType ?? 'Undetermined';
      // SES reports an address on the account suppression list as a bounce: it was never sent.
      const reason =
        subType === 'OnAccountSuppressionList' || subType === 'Suppressed'
          ? 'suppressed'
          : `bounce-${code(bounce.bounceType)}-${code(subType)}`;
      return {
        result: { status: 'bounced', permanent: bounce.bounceType === 'Permanent', reason },
        at: bounce.timestamp,
      };
    }
    case 'Complaint': {
      const feedback = detail.complaint?.complaintFeedbackType;
      return {
        result: {
          status: 'complained',
          // The victim marked it as spam: e-mail is not used again (SES suppresses the address too).
          permanent: true,
          reason: feedback ? `complaint-${code(feedback)}` : 'complaint',
        },
        at: detail.complaint?.timestamp,
      };
    }
    case 'Reject':
      // SES found a virus in the message: sending the same content again would be rejected again.
      return { result: { status: 'failed', permanent: true, reason: 'rejected-by-ses' }, at: undefined };
    case 'Rendering Failure':
      return { result: { status: 'failed', permanent: true, reason: 'rendering-failure' }, at: undefined };
    default:
      throw new UnrecognisedDeliveryEventError(
        'detail.eventType',
        `detail.eventType ${JSON.stringify(detail.eventType.slice(0, 40))} is not an SES delivery event`,
      );
  }
}

/**
 * One End User Messaging SMS event (the SNS message text) as a status update; for events that change
 * nothing, the event type instead.
 */
export function smsUpdate(message: string, field = 'Sns.Message'): DeliveryStatusUpdate | string {
  let json: unknown;
  try {
    json = JSON.parse(message);
  } catch {
    throw new UnrecognisedDeliveryEventError(field, `${field} is not JSON`);
  }
  const parsed = SmsEvent.safeParse(json);
  if (!parsed.success) throw refusal(field, parsed.error);
  const { eventType, messageId, eventTimestamp, context } = parsed.data;
  if (SMS_NO_CHANGE.has(eventType)) return eventType;
  const outcome = SMS_OUTCOMES[eventType];
  if (!outcome)
    throw new UnrecognisedDeliveryEventError(
      `${field}.eventType`,
      `${field}.eventType ${JSON.stringify(eventType.slice(0, 40))} is not an SMS delivery event`,
    );
  const caseId = context?.[MESSAGE_ID_KEYS.caseId];
  const ourMessageId = context?.[MESSAGE_ID_KEYS.messageId];
  return {
    providerMessageId: messageId,
    channel: 'sms',
    ...outcome,
    at: instant(eventTimestamp, `${field}.eventTimestamp`),
    providerEvent: eventType,
    ...(caseId === undefined ? {} : { caseId }),
    ...(ourMessageId === undefined ? {} : { messageId: ourMessageId }),
  };
}

function sesEventType(event: object): string {
  const detail = (event as { detail?: { eventType?: unknown } }).detail;
  return typeof detail?.eventType === 'string' ? detail.eventType : 'unknown';
}

const isObject = (value: unknown): value is object => typeof value === 'object' && value !== null;

/** A provider code as a lower-case token: `MailboxFull` → `mailbox-full`, `not-spam` stays. */
function code(value: string): string {
  return (
    value
      .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'unspecified'
  );
}

function instant(value: string | number | undefined, field: string): string {
  const date = value === undefined ? undefined : new Date(value);
  if (date === undefined || Number.isNaN(date.getTime()))
    throw new UnrecognisedDeliveryEventError(field, `${field} is not a time`);
  return date.toISOString();
}

/** Names the first field zod refused; its message only, never the value (which may be personal data). */
function refusal(prefix: string, error: z.ZodError): UnrecognisedDeliveryEventError {
  const issue = error.issues[0];
  const path = [prefix, ...(issue?.path ?? []).map(String)].filter((part) => part !== '').join('.');
  const field = path === '' ? 'event' : path;
  return new UnrecognisedDeliveryEventError(field, `${field} ${issue?.message ?? 'is not valid'}`);
}
