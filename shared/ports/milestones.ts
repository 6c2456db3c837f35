import type { Milestone, NewMilestone } from '../domain/milestone.ts';

/** A case's criminal justice milestones and their re-engagement (docs/data-model.md: milestone). */
export interface MilestoneStore {
  /**
   * Records the milestone as the case's next number (1, 2, …; TooManyMilestonesError past the last). The same
   * form sent again (a milestoneId the case already has, even at the same moment) records nothing and gives
   * back the milestone as first recorded.
   */
  record(milestone: NewMilestone): Promise<{ milestone: Milestone; result: 'recorded' | 'already-recorded' }>;
  get(caseId: string, number: number): Promise<Milestone | undefined>;
  /** A case's milestones in the order recorded. */
  listForCase(caseId: string): Promise<Milestone[]>;
  /**
   * Marks the milestone withdrawn (MilestoneNotFoundError if the case has no such milestone); withdrawing it
   * again keeps the first withdrawal and gives the milestone back as it stands.
   */
  withdraw(
    caseId: string,
    number: number,
    withdrawn: NonNullable<Milestone['withdrawn']>,
  ): Promise<Milestone>;
}
