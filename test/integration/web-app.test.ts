import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { executionArnOf } from '../../local/engine/engine.ts';
import { DynamoDbHardshipFund } from '../../shared/adapters/dynamodb/hardship-fund.ts';
import { DynamoDbSupportStore } from '../../shared/adapters/dynamodb/support-store.ts';
import { NEEDS_AREAS } from '../../shared/domain/assessment.ts';
import { aPartnerReferralBody } from '../fixtures/referrals.ts';
import { type ServedLocalSystem, startServedLocalSystem } from '../support/local-server.ts';
import { definitionsOnce } from '../support/local-system.ts';
import { Visitor } from '../support/visitor.ts';

/** Tuesday 15 December 2026, 10:00 in Leicester (GMT): a working day with the service open. */
const TUESDAY_10AM = new Date('2026-12-15T10:00:00Z');

let served: ServedLocalSystem;

beforeAll(() => {
  definitionsOnce();
}, 120_000);

afterEach(async () => {
  await served?.close();
});

/** A partner referral by telephone; its first call attempt opens at once (Tuesday 10:00). */
async function aTelephoneReferral(
  overrides: Record<string, unknown> = {},
): Promise<{ caseId: string; taskId: string }> {
  const response = await fetch(`${served.url}/referrals/partner`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(aPartnerReferralBody(overrides)),
  });
  const { caseId } = (await response.json()) as { caseId: string };
  const taskId = `${caseId}.call-attempt.1`;
  for (let tries = 0; tries < 100 && !(await served.fresh.system.tasks.getTask(taskId)); tries++) {
    await served.fresh.system.engine.runDue();
  }
  return { caseId, taskId };
}

describe('the caseworker web app', () => {
  it('answers /health, refuses the task API without sign-in, and opens on a GOV.UK-style sign-in page', async () => {
    served = await startServedLocalSystem(TUESDAY_10AM);
    const visitor = new Visitor(served.url);

    expect((await visitor.get('/health')).status).toBe(200);
    expect((await visitor.get('/api/tasks')).status).toBe(401);
    const home = await visitor.get('/');
    expect(home.status).toBe(200);
    expect(home.body).toContain('<html lang="en-GB" class="govuk-template');
    expect(home.body).toContain('<title>Sign in – Victim First casework</title>');
    expect(home.body).toContain('govuk-radios');
    expect(home.headers.get('content-security-policy')).toContain("script-src 'self' 'nonce-");
    expect((await visitor.get('/stylesheets/govuk-frontend.min.css')).status).toBe(200);
    expect((await visitor.get('/tasks')).location).toBe('/');
  });

  it("shows a caseworker the call task in the team queue, takes the call's outcome, and puts it on the case timeline", async () => {
    served = await startServedLocalSystem(TUESDAY_10AM);
    const { caseId, taskId } = await aTelephoneReferral();
    const alex = await new Visitor(served.url).signIn('caseworker.one');

    expect((await alex.get('/')).location).toBe('/tasks');
    const queue = await alex.get('/tasks');
    expect(queue.body).toContain(`href="/tasks/${encodeURIComponent(taskId)}"`);
    expect(queue.body).toContain('Call attempt');
    expect(queue.body).toMatch(/due in \d+ (hours|minutes)/);

    const task = await alex.get(`/tasks/${encodeURIComponent(taskId)}`);
    expect(task.body).toContain('What happened on the call?');
    const csrf = await alex.csrf(`/tasks/${encodeURIComponent(taskId)}`);
    const done = await alex.post(`/tasks/${encodeURIComponent(taskId)}/complete`, {
      csrf,
      outcome: 'no-answer',
    });
    expect(done.status).toBe(303);
    expect(done.location).toBe(`/cases/${caseId}?done=${encodeURIComponent(taskId)}`);

    const page = await alex.get(done.location as string);
    expect(page.body).toContain('Outcome recorded.');
    expect(page.body).toContain('Call attempt: no answer');
    expect(page.body).toContain('moj-timeline');
    const audit = await served.fresh.system.audit.forCase(caseId);
    expect(audit.entries.map((e) => `${e.user} ${e.action} ${e.what}`)).toEqual(
      expect.arrayContaining([
        'caseworker.one viewed case',
        'caseworker.one changed task:complete',
        'caseworker.one viewed task',
      ]),
    );
  });

  it('refuses a form without its token, and names a missing outcome', async () => {
    served = await startServedLocalSystem(TUESDAY_10AM);
    const { taskId } = await aTelephoneReferral();
    const alex = await new Visitor(served.url).signIn('caseworker.one');
    const path = `/tasks/${encodeURIComponent(taskId)}`;

    expect((await alex.post(`${path}/complete`, { outcome: 'no-answer' })).status).toBe(403);
    const csrf = await alex.csrf(path);
    const empty = await alex.post(`${path}/complete`, { csrf });
    expect(empty.status).toBe(400);
    expect(empty.body).toContain('There is a problem');
    expect(empty.body).toContain('href="#outcome"');
    expect((await served.fresh.system.tasks.getTask(taskId))?.status).toBe('open');
  });

  it('tells the second of two caseworkers completing the same task, plainly, that it was done', async () => {
    served = await startServedLocalSystem(TUESDAY_10AM);
    const { taskId } = await aTelephoneReferral();
    const alex = await new Visitor(served.url).signIn('caseworker.one');
    const sam = await new Visitor(served.url).signIn('caseworker.two');
    const path = `/tasks/${encodeURIComponent(taskId)}`;
    const [alexToken, samToken] = [await alex.csrf(path), await sam.csrf(path)];

    const first = await alex.post(`${path}/complete`, { csrf: alexToken, outcome: 'no-answer' });
    const second = await sam.post(`${path}/complete`, { csrf: samToken, outcome: 'wrong-number' });

    expect(first.status).toBe(303);
    expect(second.status).toBe(409);
    expect(second.body).toContain('This task has already been dealt with');
    expect(second.body).toContain('caseworker.one');
    expect((await served.fresh.system.tasks.getTask(taskId))?.outcome).toEqual({ outcome: 'no-answer' });
  });

  it('lets a contractor open no Victim First case or queue, and audits the refusal', async () => {
    served = await startServedLocalSystem(TUESDAY_10AM);
    const { caseId } = await aTelephoneReferral();
    const chris = await new Visitor(served.url).signIn('contractor.one');

    const refused = await chris.get(`/cases/${caseId}`);
    expect(refused.status).toBe(403);
    expect(refused.body).not.toContain('Ada');
    expect((await chris.get('/tasks')).status).toBe(403);
    const audit = await served.fresh.system.audit.forCase(caseId);
    expect(audit.entries.map((e) => `${e.user} ${e.action} ${e.what}`)).toContain(
      'contractor.one refused case',
    );
  });

  it('signs out after 30 minutes idle, and does not take a forged session', async () => {
    served = await startServedLocalSystem(TUESDAY_10AM);
    const alex = await new Visitor(served.url).signIn('caseworker.one');
    expect((await alex.get('/tasks')).status).toBe(200);

    served.fresh.clock.set(new Date(TUESDAY_10AM.getTime() + 31 * 60_000));
    expect((await alex.get('/tasks')).location).toBe('/');

    const forged = Buffer.from(
      JSON.stringify({ user: 'team.leader', roles: ['team-leader'], csrf: 'x', issuedAt: 0, seenAt: 0 }),
    ).toString('base64url');
    const response = await fetch(`${served.url}/tasks`, {
      redirect: 'manual',
      headers: { cookie: `vf_session=${forged}.bm90LXNpZ25lZA` },
    });
    expect(response.status).toBe(303);
  });

  it('filters the queue to enhanced victims and to one Neighbourhood Policing Area', async () => {
    served = await startServedLocalSystem(TUESDAY_10AM);
    const standard = await aTelephoneReferral({ reference: 'DSA-2026-0701', npa: 'leicester-east' });
    const enhanced = await aTelephoneReferral({
      reference: 'DSA-2026-0702',
      npa: 'melton',
      enhancedCategory: 'serious-crime',
    });
    const alex = await new Visitor(served.url).signIn('caseworker.one');
    const rowsOf = async (query: string) => {
      const { body } = await alex.get(`/tasks${query}`);
      return [standard, enhanced].filter((r) => body.includes(`/cases/${r.caseId}`)).map((r) => r.caseId);
    };

    expect(await rowsOf('')).toEqual([standard.caseId, enhanced.caseId]);
    expect(await rowsOf('?enhanced=yes')).toEqual([enhanced.caseId]);
    expect(await rowsOf('?area=leicester-east')).toEqual([standard.caseId]);
    expect(await rowsOf('?area=melton&enhanced=yes')).toEqual([enhanced.caseId]);
    // An area the service does not have is no filter at all, never an error page.
    expect(await rowsOf('?area=atlantis')).toEqual([standard.caseId, enhanced.caseId]);
  });

  it('assigns a task to the caseworker who takes it, lists it under My tasks, and tells a second taker who has it', async () => {
    served = await startServedLocalSystem(TUESDAY_10AM);
    const { taskId } = await aTelephoneReferral();
    const alex = await new Visitor(served.url).signIn('caseworker.one');
    const sam = await new Visitor(served.url).signIn('caseworker.two');
    const path = `/tasks/${encodeURIComponent(taskId)}`;
    const [alexToken, samToken] = [await alex.csrf(path), await sam.csrf(path)];

    const taken = await alex.post(`${path}/claim`, { csrf: alexToken });
    expect(taken.status).toBe(303);
    expect((await alex.get(taken.location as string)).body).toContain('Assigned to <strong>you</strong>');
    expect((await alex.get('/tasks?view=mine')).body).toContain(`href="${path}"`);
    expect((await sam.get('/tasks?view=mine')).body).not.toContain(`href="${path}"`);

    const second = await sam.post(`${path}/claim`, { csrf: samToken });
    expect(second.status).toBe(409);
    expect(second.body).toContain('Someone else has this task');
  });

  it('takes a victim from the needs assessment through a support plan to closure, with the distance travelled', async () => {
    served = await startServedLocalSystem(TUESDAY_10AM);
    const { caseId } = await aTelephoneReferral();
    const alex = await new Visitor(served.url).signIn('caseworker.one');
    const casePath = `/cases/${caseId}`;
    const scores = (score: number, overrides: Record<string, number> = {}) =>
      Object.fromEntries(NEEDS_AREAS.map((area) => [`${area}-score`, String(overrides[area] ?? score)]));

    expect((await alex.get(`${casePath}/support`)).body).toContain('Record the needs assessment');
    const assessmentPath = `${casePath}/assessment?kind=initial`;
    let csrf = await alex.csrf(assessmentPath);
    // Every area must be scored: the missing one is named.
    const { 'family-score': _family, ...eightAreas } = scores(2);
    const incomplete = await alex.post(assessmentPath, { csrf, ...eightAreas });
    expect(incomplete.status).toBe(400);
    expect(incomplete.body).toContain('href="#family-score"');
    const saved = await alex.post(assessmentPath, {
      csrf,
      ...scores(2, { 'personal-safety': 1 }),
      'family-notes': 'Lives with her sister.',
    });
    expect(saved.location).toBe(`${casePath}/support?saved=assessment`);

    const planPath = `${casePath}/plan`;
    csrf = await alex.csrf(planPath);
    const pastReview = await alex.post(planPath, {
      ...(await alex.formFields(planPath, planPath)),
      area: 'personal-safety',
      action: 'Refer for a home security assessment',
      owner: 'Caseworker',
      'reviewBy-day': '1',
      'reviewBy-month': '1',
      'reviewBy-year': '2026',
    });
    expect(pastReview.status).toBe(400);
    expect(pastReview.body).toContain('Review date must be today or later');
    const added = await alex.post(planPath, {
      ...(await alex.formFields(planPath, planPath)),
      area: 'personal-safety',
      action: 'Refer for a home security assessment',
      owner: 'Caseworker',
      'reviewBy-day': '12',
      'reviewBy-month': '1',
      'reviewBy-year': '2027',
    });
    expect(added.location).toBe(`${casePath}/support?saved=plan`);
    // Its review is scheduled for 09:00 on the review date.
    const review = await served.fresh.system.engine.describeExecution(
      executionArnOf(definitionsOnce().supportReviewArn as string, `${caseId}.review.1`),
    );
    expect(review.status).toBe('RUNNING');
    expect(JSON.parse(review.input)).toEqual({
      caseId,
      actionNumber: 1,
      reviewAt: '2027-01-12T09:00:00.000Z',
    });
    const withPlan = (await alex.get(`${casePath}/support`)).body;
    expect(withPlan).toContain('Refer for a home security assessment');
    expect(withPlan).toContain('12 Jan 2027');

    // Closing needs the closing assessment first.
    csrf = await alex.csrf(casePath.concat('/assessment?kind=closing'));
    const tooSoon = await alex.post(`${casePath}/close`, { csrf });
    expect(tooSoon.status).toBe(409);
    await alex.post(`${casePath}/assessment?kind=closing`, {
      csrf,
      ...scores(4, { 'personal-safety': 4, family: 2 }),
    });
    const closed = await alex.post(`${casePath}/close`, { csrf });
    expect(closed.location).toBe(`${casePath}/support?saved=closed`);

    const page = (await alex.get(closed.location as string)).body;
    expect(page).toContain('Case closed.');
    expect(page).toMatch(/Personal safety<\/th>\s*<td[^>]*>1<\/td>\s*<td[^>]*>4<\/td>\s*<td[^>]*>\+3<\/td>/);
    expect(page).toMatch(/Family<\/th>\s*<td[^>]*>2<\/td>\s*<td[^>]*>2<\/td>\s*<td[^>]*>0<\/td>/);
    expect(page).not.toContain('Close the case');
    // Closed is closed: the plan cannot change.
    const late = await alex.post(planPath, {
      ...(await alex.formFields(planPath, planPath)),
      area: 'family',
      action: 'x',
      owner: 'y',
      'reviewBy-day': '1',
      'reviewBy-month': '2',
      'reviewBy-year': '2027',
    });
    expect(late.status).toBe(409);
    const audit = await served.fresh.system.audit.forCase(caseId, { limit: 50 });
    expect(audit.entries.map((e) => e.what)).toEqual(
      expect.arrayContaining(['assessment:initial', 'plan:add-action', 'assessment:closing', 'case:close']),
    );
  });

  it('lets a team leader give a task to a caseworker, suggesting the one who covers the area, and no caseworker do so', async () => {
    served = await startServedLocalSystem(TUESDAY_10AM);
    const { taskId } = await aTelephoneReferral({ reference: 'DSA-2026-0801', npa: 'melton' });
    const jo = await new Visitor(served.url).signIn('team.leader');
    const alex = await new Visitor(served.url).signIn('caseworker.one');
    const path = `/tasks/${encodeURIComponent(taskId)}`;

    const page = await jo.get(path);
    expect(page.body).toContain('Give this task to');
    // Sam covers Melton: first, and said why.
    const suggested =
      /<label[^>]*for="user"[^>]*>\s*([^<]+?)\s*<\/label>\s*<div[^>]*>\s*([^<]+?)\s*<\/div>/.exec(page.body);
    expect(suggested?.[1]).toBe('Sam Sample (suggested)');
    expect(suggested?.[2]).toBe('Covers Melton, 0 open tasks');
    expect((await alex.get(path)).body).not.toContain('Give this task to');

    const csrf = await jo.csrf(path);
    const assigned = await jo.post(`${path}/assign`, { csrf, user: 'caseworker.three' });
    expect(assigned.status).toBe(303);
    expect((await jo.get(assigned.location as string)).body).toContain(
      'The task is assigned to Kit Instance.',
    );
    expect((await served.fresh.system.tasks.getTask(taskId))?.assignee).toBe('caseworker.three');

    expect((await jo.post(`${path}/assign`, { csrf, user: 'someone.else' })).status).toBe(400);
    const alexToken = await alex.csrf('/tasks');
    expect((await alex.post(`${path}/assign`, { csrf: alexToken, user: 'caseworker.one' })).status).toBe(403);
    // Kit's caseload now counts against Kit for the next task.
    const next = await aTelephoneReferral({ reference: 'DSA-2026-0802', npa: 'blaby' });
    const nextPage = await jo.get(`/tasks/${encodeURIComponent(next.taskId)}`);
    expect(nextPage.body).toContain('Covers Blaby, 1 open task');
  });

  // Restorative justice (the offer, a team leader's exception decision, stages): web-app-restorative-justice.test.ts.

  it("pays from the hardship fund against the year's £5,000, refusing a bad amount and a payment past the budget", async () => {
    served = await startServedLocalSystem(TUESDAY_10AM);
    const { caseId } = await aTelephoneReferral();
    const alex = await new Visitor(served.url).signIn('caseworker.one');
    const casePath = `/cases/${caseId}`;
    const pay = async (amount: string, purpose = 'Replacement front door lock') =>
      alex.post(`${casePath}/hardship`, {
        ...(await alex.formFields(`${casePath}/hardship`, `${casePath}/hardship`)),
        amount,
        purpose,
      });

    expect((await alex.get(`${casePath}/support`)).body).toContain('£5,000.00 of £5,000.00 left in 2026-27.');
    expect((await pay('twenty')).status).toBe(400);
    expect((await pay('0')).status).toBe(400);
    // The payment's page again with the GOV.UK error summary linking to the field, and what was entered kept.
    const noPurpose = await pay('25.50', '  ');
    expect(noPurpose.status).toBe(400);
    expect(noPurpose.body).toContain('<title>Error: Case ');
    expect(noPurpose.body).toMatch(/govuk-error-summary[\s\S]*href="#purpose">What it is for is required</);
    expect(noPurpose.body).toMatch(/id="purpose-error"[\s\S]*What it is for is required/);
    expect(noPurpose.body).toMatch(/id="amount" name="amount" type="text"[^>]*value="25.50"/);
    expect((await pay('£1,200')).body).toContain('href="#amount">Amount must be at most £500.00<');
    expect((await pay('£125.50')).status).toBe(303);
    const page = (await alex.get(`${casePath}/support`)).body;
    expect(page).toContain('£4,874.50 of £5,000.00 left in 2026-27.');
    expect(page).toContain('£125.50 for Replacement front door lock');
    expect((await alex.get(`${casePath}/timeline`)).body).toContain('Hardship fund payment of £125.50');

    // Spend the rest of the year's budget on the fund directly, then one more pound is refused.
    const fund = new DynamoDbHardshipFund(served.fresh.client, served.fresh.tableName);
    for (let i = 0; i < 9; i++) {
      await fund.pay(
        {
          paymentId: `bulk-${i}`,
          caseId,
          amountPence: 50_000,
          purpose: 'x',
          financialYear: '2026-27',
          paidBy: 'team.leader',
          paidAt: TUESDAY_10AM,
        },
        500_000,
      );
    }
    expect(await fund.spent('2026-27')).toBe(462_550);
    const tooMuch = await pay('400');
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body).toContain('Not enough left in the hardship fund');
    expect((await pay('374.50')).status).toBe(303);
    expect(await fund.spent('2026-27')).toBe(500_000);
    expect((await pay('0.01')).status).toBe(409);
  });

  it('records an onward referral to an agency chosen from the kept list on its timeline, and refuses one without a service', async () => {
    served = await startServedLocalSystem(TUESDAY_10AM);
    const { caseId } = await aTelephoneReferral();
    const alex = await new Visitor(served.url).signIn('caseworker.one');
    const casePath = `/cases/${caseId}`;

    const onward = `${casePath}/onward-referral`;
    // The choices are the kept list's, seeded with the LLR services.
    expect((await alex.get(onward)).body).toMatch(/<option value="juniper-lodge">Juniper Lodge<\/option>/);
    const empty = await alex.post(onward, {
      ...(await alex.formFields(onward, onward)),
      agency: '',
    });
    expect(empty.status).toBe(400);
    expect(empty.body).toContain('href="#agency">Choose the service the victim is referred to<');
    expect(empty.body).toContain(`<h1 class="govuk-heading-l">${caseId}</h1>`);
    // A name typed in place of a choice is not on the list, and is refused.
    const typed = await alex.post(onward, {
      ...(await alex.formFields(onward, onward)),
      agency: 'Domestic abuse service (example)',
    });
    expect(typed.status).toBe(400);
    expect(typed.body).toContain('href="#agency">Choose a service from the list');
    const made = await alex.post(onward, {
      ...(await alex.formFields(onward, onward)),
      agency: 'juniper-lodge',
    });
    expect(made.location).toBe(`${casePath}/support?saved=onward`);
    const page = (await alex.get(made.location as string)).body;
    expect(page).toContain('Onward referral recorded.');
    expect(page).toContain('Referred to Juniper Lodge');
    const audit = await served.fresh.system.audit.forCase(caseId);
    expect(audit.entries.map((e) => e.what)).toContain('onward:refer');
  });
  it('records a form sent four times once: one hardship payment, one onward referral, one plan action', async () => {
    served = await startServedLocalSystem(TUESDAY_10AM);
    const { caseId } = await aTelephoneReferral();
    const alex = await new Visitor(served.url).signIn('caseworker.one');
    const casePath = `/cases/${caseId}`;
    const { system } = served.fresh;
    const fund = new DynamoDbHardshipFund(served.fresh.client, served.fresh.tableName);
    /** The same drawn form sent twice at once (a double click), then twice again (a resend, the back button). */
    const fourTimes = async (action: string, fields: Record<string, string>) => {
      const at = await Promise.all([alex.post(action, fields), alex.post(action, fields)]);
      at.push(await alex.post(action, fields), await alex.post(action, fields));
      return at.map((response) => response.status);
    };
    const eventsOf = async (type: string) =>
      (await system.store.timeline(caseId)).filter((event) => event.type === type);

    const hardship = `${casePath}/hardship`;
    const payment = {
      ...(await alex.formFields(hardship, hardship)),
      amount: '40',
      purpose: 'New locks',
    };
    expect(await fourTimes(hardship, payment)).toEqual([303, 303, 303, 303]);
    expect(await fund.paymentsOf(caseId)).toHaveLength(1);
    expect(await fund.spent('2026-27')).toBe(4_000);
    expect(await eventsOf('hardship-payment')).toHaveLength(1);
    // A form drawn again is a new payment.
    await alex.post(hardship, {
      ...(await alex.formFields(hardship, hardship)),
      amount: '10',
      purpose: 'Bus fares',
    });
    expect(await fund.spent('2026-27')).toBe(5_000);

    const onward = `${casePath}/onward-referral`;
    const referral = { ...(await alex.formFields(onward, onward)), agency: 'turning-point' };
    expect(await fourTimes(onward, referral)).toEqual([303, 303, 303, 303]);
    expect(await eventsOf('onward-referral-made')).toHaveLength(1);

    const plan = `${casePath}/plan`;
    const action = {
      ...(await alex.formFields(plan, plan)),
      area: 'personal-safety',
      action: 'Fit a door chain',
      owner: 'Caseworker',
      'reviewBy-day': '12',
      'reviewBy-month': '1',
      'reviewBy-year': '2027',
    };
    expect(await fourTimes(plan, action)).toEqual([303, 303, 303, 303]);
    const support = new DynamoDbSupportStore(served.fresh.client, served.fresh.tableName);
    expect((await support.getSupport(caseId)).plan).toHaveLength(1);
    expect(await eventsOf('plan-action-added')).toHaveLength(1);

    // A form without its key (or with one the app never drew) records nothing and says to send it again.
    const { idempotencyKey: _key, ...keyless } = await alex.formFields(hardship, hardship);
    for (const fields of [keyless, { ...keyless, idempotencyKey: 'not-a-key' }]) {
      const refused = await alex.post(hardship, { ...fields, amount: '5', purpose: 'Taxi' });
      expect(refused.status).toBe(400);
      expect(refused.body).toContain('This form could not be matched to the page it came from');
    }
    expect(await fund.paymentsOf(caseId)).toHaveLength(2);
  });
});
