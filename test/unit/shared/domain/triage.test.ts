import { describe, expect, it } from 'vitest';
import { caseIdFor, openCase, personKeyFor, referralIdFor } from '../../../../shared/domain/case.ts';
import type { Referral } from '../../../../shared/domain/referral.ts';
import { ageOn, triage } from '../../../../shared/domain/triage.ts';
import { aValidatedReferral } from '../../../fixtures/referrals.ts';

/** Ada Example's referral, received on Monday 23 November 2026. */
const aReferral = (overrides: Record<string, unknown> = {}, victim: Record<string, unknown> = {}): Referral =>
  aValidatedReferral('LP-0000001', { receivedAt: '2026-11-23T10:00:00Z', ...overrides }, victim);

describe('triage at intake', () => {
  it.each([
    {
      why: 'a Victims’ Code enhanced category',
      overrides: { enhancedCategory: 'serious-crime' },
      victim: {},
      reasons: ['victims-code-enhanced'],
    },
    { why: 'high risk', overrides: { risk: 'high' }, victim: {}, reasons: ['high-risk'] },
    {
      why: 'a child by date of birth',
      overrides: {},
      victim: { dateOfBirth: '2010-11-24' },
      reasons: ['under-18'],
    },
    {
      why: 'a child by stated age',
      overrides: {},
      victim: { dateOfBirth: undefined, age: 17 },
      reasons: ['under-18'],
    },
  ])('makes a victim enhanced and first in the queue for $why', ({ overrides, victim, reasons }) => {
    const result = triage(aReferral(overrides, victim), '2026-11-23', false);
    expect(result).toMatchObject({ enhanced: true, priority: 1, enhancedReasons: reasons });
  });

  it('does not treat an 18th birthday on the day received as a child', () => {
    expect(triage(aReferral({}, { dateOfBirth: '2008-11-23' }), '2026-11-23', false).enhanced).toBe(false);
    expect(ageOn(aReferral({}, { dateOfBirth: '2008-11-23' }).victim, '2026-11-23')).toBe(18);
  });

  it.each([
    { why: 'medium risk', overrides: { risk: 'medium' }, repeat: false, priority: 2 },
    { why: 'a vulnerability', overrides: { vulnerabilities: ['isolation'] }, repeat: false, priority: 2 },
    { why: 'a repeat victim', overrides: {}, repeat: true, priority: 2 },
    { why: 'nothing else', overrides: {}, repeat: false, priority: 3 },
  ])('gives priority $priority for $why', ({ overrides, repeat, priority }) => {
    expect(triage(aReferral(overrides), '2026-11-23', repeat)).toMatchObject({ enhanced: false, priority });
  });
});

describe('case references', () => {
  it('names the same case for the same referral however the reference is cased', () => {
    expect(caseIdFor('police', 'lp-0000001')).toBe(caseIdFor('police', 'LP-0000001'));
    expect(caseIdFor('police', 'LP-0000001')).toMatch(/^VF-[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
  });

  it('names different cases for the same reference from different sources', () => {
    expect(caseIdFor('police', 'X-1')).not.toBe(caseIdFor('partner', 'X-1'));
  });

  it('gives the referral id the same code as its case', () => {
    expect(referralIdFor('police', 'LP-1').slice(2)).toBe(caseIdFor('police', 'LP-1').slice(3));
  });

  it('matches a person whatever the accents, case and spacing of their name', () => {
    const one = personKeyFor(aReferral({}, { forename: 'Zoë', surname: "O'Example" }).victim);
    const two = personKeyFor(aReferral({}, { forename: 'ZOE', surname: 'O Example' }).victim);
    expect(one).toBe(two);
  });

  it('cannot match a victim with neither date of birth nor address', () => {
    const victim = aReferral({}, { dateOfBirth: undefined, address: undefined }).victim;
    expect(personKeyFor(victim)).toBeUndefined();
  });

  it('opens a case with its deadlines known from the moment it lands', () => {
    const opened = openCase(aReferral({ risk: 'high' }), [], new Date('2026-11-23T10:00:05Z'));
    expect(opened.deadlines.initialContactDue.toISOString()).toBe('2026-11-24T10:00:00.000Z');
    expect(opened).toMatchObject({ contactPath: 'telephone', repeatVictim: false, status: 'open' });
  });
});
