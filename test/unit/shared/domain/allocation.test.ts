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
