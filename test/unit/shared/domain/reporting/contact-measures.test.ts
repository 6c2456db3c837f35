import { describe, expect, it } from 'vitest';
import type { Contact } from '../../../../../shared/domain/contact-log.ts';
import { computeReturn } from '../../../../../shared/domain/reporting/compute.ts';
import { parseQuarter } from '../../../../../shared/domain/reporting/quarters.ts';
import type { ReturnInputs } from '../../../../../shared/domain/reporting/return-inputs.ts';

// The return's measures from the contact log (docs/reporting.md, further support), on a hand-made 2026/27-Q2
// (1 July to 30 September 2026, British Summer Time) whose every figure is worked out by hand below.

const Q2 = parseQuarter('2026/27-Q2');

let n = 0;
const contact = (
  caseId: string,
  channel: Contact['channel'],
  at: string,
  support: Contact['support'] = ['emotional-support'],
  recordedAt = at,
): Contact => ({
  contactId: `contact-${++n}`,
  caseId,
  at: new Date(at),
  channel,
  ...(channel === 'face-to-face' ? { venue: 'Victim First office' } : {}),
  direction: 'to-victim',
  support,
  durationMinutes: 30,
  by: 'caseworker.one',
  recordedAt: new Date(recordedAt),
});

const CONTACTS: Contact[] = [
  // A: telephone and an e-mail: telephone (or in writing) only. Two with VPS help, one with advocacy.
  contact('VF-AAAAA-00001', 'telephone', '2026-07-06T10:00:00Z', ['victim-personal-statement', 'advocacy']),
  contact('VF-AAAAA-00001', 'email', '2026-08-06T10:00:00Z', ['victim-personal-statement']),
  contact('VF-AAAAA-00001', 'telephone', '2026-09-06T10:00:00Z'),
  // B: telephone, then a visit: some face to face.
  contact('VF-BBBBB-00002', 'telephone', '2026-07-10T10:00:00Z', ['advocacy']),
  contact('VF-BBBBB-00002', 'face-to-face', '2026-07-20T10:00:00Z', ['advocacy', 'practical-help']),
  // C: web chat and a visit: both.
  contact('VF-CCCCC-00003', 'web-chat', '2026-08-01T10:00:00Z'),
  contact('VF-CCCCC-00003', 'face-to-face', '2026-08-15T10:00:00Z'),
  // F: 00:30 on 1 July in Leicester (still 30 June in UTC): the quarter's first hour.
  contact('VF-FFFFF-00006', 'sms', '2026-06-30T23:30:00Z'),
  // D: only in June, the quarter before.
  contact('VF-DDDDD-00004', 'face-to-face', '2026-06-30T22:30:00Z', ['victim-personal-statement']),
  // E: happened in September, logged in October after the quarter ended: a later return reads the same.
  contact(
    'VF-EEEEE-00005',
    'web-chat',
    '2026-09-29T10:00:00Z',
    ['advocacy', 'victim-personal-statement'],
    '2026-10-02T09:00:00Z',
  ),
];

const inputs = (contacts?: readonly Contact[]): ReturnInputs => ({
  quarter: Q2,
  cases: [],
  thReferrals: [],
  jobs: [],
  agencies: [],
  ...(contacts ? { contacts } : {}),
  productBudgetPence: 8_000_000,
  producedAt: new Date('2026-10-01T05:00:00Z'),
});

describe('the return’s measures from the contact log', () => {
  const report = computeReturn(inputs(CONTACTS));
  const measure = (id: string) => report.measures.find((m) => m.id === id);

  it('counts the victims in further support — a case with a contact logged in the quarter — by channel', () => {
    expect(measure('further-support.victims')).toMatchObject({ value: 4 }); // A, B, C, F
    expect(measure('further-support.telephone-only')).toMatchObject({
      value: 2,
      percentage: 50,
      denominator: 4,
    }); // A, F
    expect(measure('further-support.face-to-face')).toMatchObject({
      value: 2,
      percentage: 50,
      denominator: 4,
    }); // B, C
    expect(measure('further-support.web-chat')).toMatchObject({ value: 1, percentage: 25, denominator: 4 }); // C
  });

  it('counts the contacts that helped with a Victim Personal Statement, and those giving advocacy', () => {
    expect(measure('victim-personal-statements')).toMatchObject({ value: 2, section: 'Support' }); // A twice
    expect(measure('victim-personal-statements')).not.toHaveProperty('note');
    expect(measure('advocacy')).toMatchObject({ value: 3, section: 'Support' }); // A, B twice
  });

  it('keeps the Victim Personal Statements where the return has always listed them', () => {
    // In the Support section, after restorative justice, where it was before group sessions had their own.
    const ids = report.measures.map((m) => m.id);
    expect(report.measures.find((m) => m.id === 'victim-personal-statements')?.section).toBe('Support');
    expect(ids.indexOf('victim-personal-statements')).toBeGreaterThan(
      ids.indexOf('restorative-justice.approved'),
    );
  });

  it('is not rewritten by contacts logged after the quarter ends', () => {
    const later = contact(
      'VF-GGGGG-00007',
      'face-to-face',
      '2026-09-30T10:00:00Z',
      ['advocacy'],
      '2026-10-05T10:00:00Z',
    );
    expect(computeReturn(inputs([...CONTACTS, later])).measures).toEqual(report.measures);
  });

  it('gives a quarter with no contacts zeros, and no percentage where there is nothing to divide', () => {
    const empty = computeReturn(inputs([]));
    const value = (id: string) => empty.measures.find((m) => m.id === id);
    expect(value('further-support.victims')?.value).toBe(0);
    expect(value('further-support.face-to-face')).toMatchObject({
      value: 0,
      percentage: null,
      denominator: 0,
    });
    expect(value('victim-personal-statements')?.value).toBe(0);
  });

  it('says Victim Personal Statements are not recorded, with no further-support measures, in a return made without the log', () => {
    const without = computeReturn(inputs());
    expect(without.measures.find((m) => m.id === 'victim-personal-statements')).toMatchObject({
      value: null,
      note: 'not recorded by the system',
    });
    expect(
      without.measures.filter((m) => m.id.startsWith('further-support.') || m.id === 'advocacy'),
    ).toEqual([]);
  });
});
