import type { Assessment } from '../domain/assessment.ts';
import type { RjStatus } from '../domain/restorative-justice.ts';
import type { PlanAction } from '../domain/support-plan.ts';

/** The victim's request for restorative justice and what became of it. */
export interface RjRecord {
  readonly status: RjStatus;
  readonly requestedBy: string;
  readonly requestedAt: Date;
  readonly decidedBy?: string;
  readonly decidedAt?: Date;
}

/** The request was already made, or the decision already taken (or not awaited). */
export class RjStateError extends Error {
  override name = 'RjStateError';
}

/** The first assessment, and the repeat before closure that measures distance travelled. */
export type AssessmentKind = 'initial' | 'closing';

export interface RecordedAssessment {
  readonly kind: AssessmentKind;
  readonly assessment: Assessment;
  readonly by: string;
  readonly at: Date;
}

/** A case's support after first contact: assessments, the plan, and its closure. */
export interface CaseSupport {
  readonly initial?: RecordedAssessment;
  readonly closing?: RecordedAssessment;
  /** In the order they were added. */
  readonly plan: readonly PlanAction[];
  readonly closed?: { readonly by: string; readonly at: Date };
  readonly restorativeJustice?: RjRecord;
}

/** Support cannot be changed once the case is closed, or closed without its closing assessment. */
export class SupportClosedError extends Error {
  override name = 'SupportClosedError';
}

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
