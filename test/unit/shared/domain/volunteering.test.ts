import { describe, expect, it } from 'vitest';
import { grantedOnlyPerCase, may } from '../../../../shared/domain/roles.ts';
import { assignmentProblems, supportedOverAMonth } from '../../../../shared/domain/volunteering.ts';

// Volunteers (docs/service-rules.md, "Volunteers"): who may be given a case, and what a volunteer may open.

const SINCE = new Date('2026-12-15T10:00:00Z');
const owner = { caseId: 'VF-VOL00-00001', allocations: 0, waitingSince: SINCE };
const base = {
  volunteer: 'volunteer.one',
  known: true,
  alreadyAssigned: false,
  support: {},
  owner,
  now: new Date('2027-01-16T10:00:00Z'),
};

describe('assigning a volunteer', () => {
  it('takes a case in support for over a calendar month, not on the month’s day itself', () => {
    expect(supportedOverAMonth(owner, new Date('2027-01-15T10:00:00Z'))).toBe(false);
    expect(supportedOverAMonth(owner, new Date('2027-01-15T10:00:01Z'))).toBe(true);
    // Support counted from an early allocation when the case never waited.
    const allocated = { caseId: owner.caseId, allocations: 1, owner: 'caseworker.one', allocatedAt: SINCE };
    expect(supportedOverAMonth(allocated, new Date('2027-01-16T00:00:00Z'))).toBe(true);
    expect(supportedOverAMonth(undefined, new Date('2027-06-01T00:00:00Z'))).toBe(false);
  });

  it('names what is wrong: closed, not in support, too soon, no volunteer, already assigned', () => {
    expect(assignmentProblems(base)).toEqual([]);
    const messages = (changes: Partial<Parameters<typeof assignmentProblems>[0]>) =>
      assignmentProblems({ ...base, ...changes }).map((p) => `${p.field}: ${p.message}`);
    expect(
      messages({ support: { closed: { by: 'caseworker.one', at: SINCE, reason: 'moved-away' } } }),
    ).toEqual(['volunteer: The case is closed: a volunteer cannot be assigned to it']);
    expect(messages({ owner: undefined })).toEqual([
      'volunteer: The case is not in further support: a volunteer takes on a case supported for over a month',
    ]);
    expect(messages({ now: new Date('2026-12-31T10:00:00Z') })).toEqual([
      'volunteer: The case has been in support for less than a month: a volunteer takes on a longer case',
    ]);
    expect(messages({ volunteer: undefined })).toEqual(['volunteer: Choose a volunteer']);
    expect(messages({ known: false })).toEqual(['volunteer: Choose a volunteer']);
    expect(messages({ alreadyAssigned: true })).toEqual([
      'volunteer: That volunteer is already assigned to the case',
    ]);
  });
});

describe('a volunteer’s permissions', () => {
  it('are held per case only, and give nothing a route names for the people who work every case', () => {
    expect(may(['volunteer'], 'cases:read')).toBe(false);
    expect(may(['volunteer'], 'tasks:work')).toBe(false);
    expect(may(['volunteer'], 'returns:read')).toBe(false);
    expect(grantedOnlyPerCase(['volunteer'], ['cases:read', 'assigned:read'])).toBe(true);
    expect(grantedOnlyPerCase(['caseworker'], ['cases:read', 'assigned:read'])).toBe(false);
    expect(grantedOnlyPerCase(['caseworker', 'volunteer'], ['cases:read', 'assigned:read'])).toBe(false);
    // Not granted at all: not "granted per case" either (the route refuses it outright).
    expect(grantedOnlyPerCase(['volunteer'], 'cases:read')).toBe(false);
    expect(grantedOnlyPerCase(['volunteer'], 'assigned:list')).toBe(false);
  });
});
