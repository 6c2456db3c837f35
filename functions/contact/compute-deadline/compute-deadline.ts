import * as z from 'zod';
import { dueWithinWorkingDays } from '../../../shared/domain/deadlines.ts';
import { lambdaHandler } from '../../lambda-handler.ts';
import { stepInput } from '../contact-deps.ts';

const Input = z.object({
  from: z.iso.datetime({ offset: true }),
  workingDays: z.int().min(1).max(30),
});

/**
 * "Within N working days" of an instant the workflow only learns as it runs (first contact, say): JSONata
 * knows no bank holidays, so the rule is computed here (docs/architecture.md, decisions) and returned with
 * the seconds left.
 */
export function createComputeDeadline(clock: { now(): Date }) {
  return lambdaHandler(async (payload: unknown): Promise<{ due: string; secondsLeft: number }> => {
    const input = stepInput(Input, payload);
    const due = dueWithinWorkingDays(new Date(input.from), input.workingDays);
    return {
      due: due.toISOString(),
      secondsLeft: Math.max(60, Math.floor((due.getTime() - clock.now().getTime()) / 1000)),
    };
  });
}
