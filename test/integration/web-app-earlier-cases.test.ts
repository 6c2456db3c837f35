import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbSupportStore } from '../../shared/adapters/dynamodb/support-store.ts';
import { aPartnerReferralBody } from '../fixtures/referrals.ts';
import { type ServedLocalSystem, startServedLocalSystem } from '../support/local-server.ts';
import { definitionsOnce } from '../support/local-system.ts';
import { Visitor } from '../support/visitor.ts';

// A new referral for a victim whose earlier case is closed (web/pages/case-picture.ts, docs/web-app.md), on
// the served local system: the new case's overview and its task page list the earlier case with where it
// stands and say where it cannot be missed that it was closed, with the link to reopen it and the reason
// naming the new referral; the caseworker who had it is suggested first; once it is open again, no notice.

/** Tuesday 15 December 2026, 10:00 in Leicester (GMT): a working day with the service open. */
const TUESDAY_10AM = new Date('2026-12-15T10:00:00Z');
const NOTICE = 'govuk-notification-banner__heading';

let served: ServedLocalSystem;
let alex: Visitor;
let jo: Visitor;

beforeAll(async () => {
  definitionsOnce();
  served = await startServedLocalSystem(TUESDAY_10AM);
  alex = await new Visitor(served.url).signIn('caseworker.one');
  jo = await new Visitor(served.url).signIn('team.leader');
}, 120_000);

afterAll(async () => {
  await served?.close();
});

/** Ada Example's partner referral by telephone; its first call attempt opens at once. */
async function aReferral(reference: string): Promise<{ caseId: string; taskId: string }> {
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

describe('a new referral for the same person as a closed case', () => {
  let earlier = '';
  let current = '';
  let taskId = '';

  beforeAll(async () => {
    // The earlier case, Sam Sample's, closed as moved away; then a new referral for Ada Example.
    ({ caseId: earlier } = await aReferral('DSA-2026-1301'));
    const { owners } = served.fresh.system;
    await owners.awaitAllocation(earlier, TUESDAY_10AM);
    await owners.allocate({
      caseId: earlier,
      n: 1,
      to: 'caseworker.two',
      by: 'team.leader',
      at: TUESDAY_10AM,
      suggested: false,
    });
    const closePath = `/cases/${earlier}/close`;
    const closed = await alex.post(closePath, {
      csrf: await alex.csrf(closePath),
      reasonAsked: 'yes',
      reason: 'moved-away',
    });
    expect(closed.status).toBe(303);
    ({ caseId: current, taskId } = await aReferral('DSA-2026-1302'));
    expect((await served.fresh.system.store.getCase(current))?.previousCaseIds).toEqual([earlier]);
  }, 120_000);

  const noticeText = () =>
    `Ada Example’s case ${earlier} was closed on 15 December 2026 (moved away). Reopen it to carry on supporting them there.`;
  const reopenHref = () => `/cases/${earlier}/reopen?referral=${current}`;

  it('shows the notice and the reopen link on the overview, and the earlier case with its state', async () => {
    const page = await alex.get(`/cases/${current}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('govuk-notification-banner');
    expect(page.body).toContain(`<p class="${NOTICE}">${noticeText()}</p>`);
    expect(page.body).toContain(`href="${reopenHref()}"`);
    expect(page.body).toContain(`Reopen case ${earlier}`);
    expect(page.body).toContain(
      `<a class="govuk-link" href="/cases/${earlier}">${earlier}</a>: Closed on 15 December 2026 (moved away); Sam Sample had it`,
    );
    // The earlier case itself has no earlier case, and no notice.
    expect((await alex.get(`/cases/${earlier}`)).body).not.toContain(NOTICE);
  });

  it('shows the same notice on the new case’s task page', async () => {
    const page = await alex.get(`/tasks/${encodeURIComponent(taskId)}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain(noticeText());
    expect(page.body).toContain(`href="${reopenHref()}"`);
    expect(page.body).toContain('Closed on 15 December 2026 (moved away); Sam Sample had it');
  });

  it('suggests first the caseworker who had the earlier case, saying why', async () => {
    const page = await jo.get(`/cases/${current}/allocation`);
    expect(page.status).toBe(200);
    const firstOption = /<input[^>]*name="to"[^>]*value="([^"]+)"/.exec(page.body)?.[1];
    expect(firstOption).toBe('caseworker.two');
    expect(page.body).toContain('Sam Sample (suggested)');
    expect(page.body).toContain(`Had the victim’s earlier case ${earlier}`);
  });

  it('opens the reopen page with the reason naming the new referral, only from a case that lists it', async () => {
    const page = await jo.get(reopenHref());
    expect(page.status).toBe(200);
    expect(page.body).toMatch(
      new RegExp(`<textarea[^>]*name="reason"[^>]*>New referral ${current} received</textarea>`),
    );
    // A case that does not list it, or none, fills nothing in.
    for (const query of [`?referral=${earlier}`, '?referral=VF-00000-00000', '?referral=%3Cb%3E', ''])
      expect((await jo.get(`/cases/${earlier}/reopen${query}`)).body).toMatch(
        /<textarea[^>]*name="reason"[^>]*><\/textarea>/,
      );
  });

  it('reopens the earlier case with that reason, and the notice is gone', async () => {
    const reopenPath = `/cases/${earlier}/reopen`;
    const reopened = await alex.post(reopenPath, {
      csrf: await alex.csrf(reopenPath),
      reason: `New referral ${current} received`,
    });
    expect(reopened.status).toBe(303);
    const support = await new DynamoDbSupportStore(served.fresh.client, served.fresh.tableName).getSupport(
      earlier,
    );
    expect(support.closed).toBeUndefined();
    expect(support.reopened?.reason).toBe(`New referral ${current} received`);

    // An open earlier case: listed as open with its owner, and no notice on the overview or the task page.
    const page = await alex.get(`/cases/${current}`);
    expect(page.body).not.toContain(NOTICE);
    expect(page.body).not.toContain('/reopen?referral=');
    expect(page.body).toContain(`${earlier}</a>: Open, with Sam Sample`);
    const task = await alex.get(`/tasks/${encodeURIComponent(taskId)}`);
    expect(task.body).not.toContain(NOTICE);
    expect(task.body).toContain('Open, with Sam Sample');
  });
});
