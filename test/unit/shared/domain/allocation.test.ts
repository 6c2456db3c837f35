import { describe, expect, it } from 'vitest';
import { type StaffProfile, suggestAllocation } from '../../../../shared/domain/allocation.ts';

const staff: StaffProfile[] = [
  { id: 'a', name: 'Alex Example', specialisms: [], areas: ['melton'] },
  { id: 'b', name: 'Sam Sample', specialisms: ['children-and-young-people'], areas: ['blaby'] },
  { id: 'c', name: 'Kit Instance', specialisms: [], areas: ['blaby'] },
];
const order = (facts: Parameters<typeof suggestAllocation>[0], loads: Record<string, number> = {}) =>
  suggestAllocation(facts, staff, new Map(Object.entries(loads))).map((s) => s.member.id);

describe('allocation suggestions', () => {
  it('puts the caseworker who covers the area first', () => {
    expect(order({ area: 'melton', enhanced: false, childOrYoungPerson: false })[0]).toBe('a');
  });

  it('puts a children and young people specialist first for a child, ahead of a local caseworker', () => {
    expect(order({ area: 'melton', enhanced: false, childOrYoungPerson: true })[0]).toBe('b');
  });

  it('puts the specialist first for a child whatever the caseload, area, experience or earlier caseworker', () => {
    const child = {
      area: 'blaby',
      enhanced: true,
      childOrYoungPerson: true,
      seriousRisk: true,
      earlierCaseworkers: [{ user: 'c', caseId: 'VF-EARLY-00001' }],
    };
    const experienced = staff.map((m) => (m.id === 'c' ? { ...m, experienced: true } : m));
    // Sam has ten open cases (-20); Kit covers Blaby, is experienced and had the earlier case.
    const ranked = suggestAllocation(child, experienced, new Map([['b', 10]]));
    expect(ranked.map((s) => s.member.id)).toEqual(['b', 'c', 'a']);
    // An adult with the same facts goes by the scores and continuity: Sam last.
    expect(
      suggestAllocation({ ...child, childOrYoungPerson: false }, experienced, new Map([['b', 10]])).map(
        (s) => s.member.id,
      ),
    ).toEqual(['c', 'a', 'b']);
  });

  it('keeps continuity for a child when their earlier caseworker is a specialist, and when none is', () => {
    const twoSpecialists: StaffProfile[] = [
      ...staff,
      { id: 'd', name: 'Dee Demo', specialisms: ['children-and-young-people'], areas: [] },
    ];
    const earlier = [{ user: 'd', caseId: 'VF-EARLY-00002' }];
    expect(
      order({ area: 'blaby', enhanced: false, childOrYoungPerson: true, earlierCaseworkers: earlier }),
    ).toEqual(['b', 'c', 'a']);
    expect(
      suggestAllocation(
        { area: 'blaby', enhanced: false, childOrYoungPerson: true, earlierCaseworkers: earlier },
        twoSpecialists,
        new Map(),
      ).map((s) => s.member.id),
    ).toEqual(['d', 'b', 'c', 'a']);
    const noSpecialist = staff.filter((m) => m.id !== 'b');
    expect(
      suggestAllocation(
        {
          area: 'melton',
          enhanced: false,
          childOrYoungPerson: true,
          earlierCaseworkers: [{ user: 'c', caseId: 'X' }],
        },
        noSpecialist,
        new Map(),
      ).map((s) => s.member.id),
    ).toEqual(['c', 'a']);
  });

  it('weighs caseload, twice as heavily for an enhanced victim', () => {
    // Standard: covering Blaby (+3) outweighs two open tasks (-2); level scores go by name.
    expect(order({ area: 'blaby', enhanced: false, childOrYoungPerson: false }, { b: 2, c: 2 })).toEqual([
      'c',
      'b',
      'a',
    ]);
    // Enhanced: two open tasks cost 4, so Alex, with none and not local, comes first.
    const enhanced = suggestAllocation(
      { area: 'blaby', enhanced: true, childOrYoungPerson: false },
      staff,
      new Map([
        ['b', 2],
        ['c', 2],
      ]),
    );
    expect(enhanced.map((s) => [s.member.id, s.score])).toEqual([
      ['a', 0],
      ['c', -1],
      ['b', -1],
    ]);
  });

  it('says why in words', () => {
    const [first] = suggestAllocation(
      { area: 'blaby', enhanced: false, childOrYoungPerson: true },
      staff,
      new Map([['b', 1]]),
      () => 'Blaby',
    );
    expect(first?.reasons).toEqual(['children and young people specialist', 'covers Blaby', '1 open task']);
  });
});
