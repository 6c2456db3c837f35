import type { Agency, NewAgency } from '../domain/agencies.ts';

/** The kept list of agencies onward referrals go to (shared/domain/agencies.ts). */
export interface AgencyList {
  /** Every agency, retired ones too, by name. */
  listAgencies(): Promise<Agency[]>;
  getAgency(agencyId: string): Promise<Agency | undefined>;
  /**
   * Adds an active agency once: an id the list has already is `already-added` (the same form sent again);
   * a name another agency has is refused (AgencyNameTakenError). Both checks are the write's conditions.
   */
  addAgency(agency: NewAgency, by: string, at: Date): Promise<'added' | 'already-added'>;
  /** Renames an agency (past referrals are then counted under the new name); a name taken is refused. */
  renameAgency(agencyId: string, name: string, by: string, at: Date): Promise<void>;
  /** Retires an agency (no longer offered) or brings it back. */
  setActive(agencyId: string, active: boolean, by: string, at: Date): Promise<void>;
  /**
   * Writes a seed list into the list once per seed version: agencies already there (by id or name) are
   * left as the administrator made them. Safe to run at every start.
   */
  seed(version: string, agencies: readonly NewAgency[], at: Date): Promise<'seeded' | 'already-seeded'>;
}
