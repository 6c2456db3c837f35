import { describe, expect, it } from 'vitest';
import {
  equalityWanted,
  type StaffProfile,
  suggestAllocation,
} from '../../../../shared/domain/allocation.ts';
import { allocationProblems, ownerStatus, REASON_MAX } from '../../../../shared/domain/case-ownership.ts';
import { partnerReferralFromJson } from '../../../../shared/domain/intake/partner-referral.ts';
import { aPartnerReferralBody, RECEIVED_AT } from '../../../fixtures/referrals.ts';

const staff: StaffProfile[] = [
  {
    id: 'a',
    name: 'Alex Example',
    specialisms: ['restorative-justice'],
    areas: ['melton'],
    experienced: true,
  },
  { id: 'b', name: 'Sam Sample', specialisms: [], areas: ['blaby'], equality: { sex: 'female' } },
  { id: 'c', name: 'Kit Instance', specialisms: [], areas: ['blaby'] },
];
const standard = { area: 'blaby', enhanced: false, childOrYoungPerson: false };
const order = (facts: Parameters<typeof suggestAllocation>[0], loads: Record<string, number> = {}) =>
  suggestAllocation(facts, staff, new Map(Object.entries(loads)), (a) => a, 'open case').map(
    (s) => s.member.id,
  );

describe('allocating a case: the suggestions', () => {
  it('puts an experienced caseworker first for an enhanced or high-risk victim, and only then', () => {
    expect(order(standard)).toEqual(['c', 'b', 'a']);
    expect(order({ ...standard, seriousRisk: true })).toEqual(['a', 'c', 'b']);
  });

  it('puts a restorative-justice specialist first where the victim asked for restorative justice', () => {
    expect(order({ ...standard, area: 'rutland', restorativeJustice: true }, { a: 2 })[0]).toBe('a');
    expect(order({ ...standard, area: 'rutland' }, { a: 2 })[0]).not.toBe('a');
  });

  it('weighs the equality answer the victim asked to be matched on, where a caseworker recorded the same', () => {
    // Sam and Kit both cover Blaby: the victim asked for a woman, and Sam recorded female.
    expect(order({ ...standard, equalityWanted: { sex: 'female' } }, { b: 1, c: 0 })).toEqual([
      'b',
      'c',
      'a',
    ]);
    // Not asked: the lighter caseload wins.
    expect(order(standard, { b: 1, c: 0 })).toEqual(['c', 'b', 'a']);
    // Asked for an answer nobody recorded: nobody gains.
    expect(order({ ...standard, equalityWanted: { sex: 'male' } }, { b: 1, c: 0 })).toEqual(['c', 'b', 'a']);
  });

  it('counts open cases and says why in words', () => {
    const [first] = suggestAllocation(
      { ...standard, seriousRisk: true, restorativeJustice: true, area: 'melton' },
      staff,
      new Map([['a', 3]]),
      () => 'Melton',
      'open case',
    );
    expect(first?.reasons).toEqual([
      'experienced with enhanced and high-risk victims',
      'restorative justice specialist',
      'covers Melton',
      '3 open cases',
    ]);
    const sam = suggestAllocation(
      { ...standard, equalityWanted: { sex: 'female' } },
      staff,
      new Map([['b', 1]]),
      () => 'Blaby',
      'open case',
    ).find((s) => s.member.id === 'b');
    expect(sam?.reasons).toEqual(['same sex as the victim asked for', 'covers Blaby', '1 open case']);
  });
});

describe('what the victim asked to be matched on', () => {
  it('is the answers of the characteristics they named, never one they did not give or preferred not to say', () => {
    expect(equalityWanted({ sex: 'female', ethnicity: 'white' })).toEqual({});
    expect(equalityWanted({ sex: 'female', ethnicity: 'white', caseworkerMatch: ['sex'] })).toEqual({
      sex: 'female',
    });
    expect(
      equalityWanted({
        sex: 'prefer-not-to-say',
        religionOrBelief: 'muslim',
        caseworkerMatch: ['sex', 'religionOrBelief', 'disability'],
      }),
    ).toEqual({ religionOrBelief: 'muslim' });
  });

  it('comes in the partner referral’s equality profile, and an unknown characteristic is named', () => {
    const asked = partnerReferralFromJson(
      aPartnerReferralBody({ equality: { sex: 'female', caseworkerMatch: ['sex'] } }),
      RECEIVED_AT,
    );
    expect(asked.ok && asked.referral.equality).toEqual({ sex: 'female', caseworkerMatch: ['sex'] });
    const unknown = partnerReferralFromJson(
      aPartnerReferralBody({ equality: { caseworkerMatch: ['star-sign'] } }),
      RECEIVED_AT,
    );
    expect(unknown.ok).toBe(false);
    expect(!unknown.ok && unknown.errors.map((e) => e.field)).toEqual([
      expect.stringMatching(/^equality\.caseworkerMatch/),
    ]);
  });
});

describe('an allocation as a team leader sends it', () => {
  const first = { to: 'b', known: true, owner: undefined, reason: undefined };

  it('needs a caseworker from the list', () => {
    expect(allocationProblems(first)).toEqual([]);
    expect(allocationProblems({ ...first, to: '' })).toEqual([
      { field: 'to', message: 'Choose a caseworker to give the case to' },
    ]);
    expect(allocationProblems({ ...first, known: false }).map((p) => p.field)).toEqual(['to']);
  });

  it('needs a reason to move an owned case, and another caseworker than the one who has it', () => {
    const moving = { to: 'c', known: true, owner: 'b' };
    expect(allocationProblems({ ...moving, reason: 'Caseworker on long-term leave' })).toEqual([]);
    expect(allocationProblems({ ...moving, reason: '   ' })).toEqual([
      { field: 'reason', message: 'Enter why the case is moving to another caseworker' },
    ]);
    expect(allocationProblems({ ...moving, to: 'b', reason: undefined }).map((p) => p.field)).toEqual([
      'to',
      'reason',
    ]);
    expect(allocationProblems({ ...moving, reason: 'x'.repeat(REASON_MAX + 1) })[0]?.field).toBe('reason');
    expect(allocationProblems({ ...moving, reason: 'a\u0007b' })[0]?.field).toBe('reason');
  });
});

describe('where a case stands', () => {
  it('is closed, allocated, unallocated or not yet waiting', () => {
    const at = new Date('2026-12-15T10:00:00Z');
    expect(ownerStatus(undefined)).toBe('not-waiting');
    expect(ownerStatus({ caseId: 'x', allocations: 0, waitingSince: at })).toBe('unallocated');
    expect(ownerStatus({ caseId: 'x', allocations: 1, owner: 'b', allocatedAt: at })).toBe('allocated');
    expect(ownerStatus({ caseId: 'x', allocations: 1, owner: 'b', allocatedAt: at, closedAt: at })).toBe(
      'closed',
    );
  });
});
