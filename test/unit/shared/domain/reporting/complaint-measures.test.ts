import { describe, expect, it } from 'vitest';
import {
  type Complaint,
  complaintDeadlines,
  complaintIdOf,
} from '../../../../../shared/domain/complaints.ts';
import { complaintMeasures } from '../../../../../shared/domain/reporting/complaint-measures.ts';
import { measureList } from '../../../../../shared/domain/reporting/measure-list.ts';
import { parseQuarter } from '../../../../../shared/domain/reporting/quarters.ts';

const Q3 = parseQuarter('2026/27-Q3'); // October to December 2026

const complaint = (key: string, receivedAt: string, overrides: Partial<Complaint> = {}): Complaint => ({
  complaintId: complaintIdOf(key),
  service: 'victim-first',
  lot: 1,
  channel: 'phone',
  receivedAt: new Date(receivedAt),
  whatWentWrong: 'x',
  wanted: 'y',
  reply: { channel: 'none' },
  ...complaintDeadlines(new Date(receivedAt)),
  notes: [],
  alerts: [],
  actions: [],
  ...overrides,
});
const by = 'team.leader';

describe("each lot's complaints in the quarterly return", () => {
  it('counts received, acknowledged and responded in time, findings, and actions done and open at the quarter end', () => {
    const complaints = [
      // Received Tue 1 Dec, acknowledged the next day, closed upheld in time with two actions, one done in the quarter.
      complaint('a', '2026-12-01T10:00:00Z', {
        acknowledged: { by, at: new Date('2026-12-02T10:00:00Z'), message: 'none' },
        closed: { finding: 'upheld', summary: 's', by, at: new Date('2026-12-10T10:00:00Z') },
        actions: [
          {
            number: 1,
            text: 'a',
            owner: by,
            due: '2026-12-20',
            done: { by, at: new Date('2026-12-15T10:00:00Z') },
          },
          {
            number: 2,
            text: 'b',
            owner: by,
            due: '2027-01-20',
            done: { by, at: new Date('2027-01-05T10:00:00Z') },
          },
        ],
      }),
      // Received Tue 1 Dec, acknowledged late (Fri 4th), not closed.
      complaint('b', '2026-12-01T11:00:00Z', {
        acknowledged: { by, at: new Date('2026-12-04T10:00:00Z'), message: 'sent' },
      }),
      // Received in September, closed late in November, not upheld.
      complaint('c', '2026-09-01T10:00:00Z', {
        acknowledged: { by, at: new Date('2026-09-01T12:00:00Z'), message: 'sent' },
        closed: { finding: 'not-upheld', summary: 's', by, at: new Date('2026-11-02T10:00:00Z') },
      }),
      // Lot 2's: received, never acknowledged.
      complaint('d', '2026-11-03T10:00:00Z', { service: 'target-hardening', lot: 2 }),
    ];
    const list = measureList();
    complaintMeasures(list, 1, Q3, complaints);
    complaintMeasures(list, 2, Q3, complaints);
    const m = Object.fromEntries(list.measures.map((x) => [x.id, [x.value, x.percentage]]));
    expect(m).toEqual({
      complaints: [2, undefined],
      'complaints.acknowledged-in-time': [1, 50],
      'complaints.closed': [2, undefined],
      'complaints.responded-in-time': [1, 50],
      'complaints.upheld': [1, undefined],
      'complaints.partly-upheld': [0, undefined],
      'complaints.not-upheld': [1, undefined],
      'complaints.actions-done': [1, undefined],
      'complaints.actions-open': [1, undefined],
      'th-complaints': [1, undefined],
      'th-complaints.acknowledged-in-time': [0, 0],
      'th-complaints.closed': [0, undefined],
      'th-complaints.responded-in-time': [0, null],
      'th-complaints.upheld': [0, undefined],
      'th-complaints.partly-upheld': [0, undefined],
      'th-complaints.not-upheld': [0, undefined],
      'th-complaints.actions-done': [0, undefined],
      'th-complaints.actions-open': [0, undefined],
    });
    expect(list.measures.every((x) => x.section === 'Complaints')).toBe(true);
  });
});
