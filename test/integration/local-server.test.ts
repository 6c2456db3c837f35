import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  REFERRAL_ROUTES,
  TARGET_HARDENING_ROUTE,
} from '../../functions/intake/receive-referral/receive-referral.ts';
import { TASK_ROUTES } from '../../functions/tasks/task-api/routes.ts';
import { executionArnOf } from '../../local/engine/engine.ts';
import {
  LOCAL_ROUTES,
  type LocalServer,
  MAX_REQUEST_BYTES,
  startLocalServer,
} from '../../local/server/local-server.ts';
import {
  describeInboxResult,
  type InboxResult,
  type PoliceInbox,
  policeInboxOf,
  watchPoliceInbox,
} from '../../local/server/police-inbox.ts';
import { caseIdFor, referralIdFor } from '../../shared/domain/case.ts';
import { planContactPath } from '../../shared/domain/contact-plan.ts';
import { aPartnerReferralBody, aPoliceDownload, aPoliceRow, RECEIVED_AT } from '../fixtures/referrals.ts';
import { type ServedLocalSystem, startServedLocalSystem } from '../support/local-server.ts';
import { definitionsOnce, type FreshLocalSystem } from '../support/local-system.ts';
import { type RawAnswer, rawRequest } from '../support/raw-request.ts';

const CASEWORKER = { 'x-vf-user': 'caseworker.one' };

interface TaskView {
  readonly taskId: string;
  readonly caseId: string;
  readonly type: string;
  readonly attempt: number;
  readonly status: string;
  readonly due: string;
  readonly createdAt: string;
  readonly assignee?: string;
  readonly outcome?: { outcome: string };
}

let served: ServedLocalSystem | undefined;
/** Further servers a test starts on the same system, closed before it. */
let servers: LocalServer[] = [];
let inbox: PoliceInbox | undefined;

/** The local system on a virtual clock at Tuesday 10:00, its engine running, and the server in front. */
async function serve(): Promise<{ fresh: FreshLocalSystem; server: LocalServer }> {
  served = await startServedLocalSystem(RECEIVED_AT);
  return { fresh: served.fresh, server: served.server };
}

async function call(
  server: LocalServer,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
) {
  const body =
    options.body === undefined
      ? undefined
      : typeof options.body === 'string'
        ? options.body
        : JSON.stringify(options.body);
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers },
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  // biome-ignore lint/suspicious/noExplicitAny: each route answers its own shape; the tests look inside.
  const json: any = type.startsWith('application/json') ? JSON.parse(text) : undefined;
  return { status: response.status, headers: response.headers, text, json };
}

/**
 * A request with the Host header the test says (fetch sends the URL's own), or none at all; sent to the
 * server's own address, as a browser does once a rebinding DNS name points at 127.0.0.1.
 */
function withHost(
  server: LocalServer,
  method: string,
  path: string,
  host: string | undefined,
  body?: unknown,
): Promise<RawAnswer> {
  return rawRequest(server.url, {
    method,
    path,
    host: host ?? null,
    headers: { 'x-vf-user': 'caseworker.one' },
    body,
  });
}

/** Every route `vf start` serves (its own, the HTTP API's, and the web app's), with example parameters. */
const EVERY_ROUTE = [
  ...LOCAL_ROUTES,
  ...Object.keys(REFERRAL_ROUTES),
  TARGET_HARDENING_ROUTE,
  ...TASK_ROUTES,
  'GET /',
  'GET /sign-in',
  'POST /sign-in',
  'POST /sign-out',
  'GET /tasks',
  'GET /cases/{caseId}',
  'GET /jobs',
  'GET /returns',
  'GET /stylesheets/govuk-frontend.min.css',
].map((route) => {
  const [method = '', path = ''] = route.split(' ');
  return {
    method,
    path: path
      .replace('{caseId}', 'VF-AAAAA-00001')
      .replace('{messageId}', 'message.support-offer.1')
      .replace('{taskId}', 'VF-AAAAA-00001.call-attempt.1'),
  };
});

/** Asks until the answer is there; fails naming what never came. */
async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const openTasks = async (server: LocalServer): Promise<TaskView[]> =>
  (await call(server, 'GET', '/api/tasks?queue=caseworkers', { headers: CASEWORKER })).json.tasks;

/** Posts the partner referral fixture and waits for its first call task in the caseworkers' queue. */
async function referAndAwaitFirstCall(server: LocalServer): Promise<TaskView> {
  const posted = await call(server, 'POST', '/referrals/partner', { body: aPartnerReferralBody() });
  expect(posted.status).toBe(201);
  const caseId: string = posted.json.caseId;
  return eventually('the first call task', async () =>
    (await openTasks(server)).find((task) => task.caseId === caseId && task.attempt === 1),
  );
}

const contactPathOf = (system: FreshLocalSystem['system'], reference: string) =>
  executionArnOf(system.definitions.contactPathArn, referralIdFor('partner', reference));

/** Waits until the contact path sleeps until the next call slot. */
const waitingForNextCall = (system: FreshLocalSystem['system']) =>
  eventually('the contact path waiting for the next call slot', async () => {
    const execution = await system.engine.describeExecution(contactPathOf(system, 'DSA-2026-0042'));
    return execution.currentState === 'Wait for call slot' ? execution : undefined;
  });

beforeAll(() => {
  definitionsOnce();
}, 120_000);

afterEach(async () => {
  await inbox?.close();
  inbox = undefined;
  for (const server of servers) await server.close();
  servers = [];
  await served?.close();
  served = undefined;
});

describe('the local server in front of the local system', () => {
  it('shows a partner referral posted to the intake API as a call task due at the next planned call slot', async () => {
    const { fresh, server } = await serve();

    const task = await referAndAwaitFirstCall(server);

    const opened = await fresh.system.store.getCase(task.caseId);
    if (!opened) throw new Error('the referral opened no case');
    const plan = planContactPath(opened, RECEIVED_AT);
    expect(task).toMatchObject({ type: 'call-attempt', attempt: 1, status: 'open' });
    expect(task.createdAt).toBe(new Date(plan.callSlots[0] as string).toISOString());
    expect(task.due).toBe(new Date(plan.callSlots[1] as string).toISOString());
    // Received Tuesday 10:00: first call at once, the second three hours later.
    expect([task.createdAt, task.due]).toEqual(['2026-12-15T10:00:00.000Z', '2026-12-15T13:00:00.000Z']);
  });

  it('offers the second call when the virtual clock reaches its slot after the first went unanswered', async () => {
    const { fresh, server } = await serve();
    const first = await referAndAwaitFirstCall(server);

    const claimed = await call(server, 'POST', `/api/tasks/${first.taskId}/claim`, { headers: CASEWORKER });
    const completed = await call(server, 'POST', `/api/tasks/${first.taskId}/complete`, {
      headers: CASEWORKER,
      body: { outcome: 'no-answer' },
    });
    await waitingForNextCall(fresh.system);
    const beforeTheSlot = await openTasks(server);
    const advanced = await call(server, 'POST', '/clock/advance', { body: { by: '3h' } });
    const afterTheSlot = await openTasks(server);

    expect(claimed.json).toMatchObject({ status: 'open', assignee: 'caseworker.one' });
    expect(completed.json).toMatchObject({ status: 'completed', outcome: { outcome: 'no-answer' } });
    expect(beforeTheSlot).toEqual([]);
    expect(advanced.json).toEqual({ from: '2026-12-15T10:00:00.000Z', now: '2026-12-15T13:00:00.000Z' });
    expect(afterTheSlot.map((t) => [t.taskId, t.createdAt, t.due])).toEqual([
      [`${first.caseId}.call-attempt.2`, '2026-12-15T13:00:00.000Z', '2026-12-15T16:00:00.000Z'],
    ]);
  });

  it('refuses a second completion of the same task with 409 and changes nothing', async () => {
    const { fresh, server } = await serve();
    const task = await referAndAwaitFirstCall(server);
    const first = await call(server, 'POST', `/api/tasks/${task.taskId}/complete`, {
      headers: CASEWORKER,
      body: { outcome: 'no-answer' },
    });
    await waitingForNextCall(fresh.system);
    const arn = contactPathOf(fresh.system, 'DSA-2026-0042');
    const taskBefore = (await call(server, 'GET', `/api/tasks/${task.taskId}`, { headers: CASEWORKER })).json;
    const historyBefore = await fresh.system.engine.getExecutionHistory(arn);

    const second = await call(server, 'POST', `/api/tasks/${task.taskId}/complete`, {
      headers: { 'x-vf-user': 'caseworker.two' },
      body: { outcome: 'spoke-to-victim', firstContact: 'initial-contact-only' },
    });
    await fresh.system.engine.runDue();

    expect(first.status).toBe(200);
    expect(second.status).toBe(409);
    expect(second.json.errors).toEqual([
      { field: 'task', message: expect.stringContaining('caseworker.one') },
    ]);
    expect((await call(server, 'GET', `/api/tasks/${task.taskId}`, { headers: CASEWORKER })).json).toEqual(
      taskBefore,
    );
    expect(await fresh.system.engine.getExecutionHistory(arn)).toEqual(historyBefore);
  });

  it('passes the API sign-in through: a task request without a user is refused as the handler says', async () => {
    const { server } = await serve();

    const response = await call(server, 'GET', '/api/tasks?queue=caseworkers');

    expect(response.status).toBe(401);
    expect(response.json).toEqual({ errors: [{ field: '(user)', message: 'sign in first' }] });
  });

  it('identifies only people whose role works tasks: a contractor or analyst named to the task API gets 401', async () => {
    const { server } = await serve();
    for (const user of ['contractor.one', 'analyst.one']) {
      const response = await call(server, 'GET', '/api/tasks?queue=caseworkers', {
        headers: { 'x-vf-user': user },
      });
      expect(response.status, user).toBe(401);
    }
    expect((await call(server, 'GET', '/api/tasks?queue=caseworkers', { headers: CASEWORKER })).status).toBe(
      200,
    );
  });

  it('answers /health with the virtual time and the open tasks per queue', async () => {
    const { server } = await serve();
    await referAndAwaitFirstCall(server);

    const health = await call(server, 'GET', '/health');

    expect(health.json).toEqual({
      status: 'ok',
      clock: '2026-12-15T10:00:00.000Z',
      virtualClock: true,
      openTasks: { caseworkers: 1, 'team-leaders': 0 },
    });
  });

  it('answers 404 naming the route for a path it does not serve, and 405 for a method it does not take', async () => {
    const { server } = await serve();

    const unknown = await call(server, 'GET', '/api/cases/VF-AAAAA-BBBBB', { headers: CASEWORKER });
    const tooDeep = await call(server, 'POST', '/api/tasks/x/reopen', { headers: CASEWORKER });
    const wrongMethod = await call(server, 'GET', '/referrals/partner');

    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({
      errors: [{ field: '(route)', message: 'no such route: GET /api/cases/VF-AAAAA-BBBBB' }],
    });
    expect(tooDeep.status).toBe(404);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
  });

  it('refuses a body over 1 MiB with 413 and opens no case', async () => {
    const { fresh, server } = await serve();
    const padded = aPartnerReferralBody({ summary: 'x'.repeat(MAX_REQUEST_BYTES) });

    const response = await call(server, 'POST', '/referrals/partner', { body: padded });

    expect(response.status).toBe(413);
    expect(response.json).toEqual({ errors: [{ field: '(body)', message: 'must be at most 1 MiB' }] });
    expect(await fresh.system.store.getCase(caseIdFor('partner', 'DSA-2026-0042'))).toBeUndefined();
  });

  it('answers no request for another name than its loopback ones (DNS rebinding), on any route, and changes nothing', async () => {
    const { fresh, server } = await serve();
    const { port } = new URL(server.url);
    const body = aPartnerReferralBody();

    for (const host of [
      'evil.example',
      `evil.example:${port}`,
      `localhost.evil.example:${port}`,
      undefined,
    ]) {
      for (const { method, path } of EVERY_ROUTE) {
        const answer = await withHost(server, method, path, host, method === 'POST' ? body : undefined);
        expect(answer.setCookie).toEqual([]);
        // Without a Host at all, Node's HTTP server answers 400 before the server sees the request.
        if (host === undefined) {
          expect(answer.status, `${method} ${path} without a Host`).toBe(400);
          continue;
        }
        expect(answer.status, `${method} ${path} for ${host}`).toBe(421);
        expect(JSON.parse(answer.text).errors[0].field).toBe('host');
      }
    }
    // Another port on this machine is another server.
    expect((await withHost(server, 'GET', '/health', `127.0.0.1:${Number(port) + 1}`)).status).toBe(421);
    expect(await fresh.system.store.getCase(caseIdFor('partner', 'DSA-2026-0042'))).toBeUndefined();
    expect(fresh.clock.now()).toEqual(RECEIVED_AT);

    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`]) {
      expect((await withHost(server, 'GET', '/health', host)).status, host).toBe(200);
    }
    expect((await withHost(server, 'POST', '/referrals/partner', `localhost:${port}`, body)).status).toBe(
      201,
    );
  });

  it('refuses to advance the clock of a system on the real clock, and a duration it cannot read', async () => {
    const { fresh, server } = await serve();
    const realClock = await startLocalServer(fresh.system, { port: 0, log: () => {} });
    servers.push(realClock);

    const refused = await call(realClock, 'POST', '/clock/advance', { body: { by: '2d' } });
    const unreadable = await call(server, 'POST', '/clock/advance', { body: { by: 'two days' } });
    const missing = await call(server, 'POST', '/clock/advance', { body: { to: '2026-12-17' } });

    expect(refused.status).toBe(409);
    expect(refused.json.errors[0].field).toBe('clock');
    expect(unreadable.status).toBe(400);
    expect(unreadable.json.errors[0]).toMatchObject({
      field: 'by',
      message: expect.stringContaining('not a duration'),
    });
    expect(missing.status).toBe(400);
    expect(missing.json.errors[0].field).toBe('to');
    expect(fresh.clock.now()).toEqual(RECEIVED_AT);
  });
});

describe('the police-download inbox', () => {
  const download = aPoliceDownload([
    aPoliceRow(),
    aPoliceRow({
      crime_reference: 'LP-0000002',
      forename: 'Bea',
      surname: 'Sample',
      mobile_phone: '07700 900002',
    }),
    aPoliceRow({ crime_reference: 'LP-0000003', victim_consent: 'N' }),
  ]);

  it('turns a CSV in the inbox into cases, leaves a file still being written, and takes a re-drop harmlessly', async () => {
    const { fresh } = await serve();
    const results: InboxResult[] = [];
    const dir = policeInboxOf(fresh.system.dataDir);
    mkdirSync(dir, { recursive: true });
    // One file already there at start-up, one still being copied under a dot name.
    writeFileSync(join(dir, 'daily.csv'), download);
    writeFileSync(join(dir, '.daily.csv'), download);

    inbox = watchPoliceInbox(fresh.system, {
      dir,
      stableMs: 100,
      pollMs: 25,
      onResult: (r) => results.push(r),
    });
    await eventually('the file there at start-up', async () => results[0]);
    writeFileSync(join(dir, 'daily.csv'), download);
    await eventually('the re-dropped file', async () => results[1]);

    expect(results.map((r) => (r.outcome === 'ingested' ? r.summary : r))).toEqual([
      { accepted: 2, duplicates: 0, declined: 1, rejected: 0 },
      { accepted: 0, duplicates: 3, declined: 0, rejected: 0 },
    ]);
    expect(
      (await fresh.system.store.getCase(caseIdFor('police', 'LP-0000001')))?.referral.victim.surname,
    ).toBe('Example');
    expect(await fresh.system.store.getCase(caseIdFor('police', 'LP-0000002'))).toBeDefined();
    expect(readdirSync(dir)).toEqual(['.daily.csv']);
    const stored = readdirSync(join(fresh.system.dataDir, 'buckets', 'intake', 'police'));
    expect(stored).toHaveLength(2);
    expect(stored.every((name) => /^\d{8}T\d{9}Z-(2-)?daily\.csv$/.test(name))).toBe(true);
  });

  it('reports a file that is not a police download as refused, saying what is wrong with it', async () => {
    const { fresh } = await serve();
    const results: InboxResult[] = [];
    const dir = policeInboxOf(fresh.system.dataDir);
    inbox = watchPoliceInbox(fresh.system, {
      dir,
      stableMs: 100,
      pollMs: 25,
      onResult: (r) => results.push(r),
    });

    writeFileSync(join(dir, 'short-header.csv'), 'crime_reference,referred_at\r\nLP-1,15/12/2026 10:00\r\n');
    const [result] = [await eventually('the refusal', async () => results[0])];

    expect(result).toMatchObject({ file: 'short-header.csv', outcome: 'refused' });
    expect(result.outcome === 'refused' && result.reason).toMatch(/missing column victim_consent/);
    expect(describeInboxResult(result)).toMatch(
      /^police download short-header\.csv refused: .*missing column/,
    );
  });
});
