import type { CaseOwners } from '../../shared/ports/case-owners.ts';
import type { CaseStore } from '../../shared/ports/case-store.ts';
import type { Clock } from '../../shared/ports/clock.ts';
import type { SupportStore } from '../../shared/ports/support-store.ts';
import type { TaskStore } from '../../shared/ports/task-store.ts';
import type { OperationsMetrics } from '../operations-metrics.ts';

/** What the contact-path functions are given: built once per cold start in AWS, once per process locally. */
export interface ContactDeps {
  readonly store: CaseStore;
  readonly tasks: TaskStore;
  readonly clock: Clock;
  /**
   * Who owns each case: a path ending in further support lists its case as waiting for allocation; one
   * ending otherwise takes a case allocated early off its owner's caseload.
   */
  readonly owners?: Pick<CaseOwners, 'awaitAllocation' | 'markClosed' | 'getOwner'>;
  /**
   * A case's support: a path ending initial contact only, declined, not contactable or passed to another
   * service closes its case (record-case-event needs it then).
   */
  readonly support?: Pick<SupportStore, 'closeSupport' | 'getSupport'>;
  /** Counts for the operations alarms (AWS only; the local system counts nothing). */
  readonly metrics?: OperationsMetrics;
}

/** The case the step names does not exist: a workflow started for a case that was never opened. */
export class CaseNotFoundError extends Error {
  override name = 'CaseNotFoundError';
}

/** A step's payload was not what the state machine should send: a defect, not a retryable fault. */
export class InvalidStepInputError extends Error {
  override name = 'InvalidStepInputError';
}

/** Parses a step's payload with its schema, naming the fields that are wrong. */
export function stepInput<T>(
  schema: {
    safeParse(
      v: unknown,
    ):
      | { success: true; data: T }
      | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } };
  },
  payload: unknown,
): T {
  const result = schema.safeParse(payload);
  if (result.success) return result.data;
  throw new InvalidStepInputError(
    result.error.issues
      .map((issue) => `${issue.path.map(String).join('.') || 'payload'} ${issue.message}`)
      .join('; '),
  );
}
