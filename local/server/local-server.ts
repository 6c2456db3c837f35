import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener, type HttpBindings } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getCookie } from 'hono/cookie';
import {
  REFERRAL_ROUTES,
  TARGET_HARDENING_ROUTE,
} from '../../functions/intake/receive-referral/receive-referral.ts';
import type { FunctionName } from '../../functions/registry.ts';
import { TASK_ROUTES } from '../../functions/tasks/task-api/routes.ts';
import { may } from '../../shared/domain/roles.ts';
import { QUEUES, type Queue } from '../../shared/domain/task.ts';
import { isPublicPath } from '../../web/public/routes.ts';
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
  /** The path as Hono writes it (`/api/tasks/:taskId`). */
  readonly path: string;
  readonly routeKey: string;
  readonly function: FunctionName;
}

/** `GET /api/tasks/{taskId}` as Hono writes its path: `/api/tasks/:taskId`. */
const honoPath = (path: string) => path.replace(/\{([A-Za-z]+)\}/g, ':$1');

const apiRoute = (routeKey: string, fn: FunctionName): ApiRoute => {
  const [method = '', path = ''] = routeKey.split(' ');
  return { method, path: honoPath(path), routeKey, function: fn };
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

class BadPathError extends Error {
  override name = 'BadPathError';
}

type NodeEnv = { Bindings: HttpBindings };

/** Each request's path exactly as it was sent, before its dot segments were kept from the URL parser. */
const SENT_PATHS = new WeakMap<IncomingMessage, string>();

/**
 * A path's `.` and `..` segments, however spelled (`%2E%2E` too), written so the URL parser keeps them
 * (it would resolve them before routing); the route's parameters are read from the path as sent.
 */
const keepDotSegments = (path: string) =>
  path.replace(/(?<=\/)(?:\.|%2e){1,2}(?=\/|$)/gi, (segment) => segment.replace(/\.|%2e/gi, '%252E'));

/** The request's path exactly as the client sent it. */
const sentPath = (c: Context<NodeEnv>) => SENT_PATHS.get(c.env.incoming) ?? new URL(c.req.url).pathname;

/**
 * The route's `:name` segments of the path as sent, each decoded; a segment that is not validly
 * percent-encoded is named in a 400 rather than passed on as typed.
 */
function decodedParams(c: Context<NodeEnv>): Record<string, string> {
  const parameters: Record<string, string> = {};
  const names = [...c.req.routePath.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1] as string);
  const routeParts = c.req.routePath.split('/');
  const pathParts = sentPath(c).split('/');
  for (const name of names) {
    const part = pathParts[routeParts.indexOf(`:${name}`)] ?? '';
    try {
      parameters[name] = decodeURIComponent(part);
    } catch {
      throw new BadPathError(`${name} is not validly percent-encoded`);
    }
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

/** Headers as API Gateway passes them: lower-case names. */
function headersOf(request: Request): Record<string, string> {
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return headers;
}

/** A reply as the HTTP response it is. */
function send(reply: Reply): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(reply.headers ?? {})) {
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  const body = typeof reply.body === 'string' ? reply.body : new Uint8Array(reply.body);
  return new Response(reply.body.length === 0 && reply.status === 303 ? null : body, {
    status: reply.status,
    headers,
  });
}

/**
 * The local HTTP server (docs/local-system.md), a Hono app on Node: the HTTP API's routes, each calling its
 * Lambda handler in-process with the event API Gateway would send and answering with exactly what the
 * handler returned; the outbox at `/outbox`, each message's content (a letter's PDF) at
 * `/outbox/{caseId}/{messageId}`; `/health`; `POST /connect/emergency`; and `POST /clock/advance` when the
 * system runs on a virtual clock. Everything else is the web app's: the same Hono app AWS runs. It expects
 * the engine to be running in the background (vf start starts it).
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
  const outboxRefusal = async (c: Context<NodeEnv>): Promise<Reply | undefined> => {
    const session = await system.sessions.fromCookies(getCookie(c), system.clock.now());
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
    c: Context<NodeEnv>,
    body: Buffer,
    parameters: Record<string, string>,
  ): Promise<Reply> => {
    switch (route) {
      case 'GET /outbox':
        return (await outboxRefusal(c)) ?? html(await renderOutboxPage(system.messages));
      case 'GET /outbox/{caseId}/{messageId}':
        return (await outboxRefusal(c)) ?? outboxMessage(parameters.caseId ?? '', parameters.messageId ?? '');
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

  // Known once listening (port 0 picks one); no request arrives before.
  let hosts: ReadonlySet<string> = new Set();
  const app = new Hono<NodeEnv>();
  app.onError((error, c) => {
    if (error instanceof BadPathError) return send(problem(400, '(path)', error.message));
    log(`vf server: ${c.req.method} ${c.req.url}: ${error.stack ?? String(error)}`);
    // What API Gateway answers when the integration fails.
    return send(json(500, { message: 'Internal Server Error' }));
  });
  // Before any route: a request for another name than this server's (DNS rebinding) is not answered.
  app.use(async (c, next) => {
    const host = c.req.header('host');
    if (host === undefined || !hosts.has(host.toLowerCase())) return send(misdirected(host));
    await next();
  });
  app.use(
    bodyLimit({
      maxSize: MAX_REQUEST_BYTES,
      onError: () => send(problem(413, '(body)', `must be at most ${MAX_REQUEST_BYTES / 1024 / 1024} MiB`)),
    }),
  );
  const bodyOf = async (c: Context<NodeEnv>) => Buffer.from(await c.req.arrayBuffer());

  // The local routes, then the HTTP API's, each path refusing the methods it does not take with 405.
  const allowed = new Map<string, Set<string>>();
  for (const key of LOCAL_ROUTES) {
    const [method = '', path = ''] = key.split(' ');
    app.on(method, honoPath(path), async (c) => send(await local(key, c, await bodyOf(c), decodedParams(c))));
    allowed.set(honoPath(path), (allowed.get(honoPath(path)) ?? new Set()).add(method));
  }
  for (const candidate of API_ROUTES) {
    app.on(candidate.method, candidate.path, async (c) => {
      const body = await bodyOf(c);
      const headers = headersOf(c.req.raw);
      const contentType = headers['content-type'] ?? '';
      const text = body.length === 0 || TEXT_BODY.test(contentType);
      const event = httpApiEvent({
        method: candidate.method,
        rawPath: sentPath(c),
        rawQueryString: new URL(c.req.url).search.slice(1),
        headers,
        routeKey: candidate.routeKey,
        pathParameters: decodedParams(c),
        ...(body.length === 0
          ? {}
          : { body: text ? body.toString('utf8') : body.toString('base64'), isBase64Encoded: !text }),
        sourceIp: getConnInfo(c).remote.address ?? '127.0.0.1',
        at: new Date(),
      });
      return send(fromHandler(await system.invoke(candidate.function, event)));
    });
    allowed.set(candidate.path, (allowed.get(candidate.path) ?? new Set()).add(candidate.method));
  }
  for (const [path, methods] of allowed) {
    app.all(path, (c) => {
      const allow = [...methods].sort().join(', ');
      return send(
        problem(405, '(method)', `${c.req.method} is not allowed on ${sentPath(c)}: use ${allow}`, {
          allow,
        }),
      );
    });
  }
  app.all('/api/*', (c) => send(problem(404, '(route)', `no such route: ${c.req.method} ${sentPath(c)}`)));
  // The public pages' paths are the public app's, as the HTTP API's public routes send them to the
  // public-pages function in AWS; everything else is the web app's, as its $default route does.
  app.all('*', (c) =>
    isPublicPath(sentPath(c)) ? system.publicWeb.fetch(c.req.raw) : system.web.fetch(c.req.raw),
  );

  const listener = getRequestListener(app.fetch);
  const server = createServer((request, response) => {
    const sent = request.url ?? '/';
    const queryAt = sent.indexOf('?');
    const path = queryAt === -1 ? sent : sent.slice(0, queryAt);
    SENT_PATHS.set(request, path);
    request.url = keepDotSegments(path) + (queryAt === -1 ? '' : sent.slice(queryAt));
    listener(request, response).catch((error: unknown) => log(`vf server: ${String(error)}`));
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
  // Web chat links sent from now on point at this server's public pages.
  system.publicSite.url = `http://${host}:${address.port}`;
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
