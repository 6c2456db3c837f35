import type {
  CaseSupport,
  ClosureGiven,
  RecordedAssessment,
  Reopening,
  RjRecord,
} from '../domain/case-support.ts';
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
  /**
   * Closes the case's support, open or reopened, for the reason given. Support completed needs the closing
   * assessment; the other reasons do not. Without a reason it is support completed, kept as closures were
   * before reasons were asked for (read back with none: closureReasonOf). The same closure again (who, when,
   * reason) is answered as the first; any other closure of a closed case is refused (SupportClosedError).
   */
  closeSupport(caseId: string, by: string, at: Date, given?: ClosureGiven): Promise<void>;
  /**
   * Opens a closed case again, keeping its closures and reopenings in its history (`earlier`). The same
   * reopening again is answered as the first; a case that is not closed is refused (SupportOpenError).
   */
  reopen(caseId: string, reopening: Reopening): Promise<void>;
}
