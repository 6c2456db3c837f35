import type { OffenceCategory } from './referral-codes.ts';

/**
 * Offences for which restorative justice is offered only as an exception a team leader approves
 * (docs/service-rules.md, rule 10): sexual violence and child sexual exploitation, domestic violence, human
 * trafficking, stalking, and cases resulting in death.
 */
export const RJ_EXCEPTED_OFFENCES: readonly OffenceCategory[] = [
  'sexual-offence',
  'domestic-abuse',
  'modern-slavery',
  'stalking-harassment',
  'homicide',
];

export type RjStatus = 'referred' | 'awaiting-approval' | 'approved' | 'not-approved';

/** Why restorative justice cannot be offered at all. */
export class RjNotPossibleError extends Error {
  override name = 'RjNotPossibleError';
}

/**
 * What follows a victim's request for restorative justice: it is victim-initiated, and only possible when
 * the offender has admitted guilt; for an excepted offence it waits for a team leader's approval.
 */
export function rjOnRequest(offence: OffenceCategory, offenderAdmittedGuilt: boolean): RjStatus {
  if (!offenderAdmittedGuilt) {
    throw new RjNotPossibleError('restorative justice needs the offender to have admitted guilt');
  }
  return RJ_EXCEPTED_OFFENCES.includes(offence) ? 'awaiting-approval' : 'referred';
}
