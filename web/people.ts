import type { StaffProfile } from '../shared/domain/allocation.ts';
import type { StaffDirectory } from '../shared/ports/staff-directory.ts';

/** Who works in the app, and what each role may do (DESIGN 6: authorisation on the server, every request). */
export const ROLES = ['caseworker', 'team-leader', 'analyst', 'contractor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** What a request may need; each route names one. */
export type Permission =
  | 'tasks:work'
  | 'queue:team-leaders'
  | 'cases:read'
  | 'cases:change'
  | 'tasks:allocate'
  | 'rj:approve'
  /** The contractor's own: see target-hardening jobs and record the booking, visit and follow-up. */
  | 'jobs:work'
  /** See target-hardening jobs without recording anything (team leaders watch their deadlines). */
  | 'jobs:read'
  /** Refer a victim of a Victim First case for target hardening. */
  | 'jobs:refer'
  /** List and download the commissioner's quarterly returns (aggregates, no victim's details). */
  | 'returns:read';

const GRANTS: Readonly<Record<Role, readonly Permission[]>> = {
  caseworker: ['tasks:work', 'cases:read', 'cases:change', 'jobs:refer'],
  'team-leader': [
    'tasks:work',
    'queue:team-leaders',
    'cases:read',
    'cases:change',
    'tasks:allocate',
    'rj:approve',
    'jobs:read',
    'jobs:refer',
  ],
  // Returns to the commissioner from aggregates (issue 7); no victim's case.
  analyst: ['returns:read'],
  // Target-hardening jobs only (issue 6, DESIGN 4 rule 12); never a Victim First case, task or queue.
  contractor: ['jobs:work'],
  // Runs the service's settings; a case is opened by the people working it.
  admin: [],
};

/** Whether any of the roles grants the permission (or, given several, any one of them). */
export function may(roles: readonly Role[], permission: Permission | readonly Permission[]): boolean {
  const wanted: readonly Permission[] = typeof permission === 'string' ? [permission] : permission;
  return roles.some((role) => wanted.some((p) => GRANTS[role].includes(p)));
}

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

/** A person signed in: their id (as the task queue records it), name and roles. */
export interface Person {
  readonly id: string;
  readonly name: string;
  readonly roles: readonly Role[];
  /** Where a referral they make is answered (a target-hardening referrer's address); absent if unknown. */
  readonly email?: string;
}

/** A local person's service e-mail address (synthetic: example.org mail reaches nobody). */
export const localServiceEmail = (id: string) => `${id}@victim-first.example.org`;

/**
 * The people of the local system: synthetic, clearly fictional, one or two per role. In AWS people come from
 * the Cognito user pool (their groups are their roles); this list exists only on one machine.
 */
export const LOCAL_PEOPLE: readonly Person[] = [
  {
    id: 'caseworker.one',
    name: 'Alex Example',
    roles: ['caseworker'],
    email: localServiceEmail('caseworker.one'),
  },
  {
    id: 'caseworker.two',
    name: 'Sam Sample',
    roles: ['caseworker'],
    email: localServiceEmail('caseworker.two'),
  },
  {
    id: 'caseworker.three',
    name: 'Kit Instance',
    roles: ['caseworker'],
    email: localServiceEmail('caseworker.three'),
  },
  { id: 'team.leader', name: 'Jo Specimen', roles: ['team-leader'], email: localServiceEmail('team.leader') },
  { id: 'analyst.one', name: 'Pat Placeholder', roles: ['analyst'] },
  { id: 'contractor.one', name: 'Chris Fitter (Example Locks Ltd)', roles: ['contractor'] },
  { id: 'admin.one', name: 'Robin Admin', roles: ['admin'] },
];

/** The role's name as the pages say it. */
export const ROLE_NAMES: Readonly<Record<Role, string>> = {
  caseworker: 'Caseworker',
  'team-leader': 'Team leader',
  analyst: 'Analyst',
  contractor: 'Contractor',
  admin: 'Administrator',
};

/** The local caseworkers' specialisms and areas, for allocation suggestions (synthetic). */
export const LOCAL_STAFF_PROFILES: readonly StaffProfile[] = [
  {
    id: 'caseworker.one',
    name: 'Alex Example',
    specialisms: ['restorative-justice'],
    areas: ['leicester-city-centre', 'leicester-east', 'leicester-west', 'leicester-south'],
  },
  {
    id: 'caseworker.two',
    name: 'Sam Sample',
    specialisms: ['children-and-young-people'],
    areas: ['melton', 'harborough', 'rutland', 'oadby-and-wigston'],
  },
  {
    id: 'caseworker.three',
    name: 'Kit Instance',
    specialisms: [],
    areas: ['blaby', 'charnwood', 'hinckley-and-bosworth', 'north-west-leicestershire'],
  },
];

/** The local system's staff directory: the synthetic caseworkers above. */
export const localStaffDirectory: StaffDirectory = {
  caseworkers: async () => [...LOCAL_STAFF_PROFILES],
};
