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
  | 'rj:approve';

const GRANTS: Readonly<Record<Role, readonly Permission[]>> = {
  caseworker: ['tasks:work', 'cases:read', 'cases:change'],
  'team-leader': [
    'tasks:work',
    'queue:team-leaders',
    'cases:read',
    'cases:change',
    'tasks:allocate',
    'rj:approve',
  ],
  // Returns to the commissioner from aggregates (issue 7); no victim's case.
  analyst: [],
  // Target-hardening jobs only (issue 6); never a Victim First case.
  contractor: [],
  // Runs the service's settings; a case is opened by the people working it.
  admin: [],
};

/** Whether any of the roles grants the permission. */
export function may(roles: readonly Role[], permission: Permission): boolean {
  return roles.some((role) => GRANTS[role].includes(permission));
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
}

/**
 * The people of the local system: synthetic, clearly fictional, one or two per role. In AWS people come from
 * the Cognito user pool (their groups are their roles); this list exists only on one machine.
 */
export const LOCAL_PEOPLE: readonly Person[] = [
  { id: 'caseworker.one', name: 'Alex Example', roles: ['caseworker'] },
  { id: 'caseworker.two', name: 'Sam Sample', roles: ['caseworker'] },
  { id: 'caseworker.three', name: 'Kit Instance', roles: ['caseworker'] },
  { id: 'team.leader', name: 'Jo Specimen', roles: ['team-leader'] },
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
