import { QUEUES, type Queue, type Task } from './task.ts';

/**
 * Who works in the service, and what each role may do (docs/web-app.md, "Signing in, sessions and roles").
 * Authorisation is on the server, on every request: the web app and the task API both ask here.
 */
export const ROLES = ['caseworker', 'team-leader', 'analyst', 'contractor', 'admin', 'volunteer'] as const;
export type Role = (typeof ROLES)[number];

/** What a request may need; each route names one. */
export const PERMISSIONS = [
  /** Work the caseworkers' queue (and open the task pages at all). */
  'tasks:work',
  /** Work the team leaders' queue: safe-contact reviews and escalations. */
  'queue:team-leaders',
  'cases:read',
  'cases:change',
  'tasks:allocate',
  /** Allocate a case to its owning caseworker, and see every caseworker's caseload (team leaders). */
  'cases:allocate',
  'rj:approve',
  /** The contractor's own: see target-hardening jobs and record the booking, visit and follow-up. */
  'jobs:work',
  /** See target-hardening jobs without recording anything (team leaders watch their deadlines). */
  'jobs:read',
  /** Refer a victim of a Victim First case for target hardening. */
  'jobs:refer',
  /**
   * The commissioner's office's oversight of target hardening: agree or refuse guarantees and work outside
   * the contract, choose completed jobs to inspect and record the findings (job references, never victims).
   */
  'jobs:oversee',
  /** List and download the commissioner's quarterly returns (aggregates, no victim's details). */
  'returns:read',
  /** Mark a quarterly return as submitted to the commissioner's office (who and when are kept). */
  'returns:submit',
  /** Keep the list of agencies onward referrals go to: add, rename, retire (docs/web-app.md). */
  'agencies:manage',
  /** Assign a volunteer to a case in long support, and end the assignment (team leaders). */
  'volunteers:assign',
  /** List the cases assigned to me as a volunteer (My cases). */
  'assigned:list',
  /** Read a case assigned to me as a volunteer: its overview and contacts. Granted per case (see below). */
  'assigned:read',
  /** Log contacts on a case assigned to me as a volunteer. Granted per case (see below). */
  'assigned:contacts',
  /** Record young people's group sessions and who attended (caseworkers and team leaders). */
  'group-sessions:record',
  /** Answer the quick questions asked on the public pages (caseworkers and team leaders). */
  'questions:answer',
  /** Victim First's complaints (Lot 1): read them, and key in, acknowledge, investigate and close them. */
  'complaints:read',
  'complaints:record',
  /** Assign a Victim First complaint to a person to investigate (team leaders). */
  'complaints:assign',
  /** The home-security service's complaints (Lot 2): read them (the contractor; the analyst for the commissioner). */
  'th-complaints:read',
  /** Key in, acknowledge, assign, investigate and close the home-security service's complaints (the contractor). */
  'th-complaints:record',
  /** Keep the open web chat's call-taking rota: the weekly pattern and cover for dates (team leaders). */
  'rota:keep',
  /** Import the police survey's answers (analysts: docs/outcomes.md). */
  'surveys:import',
  /** Set each year's targets for the outcomes (administrators). */
  'targets:manage',
  /** Write an improvement plan for a missed target and track its actions to done (team leaders). */
  'plans:write',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** Whether a value is a permission (a route table's row states one). */
export const isPermission = (value: unknown): value is Permission =>
  (PERMISSIONS as readonly unknown[]).includes(value);

const GRANTS: Readonly<Record<Role, readonly Permission[]>> = {
  caseworker: [
    'tasks:work',
    'cases:read',
    'cases:change',
    'jobs:refer',
    'group-sessions:record',
    'questions:answer',
    'complaints:read',
    'complaints:record',
  ],
  'team-leader': [
    'tasks:work',
    'queue:team-leaders',
    'cases:read',
    'cases:change',
    'tasks:allocate',
    'cases:allocate',
    'rj:approve',
    'jobs:read',
    'jobs:refer',
    'volunteers:assign',
    'group-sessions:record',
    'questions:answer',
    'rota:keep',
    'complaints:read',
    'complaints:record',
    'complaints:assign',
    'plans:write',
  ],
  // Returns to the commissioner from aggregates (docs/reporting.md); no victim's case.
  // Lot 2's complaints are read for the commissioner (docs/complaints.md).
  analyst: ['returns:read', 'returns:submit', 'jobs:oversee', 'th-complaints:read', 'surveys:import'],
  // Target-hardening jobs only (docs/target-hardening.md); never a Victim First case, task or queue.
  contractor: ['jobs:work', 'th-complaints:read', 'th-complaints:record'],
  // Runs the service's settings; a case is opened by the people working it.
  admin: ['agencies:manage', 'targets:manage'],
  // Only the cases a team leader assigned to them (docs/web-app.md, "Volunteers"): no queue, task or return.
  volunteer: ['assigned:list', 'assigned:read', 'assigned:contacts'],
};

/**
 * The permissions that hold only on a case the person is assigned to (a volunteer's): a route naming one
 * must have a `:caseId`, and the route table's access check asks the assignment before the handler runs
 * (web/route-table.ts), so no page can forget it.
 */
export const CASE_SCOPED_PERMISSIONS: readonly Permission[] = ['assigned:read', 'assigned:contacts'];

/**
 * Whether the roles are let through to a route only by a case-scoped permission (a volunteer's), so the
 * case must be one assigned to the person; false when a permission that holds on every case lets them in.
 */
export function grantedOnlyPerCase(
  roles: readonly Role[],
  permission: Permission | readonly Permission[],
): boolean {
  const wanted: readonly Permission[] = typeof permission === 'string' ? [permission] : permission;
  const everywhere = wanted.filter((p) => !CASE_SCOPED_PERMISSIONS.includes(p));
  return !may(roles, everywhere) && may(roles, wanted);
}

/** Whether any of the roles grants the permission (or, given several, any one of them). */
export function may(roles: readonly Role[], permission: Permission | readonly Permission[]): boolean {
  const wanted: readonly Permission[] = typeof permission === 'string' ? [permission] : permission;
  return roles.some((role) => GRANTS[role] !== undefined && wanted.some((p) => GRANTS[role].includes(p)));
}

/** The permission that lets a person see, claim and complete the tasks of a queue. */
const QUEUE_PERMISSION: Readonly<Record<Queue, Permission>> = {
  caseworkers: 'tasks:work',
  'team-leaders': 'queue:team-leaders',
};

/** Whether the roles may see, claim and complete the tasks waiting in the queue. */
export const mayWorkQueue = (roles: readonly Role[], queue: Queue): boolean =>
  may(roles, QUEUE_PERMISSION[queue]);

/**
 * Whether the roles may see, claim and complete the task: the queue it sits in decides, whoever it is
 * assigned to (a team leader's review given to a caseworker is still a team leader's).
 */
export const mayWorkTask = (roles: readonly Role[], task: Pick<Task, 'queue'>): boolean =>
  mayWorkQueue(roles, task.queue);

/** The queues the roles may work, in the queues' order; none for a role that works no tasks. */
export const workableQueues = (roles: readonly Role[]): Queue[] =>
  QUEUES.filter((queue) => mayWorkQueue(roles, queue));

/**
 * The roles named by a Cognito token's `cognito:groups` (in AWS each role is a group of the staff user pool,
 * named exactly as the role), in the app's order; groups that are not roles are ignored. Takes the claim as
 * the ID token has it (an array) or as the HTTP API's JWT authorizer passes it on (one string,
 * `[caseworker team-leader]`).
 */
export function rolesFromGroups(groups: unknown): Role[] {
  const names =
    typeof groups === 'string'
      ? groups.replace(/^\[|\]$/g, '').split(/[\s,]+/)
      : Array.isArray(groups)
        ? groups
        : [];
  return ROLES.filter((role) => names.includes(role));
}

/** Who is asking, as a verified sign-in gives it: the person's id (as tasks record it) and their roles. */
export interface Identity {
  readonly id: string;
  readonly roles: readonly Role[];
}

/** The role's name as the pages say it. */
export const ROLE_NAMES: Readonly<Record<Role, string>> = {
  caseworker: 'Caseworker',
  'team-leader': 'Team leader',
  analyst: 'Analyst',
  contractor: 'Contractor',
  admin: 'Administrator',
  volunteer: 'Volunteer',
};
