import { systemClock } from '../../../shared/ports/clock.ts';
import { createComputeDeadline } from './compute-deadline.ts';

export const handler = createComputeDeadline(systemClock);
