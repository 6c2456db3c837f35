import { describe, expect, it } from 'vitest';
import { openCase } from '../../../../../shared/domain/case.ts';
import {
  type CaseSupport,
  CLOSURE_REASONS,
  type SupportChange,
} from '../../../../../shared/domain/case-support.ts';
import { computeReturn } from '../../../../../shared/domain/reporting/compute.ts';
import { parseQuarter } from '../../../../../shared/domain/reporting/quarters.ts';
import type { CaseLedger, ReturnInputs } from '../../../../../shared/domain/reporting/return-inputs.ts';
import { aValidatedReferral } from '../../../../fixtures/referrals.ts';

// The return's cases closed by reason (docs/reporting.md), on a hand-made 2026/27-Q3 (1 October to 31
// December 2026) whose every figure is worked out by hand below. Every person is fictional.

const Q3 = parseQuarter('2026/27-Q3');

/** A case whose support went through these closures and reopenings, oldest first. */
function ledger(n: number, changes: readonly SupportChange[]): CaseLedger {
  const referral = aValidatedReferral(`CLOSE-${n}`, { receivedAt: '2026-09-01T09:00:00Z' });
  const last = changes.at(-1);
  const earlier = changes.slice(0, -1);
  const support: CaseSupport = {
    plan: [],
    ...(last?.change === 'closed'
      ? { closed: { by: last.by, at: last.at, ...(last.reason ? { reason: last.reason } : {}) } }
      : {}),
    ...(last?.change === 'reopened' ? { reopened: { by: last.by, at: last.at, reason: last.reason } } : {}),
    ...(earlier.length > 0 ? { earlier } : {}),
  };
  return { case: openCase(referral, [], referral.receivedAt), events: [], support };
}

const closed = (
  at: string,
  reason?: (typeof CLOSURE_REASONS)[number],
  by = 'caseworker.one',
): SupportChange => ({
  change: 'closed',
  by,
  at: new Date(at),
  ...(reason ? { reason } : {}),
});
const reopened = (at: string): SupportChange => ({
  change: 'reopened',
  by: 'team.leader',
  at: new Date(at),
  reason: 'Rang back',
});

const CASES = [
  // 1: closed by the service when its path ended not contactable.
  ledger(1, [closed('2026-10-05T10:00:00Z', 'not-contactable', 'system')]),
  // 2: declined, in the quarter.
  ledger(2, [closed('2026-10-06T10:00:00Z', 'declined')]),
  // 3: closed before reasons were asked for: support completed.
  ledger(3, [closed('2026-11-02T10:00:00Z')]),
  // 4: moved away in November, reopened in December and still open: counted where it was closed.
  ledger(4, [closed('2026-11-03T10:00:00Z', 'moved-away'), reopened('2026-12-01T10:00:00Z')]),
  // 5: closed twice in the quarter: counted once, under its last closure (other).
  ledger(5, [
    closed('2026-10-07T10:00:00Z', 'declined'),
    reopened('2026-10-20T10:00:00Z'),
    closed('2026-12-30T10:00:00Z', 'other'),
  ]),
  // 6: closed in September (the quarter before), reopened and closed again in October: counted once.
  ledger(6, [
    closed('2026-09-20T10:00:00Z', 'initial-contact-only'),
    reopened('2026-10-01T10:00:00Z'),
    closed('2026-10-10T10:00:00Z', 'onward-referral'),
  ]),
  // 7: closed in September only: not this quarter's.
  ledger(7, [closed('2026-09-21T10:00:00Z', 'support-completed')]),
  // 8: 00:30 on 1 January 2027 in Leicester: the next quarter's.
  ledger(8, [closed('2027-01-01T00:30:00Z', 'declined')]),
  // 9: never closed.
  ledger(9, []),
];

const inputs = (cases: readonly CaseLedger[]): ReturnInputs => ({
  quarter: Q3,
  cases,
  thReferrals: [],
  jobs: [],
  agencies: [],
  productBudgetPence: 8_000_000,
  producedAt: new Date('2027-01-01T06:00:00Z'),
});

describe('the return’s cases closed by reason', () => {
  const report = computeReturn(inputs(CASES));
  const measure = (id: string) => report.measures.find((m) => m.id === id);

  it('counts each case closed in the quarter once, under its last closure in it, with the total', () => {
    expect(measure('cases-closed')).toMatchObject({ value: 6 }); // 1, 2, 3, 4, 5, 6
    const byReason = Object.fromEntries(
      report.measures
        .filter((m) => m.id.startsWith('cases-closed.reason.'))
        .map((m) => [m.id.replace('cases-closed.reason.', ''), [m.value, m.percentage, m.denominator]]),
    );
    expect(byReason).toEqual({
      'initial-contact-only': [0, 0, 6],
      declined: [1, 16.7, 6], // 2
      'not-contactable': [1, 16.7, 6], // 1
      'onward-referral': [1, 16.7, 6], // 6
      'support-completed': [1, 16.7, 6], // 3
      'moved-away': [1, 16.7, 6], // 4
      other: [1, 16.7, 6], // 5
    });
  });

  it('lists every reason in its own section, in the order caseworkers choose them, labelled as they read them', () => {
    const section = report.measures.filter((m) => m.section === 'Cases closed by reason');
    expect(section.map((m) => m.id)).toEqual(CLOSURE_REASONS.map((r) => `cases-closed.reason.${r}`));
    expect(section.map((m) => m.label)).toEqual([
      'Initial contact only',
      'Declined support',
      'Not contactable',
      'Passed to another service',
      'Support completed',
      'Moved away',
      'Other',
    ]);
  });

  it('gives a quarter with no closure zeros and no percentage', () => {
    const empty = computeReturn(inputs([ledger(9, [])]));
    const reasons = empty.measures.filter((m) => m.id.startsWith('cases-closed.reason.'));
    expect(reasons).toHaveLength(CLOSURE_REASONS.length);
    for (const m of reasons) expect(m).toMatchObject({ value: 0, percentage: null, denominator: 0 });
  });

  it('is not rewritten by a reopening or a closure recorded after the quarter ends', () => {
    const later = CASES.map((l, i) => {
      if (i === 1)
        return ledger(2, [closed('2026-10-06T10:00:00Z', 'declined'), reopened('2027-01-10T10:00:00Z')]);
      if (i === 8) return ledger(9, [closed('2027-01-11T10:00:00Z', 'moved-away')]);
      return l;
    });
    expect(computeReturn(inputs(later)).measures).toEqual(report.measures);
  });
});
