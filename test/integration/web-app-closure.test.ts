import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbSupportStore } from '../../shared/adapters/dynamodb/support-store.ts';
import { NEEDS_AREAS } from '../../shared/domain/assessment.ts';
import {
  CLOSURE_REASONS,
  type ClosureReason,
  closureReasonOf,
  supportChanges,
} from '../../shared/domain/case-support.ts';
import { aPartnerReferralBody } from '../fixtures/referrals.ts';
import { advanceUntil } from '../support/contact-path.ts';
import { type ServedLocalSystem, startServedLocalSystem } from '../support/local-server.ts';
import { definitionsOnce } from '../support/local-system.ts';
import { Visitor } from '../support/visitor.ts';

// Closing a case with its reason and reopening it (docs/web-app.md, web/pages/closure.ts), on the served
// local system as a caseworker's browser uses it; and the contact path closing a case when it ends.

/** Tuesday 15 December 2026, 10:00 in Leicester (GMT): a working day with the service open. */
const TUESDAY_10AM = new Date('2026-12-15T10:00:00Z');

let served: ServedLocalSystem;

beforeAll(() => {
  definitionsOnce();
}, 120_000);

afterEach(async () => {
  await served?.close();
});

/** A partner referral by telephone; its first call attempt opens at once. */
async function aTelephoneReferral(reference = 'DSA-2026-0950'): Promise<{ caseId: string; taskId: string }> {
  const response = await fetch(`${served.url}/referrals/partner`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(aPartnerReferralBody({ reference })),
  });
  const { caseId } = (await response.json()) as { caseId: string };
  const taskId = `${caseId}.call-attempt.1`;
  for (let tries = 0; tries < 100 && !(await served.fresh.system.tasks.getTask(taskId)); tries++)
    await served.fresh.system.engine.runDue();
  return { caseId, taskId };
}

const supportOf = (caseId: string) =>
  new DynamoDbSupportStore(served.fresh.client, served.fresh.tableName).getSupport(caseId);
const eventsOf = async (caseId: string, type: string) =>
  (await served.fresh.system.store.timeline(caseId)).filter((event) => event.type === type);

describe('closing a case with its reason, and reopening it', () => {
  it('refuses a close naming each missing field, closes for each reason, and reopens and closes again', async () => {
    served = await startServedLocalSystem(TUESDAY_10AM);
    const { caseId } = await aTelephoneReferral();
    const alex = await new Visitor(served.url).signIn('caseworker.one');
    const jo = await new Visitor(served.url).signIn('team.leader');
    const casePath = `/cases/${caseId}`;
    const closePath = `${casePath}/close`;
    const reopenPath = `${casePath}/reopen`;

    // The page: every reason as a radio, other's words revealed, and the closing assessment it needs.
    const page = await alex.get(closePath);
    expect(page.status).toBe(200);
    for (const label of [
      'Initial contact only',
      'Declined support',
      'Not contactable',
      'Passed to another service',
      'Support completed',
      'Moved away',
      'Other',
    ])
      expect(page.body).toContain(label);
    expect(page.body).toContain('data-aria-controls="conditional-reason-7"');
    expect(page.body).toContain('id="reasonText"');
    expect(page.body).toContain(`href="${casePath}/assessment?kind=closing"`);
    expect(page.body).toContain('It has not been recorded yet.');
    const fields = await alex.formFields(closePath, closePath);
    expect(fields).toEqual({ csrf: expect.any(String), reasonAsked: 'yes' });

    // Bad input: the error summary names each field, and nothing is closed.
    const refusals = [
      [{}, '#reason', 'Select why the case is closing'],
      [{ reason: 'other' }, '#reasonText', 'Enter why the case is closing'],
      [{ reason: 'other', reasonText: '   ' }, '#reasonText', 'Enter why the case is closing'],
      [
        { reason: 'other', reasonText: 'x'.repeat(501) },
        '#reasonText',
        'The reason must be 500 characters or fewer',
      ],
      [{ reason: 'closed-for-fun' }, '#reason', 'Select why the case is closing'],
      [{ reason: 'support-completed' }, '#reason', 'Record the closing needs assessment before closing'],
    ] as const;
    for (const [form, href, text] of refusals) {
      const refused = await alex.post(closePath, { ...fields, ...form });
      expect(refused.status, JSON.stringify(form)).toBe(400);
      expect(refused.body).toContain('govuk-error-summary');
      expect(refused.body).toContain(`href="${href}"`);
      expect(refused.body).toContain(text);
    }
    // What was entered is kept.
    const kept = await alex.post(closePath, { ...fields, reason: 'other', reasonText: 'x'.repeat(501) });
    expect(kept.body).toContain('x'.repeat(501));
    expect(await supportOf(caseId)).not.toHaveProperty('closed');
    expect(await eventsOf(caseId, 'support-closed')).toEqual([]);

    // Closed for each reason in turn, reopened after each but the last.
    const scores = Object.fromEntries(NEEDS_AREAS.map((area) => [`${area}-score`, '4']));
    const order: ClosureReason[] = [
      'moved-away',
      ...CLOSURE_REASONS.filter((r) => r !== 'moved-away' && r !== 'support-completed'),
      'support-completed',
    ];
    for (const [index, reason] of order.entries()) {
      if (reason === 'support-completed') {
        const assessment = `${casePath}/assessment?kind=closing`;
        await alex.post(assessment, { csrf: await alex.csrf(assessment), ...scores });
        expect((await alex.get(closePath)).body).toContain('It was recorded on');
      }
      const words = reason === 'other' ? { reasonText: 'The victim asked us to pause <for now>' } : {};
      const closed = await alex.post(closePath, { ...fields, reason, ...words });
      expect(closed.status, reason).toBe(303);
      expect(closed.location).toBe(`${casePath}/support?saved=closed`);
      expect((await alex.get(closed.location as string)).body).toContain('Case closed.');
      const support = await supportOf(caseId);
      expect(support.closed && closureReasonOf(support.closed), reason).toBe(reason);
      if (reason === 'other')
        expect(support.closed?.reasonText).toBe('The victim asked us to pause <for now>');
      if (index === order.length - 1) break;

      if (index === 0) {
        // Closed: the close page says so and offers reopening; another closure is refused.
        const again = await alex.get(closePath);
        expect(again.body).toContain('This case is closed');
        expect(again.body).toContain('Moved away');
        expect(again.body).toContain(`href="${reopenPath}"`);
        expect((await alex.post(closePath, { ...fields, reason: 'declined' })).status).toBe(409);
        // Reopening needs its reason.
        const reopenPage = await jo.get(reopenPath);
        expect(reopenPage.status).toBe(200);
        expect(reopenPage.body).toContain('Moved away');
        const blank = await jo.post(reopenPath, { csrf: await jo.csrf(reopenPath), reason: '  ' });
        expect(blank.status).toBe(400);
        expect(blank.body).toContain('href="#reason"');
        expect(blank.body).toContain('Enter why the case is being reopened');
        const long = await jo.post(reopenPath, { csrf: await jo.csrf(reopenPath), reason: 'y'.repeat(501) });
        expect(long.status).toBe(400);
        expect(long.body).toContain('The reason must be 500 characters or fewer');
        expect(await supportOf(caseId)).not.toHaveProperty('reopened');
      }
      const reopener = index % 2 === 0 ? jo : alex;
      const reopened = await reopener.post(reopenPath, {
        csrf: await reopener.csrf(reopenPath),
        reason: `Rang back (${index + 1})`,
      });
      expect(reopened.status, reason).toBe(303);
      expect(reopened.location).toBe(`${casePath}?saved=reopened`);
      expect((await alex.get(reopened.location as string)).body).toContain('Case reopened.');
      expect((await supportOf(caseId)).reopened?.reason).toBe(`Rang back (${index + 1})`);
      if (index === 0) {
        // Open again: reopening it again is refused, and the close page asks for a reason once more.
        expect((await jo.post(reopenPath, { csrf: await jo.csrf(reopenPath), reason: 'Again' })).status).toBe(
          409,
        );
        expect((await jo.get(reopenPath)).body).toContain('This case is open');
        expect((await alex.get(closePath)).body).toContain('Closures and reopenings');
      }
    }

    // Every closure and reopening is kept, each on the timeline and in the audit once.
    const history = supportChanges(await supportOf(caseId));
    expect(history.map((c) => (c.change === 'closed' ? closureReasonOf(c) : 'reopened'))).toEqual(
      order.flatMap((reason, i) => (i === order.length - 1 ? [reason] : [reason, 'reopened'])),
    );
    const closures = await eventsOf(caseId, 'support-closed');
    expect(closures.map((e) => e.detail.reason)).toEqual(order);
    expect(closures.map((e) => e.eventId)).toEqual(
      order.map((_, i) => (i === 0 ? 'support-closed' : `support-closed.${i + 1}`)),
    );
    // Other's words stay with the closure: never on the timeline.
    expect(JSON.stringify(closures)).not.toContain('pause');
    expect(await eventsOf(caseId, 'support-reopened')).toHaveLength(order.length - 1);
    const audit = (await served.fresh.system.audit.forCase(caseId, { limit: 200 })).entries;
    expect(audit.filter((e) => e.what === 'case:close' && e.action === 'changed')).toHaveLength(order.length);
    expect(audit.filter((e) => e.what === 'case:reopen' && e.action === 'changed')).toHaveLength(
      order.length - 1,
    );
    expect(
      audit.some((e) => e.what === 'case:close' && e.action === 'viewed' && e.user === 'caseworker.one'),
    ).toBe(true);
    expect(
      audit.some((e) => e.what === 'case:reopen' && e.action === 'viewed' && e.user === 'team.leader'),
    ).toBe(true);
    expect(JSON.stringify(audit)).not.toContain('Rang back');
    // The reopen page shows the history newest first, the caseworkers' words escaped.
    await jo.post(reopenPath, { csrf: await jo.csrf(reopenPath), reason: 'A new incident' });
    const withHistory = (await alex.get(closePath)).body;
    expect(withHistory).toContain('Closures and reopenings');
    expect(withHistory).toContain('Other: The victim asked us to pause &lt;for now&gt;');
    expect(withHistory.indexOf('A new incident')).toBeLessThan(withHistory.indexOf('Rang back (1)'));
  }, 120_000);

  it('still closes as support completed from the case page’s form, which sends no reason', async () => {
    served = await startServedLocalSystem(TUESDAY_10AM);
    const { caseId } = await aTelephoneReferral();
    const alex = await new Visitor(served.url).signIn('caseworker.one');
    const casePath = `/cases/${caseId}`;
    const csrf = await alex.csrf(`${casePath}/close`);

    const tooSoon = await alex.post(`${casePath}/close`, { csrf });
    expect(tooSoon.status).toBe(409);
    expect(tooSoon.body).toContain('no closing assessment');
    const assessment = `${casePath}/assessment?kind=closing`;
    await alex.post(assessment, {
      csrf,
      ...Object.fromEntries(NEEDS_AREAS.map((area) => [`${area}-score`, '5'])),
    });
    const closed = await alex.post(`${casePath}/close`, { csrf });
    expect(closed.location).toBe(`${casePath}/support?saved=closed`);

    const support = await supportOf(caseId);
    expect(support.closed && closureReasonOf(support.closed)).toBe('support-completed');
    expect((await eventsOf(caseId, 'support-closed')).map((e) => e.detail)).toEqual([
      { by: 'caseworker.one', reason: 'support-completed' },
    ]);
    // The same form sent again is the same closure: answered as the first.
    expect((await alex.post(`${casePath}/close`, { csrf })).location).toBe(
      `${casePath}/support?saved=closed`,
    );
    expect(await eventsOf(caseId, 'support-closed')).toHaveLength(1);
  }, 60_000);

  it('closes a case as not contactable when its contact path ends so, and lets a caseworker reopen it', async () => {
    served = await startServedLocalSystem(TUESDAY_10AM);
    const { caseId, taskId } = await aTelephoneReferral();
    const alex = await new Visitor(served.url).signIn('caseworker.one');
    const taskPath = `/tasks/${encodeURIComponent(taskId)}`;

    // A wrong number: the final letter goes at once and the path ends not contactable.
    const done = await alex.post(`${taskPath}/complete`, {
      csrf: await alex.csrf(taskPath),
      outcome: 'wrong-number',
    });
    expect(done.status).toBe(303);
    await advanceUntil(served.fresh, async () => (await supportOf(caseId)).closed !== undefined);

    const support = await supportOf(caseId);
    expect(support.closed).toMatchObject({ by: 'system', reason: 'not-contactable' });
    const [ended] = await eventsOf(caseId, 'contact-path-completed');
    expect(ended?.detail).toEqual({ result: 'not-contactable' });
    expect((await eventsOf(caseId, 'support-closed')).map((e) => [e.eventId, e.at, e.detail])).toEqual([
      ['support-closed', ended?.at, { by: 'system', reason: 'not-contactable' }],
    ]);
    const reopenPath = `/cases/${caseId}/reopen`;
    const reopenPage = (await alex.get(reopenPath)).body;
    expect(reopenPage).toContain('Not contactable');
    expect(reopenPage).toContain('The service, when the contact path ended');

    const reopened = await alex.post(reopenPath, {
      csrf: await alex.csrf(reopenPath),
      reason: 'The victim rang from a new number',
    });
    expect(reopened.location).toBe(`/cases/${caseId}?saved=reopened`);
    expect(await eventsOf(caseId, 'support-reopened')).toHaveLength(1);
    // Open again: its support can change.
    const plan = `/cases/${caseId}/plan`;
    const added = await alex.post(plan, {
      ...(await alex.formFields(plan, plan)),
      area: 'personal-safety',
      action: 'Refer for a home security assessment',
      owner: 'Caseworker',
      'reviewBy-day': '12',
      'reviewBy-month': '1',
      'reviewBy-year': '2027',
    });
    expect(added.status).toBe(303);
    expect((await supportOf(caseId)).plan).toHaveLength(1);
  }, 60_000);
});
