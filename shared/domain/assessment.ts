import * as z from 'zod';

/**
 * The ten areas of the needs assessment (docs/service-rules.md, rule 8), in the form's order: the nine of
 * the service specification, and physical health, which the return's first outcome domain counts with
 * mental health and safety. An assessment recorded before physical health was asked has nine.
 */
export const NEEDS_AREAS = [
  'personal-safety',
  'mental-health',
  'physical-health',
  'accommodation',
  'harmful-behaviours',
  'family',
  'education-employment-training',
  'finance-benefits',
  'outlook-attitude-beliefs',
  'social-interactions',
] as const;
export type NeedsArea = (typeof NEEDS_AREAS)[number];

/** Each area as the form and the returns name it. */
export const NEEDS_AREA_NAMES: Readonly<Record<NeedsArea, string>> = {
  'personal-safety': 'Personal safety',
  'mental-health': 'Mental health',
  'physical-health': 'Physical health',
  accommodation: 'Shelter and accommodation',
  'harmful-behaviours': 'Drugs, alcohol and other harmful behaviours',
  family: 'Family',
  'education-employment-training': 'Education, employment and training',
  'finance-benefits': 'Finance and benefits',
  'outlook-attitude-beliefs': 'Outlook, attitude and beliefs',
  'social-interactions': 'Social interactions',
};

/**
 * How things stand in an area, as victim and caseworker agree it: 1 is the greatest need, 5 none. A later
 * assessment's higher score is progress (distance travelled).
 */
export const NEED_SCORES = [1, 2, 3, 4, 5] as const;
export type NeedScore = (typeof NEED_SCORES)[number];

export const NEED_SCORE_NAMES: Readonly<Record<NeedScore, string>> = {
  1: '1 – in crisis, needs help now',
  2: '2 – serious need',
  3: '3 – some need',
  4: '4 – coping, little need',
  5: '5 – no need',
};

const notes = z.string().trim().max(2000, 'must be at most 2000 characters').optional();

const areaSchema = z.strictObject({
  score: z.union(
    NEED_SCORES.map((n) => z.literal(n)) as unknown as [
      z.ZodLiteral<1>,
      z.ZodLiteral<2>,
      ...z.ZodLiteral<NeedScore>[],
    ],
    { error: 'must be a score from 1 to 5' },
  ),
  notes,
});

/** An assessment as a caseworker records it: every area scored, notes optional. */
export const AssessmentSchema = z.strictObject(
  Object.fromEntries(NEEDS_AREAS.map((area) => [area, areaSchema])) as Record<NeedsArea, typeof areaSchema>,
);
export type AreaAssessment = z.output<typeof areaSchema>;
export type Assessment = Readonly<Record<NeedsArea, AreaAssessment>>;

/** The assessment is not complete or not valid; each field (`<area>.score`) says why. */
export class InvalidAssessmentError extends Error {
  override name = 'InvalidAssessmentError';
  constructor(readonly errors: ReadonlyArray<{ field: string; message: string }>) {
    super(`the assessment is not valid: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`);
  }
}

/** Validates an assessment, naming every area that is missing or wrong. */
export function validateAssessment(input: unknown): Assessment {
  const result = AssessmentSchema.safeParse(input);
  if (result.success) return result.data as Assessment;
  throw new InvalidAssessmentError(
    result.error.issues.map((issue) => ({
      field: issue.path.join('.') || 'assessment',
      message: issue.code === 'invalid_type' && issue.path.length <= 1 ? 'must be scored' : issue.message,
    })),
  );
}

/**
 * How far each area moved from the first assessment to the closing one: positive is progress. An area one
 * of them does not have (physical health, in an assessment recorded before it was asked) has no distance.
 */
export function distanceTravelled(first: Assessment, last: Assessment): Partial<Record<NeedsArea, number>> {
  const moved: Partial<Record<NeedsArea, number>> = {};
  for (const area of NEEDS_AREAS) {
    const from = scoreOf(first, area);
    const to = scoreOf(last, area);
    if (from !== undefined && to !== undefined) moved[area] = to - from;
  }
  return moved;
}

/**
 * The forms of the needs assessment: the nine areas above, and a shorter, age-appropriate one for a victim
 * under 18 on the day it is first made (children and young people as parallel provision). Its areas, like
 * the nine, map to the return's eight outcome domains (outcome-domains.ts).
 */
export const ASSESSMENT_FORMS = ['adult', 'young-person'] as const;
export type AssessmentForm = (typeof ASSESSMENT_FORMS)[number];

/** The young people's needs assessment's areas, in the form's order. */
export const YOUNG_PERSON_AREAS = [
  'feeling-safe',
  'health-wellbeing',
  'home-family',
  'school-college',
  'friends-relationships',
  'feelings-behaviour',
] as const;
export type YoungPersonArea = (typeof YOUNG_PERSON_AREAS)[number];

export const YOUNG_PERSON_AREA_NAMES: Readonly<Record<YoungPersonArea, string>> = {
  'feeling-safe': 'Feeling safe',
  'health-wellbeing': 'Health and wellbeing',
  'home-family': 'Home and family',
  'school-college': 'School or college',
  'friends-relationships': 'Friends and relationships',
  'feelings-behaviour': 'Feelings and behaviour',
};

export const YoungPersonAssessmentSchema = z.strictObject(
  Object.fromEntries(YOUNG_PERSON_AREAS.map((area) => [area, areaSchema])) as Record<
    YoungPersonArea,
    typeof areaSchema
  >,
);
export type YoungPersonAssessment = Readonly<Record<YoungPersonArea, AreaAssessment>>;

/** The areas of a form, with their names, in the form's order. */
export function areasOf(
  form: AssessmentForm,
): ReadonlyArray<{ readonly area: string; readonly name: string }> {
  return form === 'young-person'
    ? YOUNG_PERSON_AREAS.map((area) => ({ area, name: YOUNG_PERSON_AREA_NAMES[area] }))
    : NEEDS_AREAS.map((area) => ({ area, name: NEEDS_AREA_NAMES[area] }));
}

/** The form for a victim of this age on the day: under 18 is the young people's; unknown is the adults'. */
export const assessmentFormForAge = (age: number | undefined): AssessmentForm =>
  age !== undefined && age < 18 ? 'young-person' : 'adult';

/** Validates a young person's assessment, naming every area that is missing or wrong (as validateAssessment). */
export function validateYoungPersonAssessment(input: unknown): YoungPersonAssessment {
  const result = YoungPersonAssessmentSchema.safeParse(input);
  if (result.success) return result.data as YoungPersonAssessment;
  throw new InvalidAssessmentError(
    result.error.issues.map((issue) => ({
      field: issue.path.join('.') || 'assessment',
      message: issue.code === 'invalid_type' && issue.path.length <= 1 ? 'must be scored' : issue.message,
    })),
  );
}

/** An area's score in an assessment of either form; undefined for an area the form does not have. */
export const scoreOf = (assessment: Assessment | YoungPersonAssessment, area: string): number | undefined =>
  (assessment as Readonly<Record<string, AreaAssessment | undefined>>)[area]?.score;
