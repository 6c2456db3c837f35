import { EQUALITY_ANSWERS } from '../referral-codes.ts';
import { ageOn } from '../triage.ts';
import { localDate, type MeasureList, words } from './measure-list.ts';
import type { CaseLedger } from './return-inputs.ts';

/** Equality counts under this are withheld (docs/reporting.md). */
export const SUPPRESS_UNDER = 5;

const EQUALITY_SECTIONS: ReadonlyArray<[keyof typeof EQUALITY_ANSWERS, string]> = [
  ['sex', 'Sex'],
  ['genderReassignment', 'Gender reassignment'],
  ['disability', 'Disability'],
  ['ethnicity', 'Ethnicity'],
  ['religionOrBelief', 'Religion or belief'],
  ['sexualOrientation', 'Sexual orientation'],
  ['marriageOrCivilPartnership', 'Marriage or civil partnership'],
  ['pregnancyOrMaternity', 'Pregnancy or maternity'],
];

const AGE_BANDS = [
  ['under-18', 'Under 18', 0, 17],
  ['18-24', '18 to 24', 18, 24],
  ['25-34', '25 to 34', 25, 34],
  ['35-49', '35 to 49', 35, 49],
  ['50-64', '50 to 64', 50, 64],
  ['65-plus', '65 and over', 65, 200],
] as const;

/**
 * The return's Equality sections, over the referrals received in the quarter: each answer's count, with
 * counts under {@link SUPPRESS_UNDER} withheld.
 */
export function equalityMeasures({ add }: MeasureList, received: readonly CaseLedger[]): void {
  const equality = (section: string, id: string, label: string, n: number) =>
    add(
      n > 0 && n < SUPPRESS_UNDER
        ? { id, label, lot: 1, section, value: null, suppressed: true }
        : { id, label, lot: 1, section, value: n },
    );
  for (const [key, name] of EQUALITY_SECTIONS) {
    for (const answer of EQUALITY_ANSWERS[key])
      equality(
        `Equality: ${name.toLowerCase()}`,
        `equality.${key}.${answer}`,
        words(answer),
        received.filter((l) => l.case.referral.equality[key] === answer).length,
      );
    equality(
      `Equality: ${name.toLowerCase()}`,
      `equality.${key}.not-known`,
      'Not known',
      received.filter((l) => l.case.referral.equality[key] === undefined).length,
    );
  }
  for (const [band, label, low, high] of AGE_BANDS)
    equality(
      'Equality: age',
      `equality.age.${band}`,
      label,
      received.filter((l) => {
        const age = ageOn(
          l.case.referral.victim,
          localDate(l.case.referral.receivedAt).toISODate() as string,
        );
        return age !== undefined && age >= low && age <= high;
      }).length,
    );
  equality(
    'Equality: age',
    'equality.age.not-known',
    'Not known',
    received.filter(
      (l) =>
        ageOn(l.case.referral.victim, localDate(l.case.referral.receivedAt).toISODate() as string) ===
        undefined,
    ).length,
  );
}
