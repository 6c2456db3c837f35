import { DateTime } from 'luxon';
import { localDateOf, nthWorkingDayAfter, SERVICE_TIME_ZONE } from '../../shared/domain/calendar.ts';
import type { Random } from '../synthetic/random.ts';
import { keyedRandom } from './keyed-random.ts';

// When casework after first contact happens, and the keys its forms carry (local/simulation/aftercare.ts and
// casework-extras.ts).

/** An instant on a working day `days` after `from`, at a time of day between 09:00 and 16:45. */
export function workingTime(random: Random, from: number, days: number): number {
  const day = nthWorkingDayAfter(localDateOf(new Date(from)), days);
  const minutes = 9 * 60 + 15 * random.int(0, 31);
  return DateTime.fromISO(day, { zone: SERVICE_TIME_ZONE }).plus({ minutes }).toMillis();
}

/**
 * A UUID-shaped key (version 4, as a form's key: shared/domain/form-key.ts) drawn from the seed keyed on
 * `key`: the same form gets the same key in every run, so what it records is recorded once.
 */
export function formKey(seed: number, key: string): string {
  const random = keyedRandom(seed, key);
  const hex = (count: number) => Array.from({ length: count }, () => random.int(0, 15).toString(16)).join('');
  const variant = '89ab'[random.int(0, 3)] as string;
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${variant}${hex(3)}-${hex(12)}`;
}
