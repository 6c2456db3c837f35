import { describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../../../shared/domain/case-records.ts';
import { measureList } from '../../../../shared/domain/reporting/measure-list.ts';
import { parseQuarter } from '../../../../shared/domain/reporting/quarters.ts';
import type { CaseLedger } from '../../../../shared/domain/reporting/return-inputs.ts';
import { rjAndTriageMeasures } from '../../../../shared/domain/reporting/rj-and-triage-measures.ts';
import {
  needsException,
  nextRjStages,
  type RjProcess,
  validateRjDecision,
  validateRjOffer,
} from '../../../../shared/domain/rj-process.ts';

const answers = (met: Record<string, string>) => ({
  ...met,
  'clear-benefit-reason': 'The victim wants answers',
  'no-harm-reason': 'Assessed with probation',
  'experienced-facilitator-reason': 'Trained and experienced',
});

describe('the exception decision', () => {
  it('approves only when all three criteria are met, each with its reason', () => {
    const all = validateRjDecision(
      answers({ 'clear-benefit': 'yes', 'no-harm': 'yes', 'experienced-facilitator': 'yes' }),
    );
    const one = validateRjDecision(
      answers({ 'clear-benefit': 'yes', 'no-harm': 'no', 'experienced-facilitator': 'yes' }),
    );

    expect(all).toMatchObject({ ok: true, approved: true });
    expect(one).toMatchObject({ ok: true, approved: false, criteria: { 'no-harm': { met: false } } });
  });

  it('names every criterion left unanswered and every reason left out', () => {
    const checked = validateRjDecision({ 'no-harm': 'yes', 'no-harm-reason': 'Assessed' });

    expect(checked.ok ? [] : checked.errors.map((e) => e.field)).toEqual([
      'clear-benefit',
      'clear-benefit-reason',
      'experienced-facilitator',
      'experienced-facilitator-reason',
    ]);
  });
});

describe('the offer', () => {
  it('needs an exception only for the excepted offences that go ahead', () => {
    expect(needsException('stalking-harassment', 'accepted')).toBe(true);
    expect(needsException('stalking-harassment', 'declined')).toBe(false);
    expect(needsException('burglary-residential', 'accepted')).toBe(false);
  });

  it('keeps the reason only when not appropriate, and the type and facilitator only when it goes ahead', () => {
    const declined = validateRjOffer(
      {
        result: 'declined',
        victimInitiated: 'no',
        offenderAdmitted: 'yes',
        type: 'indirect',
        facilitator: 'a',
      },
      ['a'],
    );
    expect(declined).toEqual({
      ok: true,
      offer: { result: 'declined', victimInitiated: false, offenderAdmitted: true },
    });
  });

  it('offers the stages in order, and the outcome after preparation', () => {
    const process = (stages: RjProcess['stages']): RjProcess => ({
      caseId: 'VF-X',
      offerId: 'k',
      offer: { result: 'accepted', victimInitiated: true, offenderAdmitted: true, by: 'a', at: new Date() },
      stages,
    });
    const at = new Date();
    expect(nextRjStages(process([]))).toEqual(['preparation']);
    expect(nextRjStages(process([{ entryId: '1', stage: 'preparation', by: 'a', at }]))).toEqual([
      'risk-assessment',
      'outcome',
    ]);
  });
});

describe('restorative justice and triage in the return', () => {
  const Q = parseQuarter('2026/27-Q3');
  let n = 0;
  const ev = (type: CaseEvent['type'], at: string, detail: CaseEvent['detail'] = {}): CaseEvent => ({
    eventId: `e${++n}`,
    caseId: 'VF-X',
    type,
    at: new Date(at),
    detail,
  });
  const ledger = (...events: CaseEvent[]) => ({ events }) as unknown as CaseLedger;

  it('counts offers by result, exceptions approved, victims in restorative contact and triage outcomes', () => {
    const list = measureList();
    rjAndTriageMeasures(
      list,
      [
        // Accepted before the quarter, contact in it: engaged.
        ledger(
          ev('rj-offer-recorded', '2026-09-01T10:00:00Z', { result: 'accepted' }),
          ev('rj-stage-recorded', '2026-11-02T10:00:00Z', { stage: 'contact' }),
        ),
        // Accepted in the quarter, no contact yet: in the process, not engaged.
        ledger(
          ev('rj-offer-recorded', '2026-10-05T10:00:00Z', { result: 'accepted' }),
          ev('rj-exception-decided', '2026-10-06T10:00:00Z', { approved: true }),
        ),
        // Finished before the quarter: neither.
        ledger(
          ev('rj-offer-recorded', '2026-05-01T10:00:00Z', { result: 'accepted' }),
          ev('rj-stage-recorded', '2026-06-01T10:00:00Z', { stage: 'contact' }),
          ev('rj-stage-recorded', '2026-06-02T10:00:00Z', { stage: 'outcome' }),
        ),
        ledger(
          ev('rj-offer-recorded', '2026-10-07T10:00:00Z', { result: 'declined' }),
          ev('mh-triage-referred', '2026-10-08T10:00:00Z', { referralId: 'r1' }),
          ev('mh-triage-outcome', '2026-10-20T10:00:00Z', { referralId: 'r1', outcome: 'did-not-attend' }),
        ),
      ],
      Q,
    );
    const value = (id: string) => list.measures.find((m) => m.id === id);

    expect(value('restorative-justice.offers')?.value).toBe(2);
    expect(value('restorative-justice.offers.accepted')).toMatchObject({ value: 1, percentage: 50 });
    expect(value('restorative-justice.offers.not-appropriate')).toMatchObject({ value: 0, percentage: 0 });
    expect(value('restorative-justice.exceptions-approved')).toMatchObject({ value: 1, denominator: 1 });
    expect(value('restorative-justice.engaged')).toMatchObject({ value: 1, denominator: 2, percentage: 50 });
    expect(value('mental-health-triage.referrals')?.value).toBe(1);
    expect(value('mental-health-triage.outcome.did-not-attend')).toMatchObject({ value: 1, percentage: 100 });
    expect(list.measures.every((m) => typeof m.value === 'number')).toBe(true);
  });
});
