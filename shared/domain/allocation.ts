import type { EqualityCharacteristic } from './referral-codes.ts';

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
  /** Experienced with enhanced and high-risk victims: such a case goes to them first. */
  readonly experienced?: boolean;
  /**
   * Their own equality answers, only those they chose to record, so a victim who asked for a caseworker
   * like them on a characteristic can be matched (never shown beyond the allocation's reasons).
   */
  readonly equality?: Readonly<Partial<Record<EqualityCharacteristic, string>>>;
}

/** What about the case matters for who takes it. */
export interface AllocationFacts {
  readonly area?: string | undefined;
  readonly enhanced: boolean;
  readonly childOrYoungPerson: boolean;
  /** An enhanced or high-risk victim whose case is allocated: to an experienced caseworker first. */
  readonly seriousRisk?: boolean;
  /** The victim asked for restorative justice: to a restorative-justice specialist first. */
  readonly restorativeJustice?: boolean;
  /**
   * The answers on which the victim asked for a caseworker like them (their referral's equality profile,
   * `caseworkerMatch`): only these are ever compared.
   */
  readonly equalityWanted?: Readonly<Partial<Record<EqualityCharacteristic, string>>>;
  /**
   * The caseworkers who had the victim's earlier closed cases, each with that case (the one closed last
   * first): for continuity, the first of them on the staff is suggested first.
   */
  readonly earlierCaseworkers?: ReadonlyArray<{ readonly user: string; readonly caseId: string }>;
}

export interface AllocationSuggestion {
  readonly member: StaffProfile;
  readonly score: number;
  /** They had the victim's earlier case: suggested first, whatever the score (continuity). */
  readonly continuity?: boolean;
  /** Open tasks assigned to them now, or their open cases (as the caller counted). */
  readonly caseload: number;
  /** Why, in words a team leader reads: "covers Melton", "children and young people", "3 open tasks". */
  readonly reasons: readonly string[];
}

/** What a caseload counts: the tasks assigned to each caseworker (a task), or the cases they own (a case). */
export type CaseloadUnit = 'open task' | 'open case';

/** A characteristic as the allocation's reasons say it. */
const CHARACTERISTIC_WORDS: Readonly<Record<EqualityCharacteristic, string>> = {
  sex: 'sex',
  genderReassignment: 'gender reassignment',
  disability: 'disability',
  ethnicity: 'ethnicity',
  religionOrBelief: 'religion or belief',
  sexualOrientation: 'sexual orientation',
  marriageOrCivilPartnership: 'marriage or civil partnership',
  pregnancyOrMaternity: 'pregnancy or maternity',
};

/** The answers the victim asked to be matched on, of those they gave (never "prefer not to say"). */
export function equalityWanted(equality: {
  readonly caseworkerMatch?: readonly EqualityCharacteristic[] | undefined;
  readonly [characteristic: string]: unknown;
}): Partial<Record<EqualityCharacteristic, string>> {
  const wanted: Partial<Record<EqualityCharacteristic, string>> = {};
  for (const characteristic of equality.caseworkerMatch ?? []) {
    const answer = equality[characteristic];
    if (typeof answer === 'string' && answer !== 'prefer-not-to-say') wanted[characteristic] = answer;
  }
  return wanted;
}

/**
 * Ranks caseworkers for a task or a case: a child or young person goes first to a children-and-young-people
 * specialist, a local caseworker beats a distant one, and a lighter caseload counts — twice as much for an
 * enhanced victim, who must be called within 24 hours. Allocating a case weighs besides (when its facts say
 * so): an experienced caseworker for an enhanced or high-risk victim, a restorative-justice specialist where
 * the victim asked for it, and a caseworker who has recorded the answer the victim asked to be matched on.
 * Ties go to the lighter caseload, then the name. Before all of these, for continuity, the caseworker who
 * had the victim's earlier case (the one closed last, of those on the staff) is suggested first — except
 * that a child or young person goes to a children-and-young-people specialist first whatever the scores
 * (their earlier caseworker first among the specialists).
 */
export function suggestAllocation(
  facts: AllocationFacts,
  staff: readonly StaffProfile[],
  caseloads: ReadonlyMap<string, number>,
  areaName: (area: string) => string = (area) => area,
  unit: CaseloadUnit = 'open task',
): AllocationSuggestion[] {
  // A child or young person goes to a children-and-young-people specialist first, whatever else weighs
  // (parallel provision: docs/service-rules.md, "Allocation"); among specialists the rest decides.
  const specialistFirst = (member: StaffProfile) =>
    Number(facts.childOrYoungPerson && member.specialisms.includes('children-and-young-people'));
  // Continuity among those who may come first: for a child with a specialist on the staff, a specialist.
  const specialistNeeded = staff.some((member) => specialistFirst(member) === 1);
  const earlier = facts.earlierCaseworkers?.find((e) =>
    staff.some((member) => member.id === e.user && (!specialistNeeded || specialistFirst(member) === 1)),
  );
  return staff
    .map((member) => {
      const caseload = caseloads.get(member.id) ?? 0;
      const reasons: string[] = [];
      let score = 0;
      const continuity = earlier?.user === member.id;
      if (continuity) reasons.push(`had the victim’s earlier case ${earlier.caseId}`);
      if (facts.seriousRisk && member.experienced) {
        score += 4;
        reasons.push('experienced with enhanced and high-risk victims');
      }
      if (facts.childOrYoungPerson && member.specialisms.includes('children-and-young-people')) {
        score += 4;
        reasons.push('children and young people specialist');
      }
      if (facts.restorativeJustice && member.specialisms.includes('restorative-justice')) {
        score += 3;
        reasons.push('restorative justice specialist');
      }
      for (const [characteristic, answer] of Object.entries(facts.equalityWanted ?? {})) {
        if (member.equality?.[characteristic as EqualityCharacteristic] !== answer) continue;
        score += 3;
        reasons.push(
          `same ${CHARACTERISTIC_WORDS[characteristic as EqualityCharacteristic]} as the victim asked for`,
        );
      }
      if (facts.area && member.areas.includes(facts.area)) {
        score += 3;
        reasons.push(`covers ${areaName(facts.area)}`);
      }
      score -= caseload * (facts.enhanced ? 2 : 1);
      reasons.push(caseload === 1 ? `1 ${unit}` : `${caseload} ${unit}s`);
      return { member, score, caseload, reasons, ...(continuity ? { continuity } : {}) };
    })
    .sort(
      (a, b) =>
        specialistFirst(b.member) - specialistFirst(a.member) ||
        Number(b.continuity ?? false) - Number(a.continuity ?? false) ||
        b.score - a.score ||
        a.caseload - b.caseload ||
        a.member.name.localeCompare(b.member.name),
    );
}

/** A suggestion's reasons as one sentence: "Covers Melton, 2 open cases" (words kept as they are written). */
export const reasonsSentence = (reasons: readonly string[]): string => {
  const text = reasons.join(', ');
  return text.charAt(0).toUpperCase() + text.slice(1);
};
