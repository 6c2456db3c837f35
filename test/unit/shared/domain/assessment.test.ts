import { describe, expect, it } from 'vitest';
import {
  distanceTravelled,
  InvalidAssessmentError,
  NEEDS_AREAS,
  validateAssessment,
} from '../../../../shared/domain/assessment.ts';
import { InvalidPlanActionError, validatePlanAction } from '../../../../shared/domain/support-plan.ts';

const allScored = (score: number) => Object.fromEntries(NEEDS_AREAS.map((area) => [area, { score }]));

describe('the needs assessment', () => {
  it('covers the nine areas of rule 8 and physical health', () => {
    expect(NEEDS_AREAS).toHaveLength(10);
    expect(NEEDS_AREAS).toContain('physical-health');
    expect(validateAssessment(allScored(3))['finance-benefits']).toEqual({ score: 3 });
  });

  it.each([
    [
      'an area left out',
      () => {
        const { family: _family, ...rest } = allScored(3);
        return rest;
      },
      'family',
    ],
    ['a score of 0', () => ({ ...allScored(3), 'mental-health': { score: 0 } }), 'mental-health.score'],
    ['a score of 6', () => ({ ...allScored(3), accommodation: { score: 6 } }), 'accommodation.score'],
    ['a score in words', () => ({ ...allScored(3), family: { score: 'high' } }), 'family.score'],
    ['an area the service does not have', () => ({ ...allScored(3), weather: { score: 3 } }), 'assessment'],
    [
      'notes over 2,000 characters',
      () => ({ ...allScored(3), family: { score: 3, notes: 'x'.repeat(2001) } }),
      'family.notes',
    ],
  ])('refuses %s, naming it', (_what, input, field) => {
    const refused = (() => {
      try {
        validateAssessment(input());
      } catch (error) {
        return error;
      }
    })();
    expect(refused).toBeInstanceOf(InvalidAssessmentError);
    expect((refused as InvalidAssessmentError).errors.map((e) => e.field)).toContain(field);
  });

  it('measures the distance travelled per area as the closing score minus the first', () => {
    const first = validateAssessment({ ...allScored(2), 'personal-safety': { score: 1 } });
    const closing = validateAssessment({ ...allScored(4), family: { score: 1 } });
    const distance = distanceTravelled(first, closing);
    expect(distance['personal-safety']).toBe(3);
    expect(distance['mental-health']).toBe(2);
    expect(distance.family).toBe(-1);
  });
});

describe('a support plan action', () => {
  const action = {
    area: 'personal-safety',
    action: 'Refer for a home security check',
    owner: 'Caseworker',
    reviewBy: '2027-01-12',
  };

  it('is taken with a review date today or later', () => {
    expect(validatePlanAction(action, '2027-01-12')).toEqual(action);
  });

  it.each([
    ['a review date in the past', { reviewBy: '2027-01-11' }, 'reviewBy'],
    ['a date that does not exist', { reviewBy: '2027-02-30' }, 'reviewBy'],
    ['no action', { action: '  ' }, 'action'],
    ['an area outside the nine', { area: 'weather' }, 'area'],
  ])('refuses %s, naming the field', (_what, change, field) => {
    expect(() => validatePlanAction({ ...action, ...change }, '2027-01-12')).toThrow(InvalidPlanActionError);
    try {
      validatePlanAction({ ...action, ...change }, '2027-01-12');
    } catch (error) {
      expect((error as InvalidPlanActionError).errors.map((e) => e.field)).toEqual([field]);
    }
  });
});

describe('distance travelled from an assessment recorded before physical health was asked', () => {
  it('moves the areas both assessments have, and gives physical health none', () => {
    const { 'physical-health': _, ...nine } = allScored(2);
    const first = nine as unknown as ReturnType<typeof validateAssessment>;
    const last = validateAssessment({ ...allScored(4), 'physical-health': { score: 5 } });

    const moved = distanceTravelled(first, last);

    expect(moved['personal-safety']).toBe(2);
    expect(moved).not.toHaveProperty('physical-health');
  });
});
