import { describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../../shared/domain/case-records.ts';
import { describeEvent, newestFirst } from '../../../web/pages/wording.ts';

// How the timeline says a closure and a reopening (web/pages/wording.ts): codes in, words out.

const event = (type: CaseEvent['type'], detail: CaseEvent['detail'], eventId: string = type): CaseEvent => ({
  eventId,
  caseId: 'VF-WRD00-00001',
  type,
  at: new Date('2026-12-15T10:00:00Z'),
  detail,
});

describe('the timeline’s words for closing and reopening a case', () => {
  it('names the closure’s reason and who closed it, or that the contact path’s end did', () => {
    expect(describeEvent(event('support-closed', { by: 'caseworker.one', reason: 'moved-away' }))).toEqual({
      label: 'Case closed',
      text: 'Moved away. By caseworker.one.',
    });
    expect(describeEvent(event('support-closed', { by: 'system', reason: 'not-contactable' }))).toEqual({
      label: 'Case closed',
      text: 'Not contactable: closed when the contact path ended.',
    });
    expect(
      describeEvent(event('support-closed', { by: 'caseworker.one', reason: 'onward-referral' })).text,
    ).toBe('Passed to another service. By caseworker.one.');
  });

  it('reads a closure recorded before reasons were asked for as support completed', () => {
    expect(describeEvent(event('support-closed', { by: 'caseworker.one' })).text).toBe(
      'Support completed. By caseworker.one.',
    );
  });

  it('says who reopened the case, and puts a reopening after the closure it follows at the same instant', () => {
    const reopened = event('support-reopened', { by: 'team.leader' }, 'support-reopened.1');
    expect(describeEvent(reopened)).toEqual({ label: 'Case reopened', text: 'By team.leader.' });
    const closed = event('support-closed', { by: 'system', reason: 'declined' });
    expect(newestFirst([closed, reopened]).map((e) => e.type)).toEqual([
      'support-reopened',
      'support-closed',
    ]);
  });
});
