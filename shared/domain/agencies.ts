/**
 * The services Victim First refers victims on to (onward referrals), kept as a list an administrator edits.
 * A caseworker chooses from it, so what reaches the commissioner's return is a kept name, never typed text
 * (docs/reporting.md, docs/web-app.md).
 */

/** An agency as the list keeps it; a retired one stays (past referrals name it) but is no longer offered. */
export interface Agency {
  /** A seeded agency's slug (`living-without-abuse`), or the add form's idempotency key. */
  readonly agencyId: string;
  readonly name: string;
  readonly active: boolean;
}

/** An agency to seed or add: its id and name (active). */
export type NewAgency = Pick<Agency, 'agencyId' | 'name'>;

/**
 * The Leicester, Leicestershire and Rutland services the list starts with: public organisations' names
 * only. Written once into a new table (local system and AWS alike); after that the administrator's list is
 * the list, and a retired or renamed seed is never written back.
 */
export const LLR_AGENCIES: readonly NewAgency[] = [
  { agencyId: 'living-without-abuse', name: 'Living Without Abuse' },
  { agencyId: 'juniper-lodge', name: 'Juniper Lodge' },
  { agencyId: 'freeva', name: 'FreeVA' },
  { agencyId: 'womens-aid-leicestershire', name: "Women's Aid Leicestershire" },
  { agencyId: 'leicestershire-police', name: 'Leicestershire Police' },
  { agencyId: 'citizens-advice-leicestershire', name: 'Citizens Advice LeicesterShire' },
  { agencyId: 'turning-point', name: 'Turning Point' },
  { agencyId: 'leicester-city-council', name: 'Leicester City Council' },
  { agencyId: 'leicestershire-county-council', name: 'Leicestershire County Council' },
  { agencyId: 'rutland-county-council', name: 'Rutland County Council' },
  { agencyId: 'samaritans', name: 'Samaritans' },
  { agencyId: 'victim-support-national', name: 'Victim Support (national)' },
];

/** The seed's version: a later list would be a new version, written beside what administrators made. */
export const LLR_AGENCIES_SEED = 'llr-1';

/** The longest name the list keeps (the return's labels and the select stay readable). */
export const AGENCY_NAME_MAX = 80;

// A slug or a UUID: what the seed and the add form make. Anything else names no agency.
const AGENCY_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** Whether a posted value could be an agency's id (a key, never a database error). */
export function isAgencyId(value: unknown): value is string {
  return typeof value === 'string' && AGENCY_ID.test(value);
}

/** The name as the list keeps it: spaces trimmed and runs of them made one. */
export function agencyNameOf(typed: string): string {
  return typed.trim().replace(/\s+/g, ' ');
}

/** Two names that differ only in case or spacing are the same agency. */
export function sameAgencyName(name: string): string {
  return agencyNameOf(name).toLocaleLowerCase('en-GB');
}

/** What is wrong with a name for the list, if anything (markup and formulas are refused outright). */
export function agencyNameProblem(typed: string): string | undefined {
  const name = agencyNameOf(typed);
  if (!name) return 'Enter the agency’s name';
  if (name.length > AGENCY_NAME_MAX) return `The agency’s name must be at most ${AGENCY_NAME_MAX} characters`;
  if (/[<>]/.test(name) || /^[=+\-@]/.test(name))
    return 'The agency’s name must be letters, numbers and ordinary punctuation';
  return undefined;
}

/** Another agency on the list already has the name (names are compared ignoring case and spacing). */
export class AgencyNameTakenError extends Error {
  override name = 'AgencyNameTakenError';
}

/** No agency has the id. */
export class AgencyNotFoundError extends Error {
  override name = 'AgencyNotFoundError';
}
