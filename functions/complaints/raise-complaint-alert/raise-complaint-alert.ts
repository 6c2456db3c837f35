import * as z from 'zod';
import { raiseComplaintAlert } from '../../../shared/application/complaints.ts';
import { COMPLAINT_ALERTS, isComplaintId } from '../../../shared/domain/complaints.ts';
import type { Clock } from '../../../shared/ports/clock.ts';
import type { ComplaintStore } from '../../../shared/ports/complaints.ts';
import { stepInput } from '../../contact/contact-deps.ts';
import { lambdaHandler } from '../../lambda-handler.ts';
import { logger } from '../../logger.ts';

export interface RaiseComplaintAlertDeps {
  readonly complaints: Pick<ComplaintStore, 'get' | 'raiseAlert'>;
  readonly clock: Clock;
}

const Input = z.object({
  complaintId: z.string().refine(isComplaintId, 'is not a complaint id'),
  alert: z.enum(COMPLAINT_ALERTS),
});

/**
 * The complaint clock's step (workflows/complaint-clock): raises the warning or breach on the complaint when
 * its stage is not done (once, whatever the retries), and tells the clock when the complaint is closed.
 */
export function createRaiseComplaintAlert(deps: RaiseComplaintAlertDeps) {
  return lambdaHandler(async (payload: unknown) => {
    const input = stepInput(Input, payload);
    const outcome = await raiseComplaintAlert(
      deps.complaints,
      input.complaintId,
      input.alert,
      deps.clock.now(),
    );
    logger.info('complaint clock', { complaintId: input.complaintId, alert: input.alert, outcome });
    return { outcome };
  });
}
