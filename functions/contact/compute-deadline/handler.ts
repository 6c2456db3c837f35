import { systemClock } from '../../../shared/adapters/system-clock.ts';
import { createComputeDeadline } from './compute-deadline.ts';

export const handler = createComputeDeadline(systemClock);
