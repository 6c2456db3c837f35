import * as z from 'zod';
import { gatherReturnInputs, type ReturnSources } from '../../../shared/application/gather-return-inputs.ts';
import { type RaisePlanDeps, raiseImprovementPlans } from '../../../shared/application/improvement-plans.ts';
import { computeReturn } from '../../../shared/domain/reporting/compute.ts';
import {
  InvalidQuarterError,
  parseQuarter,
  previousQuarter,
  type Quarter,
  quarterOf,
} from '../../../shared/domain/reporting/quarters.ts';
import { RETURN_FORMATS, type ReturnFormat } from '../../../shared/domain/reporting/return-formats.ts';
import type { Clock } from '../../../shared/ports/clock.ts';
import type { ReturnStore } from '../../../shared/ports/return-store.ts';
import { renderReturn } from '../../../shared/rendering/reporting/render-return.ts';
import { lambdaHandler } from '../../lambda-handler.ts';
import { logger } from '../../logger.ts';

export interface ProduceQuarterlyReturnDeps {
  /** The case store, support, the contact log and target hardening, read only. */
  readonly sources: ReturnSources;
  readonly returns: Pick<ReturnStore, 'put'>;
  readonly clock: Clock;
  /** Raises an improvement plan and its task for each target the return shows missed; without it, none. */
  readonly plans?: RaisePlanDeps;
  /** The year's target-hardening product budget the return reports spend against (TH_PRODUCT_BUDGET_PENCE). */
  readonly productBudgetPence: number;
}

/** The schedule's input, or an operator's re-run of one quarter (`{ "quarter": "2026/27-Q2" }`). */
const Input = z.object({
  /** EventBridge Scheduler's `<aws.scheduler.scheduled-time>`: the run's quarter even when delivered late. */
  scheduledTime: z.iso.datetime({ offset: true }).optional(),
  quarter: z.string().optional(),
});

/** The input is not a schedule's nor a re-run's: names the field. */
export class InvalidReturnRequestError extends Error {
  override name = 'InvalidReturnRequestError';
}

/** A return asked for a quarter that has not ended: its figures would not be the quarter's. */
export class QuarterNotEndedError extends Error {
  override name = 'QuarterNotEndedError';
}

export interface ProduceQuarterlyReturnResult {
  readonly status: 'stored';
  readonly quarter: string;
  readonly formats: readonly ReturnFormat[];
  readonly measures: number;
}

function quarterAsked(asked: string): Quarter {
  try {
    return parseQuarter(asked);
  } catch (error) {
    if (error instanceof InvalidQuarterError) throw new InvalidReturnRequestError(`quarter ${error.message}`);
    throw error;
  }
}

/**
 * Produces the commissioner's quarterly return (docs/reporting.md) and stores it in every format. Scheduled
 * at 06:00 on the first day of each quarter, it makes the return of the quarter before; an operator may ask
 * for any quarter that has ended. Running it again stores the same figures over the same objects.
 */
export function createProduceQuarterlyReturn(deps: ProduceQuarterlyReturnDeps) {
  return lambdaHandler(async (payload: unknown): Promise<ProduceQuarterlyReturnResult> => {
    const parsed = Input.safeParse(payload ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new InvalidReturnRequestError(
        `${issue?.path.map(String).join('.') || 'input'} ${issue?.message ?? 'is not valid'}`,
      );
    }
    const { quarter: asked, scheduledTime } = parsed.data;
    const now = deps.clock.now();
    const quarter =
      asked === undefined
        ? previousQuarter(quarterOf(scheduledTime ? new Date(scheduledTime) : now))
        : quarterAsked(asked);
    if (quarter.to.getTime() > now.getTime())
      throw new QuarterNotEndedError(
        `quarter ${quarter.name} has not ended: its return can be made from ${quarter.to.toISOString()}`,
      );
    const report = computeReturn(
      await gatherReturnInputs(deps.sources, quarter, deps.productBudgetPence, now),
    );
    for (const format of RETURN_FORMATS)
      await deps.returns.put(report.quarter, format, await renderReturn(report, format));
    // After the return is stored: a plan raised twice (a re-run) is one plan and one task.
    const raised = deps.plans ? await raiseImprovementPlans(report, now, deps.plans) : [];
    logger.info('quarterly return stored', {
      quarter: report.quarter,
      formats: RETURN_FORMATS,
      measures: report.measures.length,
      improvementPlans: raised.map((plan) => plan.planId),
    });
    return {
      status: 'stored',
      quarter: report.quarter,
      formats: RETURN_FORMATS,
      measures: report.measures.length,
    };
  });
}
