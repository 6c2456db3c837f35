import * as z from 'zod';

/**
 * The commissioner's oversight of target hardening (docs/target-hardening.md, "Guarantees, work outside the
 * contract and inspections"): guarantees the contractor gives for works and products, and a victim's request
 * for work outside the contract, each recorded by the contractor on a visited job and agreed or refused by
 * the commissioner's office (the analyst); and inspections of completed works, a sample the analyst chooses,
 * each with its finding.
 */

export const GUARANTEE_COVERS = ['works', 'products'] as const;

const words = (max: number) =>
  z
    .string({ error: 'is required' })
    .trim()
    .min(1, 'is required')
    .max(max, `must be at most ${max} characters`);

export const GuaranteeSchema = z.strictObject({
  kind: z.literal('guarantee'),
  covers: z.enum(GUARANTEE_COVERS, { error: 'must be works or products' }),
  /** What is guaranteed: the works done, or a product by name. */
  what: words(200),
  months: z
    .int({ error: 'must be a whole number of months' })
    .min(1, 'must be at least 1 month')
    .max(120, 'must be at most 120 months'),
});

export const ExtraWorkSchema = z.strictObject({
  kind: z.literal('extra-work'),
  /** What the victim asked for that the contract does not cover. */
  description: words(1000),
  /** The contractor's estimate, in pence: up to £5,000. */
  estimatePence: z
    .int({ error: 'must be a whole number of pence' })
    .min(1, 'must be more than £0')
    .max(500_000, 'must be at most £5,000.00'),
});

export const ContractorRequestSchema = z.discriminatedUnion('kind', [GuaranteeSchema, ExtraWorkSchema], {
  error: 'must be guarantee or extra-work',
});
export type ContractorRequestDetails = z.output<typeof ContractorRequestSchema>;

export const DECISION_OUTCOMES = ['agreed', 'refused'] as const;

/** The commissioner's office's answer: agreed, or refused with its reason. */
export const DecisionSchema = z
  .strictObject({
    outcome: z.enum(DECISION_OUTCOMES, { error: 'must be agreed or refused' }),
    reason: z.string().trim().max(1000, 'must be at most 1000 characters').optional(),
  })
  .superRefine((decision, ctx) => {
    if (decision.outcome === 'refused' && !decision.reason)
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'is required when refusing' });
  });
export type DecisionInput = z.output<typeof DecisionSchema>;

export interface Decision extends DecisionInput {
  readonly by: string;
  readonly at: Date;
}

/** A guarantee or a request for work outside the contract, as kept. */
export interface ContractorRequest {
  /** The form's key (shared/domain/form-key.ts): the same form sent twice records once. */
  readonly requestId: string;
  readonly jobId: string;
  readonly details: ContractorRequestDetails;
  readonly recordedBy: string;
  readonly recordedAt: Date;
  readonly decision?: Decision;
}

export const INSPECTION_RESULTS = ['satisfactory', 'remedial-work-needed', 'unsatisfactory'] as const;
export type InspectionResult = (typeof INSPECTION_RESULTS)[number];

export const FindingSchema = z.strictObject({
  result: z.enum(INSPECTION_RESULTS, {
    error: 'must be satisfactory, remedial-work-needed or unsatisfactory',
  }),
  notes: z.string().trim().max(2000, 'must be at most 2000 characters').optional(),
});

export interface Finding extends z.output<typeof FindingSchema> {
  readonly by: string;
  readonly at: Date;
}

/** A completed job chosen for inspection, and the inspection's finding once recorded. */
export interface Inspection {
  readonly jobId: string;
  readonly chosenBy: string;
  readonly chosenAt: Date;
  readonly finding?: Finding;
}

/** The same answer again (a form sent twice): the same outcome, words and person. */
export const sameDecision = (a: Decision, b: Decision) =>
  a.outcome === b.outcome && (a.reason ?? '') === (b.reason ?? '') && a.by === b.by;

export const sameFinding = (a: Finding, b: Finding) =>
  a.result === b.result && (a.notes ?? '') === (b.notes ?? '') && a.by === b.by;

/** What cannot be done as asked: decided already, not chosen for inspection, not found. Nothing was written. */
export class OversightRefusedError extends Error {
  override name = 'OversightRefusedError';
}
