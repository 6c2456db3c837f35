import { localDateOf } from '../domain/calendar.ts';
import {
  dependencyCheckAt,
  MAX_PLAN_ACTIONS,
  MAX_REVIEWS,
  nextReassessment,
  nextReviewProblem,
  planReviewOf,
  reassessmentMark,
  reviewInstant,
} from '../domain/long-cases.ts';
import type { Task } from '../domain/task.ts';
import type { CaseOwners } from '../ports/case-owners.ts';
import type { CaseStore } from '../ports/case-store.ts';
import type { CaseChecks, SupportReviews } from '../ports/workflows.ts';

// Long cases (docs/service-rules.md, long cases): what completing a review or a reassessment starts next,
// and the checks a case's allocation starts. Every start is an execution named by what it is for, so a
// retry starts nothing twice.

export interface LongCaseDeps {
  /** Starts a plan action's next review. */
  readonly reviews?: SupportReviews;
  /** Starts a long case's reassessments and its dependency check. */
  readonly caseChecks?: CaseChecks;
  readonly store: Pick<CaseStore, 'getCase'>;
}

/**
 * What is wrong with a task's outcome beyond its shape, checked before anything is written: a plan review
 * other than done needs its next review date, after today and within three months, and somewhere to start it.
 */
export function outcomeProblems(
  task: Pick<Task, 'type'>,
  given: object,
  now: Date,
  deps: Pick<LongCaseDeps, 'reviews'>,
): Array<{ field: string; message: string }> {
  const outcome = given as { outcome?: string; nextReviewAt?: string };
  if (task.type !== 'plan-review' || outcome.outcome === undefined) return [];
  const problem = nextReviewProblem(
    { outcome: outcome.outcome, nextReviewAt: outcome.nextReviewAt },
    localDateOf(now),
  );
  if (problem) return [problem];
  // Where nothing can start a review (deps without a support-review machine), none is promised.
  if (outcome.nextReviewAt !== undefined && !deps.reviews)
    return [{ field: 'nextReviewAt', message: 'can only be set in the web app' }];
  return [];
}

/**
 * After a task is completed: a plan review's next review starts (the same action, the next review number),
 * and a reassessment's next six-month mark. Both are harmless to repeat.
 */
export async function afterTaskCompleted(deps: LongCaseDeps, task: Task): Promise<void> {
  const outcome = task.outcome as { outcome?: string; nextReviewAt?: string } | undefined;
  if (task.type === 'plan-review' && outcome?.nextReviewAt && deps.reviews) {
    const { actionNumber, review } = planReviewOf(task.attempt);
    if (review >= MAX_REVIEWS || actionNumber > MAX_PLAN_ACTIONS) return;
    await deps.reviews.startSupportReview(
      task.caseId,
      actionNumber,
      reviewInstant(outcome.nextReviewAt),
      review + 1,
    );
  }
  if (task.type === 'reassessment' && deps.caseChecks) {
    const opened = await deps.store.getCase(task.caseId);
    if (!opened) return;
    const next = task.attempt + 1;
    await deps.caseChecks.startCaseCheck(
      task.caseId,
      'reassessment',
      next,
      reassessmentMark(opened.referral.receivedAt, next),
    );
  }
}

/**
 * A case allocated to a caseworker is in further support: its dependency check a month on, and its
 * reassessment at the next six-month mark since it was received (each raised only if the case is open then).
 */
export async function startLongCaseChecks(
  deps: LongCaseDeps,
  request: { caseId: string; allocatedAt: Date },
): Promise<void> {
  if (!deps.caseChecks) return;
  const opened = await deps.store.getCase(request.caseId);
  if (!opened) return;
  const received = opened.referral.receivedAt;
  const n = nextReassessment(received, request.allocatedAt);
  await deps.caseChecks.startCaseCheck(
    request.caseId,
    'dependency-check',
    1,
    dependencyCheckAt(request.allocatedAt),
  );
  await deps.caseChecks.startCaseCheck(request.caseId, 'reassessment', n, reassessmentMark(received, n));
}

/**
 * A contact logged on a case in support keeps its reassessments going: the reassessment at the next six-month
 * mark after `now` is started (harmless when it already is), so a reassessment missed is followed by the
 * next while the case is being worked. A case on nobody's caseload, or closed, starts none.
 */
export async function keepReassessing(
  deps: LongCaseDeps & { readonly owners: Pick<CaseOwners, 'getOwner'> },
  caseId: string,
  now: Date,
): Promise<void> {
  if (!deps.caseChecks) return;
  const owner = await deps.owners.getOwner(caseId);
  if (!owner?.owner || owner.closedAt) return;
  const opened = await deps.store.getCase(caseId);
  if (!opened) return;
  const received = opened.referral.receivedAt;
  const n = nextReassessment(received, now);
  await deps.caseChecks.startCaseCheck(caseId, 'reassessment', n, reassessmentMark(received, n));
}
