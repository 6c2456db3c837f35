import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aPartnerReferralBody } from '../fixtures/referrals.ts';
import { type ServedLocalSystem, startServedLocalSystem } from '../support/local-server.ts';
import { Visitor } from '../support/visitor.ts';

// Submitting the quarterly return (docs/reporting.md, "Submitting the return"): due no more than one month
// after its quarter ends, shown as due soon in its last week, marked as submitted once by the analyst.

/** Monday 26 October 2026, 10:00 in Leicester: the last week before the 2026/27-Q2 return is due. */
const MONDAY_26_OCTOBER = new Date('2026-10-26T10:00:00Z');

let served: ServedLocalSystem;
let analyst: Visitor;

beforeAll(async () => {
  served = await startServedLocalSystem(MONDAY_26_OCTOBER);
  expect(
    await served.fresh.system.invoke('produceQuarterlyReturn', { scheduledTime: '2026-10-01T05:00:00Z' }),
  ).toMatchObject({ status: 'stored', quarter: '2026/27-Q2' });
  analyst = await new Visitor(served.url).signIn('analyst.one');
}, 180_000);

afterAll(async () => served?.close());

const submitPath = '/returns/2026-27-Q2/submitted';

describe('submitting the quarterly return', () => {
  it("alerts the analyst in the return's last week, and keeps who marked it submitted and when, once", async () => {
    const page = await analyst.get('/returns');
    expect(page.status).toBe(200);
    expect(page.body).toContain(
      'The 2026/27-Q2 return is due by 31 October 2026 and has not been marked as submitted.',
    );
    expect(page.body).toContain('Due soon');

    const marked = await analyst.post(submitPath, await analyst.formFields('/returns', submitPath));
    expect(marked.status).toBe(303);
    expect(marked.location).toBe('/returns?submitted=2026-27-Q2');
    const after = await analyst.get('/returns?submitted=2026-27-Q2');
    expect(after.body).toContain('The 2026/27-Q2 return is marked as submitted.');
    expect(after.body).not.toContain('has not been marked as submitted');
    expect(after.body).toContain('Mon 26 Oct 2026, 10:00 by analyst.one');
    expect(after.body).not.toContain(`action="${submitPath}"`);
    expect(await served.fresh.system.returnSubmissions.list()).toEqual([
      { quarter: '2026/27-Q2', submittedBy: 'analyst.one', submittedAt: MONDAY_26_OCTOBER },
    ]);

    // Sent again (a double click, a resend): nothing changes, and the page says who marked it first.
    const again = await analyst.post(submitPath, await analyst.formFields('/returns', '/sign-out'));
    expect(again.status).toBe(409);
    expect(again.body).toContain('was marked as submitted on Mon 26 Oct 2026, 10:00 by analyst.one');
    expect(await served.fresh.system.returnSubmissions.list()).toHaveLength(1);
  });

  it('refuses a quarter with no stored return, one not ended, and an address that is not a quarter', async () => {
    const fields = await analyst.formFields('/returns', '/sign-out');
    const notStored = await analyst.post('/returns/2025-26-Q4/submitted', fields);
    expect(notStored.status).toBe(404);
    expect(notStored.body).toContain('No return is stored for 2025/26-Q4.');
    await served.fresh.system.returns.put('2026/27-Q3', 'csv', 'id,label,value\r\n');
    const notEnded = await analyst.post('/returns/2026-27-Q3/submitted', fields);
    expect(notEnded.status).toBe(409);
    expect(notEnded.body).toContain('cannot be submitted before the quarter ends');
    const notAQuarter = await analyst.post('/returns/next-week/submitted', fields);
    expect(notAQuarter.status).toBe(400);
    expect(await served.fresh.system.returnSubmissions.list()).toHaveLength(1);
  });
});

describe('the monthly catch-up summary', () => {
  it("counts the month's referrals and missed deadlines by rule, so far while it runs", async () => {
    const referral = await fetch(`${served.url}/referrals/partner`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(aPartnerReferralBody()),
    });
    expect(referral.status).toBe(201);
    const { caseId } = (await referral.json()) as { caseId: string };
    await served.fresh.system.store.recordEvent({
      eventId: 'deadline-breached.initial-contact',
      caseId,
      type: 'deadline-breached',
      at: new Date('2026-10-26T09:00:00Z'),
      detail: { rule: 'initial-contact', reason: 'no-call-made' },
    });

    const list = await analyst.get('/returns');
    expect(list.body).toContain('href="/returns/monthly/2026-09"');
    expect(list.body).not.toContain('href="/returns/monthly/2026-10"');
    const page = await analyst.get('/returns/monthly/2026-10');
    expect(page.status).toBe(200);
    const text = page.body.replace(/\s+/g, ' ');
    expect(text).toContain('Monthly catch-up: October 2026');
    expect(text).toContain('October 2026 has not ended: these are the figures so far.');
    expect(text).toMatch(/Referrals received <\/dt> <dd class="govuk-summary-list__value"> 1 </);
    expect(text).toMatch(/Deadlines missed <\/dt> <dd class="govuk-summary-list__value"> 1 </);
    expect(text).toContain('Initial contact');
    expect(text).toMatch(/Complaints about Victim First <\/dt> <dd class="govuk-summary-list__value"> 0 </);
    expect(text).toMatch(/Improvement plan actions open <\/dt> <dd class="govuk-summary-list__value"> 0 </);
    const september = await analyst.get('/returns/monthly/2026-09');
    expect(september.body.replace(/\s+/g, ' ')).toMatch(
      /Referrals received <\/dt> <dd class="govuk-summary-list__value"> 0 </,
    );
  });

  it('refuses what is not a month, and a month not started', async () => {
    expect((await analyst.get('/returns/monthly/October')).status).toBe(400);
    expect((await analyst.get('/returns/monthly/2026-13')).status).toBe(400);
    expect((await analyst.get('/returns/monthly/2026-11')).status).toBe(404);
  });
});
