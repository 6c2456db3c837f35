import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaintDeadlines, complaintIdOf } from '../../shared/domain/complaints.ts';
import { questionIdOf, tokenHashOf } from '../../shared/domain/quick-questions.ts';
import { ThReferralSchema } from '../../shared/domain/target-hardening-referral.ts';
import { TASK_QUEUE, TASK_TYPES, type TaskType, taskIdFor } from '../../shared/domain/task.ts';
import { routeKeyOf } from '../../web/route-table.ts';
import { aPartnerReferralBody } from '../fixtures/referrals.ts';
import {
  CASEWORK,
  EVERYONE,
  MATRIX,
  PEOPLE,
  ROLES,
  type Role,
  type Row,
} from '../support/access-control-matrix.ts';
import { type ServedLocalSystem, startServedLocalSystem } from '../support/local-server.ts';
import { definitionsOnce } from '../support/local-system.ts';
import { Visitor } from '../support/visitor.ts';

// The access-control matrix (docs/web-app.md, "Signing in, sessions and roles"): every role against every
// route and action of the web app and the task API, on the served local system, with the expected answer —
// and an audit entry for every allowed read of a case and every refusal. A route added to the app without a
// row here fails the last test. Each task type has its own rows: the queue it waits in decides who may see,
// claim and complete it, in the web app and the task API alike.

/** Tuesday 15 December 2026, 10:00 in Leicester. */
const TUESDAY_10AM = new Date('2026-12-15T10:00:00Z');

let served: ServedLocalSystem;
const ids = {
  case: '',
  other: '',
  task: '',
  job: '',
  quarter: '2026-27-Q3',
  agency: 'samaritans',
  question: questionIdOf('7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d'),
  complaint1: complaintIdOf('8b7c6d5e-4f3a-4b2c-9d1e-0f9a8b7c6d5e'),
  complaint2: complaintIdOf('9c8d7e6f-5a4b-4c3d-8e2f-1a0b9c8d7e6f'),
};
const visitors = {} as Record<Role, Visitor>;
const tokens = {} as Record<Role, string>;
const fill = (path: string) =>
  path
    .replace(/\{task:([a-z-]+)\}/g, (_, type: TaskType) => taskIdFor(ids.case, type, 1))
    .replace(
      /\{(case|other|task|job|quarter|agency|question|complaint1|complaint2)\}/g,
      (_, key: keyof typeof ids) => ids[key],
    );

beforeAll(async () => {
  definitionsOnce();
  served = await startServedLocalSystem(TUESDAY_10AM);
  const response = await fetch(`${served.url}/referrals/partner`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(aPartnerReferralBody()),
  });
  ids.case = ((await response.json()) as { caseId: string }).caseId;
  ids.task = `${ids.case}.call-attempt.1`;
  // A second case, and the volunteer assigned to the first only (as a team leader assigns them).
  const other = await fetch(`${served.url}/referrals/partner`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(aPartnerReferralBody({ reference: 'DSA-2026-0778' })),
  });
  ids.other = ((await other.json()) as { caseId: string }).caseId;
  await served.fresh.system.volunteers.assign({
    caseId: ids.case,
    volunteer: PEOPLE.volunteer,
    assignmentId: '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9',
    by: PEOPLE['team-leader'],
    at: TUESDAY_10AM,
  });
  for (let tries = 0; tries < 100 && !(await served.fresh.system.tasks.getTask(ids.task)); tries++)
    await served.fresh.system.engine.runDue();
  // One open task of every other type on the case, in the queue its type is made in. No workflow waits on
  // these tokens: the matrix never records an outcome (its completions are refused for their input).
  for (const type of TASK_TYPES) {
    const taskId = taskIdFor(ids.case, type, 1);
    if (await served.fresh.system.tasks.getTask(taskId)) continue;
    await served.fresh.system.tasks.createTask({
      taskId,
      caseId: ids.case,
      type,
      queue: TASK_QUEUE[type],
      priority: 2,
      due: new Date(TUESDAY_10AM.getTime() + 86_400_000),
      attempt: 1,
      token: `matrix-token-${type}`,
      createdAt: TUESDAY_10AM,
    });
  }
  // A quick question asked on the public pages, waiting for an answer.
  await served.fresh.system.quickQuestions.ask(
    { questionId: ids.question, question: 'Can I get help without a crime number?', askedAt: TUESDAY_10AM },
    tokenHashOf('m'.repeat(43)),
  );
  // A complaint about each lot, received with no reply wanted (acknowledging one sends nothing).
  for (const [complaintId, lot] of [
    [ids.complaint1, 1],
    [ids.complaint2, 2],
  ] as const)
    await served.fresh.system.complaints.receive({
      complaintId,
      service: lot === 1 ? 'victim-first' : 'target-hardening',
      lot,
      channel: 'letter',
      receivedAt: TUESDAY_10AM,
      whatWentWrong: 'Nobody came to fit the lock.',
      wanted: 'An apology.',
      reply: { channel: 'none' },
      ...complaintDeadlines(TUESDAY_10AM),
      notes: [],
      alerts: [],
      actions: [],
    });
  const jobs = served.fresh.system.jobs;
  const { referral } = await jobs.recordReferral(
    ThReferralSchema.parse({
      service: 'domestic-and-sexual-abuse-service',
      reference: 'DSA-2026-0777',
      referrer: { name: 'Dee', email: 'dee.specimen@example.org' },
      victim: {
        forename: 'Ada',
        surname: 'Example',
        address: { line1: '12 Example Street', town: 'Leicester', postcode: 'LE1 1ZZ' },
        phone: '07700 900123',
      },
      urgency: 'standard',
      consentToFeedback: true,
    }),
    TUESDAY_10AM,
  );
  ids.job = (await jobs.createJob(referral.referralNumber, 'standard', TUESDAY_10AM)).job.jobId;
  for (const role of ROLES) {
    visitors[role] = await new Visitor(served.url).signIn(PEOPLE[role]);
    // Every page's layout carries the session's form token in its sign-out form: the person's home page.
    const home = await visitors[role].get('/');
    tokens[role] = await visitors[role].csrf(home.status === 303 ? (home.location as string) : '/');
  }
}, 180_000);

afterAll(async () => {
  await served?.close();
});

const request = (role: Role, row: Row) =>
  row.method === 'GET'
    ? visitors[role].get(fill(row.path))
    : row.path.startsWith('/api/')
      ? // A program calling the task API with the browser's session sends the session's form token.
        visitors[role].postJson(fill(row.path), {}, { 'x-csrf-token': tokens[role] })
      : visitors[role].post(fill(row.path), { csrf: tokens[role] });

/**
 * The refusal a role gets: the web app's 403; the task API's 401 to a role that works no queue (it
 * identifies nobody there), 403 to one that works tasks, just not this queue's.
 */
const refusal = (role: Role, row: Row) =>
  row.path.startsWith('/api/') && !CASEWORK.includes(role) ? 401 : 403;

/** The whole audit of a case or job, page by page (a task per type makes more than one page). */
async function everyAuditEntry(caseId: string) {
  const entries = [];
  let after: string | undefined;
  do {
    const page = await served.fresh.system.audit.forCase(caseId, { limit: 200, after });
    entries.push(...page.entries);
    after = page.next;
  } while (after);
  return entries;
}

describe('the access-control matrix', () => {
  // Reads first, then changes: a change (a claim, a close) must not alter who may read.
  const rows = [...MATRIX].sort((a, b) => (a.method === b.method ? 0 : a.method === 'GET' ? -1 : 1));

  it.each(
    rows.flatMap((row) => ROLES.map((role) => [`${role} ${row.method} ${row.path}`, role, row] as const)),
  )('%s', async (_name, role, row) => {
    const response = await request(role, row);
    if (row.allowed.includes(role)) {
      // Allowed: whatever the form's content leads to (a page, a redirect, a refusal of bad input, a
      // conflict), never a refusal of the person.
      expect([401, 403], `${response.status} ${response.body.slice(0, 200)}`).not.toContain(response.status);
    } else {
      expect(response.status).toBe(refusal(role, row));
      if (row.path.startsWith('/api/'))
        expect(JSON.parse(response.body).errors[0].field).toBe(
          refusal(role, row) === 401 ? '(user)' : row.path.includes('queue=') ? 'queue' : 'taskId',
        );
      // A refusal shows nothing of the victim.
      expect(response.body).not.toContain('Example Street');
      expect(response.body).not.toContain('07700');
    }
  });

  it('refuses a visitor who has not signed in, on every route: the app sends them to sign in, the API says 401', async () => {
    const stranger = new Visitor(served.url);
    for (const row of MATRIX) {
      const response =
        row.method === 'GET' ? await stranger.get(fill(row.path)) : await stranger.post(fill(row.path), {});
      if (row.path.startsWith('/api/')) expect(response.status, row.path).toBe(401);
      else expect([303, 403], row.path).toContain(response.status);
      expect(response.body).not.toContain('Example Street');
    }
  });

  it('audits every allowed read of a case as viewed, and every refusal of a case route as refused', async () => {
    const entries = await everyAuditEntry(ids.case);
    const seen = new Set(entries.map((e) => `${e.user} ${e.action} ${e.what}`));
    for (const row of MATRIX.filter((r) => r.readsCase))
      for (const role of row.allowed)
        expect(
          entries.some((e) => e.user === PEOPLE[role] && e.action === 'viewed'),
          `${role} ${row.path}`,
        ).toBe(true);
    for (const role of ROLES.filter((r) => !CASEWORK.includes(r)))
      expect(
        [...seen].some((line) => line.startsWith(`${PEOPLE[role]} refused`)),
        `${role} refused on the case`,
      ).toBe(true);
    // A caseworker refused a team leader's task is audited on its case.
    expect(seen.has(`${PEOPLE.caseworker} refused task`)).toBe(true);
    // The volunteer refused a case not assigned to them: audited on that case.
    expect(
      (await everyAuditEntry(ids.other)).some((e) => e.user === PEOPLE.volunteer && e.action === 'refused'),
    ).toBe(true);
    const jobEntries = await everyAuditEntry(ids.job);
    expect(jobEntries.some((e) => e.user === PEOPLE.contractor && e.action === 'viewed')).toBe(true);
    expect(jobEntries.some((e) => e.user === PEOPLE.caseworker && e.action === 'refused')).toBe(true);
  });

  it('has a row for every route the web app serves', async () => {
    // Every route on the app as served, the route table's and any other (middleware is `ALL`).
    const routes = served.fresh.system.web.routes.filter((r) => r.method !== 'ALL').map(routeKeyOf);
    expect(routes).toContain('POST /cases/*/close');
    const covered = new Set([...MATRIX.map((r) => r.route), ...EVERYONE]);
    expect(routes.filter((route) => !covered.has(route))).toEqual([]);
  });
});
