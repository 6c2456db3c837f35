import type { NeedsArea, YoungPersonArea } from './assessment.ts';
import type { RecordedAssessment } from './case-support.ts';

/**
 * The quarterly return's eight outcome domains (Lot 1 section 7), in the return's order. Every area of both
 * needs assessments maps to one of them (AREA_DOMAINS), so distance travelled can be counted per domain
 * whichever form a victim was assessed on (docs/reporting.md, "Outcome domains").
 */
export const OUTCOME_DOMAINS = [
  'health-and-safety',
  'shelter-and-accommodation',
  'family-friends-and-children',
  'education-skills-and-employment',
  'social-interactions',
  'outlook-and-attitudes',
  'finance-and-benefits',
  'drugs-and-alcohol',
] as const;
export type OutcomeDomain = (typeof OUTCOME_DOMAINS)[number];

export const OUTCOME_DOMAIN_NAMES: Readonly<Record<OutcomeDomain, string>> = {
  'health-and-safety': 'Mental and physical health, including safety',
  'shelter-and-accommodation': 'Shelter and accommodation',
  'family-friends-and-children': 'Family, friends and children',
  'education-skills-and-employment': 'Education, skills and employment',
  'social-interactions': 'Social interactions',
  'outlook-and-attitudes': 'Outlook and attitudes',
  'finance-and-benefits': 'Finance and benefits',
  'drugs-and-alcohol': 'Drugs and alcohol',
};

/**
 * The one table of which domain each assessment area counts in: the adults' ten areas and the young
 * people's six. A domain no area of a form maps to (the young people's form asks nothing of shelter,
 * finance or drugs and alcohol) is not assessed on that form.
 */
export const AREA_DOMAINS: Readonly<Record<NeedsArea | YoungPersonArea, OutcomeDomain>> = {
  // The adults' needs assessment.
  'personal-safety': 'health-and-safety',
  'mental-health': 'health-and-safety',
  'physical-health': 'health-and-safety',
  accommodation: 'shelter-and-accommodation',
  'harmful-behaviours': 'drugs-and-alcohol',
  family: 'family-friends-and-children',
  'education-employment-training': 'education-skills-and-employment',
  'finance-benefits': 'finance-and-benefits',
  'outlook-attitude-beliefs': 'outlook-and-attitudes',
  'social-interactions': 'social-interactions',
  // The young people's needs assessment.
  'feeling-safe': 'health-and-safety',
  'health-wellbeing': 'health-and-safety',
  'home-family': 'family-friends-and-children',
  'school-college': 'education-skills-and-employment',
  'friends-relationships': 'social-interactions',
  'feelings-behaviour': 'outlook-and-attitudes',
};

/**
 * An assessment's score in each domain it covers: where several areas count in one domain, the lowest of
 * their scores (the greatest need), so a domain is never better than its worst area.
 */
export function domainScores(recorded: RecordedAssessment): Partial<Record<OutcomeDomain, number>> {
  const scores: Partial<Record<OutcomeDomain, number>> = {};
  for (const [area, { score }] of Object.entries(recorded.assessment) as [
    NeedsArea | YoungPersonArea,
    { score: number },
  ][]) {
    const domain = AREA_DOMAINS[area];
    scores[domain] = Math.min(scores[domain] ?? score, score);
  }
  return scores;
}

export type DomainMovement = 'improved' | 'unchanged' | 'worse';

/**
 * How each domain moved from the first assessment to the closing one (a higher score is less need):
 * only the domains both assessments cover.
 */
export function domainMovements(
  first: RecordedAssessment,
  closing: RecordedAssessment,
): Partial<Record<OutcomeDomain, DomainMovement>> {
  const before = domainScores(first);
  const after = domainScores(closing);
  const moved: Partial<Record<OutcomeDomain, DomainMovement>> = {};
  for (const domain of OUTCOME_DOMAINS) {
    const a = before[domain];
    const b = after[domain];
    if (a === undefined || b === undefined) continue;
    moved[domain] = b > a ? 'improved' : b < a ? 'worse' : 'unchanged';
  }
  return moved;
}
