import type { LocalDate } from './calendar.ts';
import type { Referral } from './referral.ts';

/** Why a victim is enhanced (docs/service-rules.md, rule 4). */
export type EnhancedReason = 'victims-code-enhanced' | 'high-risk' | 'under-18';

/** Queue priority: 1 is answered first. */
export type Priority = 1 | 2 | 3;

export interface Triage {
  readonly enhanced: boolean;
  readonly enhancedReasons: readonly EnhancedReason[];
  readonly priority: Priority;
  readonly childOrYoungPerson: boolean;
}

/** The victim's age in whole years on a local date, from date of birth or the stated age. */
export function ageOn(victim: Referral['victim'], date: LocalDate): number | undefined {
  if (victim.dateOfBirth) {
    const [by, bm, bd] = victim.dateOfBirth.split('-').map(Number) as [number, number, number];
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
  }
  return victim.age;
}

/**
 * Triage at intake. Enhanced: Victims' Code enhanced rights, high risk, or under 18 → telephone within
 * 24 hours and first place in the queue (docs/service-rules.md, rule 4). Otherwise medium risk, a
 * vulnerability or a repeat victim comes before the rest.
 */
export function triage(referral: Referral, receivedOn: LocalDate, repeatVictim: boolean): Triage {
  const reasons: EnhancedReason[] = [];
  if (referral.enhancedCategory) reasons.push('victims-code-enhanced');
  if (referral.risk === 'high') reasons.push('high-risk');
  const age = ageOn(referral.victim, receivedOn);
  const childOrYoungPerson = age !== undefined && age < 18;
  if (childOrYoungPerson) reasons.push('under-18');
  const enhanced = reasons.length > 0;
  const elevated = referral.risk === 'medium' || referral.vulnerabilities.length > 0 || repeatVictim;
  return {
    enhanced,
    enhancedReasons: reasons,
    priority: enhanced ? 1 : elevated ? 2 : 3,
    childOrYoungPerson,
  };
}
