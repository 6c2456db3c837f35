import { describe, expect, it } from 'vitest';
import { suggestAllocation } from '../../../shared/domain/allocation.ts';
import { openCase } from '../../../shared/domain/case.ts';
import type { CaseSupport } from '../../../shared/domain/case-support.ts';
import {
  earlierCaseSummary,
  earlierCases,
  earlierCaseworkers,
  newReferralReason,
  reopenNotice,
} from '../../../web/pages/case-picture.ts';
import { aValidatedReferral } from '../../fixtures/referrals.ts';

// A victim's earlier cases as the case overview and the task page show them (web/pages/case-picture.ts):
// each with where it stands, and, for a new referral whose earlier case is closed, the notice to reopen it.

const OLD = 'VF-EARL0-00001';
const OLDER = 'VF-EARL0-00002';
const NEW_CASE_REFERRAL = aValidatedReferral('EARLIER-NEW');
const opened = { ...openCase(NEW_CASE_REFERRAL, [OLD], NEW_CASE_REFERRAL.receivedAt) };
const CLOSED_AT = new Date('2026-11-30T16:45:00Z');
const closedSupport = (reason: 'moved-away' | 'other', at = CLOSED_AT, reasonText?: string) => ({
  closed: { by: 'caseworker.one', at, reason, ...(reasonText ? { reasonText } : {}) },
});

describe('an earlier case’s summary', () => {
  it('says an open case is open, with its owner by name, waiting, or not allocated', () => {
    const names = (user: string) => (user === 'caseworker.one' ? 'Alex Example' : user);
    expect(earlierCaseSummary(OLD, {}, { owner: 'caseworker.one' }, names)).toEqual({
      caseId: OLD,
      href: `/cases/${OLD}`,
      state: 'open',
      text: 'Open, with Alex Example',
      owner: 'caseworker.one',
    });
    expect(earlierCaseSummary(OLD, {}, { waitingSince: CLOSED_AT }).text).toBe(
      'Open, waiting for allocation',
    );
    expect(earlierCaseSummary(OLD, {}, undefined).text).toBe('Open, not allocated');
  });

  it('says a closed case is closed, the date in Leicester and the reason in words, and who had it', () => {
    const summary = earlierCaseSummary(OLD, closedSupport('moved-away'), { owner: 'caseworker.one' });
    expect(summary).toMatchObject({
      state: 'closed',
      text: 'Closed on 30 November 2026 (moved away); caseworker.one had it',
      closed: { at: CLOSED_AT, on: '30 November 2026', reason: 'moved away' },
    });
    // Late on a summer evening in UTC is the next day in Leicester.
    const bst = earlierCaseSummary(
      OLD,
      closedSupport('moved-away', new Date('2026-07-31T23:30:00Z')),
      undefined,
    );
    expect(bst.text).toBe('Closed on 1 August 2026 (moved away)');
    expect(
      earlierCaseSummary(OLD, closedSupport('other', CLOSED_AT, 'Asked us to pause'), undefined).text,
    ).toBe('Closed on 30 November 2026 (other: Asked us to pause)');
    // A closure from before reasons were asked for reads as support completed.
    expect(earlierCaseSummary(OLD, { closed: { by: 'x', at: CLOSED_AT } }, undefined).text).toBe(
      'Closed on 30 November 2026 (support completed)',
    );
  });

  it('reads each earlier case once from the support store and the owners, and names owners from the staff', async () => {
    const reads: string[] = [];
    const twice = { ...opened, previousCaseIds: [OLD, OLDER] };
    const found = await earlierCases(
      {
        support: {
          getSupport: async (caseId): Promise<CaseSupport> => {
            reads.push(`support ${caseId}`);
            return caseId === OLD ? { plan: [], ...closedSupport('moved-away') } : { plan: [] };
          },
        },
        owners: {
          getOwner: async (caseId) => {
            reads.push(`owner ${caseId}`);
            return { caseId, owner: 'caseworker.one', allocations: 1 };
          },
        },
        staff: {
          caseworkers: async () => [
            { id: 'caseworker.one', name: 'Alex Example', specialisms: [], areas: [] },
          ],
        },
      },
      twice,
    );
    expect(found.map((e) => e.text)).toEqual([
      'Closed on 30 November 2026 (moved away); Alex Example had it',
      'Open, with Alex Example',
    ]);
    expect(reads.sort()).toEqual([`owner ${OLD}`, `owner ${OLDER}`, `support ${OLD}`, `support ${OLDER}`]);
    expect(
      await earlierCases(
        { support: { getSupport: async () => ({ plan: [] }) } },
        { ...opened, previousCaseIds: [] },
      ),
    ).toEqual([]);
  });
});

describe('the notice to reopen a closed earlier case', () => {
  const closed = earlierCaseSummary(OLD, closedSupport('moved-away'), { owner: 'caseworker.one' });

  it('names the victim, the case, its date and reason, and links to its reopen page naming the new referral', () => {
    expect(reopenNotice(opened, [closed], { canReopen: true })).toEqual({
      caseId: OLD,
      text: `Ada Example’s case ${OLD} was closed on 30 November 2026 (moved away). Reopen it to carry on supporting them there.`,
      reopenHref: `/cases/${OLD}/reopen?referral=${opened.caseId}`,
    });
    expect(newReferralReason(opened.caseId)).toBe(`New referral ${opened.caseId} received`);
  });

  it('has no link for someone who may not reopen a case', () => {
    const notice = reopenNotice(opened, [closed], { canReopen: false });
    expect(notice?.text).toContain('was closed on');
    expect(notice).not.toHaveProperty('reopenHref');
  });

  it('names the case closed last of several', () => {
    const older = earlierCaseSummary(
      OLDER,
      closedSupport('other', new Date('2025-01-10T12:00:00Z'), 'Old'),
      undefined,
    );
    expect(reopenNotice(opened, [older, closed], { canReopen: true })?.caseId).toBe(OLD);
  });

  it('is not shown with no earlier case closed, with one open, or once the new case is closed', () => {
    const open = earlierCaseSummary(OLDER, {}, { owner: 'caseworker.two' });
    expect(reopenNotice(opened, [], { canReopen: true })).toBeUndefined();
    expect(reopenNotice(opened, [open], { canReopen: true })).toBeUndefined();
    expect(reopenNotice(opened, [closed, open], { canReopen: true })).toBeUndefined();
    expect(reopenNotice(opened, [closed], { canReopen: true, closed: true })).toBeUndefined();
  });
});

describe('continuity in allocation', () => {
  const member = (id: string, areas: string[] = []) => ({ id, name: id, specialisms: [], areas });
  const staff = [
    member('caseworker.local', ['leicester-east']),
    member('caseworker.one'),
    member('caseworker.two'),
  ];

  it('suggests first the caseworker who had the victim’s closed earlier case, with the reason', () => {
    const earlier = earlierCaseworkers([
      earlierCaseSummary(OLDER, closedSupport('other', new Date('2025-01-10T12:00:00Z'), 'Old'), {
        owner: 'caseworker.two',
      }),
      earlierCaseSummary(OLD, closedSupport('moved-away'), { owner: 'caseworker.one' }),
      earlierCaseSummary('VF-EARL0-00003', {}, { owner: 'caseworker.local' }),
    ]);
    expect(earlier).toEqual([
      { user: 'caseworker.one', caseId: OLD },
      { user: 'caseworker.two', caseId: OLDER },
    ]);
    const ranked = suggestAllocation(
      { area: 'leicester-east', enhanced: false, childOrYoungPerson: false, earlierCaseworkers: earlier },
      staff,
      new Map([['caseworker.one', 5]]),
    );
    expect(ranked.map((s) => s.member.id)).toEqual(['caseworker.one', 'caseworker.local', 'caseworker.two']);
    expect(ranked[0]?.reasons).toEqual([`had the victim’s earlier case ${OLD}`, '5 open tasks']);
  });

  it('passes to the next earlier caseworker when the first is no longer on the staff, and changes nothing without one', () => {
    const earlier = [
      { user: 'caseworker.gone', caseId: OLD },
      { user: 'caseworker.two', caseId: OLDER },
    ];
    const facts = { area: 'leicester-east', enhanced: false, childOrYoungPerson: false };
    expect(suggestAllocation({ ...facts, earlierCaseworkers: earlier }, staff, new Map())[0]?.member.id).toBe(
      'caseworker.two',
    );
    expect(suggestAllocation(facts, staff, new Map())[0]?.member.id).toBe('caseworker.local');
  });
});
