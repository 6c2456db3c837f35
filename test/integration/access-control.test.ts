import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { questionIdOf, tokenHashOf } from '../../shared/domain/quick-questions.ts';
import { ThReferralSchema } from '../../shared/domain/target-hardening-referral.ts';
import { type Queue, TASK_QUEUE, TASK_TYPES, type TaskType, taskIdFor } from '../../shared/domain/task.ts';
import { routeKeyOf } from '../../web/route-table.ts';
import { aPartnerReferralBody } from '../fixtures/referrals.ts';
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

const PEOPLE = {
  caseworker: 'caseworker.one',
  'team-leader': 'team.leader',
  analyst: 'analyst.one',
  contractor: 'contractor.one',
  admin: 'admin.one',
  volunteer: 'volunteer.one',
} as const;
type Role = keyof typeof PEOPLE;
const ROLES = Object.keys(PEOPLE) as Role[];

interface Row {
  readonly method: 'GET' | 'POST';
  /** With {case}, {task}, {job}, {quarter} and {task:TYPE} (the case's task of that type) filled in. */
  readonly path: string;
  /** The app's route key, as web/app.ts or the task API names it. */
  readonly route: string;
  readonly allowed: readonly Role[];
  /** A read of a Victim First case: an allowed one is audited as `viewed`. */
  readonly readsCase?: true;
}

const CASEWORK: Role[] = ['caseworker', 'team-leader'];
/**
 * The people who work cases, and the volunteer on the case assigned to them (the matrix's case is; its
 * second case, `{other}`, is not, and the volunteer is refused there).
 */
const ON_ASSIGNED: Role[] = [...CASEWORK, 'volunteer'];
/** Who works each queue. */
const WORKS: Readonly<Record<Queue, Role[]>> = { caseworkers: CASEWORK, 'team-leaders': ['team-leader'] };

/**
 * Every task type against every role: reading, claiming and completing it in the web app and the task API.
 * The completions carry no outcome, so an allowed one is refused for its input (400), never for the person.
 */
const TASK_ROWS: readonly Row[] = TASK_TYPES.flatMap((type): Row[] => {
  const allowed = WORKS[TASK_QUEUE[type]];
  const task = `{task:${type}}`;
  return [
    { method: 'GET', path: `/tasks/${task}`, route: 'GET /tasks/*', allowed, readsCase: true },
    { method: 'POST', path: `/tasks/${task}/claim`, route: 'POST /tasks/*/claim', allowed },
    { method: 'POST', path: `/tasks/${task}/complete`, route: 'POST /tasks/*/complete', allowed },
    { method: 'GET', path: `/api/tasks/${task}`, route: 'GET /api/tasks/{taskId}', allowed },
    { method: 'POST', path: `/api/tasks/${task}/claim`, route: 'POST /api/tasks/{taskId}/claim', allowed },
    {
      method: 'POST',
      path: `/api/tasks/${task}/complete`,
      route: 'POST /api/tasks/{taskId}/complete',
      allowed,
    },
  ];
});

const MATRIX: readonly Row[] = [
  { method: 'GET', path: '/tasks', route: 'GET /tasks', allowed: CASEWORK },
  { method: 'GET', path: '/tasks?queue=caseworkers', route: 'GET /tasks', allowed: CASEWORK },
  { method: 'GET', path: '/tasks?queue=team-leaders', route: 'GET /tasks', allowed: ['team-leader'] },
  { method: 'GET', path: '/tasks?view=mine', route: 'GET /tasks', allowed: CASEWORK },
  ...TASK_ROWS,
  { method: 'POST', path: '/tasks/{task}/assign', route: 'POST /tasks/*/assign', allowed: ['team-leader'] },
  { method: 'GET', path: '/cases/{case}', route: 'GET /cases/*', allowed: ON_ASSIGNED, readsCase: true },
  { method: 'GET', path: '/cases/{other}', route: 'GET /cases/*', allowed: CASEWORK },
  // Find a case: the form (a search in the address is ignored), and the search, posted (with nothing
  // entered it is refused for its input, 400).
  { method: 'GET', path: '/cases', route: 'GET /cases', allowed: CASEWORK },
  { method: 'GET', path: '/cases?surname=Example&postcode=LE1+1ZZ', route: 'GET /cases', allowed: CASEWORK },
  { method: 'POST', path: '/cases', route: 'POST /cases', allowed: CASEWORK },
  {
    method: 'GET',
    path: '/cases/{case}/support',
    route: 'GET /cases/*/support',
    allowed: CASEWORK,
    readsCase: true,
  },
  {
    method: 'GET',
    path: '/cases/{case}/timeline',
    route: 'GET /cases/*/timeline',
    allowed: CASEWORK,
    readsCase: true,
  },
  {
    method: 'GET',
    path: '/cases/{case}/messages',
    route: 'GET /cases/*/messages',
    allowed: CASEWORK,
    readsCase: true,
  },
  {
    method: 'GET',
    path: '/cases/{case}/assessment?kind=initial',
    route: 'GET /cases/*/assessment',
    allowed: CASEWORK,
    readsCase: true,
  },
  { method: 'POST', path: '/cases/{case}/assessment', route: 'POST /cases/*/assessment', allowed: CASEWORK },
  {
    method: 'GET',
    path: '/cases/{case}/plan',
    route: 'GET /cases/*/plan',
    allowed: CASEWORK,
    readsCase: true,
  },
  { method: 'POST', path: '/cases/{case}/plan', route: 'POST /cases/*/plan', allowed: CASEWORK },
  // Each action of the assessment and plan on a page of its own (web/pages/case-actions.ts), as its post.
  ...(
    [
      ['restorative-justice', CASEWORK],
      ['restorative-justice-decision', ['team-leader']],
      ['hardship', CASEWORK],
      ['onward-referral', CASEWORK],
      ['target-hardening', CASEWORK],
    ] as const
  ).map(
    ([action, allowed]): Row => ({
      method: 'GET',
      path: `/cases/{case}/${action}`,
      route: `GET /cases/*/${action}`,
      allowed,
      readsCase: true,
    }),
  ),
  {
    method: 'POST',
    path: '/cases/{case}/restorative-justice',
    route: 'POST /cases/*/restorative-justice',
    allowed: CASEWORK,
  },
  {
    method: 'POST',
    path: '/cases/{case}/restorative-justice-decision',
    route: 'POST /cases/*/restorative-justice-decision',
    allowed: ['team-leader'],
  },
  { method: 'POST', path: '/cases/{case}/hardship', route: 'POST /cases/*/hardship', allowed: CASEWORK },
  {
    method: 'POST',
    path: '/cases/{case}/onward-referral',
    route: 'POST /cases/*/onward-referral',
    allowed: CASEWORK,
  },
  {
    method: 'POST',
    path: '/cases/{case}/target-hardening',
    route: 'POST /cases/*/target-hardening',
    allowed: CASEWORK,
  },
  { method: 'POST', path: '/cases/{case}/close', route: 'POST /cases/*/close', allowed: CASEWORK },
  // Closing with a reason and reopening (web/pages/closure.ts).
  {
    method: 'GET',
    path: '/cases/{case}/close',
    route: 'GET /cases/*/close',
    allowed: CASEWORK,
    readsCase: true,
  },
  {
    method: 'GET',
    path: '/cases/{case}/reopen',
    route: 'GET /cases/*/reopen',
    allowed: CASEWORK,
    readsCase: true,
  },
  { method: 'POST', path: '/cases/{case}/reopen', route: 'POST /cases/*/reopen', allowed: CASEWORK },
  // The contact log: read by the people who work cases, logged by them (an empty form is refused for its input).
  {
    method: 'GET',
    path: '/cases/{case}/contacts',
    route: 'GET /cases/*/contacts',
    allowed: ON_ASSIGNED,
    readsCase: true,
  },
  {
    method: 'GET',
    path: '/cases/{case}/contacts/new',
    route: 'GET /cases/*/contacts/new',
    allowed: ON_ASSIGNED,
    readsCase: true,
  },
  { method: 'POST', path: '/cases/{case}/contacts', route: 'POST /cases/*/contacts', allowed: ON_ASSIGNED },
  // A case not assigned to the volunteer: refused its overview and contacts.
  { method: 'GET', path: '/cases/{other}/contacts', route: 'GET /cases/*/contacts', allowed: CASEWORK },
  {
    method: 'GET',
    path: '/cases/{other}/contacts/new',
    route: 'GET /cases/*/contacts/new',
    allowed: CASEWORK,
  },
  { method: 'POST', path: '/cases/{other}/contacts', route: 'POST /cases/*/contacts', allowed: CASEWORK },
  // A booked web chat: the people who work cases read, write and end it (the matrix's case has none booked).
  { method: 'GET', path: '/cases/{case}/web-chat', route: 'GET /cases/*/web-chat', allowed: CASEWORK },
  { method: 'POST', path: '/cases/{case}/web-chat', route: 'POST /cases/*/web-chat', allowed: CASEWORK },
  {
    method: 'POST',
    path: '/cases/{case}/web-chat/end',
    route: 'POST /cases/*/web-chat/end',
    allowed: CASEWORK,
  },
  // A case's volunteers: team leaders assign and end assignments (an empty form is refused for its input).
  {
    method: 'GET',
    path: '/cases/{case}/volunteers',
    route: 'GET /cases/*/volunteers',
    allowed: ['team-leader'],
    readsCase: true,
  },
  {
    method: 'POST',
    path: '/cases/{case}/volunteers',
    route: 'POST /cases/*/volunteers',
    allowed: ['team-leader'],
  },
  {
    method: 'POST',
    path: '/cases/{case}/volunteers/unassign',
    route: 'POST /cases/*/volunteers/unassign',
    allowed: ['team-leader'],
  },
  // Court and release dates: read and recorded by the people who work cases (an empty form is refused for its
  // input; the case has no milestone 1 to withdraw, so those answer not found).
  {
    method: 'GET',
    path: '/cases/{case}/milestones',
    route: 'GET /cases/*/milestones',
    allowed: CASEWORK,
    readsCase: true,
  },
  {
    method: 'GET',
    path: '/cases/{case}/milestones/new',
    route: 'GET /cases/*/milestones/new',
    allowed: CASEWORK,
    readsCase: true,
  },
  { method: 'POST', path: '/cases/{case}/milestones', route: 'POST /cases/*/milestones', allowed: CASEWORK },
  {
    method: 'GET',
    path: '/cases/{case}/milestones/1/withdraw',
    route: 'GET /cases/*/milestones/*/withdraw',
    allowed: CASEWORK,
  },
  {
    method: 'POST',
    path: '/cases/{case}/milestones/1/withdraw',
    route: 'POST /cases/*/milestones/*/withdraw',
    allowed: CASEWORK,
  },
  // A restorative justice stage, and mental health triage (the case has no referral 1: not found).
  {
    method: 'GET',
    path: '/cases/{case}/restorative-justice-stage',
    route: 'GET /cases/*/restorative-justice-stage',
    allowed: CASEWORK,
    readsCase: true,
  },
  {
    method: 'POST',
    path: '/cases/{case}/restorative-justice-stage',
    route: 'POST /cases/*/restorative-justice-stage',
    allowed: CASEWORK,
  },
  {
    method: 'GET',
    path: '/cases/{case}/mental-health-triage',
    route: 'GET /cases/*/mental-health-triage',
    allowed: CASEWORK,
    readsCase: true,
  },
  {
    method: 'POST',
    path: '/cases/{case}/mental-health-triage',
    route: 'POST /cases/*/mental-health-triage',
    allowed: CASEWORK,
  },
  {
    method: 'GET',
    path: '/cases/{case}/mental-health-triage/1',
    route: 'GET /cases/*/mental-health-triage/*',
    allowed: CASEWORK,
  },
  {
    method: 'POST',
    path: '/cases/{case}/mental-health-triage/1',
    route: 'POST /cases/*/mental-health-triage/*',
    allowed: CASEWORK,
  },
  { method: 'GET', path: '/jobs', route: 'GET /jobs', allowed: ['contractor', 'team-leader'] },
  { method: 'GET', path: '/jobs/{job}', route: 'GET /jobs/*', allowed: ['contractor', 'team-leader'] },
  { method: 'POST', path: '/jobs/{job}/booking', route: 'POST /jobs/*/booking', allowed: ['contractor'] },
  { method: 'POST', path: '/jobs/{job}/visit', route: 'POST /jobs/*/visit', allowed: ['contractor'] },
  { method: 'POST', path: '/jobs/{job}/follow-up', route: 'POST /jobs/*/follow-up', allowed: ['contractor'] },
  { method: 'GET', path: '/returns', route: 'GET /returns', allowed: ['analyst'] },
  { method: 'GET', path: '/returns/{quarter}.csv', route: 'GET /returns/*', allowed: ['analyst'] },
  // Open web chats: caseworkers and team leaders (a chat that does not exist is 404 to them).
  { method: 'GET', path: '/open-chats', route: 'GET /open-chats', allowed: CASEWORK },
  { method: 'GET', path: `/open-chats/${'0'.repeat(64)}`, route: 'GET /open-chats/*', allowed: CASEWORK },
  { method: 'POST', path: `/open-chats/${'0'.repeat(64)}`, route: 'POST /open-chats/*', allowed: CASEWORK },
  {
    method: 'POST',
    path: `/open-chats/${'0'.repeat(64)}/end`,
    route: 'POST /open-chats/*/end',
    allowed: CASEWORK,
  },
  // A referral taken by phone, by e-mail or at a community event, keyed in: caseworkers and team leaders.
  { method: 'GET', path: '/new-referral', route: 'GET /new-referral', allowed: CASEWORK },
  { method: 'POST', path: '/new-referral', route: 'POST /new-referral', allowed: CASEWORK },
  // Young people's group sessions: caseworkers and team leaders (a session not recorded is 404 to them).
  { method: 'GET', path: '/group-sessions', route: 'GET /group-sessions', allowed: CASEWORK },
  { method: 'GET', path: '/group-sessions/new', route: 'GET /group-sessions/new', allowed: CASEWORK },
  { method: 'POST', path: '/group-sessions', route: 'POST /group-sessions', allowed: CASEWORK },
  {
    method: 'GET',
    path: '/group-sessions/no-such-session',
    route: 'GET /group-sessions/*',
    allowed: CASEWORK,
  },
  {
    method: 'POST',
    path: '/group-sessions/no-such-session/attendance',
    route: 'POST /group-sessions/*/attendance',
    allowed: CASEWORK,
  },
  // Quick questions from the public pages: caseworkers and team leaders list and answer them (an answer
  // sent empty is refused for its input, 400).
  { method: 'GET', path: '/questions', route: 'GET /questions', allowed: CASEWORK },
  { method: 'GET', path: '/questions/{question}', route: 'GET /questions/*', allowed: CASEWORK },
  {
    method: 'POST',
    path: '/questions/{question}/answer',
    route: 'POST /questions/*/answer',
    allowed: CASEWORK,
  },
  // The kept list of onward-referral agencies: administrators only.
  { method: 'GET', path: '/agencies', route: 'GET /agencies', allowed: ['admin'] },
  { method: 'POST', path: '/agencies', route: 'POST /agencies', allowed: ['admin'] },
  { method: 'GET', path: '/agencies/{agency}', route: 'GET /agencies/*', allowed: ['admin'] },
  { method: 'POST', path: '/agencies/{agency}/rename', route: 'POST /agencies/*/rename', allowed: ['admin'] },
  { method: 'POST', path: '/agencies/{agency}/retire', route: 'POST /agencies/*/retire', allowed: ['admin'] },
  {
    method: 'POST',
    path: '/agencies/{agency}/reinstate',
    route: 'POST /agencies/*/reinstate',
    allowed: ['admin'],
  },
  // Who owns each case: My cases for the people who work cases; the caseloads and allocating a case for team
  // leaders (an allocation without a caseworker is refused for its input).
  // My cases: a volunteer's lists the cases assigned to them.
  { method: 'GET', path: '/cases/mine', route: 'GET /cases/mine', allowed: ON_ASSIGNED },
  { method: 'GET', path: '/caseloads', route: 'GET /caseloads', allowed: ['team-leader'] },
  { method: 'GET', path: '/caseloads/caseworker.one', route: 'GET /caseloads/*', allowed: ['team-leader'] },
  {
    method: 'GET',
    path: '/cases/{case}/allocation',
    route: 'GET /cases/*/allocation',
    allowed: ['team-leader'],
    readsCase: true,
  },
  {
    method: 'POST',
    path: '/cases/{case}/allocation',
    route: 'POST /cases/*/allocation',
    allowed: ['team-leader'],
  },
  // The local system's outbox (victims' letters, e-mails and texts): the people who work cases.
  { method: 'GET', path: '/outbox', route: 'GET /outbox', allowed: CASEWORK },
  // The task API, signed in through the web app's session (in AWS, the staff JWT).
  { method: 'GET', path: '/api/tasks?queue=caseworkers', route: 'GET /api/tasks', allowed: CASEWORK },
  { method: 'GET', path: '/api/tasks?queue=team-leaders', route: 'GET /api/tasks', allowed: ['team-leader'] },
  { method: 'GET', path: '/api/tasks?assignee=me', route: 'GET /api/tasks', allowed: CASEWORK },
];

/** The routes every signed-in person may use, whatever their role: not part of the matrix. */
const EVERYONE = [
  'GET /',
  'GET /sign-in',
  'GET /auth/callback',
  'GET /signed-out',
  'POST /sign-in',
  'POST /sign-out',
];

let served: ServedLocalSystem;
const ids = {
  case: '',
  other: '',
  task: '',
  job: '',
  quarter: '2026-27-Q3',
  agency: 'samaritans',
  question: questionIdOf('7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d'),
};
const visitors = {} as Record<Role, Visitor>;
const tokens = {} as Record<Role, string>;
const fill = (path: string) =>
  path
    .replace(/\{task:([a-z-]+)\}/g, (_, type: TaskType) => taskIdFor(ids.case, type, 1))
    .replace(/\{(case|other|task|job|quarter|agency|question)\}/g, (_, key: keyof typeof ids) => ids[key]);

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
