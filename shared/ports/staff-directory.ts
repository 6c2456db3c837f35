import type { StaffProfile } from '../domain/allocation.ts';

/** The caseworkers a team leader can allocate work to, with their specialisms and areas. */
export interface StaffDirectory {
  caseworkers(): Promise<StaffProfile[]>;
}
