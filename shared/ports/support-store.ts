import type { CaseSupport, RecordedAssessment, RjRecord } from '../domain/case-support.ts';
import type { PlanAction } from '../domain/support-plan.ts';

export interface SupportStore {
  getSupport(caseId: string): Promise<CaseSupport>;
  /** Records (or revises) an assessment; refused once the case is closed. */
  saveAssessment(caseId: string, recorded: RecordedAssessment): Promise<void>;
  /**
   * Adds the action to the plan once: an action whose id the case already has (the same form sent again,
   * even at the same moment) is `already-added` and changes nothing. Refused once the case is closed.
   */
  addPlanAction(caseId: string, action: PlanAction): Promise<'added' | 'already-added'>;
  /** Records the victim's request (once); refused once the case is closed. */
  requestRestorativeJustice(caseId: string, record: RjRecord): Promise<void>;
  /** A team leader's decision on a request awaiting approval (once). */
  decideRestorativeJustice(caseId: string, approved: boolean, by: string, at: Date): Promise<void>;
  /** Closes the case's support: needs the closing assessment; closing twice is refused. */
  closeSupport(caseId: string, by: string, at: Date): Promise<void>;
}
