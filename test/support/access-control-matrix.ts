import { type Queue, TASK_QUEUE, TASK_TYPES } from '../../shared/domain/task.ts';

// The access-control matrix's rows (docs/web-app.md, "Signing in, sessions and roles"), read by
// test/integration/access-control.test.ts: every role against every route and action of the web app and the
// task API, with the expected answer. Each task type has its own rows: the queue it waits in decides who may
// see, claim and complete it, in the web app and the task API alike.

export const PEOPLE = {
  caseworker: 'caseworker.one',
  'team-leader': 'team.leader',
  analyst: 'analyst.one',
  contractor: 'contractor.one',
  admin: 'admin.one',
  volunteer: 'volunteer.one',
} as const;
export type Role = keyof typeof PEOPLE;
export const ROLES = Object.keys(PEOPLE) as Role[];

export interface Row {
  readonly method: 'GET' | 'POST';
  /** With {case}, {task}, {job}, {quarter} and {task:TYPE} (the case's task of that type) filled in. */
  readonly path: string;
  /** The app's route key, as web/app.ts or the task API names it. */
  readonly route: string;
  readonly allowed: readonly Role[];
  /** A read of a Victim First case: an allowed one is audited as `viewed`. */
  readonly readsCase?: true;
}

/** An improvement plan's id (none is raised in the matrix's system). */
const PLAN = 'PLAN-202627-Q2-SATISFIED';

export const CASEWORK: Role[] = ['caseworker', 'team-leader'];
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

export const MATRIX: readonly Row[] = [
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
  { method: 'GET', path: '/jobs/{job}/requests', route: 'GET /jobs/*/requests', allowed: ['contractor'] },
  { method: 'POST', path: '/jobs/{job}/requests', route: 'POST /jobs/*/requests', allowed: ['contractor'] },
  { method: 'GET', path: '/oversight', route: 'GET /oversight', allowed: ['analyst'] },
  {
    method: 'POST',
    path: '/oversight/inspections',
    route: 'POST /oversight/inspections',
    allowed: ['analyst'],
  },
  {
    method: 'GET',
    path: '/oversight/inspections/TH-1',
    route: 'GET /oversight/inspections/*',
    allowed: ['analyst'],
  },
  {
    method: 'POST',
    path: '/oversight/inspections/TH-1',
    route: 'POST /oversight/inspections/*',
    allowed: ['analyst'],
  },
  {
    method: 'GET',
    path: '/oversight/requests/0b7c2a10-3d4e-4f50-9a6b-7c8d9e0f1a2b',
    route: 'GET /oversight/requests/*',
    allowed: ['analyst'],
  },
  {
    method: 'POST',
    path: '/oversight/requests/0b7c2a10-3d4e-4f50-9a6b-7c8d9e0f1a2b',
    route: 'POST /oversight/requests/*',
    allowed: ['analyst'],
  },
  { method: 'GET', path: '/returns', route: 'GET /returns', allowed: ['analyst'] },
  { method: 'GET', path: '/returns/{quarter}.csv', route: 'GET /returns/*', allowed: ['analyst'] },
  { method: 'GET', path: '/returns/monthly/2026-11', route: 'GET /returns/monthly/*', allowed: ['analyst'] },
  {
    method: 'POST',
    path: '/returns/2026-27-Q2/submitted',
    route: 'POST /returns/*/submitted',
    allowed: ['analyst'],
  },
  // The call-taking rota: caseworkers and team leaders read it; only team leaders change it.
  { method: 'GET', path: '/open-chats/rota', route: 'GET /open-chats/rota', allowed: CASEWORK },
  {
    method: 'POST',
    path: '/open-chats/rota/pattern',
    route: 'POST /open-chats/rota/pattern',
    allowed: ['team-leader'],
  },
  {
    method: 'POST',
    path: '/open-chats/rota/cover',
    route: 'POST /open-chats/rota/cover',
    allowed: ['team-leader'],
  },
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
  // Complaints (docs/complaints.md): Victim First's ({complaint1}) are caseworkers' and team leaders' (a team
  // leader assigns); the home-security service's ({complaint2}) are the contractor's, read by the analyst.
  // Forms sent empty are refused for their input (400), never for the person.
  {
    method: 'GET',
    path: '/complaints-received',
    route: 'GET /complaints-received',
    allowed: [...CASEWORK, 'contractor', 'analyst'],
  },
  {
    method: 'GET',
    path: '/complaints-received/new',
    route: 'GET /complaints-received/new',
    allowed: [...CASEWORK, 'contractor'],
  },
  {
    method: 'POST',
    path: '/complaints-received/new',
    route: 'POST /complaints-received/new',
    allowed: [...CASEWORK, 'contractor'],
  },
  ...(
    [
      ['{complaint1}', CASEWORK, CASEWORK, ['team-leader']],
      ['{complaint2}', ['contractor', 'analyst'], ['contractor'], ['contractor']],
    ] as const
  ).flatMap(([complaint, read, record, assign]): Row[] => [
    {
      method: 'GET',
      path: `/complaints-received/${complaint}`,
      route: 'GET /complaints-received/*',
      allowed: read,
    },
    {
      method: 'GET',
      path: `/complaints-received/${complaint}/close`,
      route: 'GET /complaints-received/*/close',
      allowed: record,
    },
    {
      method: 'POST',
      path: `/complaints-received/${complaint}/notes`,
      route: 'POST /complaints-received/*/notes',
      allowed: record,
    },
    {
      method: 'POST',
      path: `/complaints-received/${complaint}/assign`,
      route: 'POST /complaints-received/*/assign',
      allowed: assign,
    },
    {
      method: 'POST',
      path: `/complaints-received/${complaint}/close`,
      route: 'POST /complaints-received/*/close',
      allowed: record,
    },
    {
      method: 'POST',
      path: `/complaints-received/${complaint}/actions/1/done`,
      route: 'POST /complaints-received/*/actions/*/done',
      allowed: record,
    },
    {
      method: 'POST',
      path: `/complaints-received/${complaint}/acknowledge`,
      route: 'POST /complaints-received/*/acknowledge',
      allowed: record,
    },
  ]),
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
  // Outcomes against targets: the analyst imports the police survey, the administrator keeps the targets,
  // team leaders write the improvement plans (a plan that is not there is not found, 404).
  { method: 'GET', path: '/surveys', route: 'GET /surveys', allowed: ['analyst'] },
  { method: 'POST', path: '/surveys', route: 'POST /surveys', allowed: ['analyst'] },
  { method: 'GET', path: '/targets', route: 'GET /targets', allowed: ['admin'] },
  { method: 'POST', path: '/targets', route: 'POST /targets', allowed: ['admin'] },
  { method: 'GET', path: '/improvement-plans', route: 'GET /improvement-plans', allowed: ['team-leader'] },
  {
    method: 'GET',
    path: `/improvement-plans/${PLAN}`,
    route: 'GET /improvement-plans/*',
    allowed: ['team-leader'],
  },
  {
    method: 'POST',
    path: `/improvement-plans/${PLAN}/actions`,
    route: 'POST /improvement-plans/*/actions',
    allowed: ['team-leader'],
  },
  {
    method: 'POST',
    path: `/improvement-plans/${PLAN}/actions/5b7c2a10-3d4e-4f50-9a6b-7c8d9e0f1a2b/done`,
    route: 'POST /improvement-plans/*/actions/*/done',
    allowed: ['team-leader'],
  },
  {
    method: 'POST',
    path: `/improvement-plans/${PLAN}/written`,
    route: 'POST /improvement-plans/*/written',
    allowed: ['team-leader'],
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
export const EVERYONE = [
  'GET /',
  'GET /sign-in',
  'GET /auth/callback',
  'GET /signed-out',
  'POST /sign-in',
  'POST /sign-out',
];
