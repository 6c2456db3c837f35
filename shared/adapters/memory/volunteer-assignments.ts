import type { VolunteerAssignment } from '../../domain/volunteering.ts';
import type { VolunteerAssignments } from '../../ports/volunteer-assignments.ts';
import { kept } from './kept.ts';

const byEarliest = (a: VolunteerAssignment, b: VolunteerAssignment) => a.at.getTime() - b.at.getTime();

/**
 * Volunteers' assignments in memory: the DynamoDB store's twin, held to the same contract
 * (test/contract/volunteer-assignments.test.ts).
 */
export class InMemoryVolunteerAssignments implements VolunteerAssignments {
  /** The last assignment of each volunteer on each case, by `caseId volunteer`. */
  private readonly assignments = new Map<string, VolunteerAssignment>();

  async assign(assignment: Omit<VolunteerAssignment, 'ended'>) {
    const key = `${assignment.caseId} ${assignment.volunteer}`;
    const current = this.assignments.get(key);
    if (current && !current.ended) return { status: 'already-assigned' as const, assignment: kept(current) };
    const copy = kept(assignment);
    this.assignments.set(key, copy);
    return { status: 'assigned' as const, assignment: kept(copy) };
  }

  async end(
    caseId: string,
    volunteer: string,
    assignmentId: string,
    ended: NonNullable<VolunteerAssignment['ended']>,
  ) {
    const key = `${caseId} ${volunteer}`;
    const current = this.assignments.get(key);
    if (!current || current.assignmentId !== assignmentId) return { status: 'not-found' as const };
    if (current.ended) return { status: 'already-ended' as const, assignment: kept(current) };
    const changed: VolunteerAssignment = { ...current, ended: kept(ended) };
    this.assignments.set(key, changed);
    return { status: 'ended' as const, assignment: kept(changed) };
  }

  async isAssigned(caseId: string, volunteer: string): Promise<boolean> {
    const current = this.assignments.get(`${caseId} ${volunteer}`);
    return current !== undefined && !current.ended;
  }

  async forCase(caseId: string): Promise<VolunteerAssignment[]> {
    return [...this.assignments.values()]
      .filter((a) => a.caseId === caseId && !a.ended)
      .sort(byEarliest)
      .map(kept);
  }

  async forVolunteer(volunteer: string): Promise<VolunteerAssignment[]> {
    return [...this.assignments.values()]
      .filter((a) => a.volunteer === volunteer && !a.ended)
      .sort(byEarliest)
      .map(kept);
  }
}
