/**
 * What a caseworker is trained for beyond the general role (allocation weighs specialism:
 * docs/service-rules.md, after first contact).
 */
export const SPECIALISMS = ['children-and-young-people', 'restorative-justice'] as const;
export type Specialism = (typeof SPECIALISMS)[number];

/** A member of staff as allocation sees them: who, what they specialise in, which areas they cover. */
export interface StaffProfile {
  readonly id: string;
  readonly name: string;
  readonly specialisms: readonly Specialism[];
  /** Neighbourhood Policing Areas they visit and know. */
  readonly areas: readonly string[];
}

/** What about the case matters for who takes it. */
export interface AllocationFacts {
  readonly area?: string | undefined;
  readonly enhanced: boolean;
  readonly childOrYoungPerson: boolean;
}

export interface AllocationSuggestion {
  readonly member: StaffProfile;
  readonly score: number;
  /** Open tasks assigned to them now. */
  readonly caseload: number;
  /** Why, in words a team leader reads: "covers Melton", "children and young people", "3 open tasks". */
  readonly reasons: readonly string[];
}

/**
 * Ranks caseworkers for a task: a child or young person goes first to a children-and-young-people
 * specialist, a local caseworker beats a distant one, and a lighter caseload counts — twice as much for an
 * enhanced victim, who must be called within 24 hours. Ties go to the lighter caseload, then the name.
 */
export function suggestAllocation(
  facts: AllocationFacts,
  staff: readonly StaffProfile[],
  caseloads: ReadonlyMap<string, number>,
  areaName: (area: string) => string = (area) => area,
): AllocationSuggestion[] {
  return staff
    .map((member) => {
      const caseload = caseloads.get(member.id) ?? 0;
      const reasons: string[] = [];
      let score = 0;
      if (facts.childOrYoungPerson && member.specialisms.includes('children-and-young-people')) {
        score += 4;
        reasons.push('children and young people specialist');
      }
      if (facts.area && member.areas.includes(facts.area)) {
        score += 3;
        reasons.push(`covers ${areaName(facts.area)}`);
      }
      score -= caseload * (facts.enhanced ? 2 : 1);
      reasons.push(caseload === 1 ? '1 open task' : `${caseload} open tasks`);
      return { member, score, caseload, reasons };
    })
    .sort(
      (a, b) => b.score - a.score || a.caseload - b.caseload || a.member.name.localeCompare(b.member.name),
    );
}
