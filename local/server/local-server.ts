import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { parseCookie } from 'cookie';
import {
  REFERRAL_ROUTES,
  TARGET_HARDENING_ROUTE,
} from '../../functions/intake/receive-referral/receive-referral.ts';
import type { FunctionName } from '../../functions/registry.ts';
import { TASK_ROUTES } from '../../functions/tasks/task-api/routes.ts';
import { may } from '../../shared/domain/roles.ts';
import { QUEUES, type Queue } from '../../shared/domain/task.ts';
import { connectEmergencyEvent, httpApiEvent } from '../lambda-events.ts';
import type { LocalSystem } from '../system/local-system.ts';
import { InvalidDurationError, parseDuration, type VirtualClock } from '../system/virtual-clock.ts';
import { outboxContent, renderOutboxPage } from './outbox-page.ts';
import { escapeHtml, htmlDocument, openTasksOf } from './page-shell.ts';

/** The largest request body the local server reads (API Gateway's own limit is larger; no route needs more). */
export const MAX_REQUEST_BYTES = 1024 * 1024;

/** The longest single advance of the virtual clock: a slip of the finger should not fire a decade of timers. */
const MAX_ADVANCE_MS = 366 * 86_400_000;
/** What POST /connect/emergency takes: a seeded referrer's number and PIN (local/synthetic/referrers.ts). */
const EXAMPLE_CALL = '{"referrer": "300001", "pin": "246813", "reference": "100001"}';

/** Open tasks counted per queue for /health, at most. */
const HEALTH_COUNT_LIMIT = 1_000;

export interface LocalServerOptions {
  /** 0 picks a free port; the URL says which. */
  readonly port: number;
  readonly host?: string;
  /** The system's clock when it is virtual: `POST /clock/advance` moves it. */
  readonly virtualClock?: VirtualClock;
  /** Told every time the virtual clock moves (vf start keeps it on disk for the next run). */
  readonly onClockMoved?: (now: Date) => void;
  /** Where failures are reported; standard error by default. */
  readonly log?: (line: string) => void;
}

export interface LocalServer {
  readonly url: string;
  close(): Promise<void>;
}

/** A route of the HTTP API, as the CDK app declares it (infra/constructs/referrals-api.ts). */
interface ApiRoute {
  readonly method: string;
  readonly segments: readonly string[];
  readonly routeKey: string;
  readonly function: FunctionName;
}

const apiRoute = (routeKey: string, fn: FunctionName): ApiRoute => {
  const [method = '', path = ''] = routeKey.split(' ');
  return { method, segments: path.split('/').slice(1), routeKey, function: fn };
};

const API_ROUTES: readonly ApiRoute[] = [
  ...Object.keys(REFERRAL_ROUTES).map((routeKey) => apiRoute(routeKey, 'receiveReferral')),
  apiRoute(TARGET_HARDENING_ROUTE, 'receiveReferral'),
  ...TASK_ROUTES.map((routeKey) => apiRoute(routeKey, 'taskApi')),
];

/** The local server's own routes, beside the API's. */
export const LOCAL_ROUTES = [
  'GET /health',
  'POST /clock/advance',
  'POST /connect/emergency',
  'GET /outbox',
  'GET /outbox/{caseId}/{messageId}',
] as const;
type LocalRoute = (typeof LOCAL_ROUTES)[number];
const LOCAL_ROUTE_SEGMENTS = LOCAL_ROUTES.map((key) => {
  const [method = '', path = ''] = key.split(' ');
  return { key, method, segments: path.split('/').slice(1) };
});

class BadPathError extends Error {
  override name = 'BadPathError';
}

/** Matches a path to a route's segments; its `{name}` segments come back decoded. */
function matchSegments(
  segments: readonly string[],
  parts: readonly string[],
): Record<string, string> | undefined {
  if (segments.length !== parts.length) return undefined;
  const parameters: Record<string, string> = {};
  for (const [index, segment] of segments.entries()) {
    const part = parts[index] as string;
    if (segment.startsWith('{') && segment.endsWith('}')) {
      if (part === '') return undefined;
      try {
        parameters[segment.slice(1, -1)] = decodeURIComponent(part);
      } catch {
        throw new BadPathError(`${segment.slice(1, -1)} is not validly percent-encoded`);
      }
    } else if (segment !== part) return undefined;
  }
  return parameters;
}

const TEXT_BODY = /^(text\/|application\/(json|x-www-form-urlencoded|xml|javascript)\b|[^;]*\+(json|xml)\b)/i;

type Reply = { status: number; headers?: Record<string, string | string[]>; body: string | Buffer };

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Reply => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  body: JSON.stringify(body),
});
const problem = (status: number, field: string, message: string, headers: Record<string, string> = {}) =>
  json(status, { errors: [{ field, message }] }, headers);
const html = (page: string, status = 200): Reply => ({
  status,
  headers: {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    'x-content-type-options': 'nosniff',
  },
  body: page,
});

/**
 * The names this server answers to: loopback only, with its port. A page on another site that makes its
 * own name resolve to 127.0.0.1 (DNS rebinding) sends its own name as the Host, and is refused before any
 * route runs; the browser would otherwise treat the local system's answers as that site's own.
 */
export function loopbackHosts(port: number): ReadonlySet<string> {
  const names = ['127.0.0.1', 'localhost', '[::1]'];
  return new Set([
    ...names.map((name) => `${name}:${port}`),
    // A browser leaves the default port out of the Host header.
    ...(port === 80 ? names : []),
  ]);
}

/** The answer to a request for a name this server is not (HTTP 421 Misdirected Request). */
const misdirected = (host: string | undefined) =>
  problem(
    421,
    'host',
    host === undefined
      ? 'is missing: the local system answers only requests to 127.0.0.1, localhost or [::1] with its port'
      : 'is not this server: the local system answers only requests to 127.0.0.1, localhost or [::1] with its port',
  );

/** A handler's answer as API Gateway turns it into an HTTP response (payload 2.0), unchanged. */
function fromHandler(result: unknown): Reply {
  if (result !== null && typeof result === 'object' && 'statusCode' in result) {
    const structured = result as APIGatewayProxyStructuredResultV2;
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(structured.headers ?? {})) headers[name] = String(value);
    if (structured.cookies && structured.cookies.length > 0) headers['set-cookie'] = structured.cookies;
    const body = structured.body ?? '';
    return {
      status: structured.statusCode ?? 200,
      headers,
      body: structured.isBase64Encoded ? Buffer.from(body, 'base64') : body,
    };
  }
  // Payload 2.0: an answer without a status code is JSON with 200.
  return {
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: typeof result === 'string' ? result : JSON.stringify(result ?? null),
  };
}

/** Reads a request body up to `max` bytes; past that it drains the rest and says it was too large. */
function readBody(request: IncomingMessage, max: number): Promise<Buffer | 'too-large' | 'aborted'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= max) chunks.push(chunk);
      else {
        chunks.length = 0;
        // Drained so the client can read the 413; a client that never stops is cut off.
        if (size > max * 64) request.destroy();
      }
    });
    request.on('end', () => resolve(size > max ? 'too-large' : Buffer.concat(chunks)));
    request.on('close', () => resolve('aborted'));
    request.on('error', reject);
  });
}

/** Headers as API Gateway passes them: lower-case names, repeated values joined by commas. */
function headersOf(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, values] of Object.entries(request.headersDistinct)) {
    if (values) headers[name] = name === 'cookie' ? values.join('; ') : values.join(',');
  }
  return headers;
}

/**
 * The local HTTP server (docs/local-system.md): the HTTP API's routes, each calling its Lambda handler
 * in-process with the event API Gateway would send and answering with exactly what the handler returned; a
 * plain page of open tasks at `/`; the outbox at `/outbox`, each message's content (a letter's PDF) at
 * `/outbox/{caseId}/{messageId}`; `/health`; and `POST /clock/advance` when the system runs on a virtual
 * clock. It expects the engine to be running in the background (vf start starts it).
 */
export async function startLocalServer(
  system: LocalSystem,
  options: LocalServerOptions,
): Promise<LocalServer> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const { virtualClock } = options;
  let advancing: Promise<unknown> = Promise.resolve();

  const advanceClock = async (body: Buffer): Promise<Reply> => {
    if (!virtualClock) {
      return problem(
        409,
        'clock',
        'the local system runs on the real clock; start it with vf start --virtual-clock to advance time',
      );
    }
    let request: unknown;
    try {
      request = JSON.parse(body.toString('utf8'));
    } catch {
      return problem(400, '(body)', 'is not valid JSON: send {"by": "2d"}');
    }
    if (request === null || typeof request !== 'object' || Array.isArray(request)) {
      return problem(400, '(body)', 'must be a JSON object: send {"by": "2d"}');
    }
    const { by, ...rest } = request as Record<string, unknown>;
    const unknown = Object.keys(rest)[0];
    if (unknown !== undefined) return problem(400, unknown, 'is not a field here: send {"by": "2d"}');
    if (typeof by !== 'string') return problem(400, 'by', 'is required: a duration such as 2d, 90m or 1d12h');
    let milliseconds: number;
    try {
      milliseconds = parseDuration(by);
    } catch (error) {
      if (error instanceof InvalidDurationError) return problem(400, 'by', error.message);
      throw error;
    }
    if (milliseconds <= 0) return problem(400, 'by', 'must be longer than nothing (for example 1m)');
    if (milliseconds > MAX_ADVANCE_MS) return problem(400, 'by', 'must be at most 366d at a time');
    // One advance at a time (advanceTo itself holds the engine's background loop meanwhile): timers must
    // fire in time order, each at its own instant.
    const run = advancing.then(async () => {
      const from = virtualClock.now();
      const target = new Date(from.getTime() + milliseconds);
      const mover = {
        set: (at: Date) => {
          virtualClock.set(at);
          options.onClockMoved?.(virtualClock.now());
        },
      };
      await system.engine.advanceTo(target, mover);
      return { from: from.toISOString(), now: virtualClock.now().toISOString() };
    });
    advancing = run.catch(() => undefined);
    return json(200, await run);
  };

  /**
   * The stand-in for the Amazon Connect contact flow: the digits a caller keys (`{"referrer", "pin", "reference"}`) go
   * to the connect function as the Connect-shaped event the flow's Lambda block sends; its answer comes back.
   */
  const emergencyCall = async (body: Buffer): Promise<Reply> => {
    let request: unknown;
    try {
      request = JSON.parse(body.toString('utf8'));
    } catch {
      return problem(400, '(body)', `is not valid JSON: send ${EXAMPLE_CALL}`);
    }
    if (request === null || typeof request !== 'object' || Array.isArray(request))
      return problem(400, '(body)', `must be a JSON object: send ${EXAMPLE_CALL}`);
    const { referrer, pin, reference, ...rest } = request as Record<string, unknown>;
    const unknown = Object.keys(rest)[0];
    if (unknown !== undefined)
      return problem(400, unknown, 'is not a field here: send {"referrer", "pin", "reference"}');
    if (typeof referrer !== 'string')
      return problem(400, 'referrer', 'is required: the digits keyed as the referrer number');
    if (typeof pin !== 'string') return problem(400, 'pin', 'is required: the digits keyed as the PIN');
    if (typeof reference !== 'string')
      return problem(400, 'reference', 'is required: the digits keyed as the referral number');
    return json(
      200,
      await system.invoke(
        'connectEmergency',
        connectEmergencyEvent({ referrer, pin, reference }, randomUUID()),
      ),
    );
  };

  /** A sent message's content: a letter's PDF inline (the browser opens it), an e-mail's or text's page. */
  const outboxMessage = async (caseId: string, messageId: string): Promise<Reply> => {
    const content = await outboxContent(system.messages, system.dataDir, caseId, messageId);
    switch (content.kind) {
      case 'not-found':
        return problem(404, content.field, content.message);
      case 'page':
        return html(content.html);
      case 'pdf':
        return {
          status: 200,
          headers: {
            'content-type': 'application/pdf',
            'content-disposition': `inline; filename="${content.filename}"`,
            'content-length': String(content.bytes.length),
            'cache-control': 'no-store',
            'x-content-type-options': 'nosniff',
          },
          body: content.bytes,
        };
    }
  };

  /**
   * Who may read the outbox (victims' letters, e-mails and texts): people signed in to the web app whose role
   * opens cases (caseworkers and team leaders; not a contractor, an analyst or an administrator). Answers
   * the refusal, or undefined to go on. `vf outbox` reads the files and tables directly and is not asked.
   */
  const outboxRefusal = async (request: IncomingMessage): Promise<Reply | undefined> => {
    const cookies = parseCookie(headersOf(request).cookie ?? '');
    const session = await system.sessions.fromCookies(cookies, system.clock.now());
    if (!session) return { status: 303, headers: { location: '/', 'cache-control': 'no-store' }, body: '' };
    if (may(session.roles, 'cases:read')) return undefined;
    return html(
      htmlDocument(
        'You cannot open the outbox',
        `<h1>You cannot open the outbox</h1>\n<p>Signed in as ${escapeHtml(session.name)}. The messages sent to victims are open to caseworkers and team leaders.</p>`,
      ),
      403,
    );
  };

  const local = async (
    route: LocalRoute,
    request: IncomingMessage,
    body: Buffer,
    parameters: Record<string, string>,
  ): Promise<Reply> => {
    switch (route) {
      case 'GET /outbox':
        return (await outboxRefusal(request)) ?? html(await renderOutboxPage(system.messages));
      case 'GET /outbox/{caseId}/{messageId}':
        return (
          (await outboxRefusal(request)) ?? outboxMessage(parameters.caseId ?? '', parameters.messageId ?? '')
        );
      case 'GET /health': {
        const openTasks = {} as Record<Queue, number>;
        let capped = false;
        for (const queue of QUEUES) {
          const listed = await openTasksOf(system.tasks, queue, HEALTH_COUNT_LIMIT);
          openTasks[queue] = listed.tasks.length;
          capped ||= listed.more;
        }
        return json(200, {
          status: 'ok',
          clock: system.clock.now().toISOString(),
          virtualClock: virtualClock !== undefined,
          openTasks,
          ...(capped ? { openTasksCountedUpTo: HEALTH_COUNT_LIMIT } : {}),
        });
      }
      case 'POST /clock/advance':
        return advanceClock(body);
      case 'POST /connect/emergency':
        return emergencyCall(body);
    }
  };

  const route = async (request: IncomingMessage, body: Buffer): Promise<Reply> => {
    const method = (request.method ?? 'GET').toUpperCase();
    const target = request.url ?? '/';
    const queryAt = target.indexOf('?');
    const rawPath = queryAt === -1 ? target : target.slice(0, queryAt);
    const rawQueryString = queryAt === -1 ? '' : target.slice(queryAt + 1);
    const parts = rawPath.split('/').slice(1);
    const allowed = new Set<string>();

    for (const candidate of LOCAL_ROUTE_SEGMENTS) {
      const parameters = matchSegments(candidate.segments, parts);
      if (!parameters) continue;
      if (candidate.method === method) return local(candidate.key, request, body, parameters);
      allowed.add(candidate.method);
    }
    for (const candidate of API_ROUTES) {
      const pathParameters = matchSegments(candidate.segments, parts);
      if (!pathParameters) continue;
      if (candidate.method !== method) {
        allowed.add(candidate.method);
        continue;
      }
      const headers = headersOf(request);
      const contentType = headers['content-type'] ?? '';
      const text = body.length === 0 || TEXT_BODY.test(contentType);
      const event = httpApiEvent({
        method,
        rawPath,
        rawQueryString,
        headers,
        routeKey: candidate.routeKey,
        pathParameters,
        ...(body.length === 0
          ? {}
          : { body: text ? body.toString('utf8') : body.toString('base64'), isBase64Encoded: !text }),
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        at: new Date(),
      });
      return fromHandler(await system.invoke(candidate.function, event));
    }
    if (allowed.size > 0) {
      const methods = [...allowed].sort().join(', ');
      return problem(405, '(method)', `${method} is not allowed on ${rawPath}: use ${methods}`, {
        allow: methods,
      });
    }
    if (parts[0] === 'api') return problem(404, '(route)', `no such route: ${method} ${rawPath}`);
    // Everything else is the web app's, as the HTTP API's $default route sends it in AWS.
    const headers = headersOf(request);
    const contentType = headers['content-type'] ?? '';
    const text = body.length === 0 || TEXT_BODY.test(contentType);
    return fromHandler(
      await system.web(
        httpApiEvent({
          method,
          rawPath,
          rawQueryString,
          headers,
          routeKey: '$default',
          ...(body.length === 0
            ? {}
            : { body: text ? body.toString('utf8') : body.toString('base64'), isBase64Encoded: !text }),
          sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
          at: new Date(),
        }),
      ),
    );
  };

  // Known once listening (port 0 picks one); no request arrives before.
  let hosts: ReadonlySet<string> = new Set();

  const serve = async (request: IncomingMessage, response: ServerResponse) => {
    let reply: Reply;
    try {
      const body = await readBody(request, MAX_REQUEST_BYTES);
      if (body === 'aborted') return;
      const host = request.headers.host?.toLowerCase();
      reply =
        host === undefined || !hosts.has(host)
          ? misdirected(request.headers.host)
          : body === 'too-large'
            ? problem(413, '(body)', `must be at most ${MAX_REQUEST_BYTES / 1024 / 1024} MiB`)
            : await route(request, body);
    } catch (error) {
      if (error instanceof BadPathError) reply = problem(400, '(path)', error.message);
      else {
        log(`vf server: ${request.method} ${request.url}: ${(error as Error).stack ?? String(error)}`);
        // What API Gateway answers when the integration fails.
        reply = json(500, { message: 'Internal Server Error' });
      }
    }
    if (response.destroyed) return;
    response.writeHead(reply.status, reply.headers);
    response.end(reply.body);
  };

  const server = createServer((request, response) => {
    serve(request, response).catch((error: unknown) => log(`vf server: ${String(error)}`));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  hosts = loopbackHosts(address.port);
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await advancing;
    },
  };
}
