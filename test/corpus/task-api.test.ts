import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SESSION_POLICY, SESSION_COOKIE, SessionCodec } from '../../web/session.ts';
import { aPartnerReferralBody } from '../fixtures/referrals.ts';
import { type ServedLocalSystem, startServedLocalSystem } from '../support/local-server.ts';
import { definitionsOnce } from '../support/local-system.ts';
import { Visitor } from '../support/visitor.ts';
import { expectNamed, SCRIPT, snapshotOf, type TableSnapshot, writesBetween } from './support.ts';

// The bad-input corpus for the task API, on the served local system: who asks (a forged or malformed
// `x-vf-user` or one naming none of the local people, forged, tampered or expired session cookies, a
// session cookie without its form token on a change, roles that do not work tasks or this queue), which
// task (unknown, forged or unreadable ids), what outcome (wrong for the task's type), and tasks that are no
// longer open. Each is answered with `{errors: [{field, message}]}` and changes nothing.

const logLevel = vi.hoisted(() => {
  const previous = process.env.POWERTOOLS_LOG_LEVEL;
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  return previous;
});

/** Tuesday 15 December 2026, 10:00 in Leicester (GMT): a working day with the service open. */
const TUESDAY_10AM = new Date('2026-12-15T10:00:00Z');
const CASEWORKER = { 'x-vf-user': 'caseworker.one' };

let served: ServedLocalSystem;
/** Call attempts: one left open for the corpus, one completed, one for the deadline to pass. */
const tasks = { open: '', completed: '', late: '' };
let sessions: SessionCodec;
/** Alex Example signed in through the web app: a real, open session, and its form token. */
let alex: Visitor;
let alexToken = '';
const alexCookie = () => [...alex.cookies].map(([name, value]) => `${name}=${value}`).join('; ');

interface Request {
  readonly method?: string;
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

async function send({ method = 'GET', path, headers = CASEWORKER, body }: Request) {
  const response = await fetch(`${served.url}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  let json: { errors?: Array<{ field: string; message: string }> } | undefined;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text };
}

/** A partner referral by telephone; its first call attempt, once the engine has made it. */
async function aCallAttempt(reference: string): Promise<string> {
  const response = await fetch(`${served.url}/referrals/partner`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(aPartnerReferralBody({ reference })),
  });
  const { caseId } = (await response.json()) as { caseId: string };
  const taskId = `${caseId}.call-attempt.1`;
  for (let tries = 0; tries < 100 && !(await served.fresh.system.tasks.getTask(taskId)); tries++) {
    await served.fresh.system.engine.runDue();
  }
  return taskId;
}

const cookieOf = (session: Parameters<SessionCodec['encode']>[0], codec = sessions) =>
  `${SESSION_COOKIE}=${codec.encode(session)}`;
const sessionOf = (user: string, roles: string[], issuedAgoMs = 0, seenAgoMs = 0) => ({
  sid: 's'.repeat(43),
  user,
  name: user,
  roles: roles as never,
  csrf: 'x'.repeat(32),
  issuedAt: TUESDAY_10AM.getTime() - issuedAgoMs,
  seenAt: TUESDAY_10AM.getTime() - seenAgoMs,
});

interface ApiCase {
  readonly name: string;
  readonly request: () => Request;
  readonly status: number;
  readonly field: string;
}

const complete = (body: unknown): Request => ({
  method: 'POST',
  path: `/api/tasks/${encodeURIComponent(tasks.open)}/complete`,
  body: typeof body === 'string' ? body : JSON.stringify(body),
});
const outcome = (name: string, body: unknown, field: string): ApiCase => ({
  name: `an outcome ${name}`,
  request: () => complete(body),
  status: 400,
  field,
});
const asUser = (name: string, headers: () => Record<string, string>): ApiCase => ({
  name,
  request: () => ({ path: '/api/tasks?queue=caseworkers', headers: headers() }),
  status: 401,
  field: '(user)',
});
const listing = (name: string, query: string, field: string): ApiCase => ({
  name: `a listing with ${name}`,
  request: () => ({ path: `/api/tasks?${query}` }),
  status: 400,
  field,
});
const token = (key: Record<string, unknown>) => Buffer.from(JSON.stringify(key)).toString('base64url');

const CASES: readonly ApiCase[] = [
  // Who asks.
  asUser('no x-vf-user and no session', () => ({})),
  asUser('an empty x-vf-user', () => ({ 'x-vf-user': '' })),
  asUser('an x-vf-user of spaces', () => ({ 'x-vf-user': '   ' })),
  asUser('an x-vf-user with a space in it', () => ({ 'x-vf-user': 'caseworker one' })),
  asUser('markup as the x-vf-user', () => ({ 'x-vf-user': '<script>' })),
  asUser('an x-vf-user of 65 characters', () => ({ 'x-vf-user': 'c'.repeat(65) })),
  asUser('two people in one x-vf-user', () => ({ 'x-vf-user': 'caseworker.one;team.leader' })),
  asUser('a quoted x-vf-user', () => ({ 'x-vf-user': '"caseworker.one"' })),
  asUser('a contractor named in x-vf-user', () => ({ 'x-vf-user': 'contractor.one' })),
  asUser('an analyst named in x-vf-user', () => ({ 'x-vf-user': 'analyst.one' })),
  asUser('an administrator named in x-vf-user', () => ({ 'x-vf-user': 'admin.one' })),
  asUser('a contractor named beside a caseworker session', () => ({
    'x-vf-user': 'contractor.one',
    cookie: cookieOf(sessionOf('caseworker.one', ['caseworker'])),
  })),
  asUser('an unsigned session cookie', () => ({
    cookie: `${SESSION_COOKIE}=${token(sessionOf('team.leader', ['team-leader']))}`,
  })),
  asUser('a session signed with another key', () => ({
    cookie: cookieOf(
      sessionOf('team.leader', ['team-leader']),
      new SessionCodec(Buffer.alloc(32, 1), DEFAULT_SESSION_POLICY),
    ),
  })),
  asUser('a caseworker session with its roles changed after signing', () => {
    const [, signature] = sessions.encode(sessionOf('caseworker.one', ['caseworker'])).split('.');
    return {
      cookie: `${SESSION_COOKIE}=${token(sessionOf('caseworker.one', ['admin', 'team-leader']))}.${signature}`,
    };
  }),
  asUser('a session cookie of three parts', () => ({
    cookie: `${cookieOf(sessionOf('caseworker.one', ['caseworker']))}.extra`,
  })),
  asUser('a session cookie that is not base64', () => ({ cookie: `${SESSION_COOKIE}=%%%.%%%` })),
  asUser('a session signed in 11 hours ago (past the working day)', () => ({
    cookie: cookieOf(sessionOf('caseworker.one', ['caseworker'], 11 * 3_600_000, 60_000)),
  })),
  asUser('a session idle for 31 minutes', () => ({
    cookie: cookieOf(sessionOf('caseworker.one', ['caseworker'], 3_600_000, 31 * 60_000)),
  })),
  asUser("a contractor's valid session", () => ({
    cookie: cookieOf(sessionOf('contractor.one', ['contractor'])),
  })),
  asUser("an analyst's valid session", () => ({ cookie: cookieOf(sessionOf('analyst.one', ['analyst'])) })),
  asUser('a validly signed session with a role that does not exist', () => ({
    cookie: cookieOf(sessionOf('caseworker.one', ['superuser'])),
  })),
  {
    ...asUser('a forged user completing the open task', () => ({ 'x-vf-user': 'contractor.one' })),
    request: () => ({ ...complete({ outcome: 'no-answer' }), headers: { 'x-vf-user': 'contractor.one' } }),
  },
  // `x-vf-user` names one of the local people, exactly, or nobody.
  asUser('an x-vf-user naming none of the local people', () => ({ 'x-vf-user': 'nobody.real' })),
  asUser('a local person named in capitals', () => ({ 'x-vf-user': 'Caseworker.One' })),
  asUser("a local person's display name", () => ({ 'x-vf-user': 'Alex Example' })),
  asUser('a stranger named beside a caseworker session', () => ({
    'x-vf-user': 'nobody.real',
    cookie: alexCookie(),
  })),
  {
    ...asUser('a stranger completing the open task', () => ({ 'x-vf-user': 'nobody.real' })),
    request: () => ({ ...complete({ outcome: 'no-answer' }), headers: { 'x-vf-user': 'nobody.real' } }),
  },
  // The session cookie changes nothing without its form token: any page could make the browser send it.
  {
    name: 'a session cookie without its form token, claiming',
    request: () => ({
      method: 'POST',
      path: `/api/tasks/${encodeURIComponent(tasks.open)}/claim`,
      headers: { cookie: alexCookie() },
    }),
    status: 403,
    field: 'x-csrf-token',
  },
  {
    name: 'a session cookie without its form token, completing',
    request: () => ({ ...complete({ outcome: 'no-answer' }), headers: { cookie: alexCookie() } }),
    status: 403,
    field: 'x-csrf-token',
  },
  {
    name: 'a session cookie with a wrong form token',
    request: () => ({
      ...complete({ outcome: 'no-answer' }),
      headers: { cookie: alexCookie(), 'x-csrf-token': 'x'.repeat(32) },
    }),
    status: 403,
    field: 'x-csrf-token',
  },
  {
    name: 'a session cookie with its form token in the body, not the header',
    request: () => ({
      ...complete({ outcome: 'no-answer', csrf: alexToken }),
      headers: { cookie: alexCookie() },
    }),
    status: 403,
    field: 'x-csrf-token',
  },
  // A caseworker asking for the team leaders' queue.
  {
    name: "a caseworker listing the team leaders' queue",
    request: () => ({ path: '/api/tasks?queue=team-leaders' }),
    status: 403,
    field: 'queue',
  },
  {
    name: "a caseworker's session listing the team leaders' queue",
    request: () => ({ path: '/api/tasks?queue=team-leaders', headers: { cookie: alexCookie() } }),
    status: 403,
    field: 'queue',
  },

  // Which task.
  {
    name: 'an unknown, well-formed task id',
    request: () => ({ path: '/api/tasks/VF-00000-00000.call-attempt.1' }),
    status: 404,
    field: 'taskId',
  },
  {
    name: 'a task id of nonsense',
    request: () => ({ path: '/api/tasks/nonsense' }),
    status: 404,
    field: 'taskId',
  },
  {
    name: 'a task id climbing out of its folder',
    request: () => ({ path: '/api/tasks/..%2F..%2Fetc%2Fpasswd' }),
    status: 404,
    field: 'taskId',
  },
  {
    name: 'markup as the task id',
    request: () => ({ path: `/api/tasks/${encodeURIComponent(SCRIPT)}` }),
    status: 404,
    field: 'taskId',
  },
  {
    name: 'a task id of 2,000 characters',
    request: () => ({ path: `/api/tasks/${'x'.repeat(2000)}` }),
    status: 404,
    field: 'taskId',
  },
  {
    name: 'a task id badly percent-encoded',
    request: () => ({ path: '/api/tasks/%E0%A4%A' }),
    status: 400,
    field: '(path)',
  },
  {
    name: 'the open task at attempt 999',
    request: () => ({ path: `/api/tasks/${encodeURIComponent(tasks.open.replace(/1$/, '999'))}` }),
    status: 404,
    field: 'taskId',
  },
  {
    name: 'claiming an unknown task',
    request: () => ({ method: 'POST', path: '/api/tasks/VF-00000-00000.call-attempt.1/claim' }),
    status: 404,
    field: 'taskId',
  },
  {
    name: 'claiming a task id of 2,000 characters',
    request: () => ({ method: 'POST', path: `/api/tasks/${'x'.repeat(2000)}/claim` }),
    status: 404,
    field: 'taskId',
  },
  {
    name: 'completing an unknown task',
    request: () => ({
      method: 'POST',
      path: '/api/tasks/VF-00000-00000.call-attempt.1/complete',
      body: '{"outcome":"no-answer"}',
    }),
    status: 404,
    field: 'taskId',
  },
  {
    name: 'completing a task id of 2,000 characters',
    request: () => ({
      method: 'POST',
      path: `/api/tasks/${'y'.repeat(2000)}/complete`,
      body: '{"outcome":"no-answer"}',
    }),
    status: 404,
    field: 'taskId',
  },
  {
    name: 'deleting a task',
    request: () => ({ method: 'DELETE', path: `/api/tasks/${encodeURIComponent(tasks.open)}` }),
    status: 405,
    field: '(method)',
  },
  {
    name: 'an API route that does not exist',
    request: () => ({ path: '/api/cases' }),
    status: 404,
    field: '(route)',
  },

  // Listing the queues.
  listing('an unknown queue', 'queue=everyone', 'queue'),
  listing('markup as the queue', `queue=${encodeURIComponent(SCRIPT)}`, 'queue'),
  listing('a limit of 0', 'limit=0', 'limit'),
  listing('a limit of 201', 'limit=201', 'limit'),
  listing('a limit in words', 'limit=ten', 'limit'),
  listing('a limit with a fraction', 'limit=1.5', 'limit'),
  listing('a negative limit', 'limit=-1', 'limit'),
  listing("someone else's tasks", 'assignee=caseworker.two', 'assignee'),
  listing('a page token of nonsense', 'after=garbage', 'after'),
  listing(
    'a page token of another queue',
    `queue=caseworkers&after=${token({ pk: 'CASE#x', sk: 'TASK#x', gsi1pk: 'QUEUE#team-leaders', gsi1sk: 'x' })}`,
    'after',
  ),
  listing(
    'a page token with an extra key',
    `queue=caseworkers&after=${token({ pk: 'a', sk: 'b', gsi1pk: 'QUEUE#caseworkers', gsi1sk: 'c', admin: 'yes' })}`,
    'after',
  ),
  listing(
    'a page token with empty keys',
    `queue=caseworkers&after=${token({ pk: '', sk: '', gsi1pk: 'QUEUE#caseworkers', gsi1sk: '' })}`,
    'after',
  ),
  listing(
    'a page token with an over-long key',
    `queue=caseworkers&after=${token({ pk: 'a', sk: 'b'.repeat(1025), gsi1pk: 'QUEUE#caseworkers', gsi1sk: 'c' })}`,
    'after',
  ),
  listing(
    'a page token with numbers for keys',
    `queue=caseworkers&after=${token({ pk: 1, sk: 2, gsi1pk: 'QUEUE#caseworkers', gsi1sk: 3 })}`,
    'after',
  ),

  // Outcomes that do not fit a call attempt.
  outcome('that is not JSON', 'no-answer', '(body)'),
  outcome('of an empty body', '', '(body)'),
  outcome('cut off', '{"outcome": "no-', '(body)'),
  outcome('as a JSON array', [], 'outcome'),
  outcome('of JSON null', null, 'outcome'),
  outcome('as an empty object', {}, 'outcome'),
  outcome('of teleported', { outcome: 'teleported' }, 'outcome'),
  outcome('in words', { outcome: 'No answer' }, 'outcome'),
  outcome('as a list', { outcome: ['no-answer'] }, 'outcome'),
  outcome('of a home visit', { outcome: 'visited', firstContact: 'further-support' }, 'outcome'),
  outcome('of a booking', { outcome: 'booked', appointmentAt: '2026-12-16T10:00:00Z' }, 'outcome'),
  outcome('of markup', { outcome: SCRIPT }, 'outcome'),
  outcome(
    'spoke to the victim without saying what came of it',
    { outcome: 'spoke-to-victim' },
    'firstContact',
  ),
  outcome(
    'with an unknown first contact',
    { outcome: 'spoke-to-victim', firstContact: 'maybe' },
    'firstContact',
  ),
  outcome(
    'referring on without the service',
    { outcome: 'spoke-to-victim', firstContact: 'onward-referral' },
    'onwardService',
  ),
  outcome(
    'referring on to a blank service',
    { outcome: 'spoke-to-victim', firstContact: 'onward-referral', onwardService: '   ' },
    'onwardService',
  ),
  outcome(
    'referring on to a service named in 121 characters',
    { outcome: 'spoke-to-victim', firstContact: 'onward-referral', onwardService: 'a'.repeat(121) },
    'onwardService',
  ),
  outcome('with 2,001 characters of notes', { outcome: 'no-answer', notes: 'a'.repeat(2001) }, 'notes'),
  outcome('with notes as a number', { outcome: 'no-answer', notes: 42 }, 'notes'),
  outcome('with a misspelt field', { outcome: 'no-answer', nots: 'typo' }, 'nots'),
  outcome('with a __proto__ key', '{"outcome":"no-answer","__proto__":{"admin":true}}', '__proto__'),
];

let before: { cases: TableSnapshot; engine: TableSnapshot };

beforeAll(async () => {
  definitionsOnce();
  served = await startServedLocalSystem(TUESDAY_10AM);
  sessions = new SessionCodec(
    Buffer.from(readFileSync(join(served.fresh.system.dataDir, 'session-secret'), 'utf8').trim(), 'base64'),
    { ...DEFAULT_SESSION_POLICY, secureCookie: false },
  );
  alex = await new Visitor(served.url).signIn('caseworker.one');
  alexToken = await alex.csrf('/tasks');
  tasks.open = await aCallAttempt('DSA-2026-8001');
  tasks.completed = await aCallAttempt('DSA-2026-8002');
  tasks.late = await aCallAttempt('DSA-2026-8003');
  const done = await send({
    method: 'POST',
    path: `/api/tasks/${encodeURIComponent(tasks.completed)}/complete`,
    body: '{"outcome":"no-answer"}',
  });
  expect(done.status).toBe(200);
  before = await settled();
}, 120_000);

/** Both tables once the engine has nothing left to do at this instant (the completed call moves its path on). */
async function settled(): Promise<{ cases: TableSnapshot; engine: TableSnapshot }> {
  const { client, tableName, engineTableName } = served.fresh;
  const look = async () => ({
    cases: await snapshotOf(client, tableName),
    engine: await snapshotOf(client, engineTableName),
  });
  let last = await look();
  for (let tries = 0; tries < 50; tries++) {
    await served.fresh.system.engine.runDue();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const now = await look();
    if (
      writesBetween(last.cases, now.cases).length === 0 &&
      writesBetween(last.engine, now.engine).length === 0
    )
      return now;
    last = now;
  }
  throw new Error('the engine never settled');
}

afterAll(async () => {
  await served?.close();
  if (logLevel === undefined) delete process.env.POWERTOOLS_LOG_LEVEL;
  else process.env.POWERTOOLS_LOG_LEVEL = logLevel;
});

describe('the task API corpus: every bad request is refused naming its field, and changes nothing', () => {
  it('has a distinct input for every case', () => {
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, corpus) => {
    const { status, json, text } = await send(corpus.request());

    expect(status).toBe(corpus.status);
    expectNamed(json?.errors, corpus.field);
    expect(text).not.toContain('<script>');
  });

  it('left every task as it was and wrote nothing, to the cases or to the engine', async () => {
    const { client, tableName, engineTableName } = served.fresh;
    expect(writesBetween(before.cases, await snapshotOf(client, tableName))).toEqual([]);
    expect(writesBetween(before.engine, await snapshotOf(client, engineTableName))).toEqual([]);
    expect(await served.fresh.system.tasks.getTask(tasks.open)).toMatchObject({ status: 'open' });
  });
});

describe('the task API corpus: a task that is no longer open, or is someone else’s, is refused as such', () => {
  const path = (taskId: string, action: 'claim' | 'complete') =>
    `/api/tasks/${encodeURIComponent(taskId)}/${action}`;

  it('refuses completing a task another caseworker completed, naming who did', async () => {
    const { status, json } = await send({
      method: 'POST',
      path: path(tasks.completed, 'complete'),
      headers: { 'x-vf-user': 'caseworker.two' },
      body: '{"outcome":"wrong-number"}',
    });
    expect(status).toBe(409);
    expect(json?.errors).toEqual([{ field: 'task', message: expect.stringContaining('caseworker.one') }]);
    expect(await served.fresh.system.tasks.getTask(tasks.completed)).toMatchObject({
      outcome: { outcome: 'no-answer' },
    });
  });

  it('refuses claiming a completed task', async () => {
    const { status, json } = await send({ method: 'POST', path: path(tasks.completed, 'claim') });
    expect(status).toBe(409);
    expectNamed(json?.errors, 'task');
  });

  it('refuses completing a task claimed by someone else', async () => {
    expect((await send({ method: 'POST', path: path(tasks.open, 'claim') })).status).toBe(200);
    const { status, json } = await send({
      method: 'POST',
      path: path(tasks.open, 'complete'),
      headers: { 'x-vf-user': 'caseworker.two' },
      body: '{"outcome":"no-answer"}',
    });
    expect(status).toBe(409);
    expectNamed(json?.errors, 'task');
    const second = await send({
      method: 'POST',
      path: path(tasks.open, 'claim'),
      headers: { 'x-vf-user': 'caseworker.two' },
    });
    expect(second.status).toBe(409);
    expect(await served.fresh.system.tasks.getTask(tasks.open)).toMatchObject({
      status: 'open',
      assignee: 'caseworker.one',
    });
  });

  it('refuses completing a task whose deadline passed, as escalated', async () => {
    // A call attempt's outcome is refused once the case's initial contact deadline has passed.
    const task = await served.fresh.system.tasks.getTask(tasks.late);
    const opened = await served.fresh.system.store.getCase(task?.caseId as string);
    const deadline = opened?.deadlines.initialContactDue as Date;
    const by = Math.ceil((deadline.getTime() - served.fresh.clock.now().getTime()) / 60_000) + 1;
    const advanced = await fetch(`${served.url}/clock/advance`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ by: `${by}m` }),
    });
    expect(advanced.status).toBe(200);
    for (let tries = 0; tries < 50; tries++) {
      if ((await served.fresh.system.tasks.getTask(tasks.late))?.status === 'timed-out') break;
      await served.fresh.system.engine.runDue();
    }
    const { status, json } = await send({
      method: 'POST',
      path: path(tasks.late, 'complete'),
      body: '{"outcome":"no-answer"}',
    });
    expect(status).toBe(409);
    expectNamed(json?.errors, 'task');
    expect(await served.fresh.system.tasks.getTask(tasks.late)).toMatchObject({ status: 'timed-out' });
  });
});
