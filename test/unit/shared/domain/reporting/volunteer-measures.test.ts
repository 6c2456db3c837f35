import { describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../../../../shared/domain/case-records.ts';
import type { Contact } from '../../../../../shared/domain/contact-log.ts';
import { computeReturn } from '../../../../../shared/domain/reporting/compute.ts';
import { measureList } from '../../../../../shared/domain/reporting/measure-list.ts';
import { parseQuarter } from '../../../../../shared/domain/reporting/quarters.ts';
import type { CaseLedger } from '../../../../../shared/domain/reporting/return-inputs.ts';
import {
  hadVolunteerIn,
  volunteerMeasures,
} from '../../../../../shared/domain/reporting/volunteer-measures.ts';

// Volunteer-supported victims in the return (docs/reporting.md, `volunteer-supported`), on a hand-made
// 2026/27-Q2 (1 July to 30 September 2026).

const Q2 = parseQuarter('2026/27-Q2');

const event = (caseId: string, type: CaseEvent['type'], id: string, at: string): CaseEvent => ({
  eventId: `${type}.${id}`,
  caseId,
  type,
  at: new Date(at),
  detail: { volunteer: 'volunteer.one', by: 'team.leader' },
});

const contact = (caseId: string, at: string): Contact => ({
  contactId: `${caseId}-${at}`,
  caseId,
  at: new Date(at),
  channel: 'telephone',
  direction: 'to-victim',
  support: ['emotional-support'],
  durationMinutes: 20,
  by: 'caseworker.one',
  recordedAt: new Date(at),
});

/** A ledger as the measure reads it: the case's id and its timeline. */
const ledger = (caseId: string, events: CaseEvent[]) =>
  ({ case: { caseId }, events, support: { plan: [] } }) as unknown as CaseLedger;

describe('volunteer-supported victims', () => {
  it('places an assignment in the quarter while it runs, from its start to its end', () => {
    const c = 'VF-VVVVV-00001';
    expect(hadVolunteerIn([event(c, 'volunteer-assigned', 'a', '2026-08-01T10:00:00Z')], Q2)).toBe(true);
    // Assigned before the quarter and still running; ended in it; ended before it; assigned after it.
    expect(hadVolunteerIn([event(c, 'volunteer-assigned', 'a', '2026-05-01T10:00:00Z')], Q2)).toBe(true);
    expect(
      hadVolunteerIn(
        [
          event(c, 'volunteer-assigned', 'a', '2026-05-01T10:00:00Z'),
          event(c, 'volunteer-unassigned', 'a', '2026-07-02T10:00:00Z'),
        ],
        Q2,
      ),
    ).toBe(true);
    expect(
      hadVolunteerIn(
        [
          event(c, 'volunteer-assigned', 'a', '2026-05-01T10:00:00Z'),
          event(c, 'volunteer-unassigned', 'a', '2026-06-20T10:00:00Z'),
        ],
        Q2,
      ),
    ).toBe(false);
    expect(hadVolunteerIn([event(c, 'volunteer-assigned', 'a', '2026-10-05T10:00:00Z')], Q2)).toBe(false);
    expect(hadVolunteerIn([], Q2)).toBe(false);
  });

  it('counts, of the victims in further support, those a volunteer supported, with the percentage', () => {
    const list = measureList();
    const ledgers = [
      // A: a volunteer all quarter, contacts in it: counted.
      ledger('VF-AAAAA-00001', [event('VF-AAAAA-00001', 'volunteer-assigned', 'a', '2026-06-01T10:00:00Z')]),
      // B: in further support without a volunteer.
      ledger('VF-BBBBB-00002', []),
      // C: a volunteer, but no contact logged in the quarter: not in further support, not counted.
      ledger('VF-CCCCC-00003', [event('VF-CCCCC-00003', 'volunteer-assigned', 'c', '2026-07-01T10:00:00Z')]),
      // D: the volunteer's assignment ended before the quarter.
      ledger('VF-DDDDD-00004', [
        event('VF-DDDDD-00004', 'volunteer-assigned', 'd', '2026-04-01T10:00:00Z'),
        event('VF-DDDDD-00004', 'volunteer-unassigned', 'd', '2026-05-01T10:00:00Z'),
      ]),
    ];
    const contacts = [
      contact('VF-AAAAA-00001', '2026-07-10T10:00:00Z'),
      contact('VF-AAAAA-00001', '2026-08-10T10:00:00Z'),
      contact('VF-BBBBB-00002', '2026-09-10T10:00:00Z'),
      contact('VF-CCCCC-00003', '2026-06-10T10:00:00Z'),
      contact('VF-DDDDD-00004', '2026-07-15T10:00:00Z'),
    ];

    volunteerMeasures(list, ledgers, Q2, contacts);

    expect(list.measures).toEqual([
      expect.objectContaining({ id: 'volunteer-supported', value: 1, percentage: 33.3, denominator: 3 }),
    ]);
  });

  it('is a number in every return, 0 when nothing was recorded', () => {
    const report = computeReturn({
      quarter: Q2,
      cases: [],
      thReferrals: [],
      jobs: [],
      agencies: [],
      productBudgetPence: 8_000_000,
      producedAt: new Date('2026-10-01T05:00:00Z'),
    });
    expect(report.measures.find((m) => m.id === 'volunteer-supported')).toMatchObject({
      value: 0,
      denominator: 0,
    });
  });
});
