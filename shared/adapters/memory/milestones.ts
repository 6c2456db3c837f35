import {
  MILESTONES_PER_CASE_MAX,
  type Milestone,
  MilestoneNotFoundError,
  type NewMilestone,
  TooManyMilestonesError,
} from '../../domain/milestone.ts';
import type { MilestoneStore } from '../../ports/milestones.ts';
import { kept } from './kept.ts';

/**
 * A case's milestones in memory: the DynamoDB store's twin, held to the same contract
 * (test/contract/milestones.test.ts).
 */
export class InMemoryMilestoneStore implements MilestoneStore {
  private readonly milestones = new Map<string, Milestone[]>();

  async record(
    milestone: NewMilestone,
  ): Promise<{ milestone: Milestone; result: 'recorded' | 'already-recorded' }> {
    const copy = kept(milestone);
    const ofCase = this.milestones.get(milestone.caseId) ?? [];
    const earlier = ofCase.find((m) => m.milestoneId === milestone.milestoneId);
    if (earlier) return { milestone: kept(earlier), result: 'already-recorded' };
    const number = ofCase.length + 1;
    if (number > MILESTONES_PER_CASE_MAX)
      throw new TooManyMilestonesError(`case ${milestone.caseId} has ${MILESTONES_PER_CASE_MAX} milestones`);
    const recorded: Milestone = { ...copy, number };
    this.milestones.set(milestone.caseId, [...ofCase, recorded]);
    return { milestone: kept(recorded), result: 'recorded' };
  }

  async get(caseId: string, number: number): Promise<Milestone | undefined> {
    const found = this.milestones.get(caseId)?.find((m) => m.number === number);
    return found && kept(found);
  }

  async listForCase(caseId: string): Promise<Milestone[]> {
    return (this.milestones.get(caseId) ?? []).map(kept);
  }

  async withdraw(
    caseId: string,
    number: number,
    withdrawn: NonNullable<Milestone['withdrawn']>,
  ): Promise<Milestone> {
    const ofCase = this.milestones.get(caseId) ?? [];
    const index = ofCase.findIndex((m) => m.number === number);
    const found = ofCase[index];
    if (!found) throw new MilestoneNotFoundError(`case ${caseId} has no milestone ${number}`);
    if (found.withdrawn) return kept(found);
    const changed: Milestone = { ...found, withdrawn: kept(withdrawn) };
    ofCase[index] = changed;
    return kept(changed);
  }
}
