import type { Assessment } from './assessment.ts';
import type { RjStatus } from './restorative-justice.ts';
import type { PlanAction } from './support-plan.ts';

// A case's support after first contact, as the support store keeps it (shared/ports/support-store.ts).

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
