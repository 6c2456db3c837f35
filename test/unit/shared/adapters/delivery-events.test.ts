import { describe, expect, it } from 'vitest';
import {
  deliveryEventsFrom,
  UnrecognisedDeliveryEventError,
} from '../../../../shared/adapters/aws/delivery-events.ts';
import {
  sesBounced,
  sesComplained,
  sesDelivered,
  sesRejected,
  sesSent,
  smsEvent,
  snsEvent,
} from '../../../fixtures/delivery-events.ts';

const only = (event: unknown) => {
  const { updates } = deliveryEventsFrom(event);
  expect(updates).toHaveLength(1);
  return updates[0];
};

describe('SES events from EventBridge', () => {
  it('reads a delivery with the ids from the message tags', () => {
    expect(only(sesDelivered)).toEqual({
      providerMessageId: '0100018d-delivered-000000',
      channel: 'email',
      status: 'delivered',
      permanent: false,
      reason: 'delivered',
      at: '2026-12-18T10:30:01.000Z',
      providerEvent: 'Delivery',
      caseId: 'VF-ABCDE-FGHIJ',
      messageId: 'message.support-offer.1',
    });
  });

  it.each([
    ['Permanent', 'General', true, 'bounce-permanent-general'],
    ['Permanent', 'NoEmail', true, 'bounce-permanent-no-email'],
    ['Permanent', 'OnAccountSuppressionList', true, 'suppressed'],
    ['Transient', 'MailboxFull', false, 'bounce-transient-mailbox-full'],
    ['Undetermined', 'Undetermined', false, 'bounce-undetermined-undetermined'],
  ] as const)('reads a %s/%s bounce as permanent=%s, reason %s', (type, subType, permanent, reason) => {
    expect(only(sesBounced(type, subType))).toMatchObject({
      channel: 'email',
      status: 'bounced',
      permanent,
      reason,
      at: '2026-12-18T10:30:02.000Z',
      providerEvent: 'Bounce',
    });
  });

  it('reads a complaint as permanent: the victim is not e-mailed again', () => {
    expect(only(sesComplained)).toMatchObject({
      status: 'complained',
      permanent: true,
      reason: 'complaint-abuse',
      at: '2026-12-18T11:00:00.000Z',
    });
  });

  it('reads a rejection (virus found) as a permanent failure at the time of the event', () => {
    expect(only(sesRejected)).toMatchObject({
      status: 'failed',
      permanent: true,
      reason: 'rejected-by-ses',
      at: '2026-12-18T10:30:05.000Z',
    });
  });

  it('changes nothing for a send event', () => {
    expect(deliveryEventsFrom(sesSent)).toEqual({ updates: [], ignored: ['Send'] });
  });

  it('keeps no address, diagnostic text or subject from the event', () => {
    const text = JSON.stringify(deliveryEventsFrom(sesBounced('Permanent', 'General')));
    expect(text).not.toContain('victim@example.org');
    expect(text).not.toContain('user unknown');
    expect(text).not.toContain('Support from Victim First');
  });

  it('refuses an SES event with no message id, naming the field', () => {
    const broken = { ...sesDelivered, detail: { ...sesDelivered.detail, mail: { tags: {} } } };
    expect(() => deliveryEventsFrom(broken)).toThrow(UnrecognisedDeliveryEventError);
    expect(() => deliveryEventsFrom(broken)).toThrow(/detail\.mail\.messageId/);
  });

  it('refuses an SES event type that is not about delivery', () => {
    const odd = { ...sesDelivered, detail: { ...sesDelivered.detail, eventType: 'Mystery' } };
    expect(() => deliveryEventsFrom(odd)).toThrow(/detail\.eventType/);
  });
});

describe('End User Messaging SMS events from SNS', () => {
  it('reads a delivered text with the ids from its context', () => {
    expect(only(snsEvent(smsEvent('TEXT_DELIVERED')))).toEqual({
      providerMessageId: '862a8790-60c0-4430-9b2b-658bdexample',
      channel: 'sms',
      status: 'delivered',
      permanent: false,
      reason: 'delivered',
      at: '2026-12-18T10:30:00.000Z',
      providerEvent: 'TEXT_DELIVERED',
      caseId: 'VF-ABCDE-FGHIJ',
      messageId: 'message.support-offer.1',
    });
  });

  it.each([
    ['TEXT_SUCCESSFUL', 'delivered', false],
    ['TEXT_INVALID', 'failed', true],
    ['TEXT_BLOCKED', 'failed', true],
    ['TEXT_CARRIER_BLOCKED', 'failed', true],
    ['TEXT_SPAM', 'failed', true],
    ['TEXT_INVALID_MESSAGE', 'failed', true],
    ['TEXT_PROTECT_BLOCKED', 'failed', true],
    ['TEXT_TTL_EXPIRED', 'failed', false],
    ['TEXT_CARRIER_UNREACHABLE', 'failed', false],
    ['TEXT_UNREACHABLE', 'failed', false],
    ['TEXT_UNKNOWN', 'failed', false],
  ] as const)('reads %s as %s, permanent=%s', (eventType, status, permanent) => {
    expect(only(snsEvent(smsEvent(eventType)))).toMatchObject({
      status,
      permanent,
      providerEvent: eventType,
    });
  });

  it('reads every record of an SNS event and counts queued and pending texts as no change', () => {
    const { updates, ignored } = deliveryEventsFrom(
      snsEvent(smsEvent('TEXT_QUEUED'), smsEvent('TEXT_INVALID'), smsEvent('TEXT_PENDING')),
    );
    expect(updates.map((update) => update.reason)).toEqual(['invalid-number']);
    expect(ignored).toEqual(['TEXT_QUEUED', 'TEXT_PENDING']);
  });

  it('keeps no phone number from the event', () => {
    const text = JSON.stringify(deliveryEventsFrom(snsEvent(smsEvent('TEXT_INVALID'))));
    expect(text).not.toContain('+447700900123');
    expect(text).not.toContain('+447700900000');
  });

  it('reads a text sent without context, leaving the case to the provider id', () => {
    const update = only(snsEvent(smsEvent('TEXT_DELIVERED', { context: undefined })));
    expect(update).not.toHaveProperty('caseId');
    expect(update).not.toHaveProperty('messageId');
  });

  it('refuses an SNS message that is not JSON, naming the record', () => {
    expect(() => deliveryEventsFrom(snsEvent('not json'))).toThrow(/Records\.0\.Sns\.Message is not JSON/);
  });

  it('refuses a voice event on the SMS topic', () => {
    expect(() => deliveryEventsFrom(snsEvent(smsEvent('VOICE_COMPLETED')))).toThrow(
      UnrecognisedDeliveryEventError,
    );
  });

  it('refuses an SMS event type it does not know', () => {
    expect(() => deliveryEventsFrom(snsEvent(smsEvent('TEXT_SOMETHING_NEW')))).toThrow(/eventType/);
  });
});

describe('other events', () => {
  it.each([
    ['an S3 event', { Records: [{ eventSource: 'aws:s3' }] }],
    ['an empty object', {}],
    ['nothing', undefined],
    ['an EventBridge event from another service', { ...sesDelivered, source: 'aws.ec2' }],
  ])('refuses %s with a named error', (_what, event) => {
    expect(() => deliveryEventsFrom(event)).toThrow(UnrecognisedDeliveryEventError);
  });
});
