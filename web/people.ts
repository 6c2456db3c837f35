import type { StaffProfile } from '../shared/domain/allocation.ts';
import type { Role } from '../shared/domain/roles.ts';
import type { StaffDirectory } from '../shared/ports/staff-directory.ts';

/** A person signed in: their id (as the task queue records it), name and roles. */
export interface Person {
  readonly id: string;
  readonly name: string;
  readonly roles: readonly Role[];
  /** Where a referral they make is answered (a target-hardening referrer's address); absent if unknown. */
  readonly email?: string;
  /** Their user name in the user pool (AWS), by which the web app checks their roles again. */
  readonly username?: string;
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
  { id: 'volunteer.one', name: 'Val Volunteer', roles: ['volunteer'] },
];

/**
 * The local caseworkers' specialisms, areas, experience and the equality answers they chose to record, for
 * allocation suggestions (synthetic).
 */
export const LOCAL_STAFF_PROFILES: readonly StaffProfile[] = [
  {
    id: 'caseworker.one',
    name: 'Alex Example',
    specialisms: ['restorative-justice'],
    areas: ['leicester-city-centre', 'leicester-east', 'leicester-west', 'leicester-south'],
    experienced: true,
  },
  {
    id: 'caseworker.two',
    name: 'Sam Sample',
    specialisms: ['children-and-young-people'],
    areas: ['melton', 'harborough', 'rutland', 'oadby-and-wigston'],
    equality: { sex: 'female' },
  },
  {
    id: 'caseworker.three',
    name: 'Kit Instance',
    specialisms: [],
    areas: ['blaby', 'charnwood', 'hinckley-and-bosworth', 'north-west-leicestershire'],
  },
];

/** The local system's staff directory: the synthetic caseworkers above, the local volunteers and team leaders. */
export const localStaffDirectory: StaffDirectory = {
  caseworkers: async () => [...LOCAL_STAFF_PROFILES],
  volunteers: async () =>
    LOCAL_PEOPLE.filter((p) => p.roles.includes('volunteer')).map(({ id, name }) => ({ id, name })),
  teamLeaders: async () =>
    LOCAL_PEOPLE.filter((p) => p.roles.includes('team-leader')).map(({ id, name }) => ({ id, name })),
};
