import * as z from 'zod';
import { type ContactPlan, planContactPath } from '../../../shared/domain/contact-plan.ts';
import { lambdaHandler } from '../../lambda-handler.ts';
import { logger } from '../../logger.ts';
import { CaseNotFoundError, type ContactDeps, stepInput } from '../contact-deps.ts';

const Input = z.object({ caseId: z.string().min(1) });

/** First step of every contact path: deadlines, call slots, visit slots and safe channels, in code. */
export function createPlanContactPath(deps: ContactDeps) {
  return lambdaHandler(async (payload: unknown): Promise<ContactPlan> => {
    const { caseId } = stepInput(Input, payload);
    const opened = await deps.store.getCase(caseId);
    if (!opened) throw new CaseNotFoundError(`case ${caseId} does not exist`);
    const plan = planContactPath(opened, deps.clock.now());
    logger.info('contact path planned', { caseId, path: plan.path, callsFit: plan.callsFitBeforeDeadline });
    return plan;
  });
}
