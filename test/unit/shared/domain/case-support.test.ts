import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CaseSupport,
  CLOSURE_REASONS,
  CONTACT_PATH_CLOSURES,
  changeCount,
  closureReasonOf,
  InvalidClosureError,
  needsClosingAssessment,
  REASON_TEXT_MAX,
  sameClosure,
  sameReopening,
  supportChanges,
  validateClosure,
  validateReopening,
} from '../../../../shared/domain/case-support.ts';

// A case's closure reasons and reopenings (docs/service-rules.md, after first contact).

const at = (day: number) => new Date(Date.UTC(2026, 11, day, 10));

/** The problems a closure or reopening is refused for, as field and message. */
function refusal(run: () => unknown): Array<{ field: string; message: string }> {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidClosureError) return [...error.errors];
    throw error;
  }
  throw new Error('it was not refused');
}

describe('closure reasons', () => {
  it('offers the seven reasons, four of them the contact path’s endings that close a case', () => {
    expect(CLOSURE_REASONS).toEqual([
      'initial-contact-only',
      'declined',
      'not-contactable',
      'onward-referral',
      'support-completed',
      'moved-away',
      'other',
    ]);
    expect(CONTACT_PATH_CLOSURES).toEqual([
      'initial-contact-only',
      'declined',
      'not-contactable',
      'onward-referral',
    ]);
  });

  it.each(CLOSURE_REASONS.filter((r) => r !== 'other'))(
    'takes %s alone, and drops any words sent with it',
    (reason) => {
      expect(validateClosure(reason, undefined)).toEqual({ reason });
      expect(validateClosure(reason, 'Some words')).toEqual({ reason });
    },
  );

  it('takes other with its words, trimmed, up to 500 characters', () => {
    expect(validateClosure('other', '  In prison  ')).toEqual({ reason: 'other', reasonText: 'In prison' });
    expect(validateClosure('other', ` ${'x'.repeat(REASON_TEXT_MAX)} `).reasonText).toHaveLength(500);
  });

  it('refuses a missing or unknown reason, and other without words or with too many, naming the field', () => {
    expect(refusal(() => validateClosure(undefined, undefined))).toEqual([
      { field: 'reason', message: 'is required' },
    ]);
    expect(refusal(() => validateClosure('', 'words'))).toEqual([
      { field: 'reason', message: 'is required' },
    ]);
    expect(refusal(() => validateClosure('closed-for-fun', undefined))).toEqual([
      { field: 'reason', message: 'is required' },
    ]);
    expect(refusal(() => validateClosure('other', undefined))).toEqual([
      { field: 'reasonText', message: 'is required' },
    ]);
    expect(refusal(() => validateClosure('other', ' \n '))).toEqual([
      { field: 'reasonText', message: 'is required' },
    ]);
    expect(refusal(() => validateClosure('other', 'x'.repeat(501)))).toEqual([
      { field: 'reasonText', message: 'must be at most 500 characters' },
    ]);
  });

  it('needs the closing assessment for support completed only, and for a closure with no reason given', () => {
    expect(CLOSURE_REASONS.filter((reason) => needsClosingAssessment({ reason }))).toEqual([
      'support-completed',
    ]);
    expect(needsClosingAssessment(undefined)).toBe(true);
  });

  it('reads a closure recorded without a reason as support completed', () => {
    expect(closureReasonOf({ by: 'caseworker.one', at: at(1) })).toBe('support-completed');
    expect(closureReasonOf({ by: 'system', at: at(1), reason: 'declined' })).toBe('declined');
  });
});

describe('reopening', () => {
  it('needs a reason in words, trimmed, up to 500 characters', () => {
    expect(validateReopening('  The victim rang back ')).toBe('The victim rang back');
    expect(refusal(() => validateReopening(undefined))).toEqual([
      { field: 'reason', message: 'is required' },
    ]);
    expect(refusal(() => validateReopening('   '))).toEqual([{ field: 'reason', message: 'is required' }]);
    expect(refusal(() => validateReopening('y'.repeat(501)))).toEqual([
      { field: 'reason', message: 'must be at most 500 characters' },
    ]);
  });

  it('takes any words of 1 to 500 characters as they are, trimmed', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: REASON_TEXT_MAX }), (words) => {
        fc.pre(words.trim() !== '');
        expect(validateReopening(words)).toBe(words.trim());
      }),
    );
  });
});

describe('a case’s history of closures and reopenings', () => {
  const support: CaseSupport = {
    plan: [],
    closed: { by: 'caseworker.one', at: at(5), reason: 'moved-away' },
    earlier: [
      { change: 'closed', by: 'system', at: at(1), reason: 'not-contactable' },
      { change: 'reopened', by: 'team.leader', at: at(2), reason: 'Rang back' },
    ],
  };

  it('lists every change oldest first, the last where the case stands, and counts each kind', () => {
    expect(supportChanges(support).map((c) => [c.change, c.at])).toEqual([
      ['closed', at(1)],
      ['reopened', at(2)],
      ['closed', at(5)],
    ]);
    expect(changeCount(support, 'closed')).toBe(2);
    expect(changeCount(support, 'reopened')).toBe(1);
    const reopenedNow: CaseSupport = {
      plan: [],
      reopened: { by: 'team.leader', at: at(2), reason: 'Rang back' },
      earlier: [{ change: 'closed', by: 'system', at: at(1), reason: 'not-contactable' }],
    };
    expect(supportChanges(reopenedNow).at(-1)).toEqual({
      change: 'reopened',
      by: 'team.leader',
      at: at(2),
      reason: 'Rang back',
    });
    expect(supportChanges({ plan: [] })).toEqual([]);
  });

  it('knows the same closure and reopening again, by the same person for the same reason', () => {
    const closure = { by: 'caseworker.one', at: at(5), reason: 'other', reasonText: 'In prison' } as const;
    expect(sameClosure(closure, { ...closure })).toBe(true);
    expect(sameClosure(closure, { ...closure, at: at(6) })).toBe(false);
    expect(sameClosure(closure, { ...closure, at: at(6) }, false)).toBe(true);
    expect(sameClosure(closure, { ...closure, by: 'caseworker.two' }, false)).toBe(false);
    expect(sameClosure(closure, { ...closure, reasonText: 'Elsewhere' }, false)).toBe(false);
    // No reason given reads as support completed.
    expect(sameClosure({ by: 'a', at: at(1) }, { by: 'a', at: at(1), reason: 'support-completed' })).toBe(
      true,
    );
    const reopening = { by: 'team.leader', at: at(2), reason: 'Rang back' };
    expect(sameReopening(reopening, { ...reopening })).toBe(true);
    expect(sameReopening(reopening, { ...reopening, at: at(3) }, false)).toBe(true);
    expect(sameReopening(reopening, { ...reopening, reason: 'New incident' }, false)).toBe(false);
  });
});
