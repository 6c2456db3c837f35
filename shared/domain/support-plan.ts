import * as z from 'zod';
import { NEEDS_AREAS } from './assessment.ts';

const localDate = z.iso.date({ error: 'must be a real date' });

/**
 * One action of a support plan: what will be done, by whom, and when it is reviewed (docs/service-rules.md,
 * rule 8).
 */
export const PlanActionSchema = z.strictObject({
  area: z.enum(NEEDS_AREAS, { error: 'must be one of the nine areas' }),
  action: z.string().trim().min(1, 'is required').max(300, 'must be at most 300 characters'),
  owner: z.string().trim().min(1, 'is required').max(80, 'must be at most 80 characters'),
  /** The local date (Europe/London) the action is reviewed by. */
  reviewBy: localDate,
});
export type PlanActionInput = z.output<typeof PlanActionSchema>;

export interface PlanAction extends PlanActionInput {
  /** The plan form's idempotency key (form-key.ts): the same form sent again adds the action once. */
  readonly actionId: string;
  readonly addedBy: string;
  readonly addedAt: Date;
}

/** The action is not valid; each field says why. */
export class InvalidPlanActionError extends Error {
  override name = 'InvalidPlanActionError';
  constructor(readonly errors: ReadonlyArray<{ field: string; message: string }>) {
    super(`the action is not valid: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`);
  }
}

/** Validates an action, naming each bad field; a review date before today is refused. */
export function validatePlanAction(input: unknown, today: string): PlanActionInput {
  const result = PlanActionSchema.safeParse(input);
  if (!result.success) {
    throw new InvalidPlanActionError(
      result.error.issues.map((issue) => ({
        field: issue.path.join('.') || 'action',
        message: issue.message,
      })),
    );
  }
  if (result.data.reviewBy < today) {
    throw new InvalidPlanActionError([{ field: 'reviewBy', message: 'must be today or later' }]);
  }
  return result.data;
}
