import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, Context, S3Event } from 'aws-lambda';
import { LOCAL_CONNECT_INSTANCE_ARN } from '../infra/app.ts';
import type { MessageRecord } from '../shared/domain/messaging.ts';

/** A Lambda context for invoking a handler in-process, as the local system does (docs/local-system.md). */
export function localContext(functionName: string, timeoutMs = 30_000): Context {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:eu-west-2:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** An S3 "object created" event for one object, shaped as S3 sends it. */
export function s3ObjectCreated(bucket: string, key: string, size: number, at = new Date()): S3Event {
  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: 'eu-west-2',
        eventTime: at.toISOString(),
        eventName: 'ObjectCreated:Put',
        userIdentity: { principalId: 'local' },
        requestParameters: { sourceIPAddress: '127.0.0.1' },
        responseElements: { 'x-amz-request-id': 'local', 'x-amz-id-2': 'local' },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'local',
          bucket: { name: bucket, ownerIdentity: { principalId: 'local' }, arn: `arn:aws:s3:::${bucket}` },
          object: { key: encodeURIComponent(key), size, eTag: 'local', sequencer: '0' },
        },
      },
    ],
  };
}

/** What an HTTP request carried, and the route API Gateway matched it to. */
export interface HttpApiRequestParts {
  readonly method: string;
  /** The path as requested, still percent-encoded, without the query string. */
  readonly rawPath: string;
  /** What followed the `?`, still percent-encoded; empty when there was none. */
  readonly rawQueryString?: string;
  /** Header names in lower case; a header sent more than once has its values joined by commas. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly isBase64Encoded?: boolean;
  /** The matched route, `POST /api/tasks/{taskId}/claim`, or `$default`. */
  readonly routeKey: string;
  /** The route's `{name}` segments, decoded. */
  readonly pathParameters?: Readonly<Record<string, string>>;
  readonly sourceIp?: string;
  readonly at?: Date;
}

/**
 * The query string as API Gateway gives it to a payload 2.0 handler: decoded, a repeated name's values
 * joined by commas; undefined when there is none.
 */
export function queryStringParameters(rawQueryString: string): Record<string, string> | undefined {
  if (rawQueryString === '') return undefined;
  const parameters: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    parameters[name] = name in parameters ? `${parameters[name]},${value}` : value;
  }
  return Object.keys(parameters).length === 0 ? undefined : parameters;
}

/**
 * An HTTP API (payload 2.0) event for a request, shaped as API Gateway sends it: cookies taken out of the
 * headers, query string and path parameters decoded, the body left out when there is none.
 */
export function httpApiEvent(parts: HttpApiRequestParts): APIGatewayProxyEventV2 {
  const at = parts.at ?? new Date();
  const rawQueryString = parts.rawQueryString ?? '';
  const { cookie, ...headers } = parts.headers ?? {};
  const cookies = cookie
    ?.split(/;\s*/)
    .map((c) => c.trim())
    .filter((c) => c !== '');
  const query = queryStringParameters(rawQueryString);
  const method = parts.method.toUpperCase();
  return {
    version: '2.0',
    routeKey: parts.routeKey,
    rawPath: parts.rawPath,
    rawQueryString,
    ...(cookies && cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(query ? { queryStringParameters: query } : {}),
    ...(parts.pathParameters && Object.keys(parts.pathParameters).length > 0
      ? { pathParameters: { ...parts.pathParameters } }
      : {}),
    ...(parts.body === undefined ? {} : { body: parts.body }),
    isBase64Encoded: parts.isBase64Encoded ?? false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: (headers.host ?? 'localhost').split('.')[0] ?? 'localhost',
      http: {
        method,
        path: parts.rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: parts.sourceIp ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: parts.routeKey,
      stage: '$default',
      time: at.toUTCString(),
      timeEpoch: at.getTime(),
    },
  };
}

/** An HTTP API (payload 2.0) request, shaped as API Gateway sends it. */
export function httpApiRequest(
  method: string,
  path: string,
  body: string,
  contentType = 'application/json',
): APIGatewayProxyEventV2 {
  return httpApiEvent({
    method,
    rawPath: path,
    routeKey: `${method} ${path}`,
    headers: { 'content-type': contentType, 'user-agent': 'vf' },
    body,
  });
}

export const DELIVERY_MARKS = ['delivered', 'bounced'] as const;
export type DeliveryMark = (typeof DELIVERY_MARKS)[number];

/**
 * The event the provider would send about a local e-mail or text (marked by hand, or by the simulation's
 * provider): SES through EventBridge for an e-mail, End User Messaging through SNS for a text. Ids only,
 * as the real ones carry back.
 */
export function localDeliveryEvent(message: MessageRecord, mark: DeliveryMark, at: Date): unknown {
  if (message.channel === 'email') {
    const detail =
      mark === 'delivered'
        ? { eventType: 'Delivery', delivery: { timestamp: at.toISOString() } }
        : {
            eventType: 'Bounce',
            bounce: { bounceType: 'Permanent', bounceSubType: 'General', timestamp: at.toISOString() },
          };
    return {
      source: 'aws.ses',
      'detail-type': mark === 'delivered' ? 'Email Delivered' : 'Email Bounced',
      time: at.toISOString(),
      detail: {
        ...detail,
        mail: { messageId: message.providerMessageId, timestamp: message.sentAt.toISOString() },
      },
    };
  }
  const sms = {
    eventType: mark === 'delivered' ? 'TEXT_DELIVERED' : 'TEXT_INVALID',
    messageId: message.providerMessageId,
    eventTimestamp: at.getTime(),
  };
  return { Records: [{ EventSource: 'aws:sns', Sns: { Message: JSON.stringify(sms) } }] };
}

/**
 * The event Amazon Connect sends a function from the emergency line's "Invoke AWS Lambda function" block:
 * the contact's data (with the calling number, absent when withheld) and the block's parameters, here the
 * digits the caller keyed.
 */
export function connectEmergencyEvent(
  keyed: { referrer: string; pin: string; reference: string },
  contactId: string,
  /** The caller's number; null when withheld. */
  callingNumber: string | null = '+447700900000',
): unknown {
  return {
    Name: 'ContactFlowEvent',
    Details: {
      ContactData: {
        Attributes: {},
        Channel: 'VOICE',
        ContactId: contactId,
        CustomerEndpoint:
          callingNumber === null ? null : { Address: callingNumber, Type: 'TELEPHONE_NUMBER' },
        InitialContactId: contactId,
        InitiationMethod: 'INBOUND',
        InstanceARN: LOCAL_CONNECT_INSTANCE_ARN,
        PreviousContactId: contactId,
        Queue: null,
        SystemEndpoint: { Address: '+441164960999', Type: 'TELEPHONE_NUMBER' },
        MediaStreams: { Customer: { Audio: null } },
      },
      Parameters: { referrer: keyed.referrer, pin: keyed.pin, reference: keyed.reference },
    },
  };
}

/**
 * The event Amazon Connect sends the caller-match function from the 0800 line's "Invoke AWS Lambda function"
 * block: the contact's data, with the calling number in E.164, and no parameters.
 */
export function connectCallEvent(contactId: string, callingNumber: string): unknown {
  return {
    Name: 'ContactFlowEvent',
    Details: {
      ContactData: {
        Attributes: {},
        Channel: 'VOICE',
        ContactId: contactId,
        CustomerEndpoint: { Address: callingNumber, Type: 'TELEPHONE_NUMBER' },
        InitialContactId: contactId,
        InitiationMethod: 'INBOUND',
        InstanceARN: LOCAL_CONNECT_INSTANCE_ARN,
        PreviousContactId: contactId,
        Queue: null,
        SystemEndpoint: { Address: '+448081570000', Type: 'TELEPHONE_NUMBER' },
        MediaStreams: { Customer: { Audio: null } },
      },
      Parameters: {},
    },
  };
}

/**
 * Amazon Connect's contact event on EventBridge when a voice call ends (DISCONNECTED): who took it and when,
 * and when it ended; no agent for a call no one took.
 */
export function connectCallEndedEvent(call: {
  readonly contactId: string;
  readonly initiatedAt: Date;
  readonly endedAt: Date;
  readonly agent?: { readonly agentArn: string; readonly connectedAt: Date };
}): unknown {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Amazon Connect Contact Event',
    source: 'aws.connect',
    account: LOCAL_CONNECT_INSTANCE_ARN.split(':')[4],
    time: call.endedAt.toISOString(),
    region: LOCAL_CONNECT_INSTANCE_ARN.split(':')[3],
    resources: [LOCAL_CONNECT_INSTANCE_ARN, `${LOCAL_CONNECT_INSTANCE_ARN}/contact/${call.contactId}`],
    detail: {
      eventType: 'DISCONNECTED',
      contactId: call.contactId,
      initialContactId: call.contactId,
      channel: 'VOICE',
      instanceArn: LOCAL_CONNECT_INSTANCE_ARN,
      initiationMethod: 'INBOUND',
      initiationTimestamp: call.initiatedAt.toISOString(),
      disconnectTimestamp: call.endedAt.toISOString(),
      ...(call.agent
        ? {
            agentInfo: {
              agentArn: call.agent.agentArn,
              connectedToAgentTimestamp: call.agent.connectedAt.toISOString(),
            },
          }
        : {}),
    },
  };
}
