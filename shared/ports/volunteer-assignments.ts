import type { VolunteerAssignment } from '../domain/volunteering.ts';

/**
 * Which volunteers have which cases (docs/data-model.md: volunteer assignment): the assignment under its
 * case, and the volunteer's own list of cases, written together. Read by key or by one query, never a Scan.
 */
export interface VolunteerAssignments {
  /**
   * Gives the case to the volunteer. A volunteer who has the case already is `already-assigned`, answered
   * with the assignment kept (the same form sent again finds its own, by `assignmentId`); one whose earlier
   * assignment ended is assigned again.
   */
  assign(
    assignment: Omit<VolunteerAssignment, 'ended'>,
  ): Promise<{ readonly status: 'assigned' | 'already-assigned'; readonly assignment: VolunteerAssignment }>;
  /**
   * Ends the assignment `assignmentId` of the volunteer on the case: it leaves the volunteer's list and is
   * kept, ended. Ended again it changes nothing and answers as ended first (`already-ended`); an assignment
   * the case does not have now (never made, or replaced by a later one) is `not-found`.
   */
  end(
    caseId: string,
    volunteer: string,
    assignmentId: string,
    ended: NonNullable<VolunteerAssignment['ended']>,
  ): Promise<
    | { readonly status: 'ended' | 'already-ended'; readonly assignment: VolunteerAssignment }
    | { readonly status: 'not-found' }
  >;
  /** Whether the volunteer has the case now (one read by key: asked on every request of a volunteer). */
  isAssigned(caseId: string, volunteer: string): Promise<boolean>;
  /** The case's volunteers now, the earliest assigned first. */
  forCase(caseId: string): Promise<VolunteerAssignment[]>;
  /** The cases the volunteer has now, the earliest assigned first. */
  forVolunteer(volunteer: string): Promise<VolunteerAssignment[]>;
}
