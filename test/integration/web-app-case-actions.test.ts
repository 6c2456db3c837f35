import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbHardshipFund } from '../../shared/adapters/dynamodb/hardship-fund.ts';
import { DynamoDbRjProcessStore } from '../../shared/adapters/dynamodb/rj-process.ts';
import { aPartnerReferralBody } from '../fixtures/referrals.ts';
import { type ServedLocalSystem, startServedLocalSystem } from '../support/local-server.ts';
import { definitionsOnce } from '../support/local-system.ts';
import { Visitor } from '../support/visitor.ts';

// Each action recorded from the case record's assessment and plan on a page of its own (docs/web-app.md,
// web/pages/case-actions.ts): restorative justice and a team leader's decision on it, a target-hardening
// referral, an onward referral and a hardship payment. Each page is drawn in the case record with a back link
// to the assessment and plan, posts to its own path and, refused, is drawn again with the GOV.UK error summary.

/** Tuesday 15 December 2026, 10:00 in Leicester (GMT): a working day with the service open. */
const TUESDAY_10AM = new Date('2026-12-15T10:00:00Z');

let served: ServedLocalSystem;

beforeAll(() => {
  definitionsOnce();
}, 120_000);

afterEach(async () => {
  await served?.close();
});

/** A partner referral (stalking: restorative justice only as an exception) with an address and a mobile. */
async function aCase(): Promise<string> {
  const response = await fetch(`${served.url}/referrals/partner`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(aPartnerReferralBody({ reference: 'DSA-2026-0960' })),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { caseId: string }).caseId;
}

/** A victim-initiated offer the victim accepts, with an admission, a type and a trained facilitator. */
const ACCEPTED = {
  result: 'accepted',
  victimInitiated: 'yes',
  offenderAdmitted: 'yes',
  type: 'direct-conference',
  facilitator: 'caseworker.one',
};

/** A team leader's answers: all three criteria met, each with its reason. */
const ALL_MET = {
  'clear-benefit': 'yes',
  'clear-benefit-reason': 'The victim wants answers only the offender can give',
  'no-harm': 'yes',
  'no-harm-reason': 'Risk assessed with the probation officer',
  'experienced-facilitator': 'yes',
  'experienced-facilitator-reason': 'Alex has run conferences for stalking cases',
};

/** Each action's page: its path under the case, its heading and what the page's form asks. */
const PAGES = [
  {
    path: 'restorative-justice',
    heading: 'Restorative justice offer',
    link: 'Record the restorative justice offer',
    asks: 'Has the offender admitted the offence?',
  },
  { path: 'target-hardening', heading: 'Refer for target hardening', asks: 'How urgent is it?' },
  { path: 'onward-referral', heading: 'Refer to another service', asks: 'Service referred to' },
  { path: 'hardship', heading: 'Record a hardship payment', asks: 'What it is for' },
] as const;

/** What every action's page shows: the case record's header and sub-navigation, a way back, its own form. */
function expectAnActionPage(body: string, caseId: string, path: string, heading: string) {
  const casePath = `/cases/${caseId}`;
  expect(body).toContain(`<h1 class="govuk-heading-l">${caseId}</h1>`);
  expect(body).toContain('moj-sub-navigation');
  expect(body).toMatch(/class="govuk-back-link"[^>]*>Back to assessment and plan</);
  expect(body).toContain(`href="${casePath}/support" class="govuk-back-link"`);
  expect(body).toContain(`<h2 class="govuk-heading-m">${heading}</h2>`);
  expect(body).toContain(`<form method="post" action="${casePath}/${path}" novalidate>`);
  // Not the assessment and plan drawn again.
  expect(body).not.toContain('Needs assessment and support plan');
}

describe('each action of the assessment and plan on a page of its own', () => {
  it('links each page from the assessment and plan for the people who may use it, and draws each in the case record', async () => {
    served = await startServedLocalSystem(TUESDAY_10AM);
    const caseId = await aCase();
    const casePath = `/cases/${caseId}`;
    const alex = await new Visitor(served.url).signIn('caseworker.one');
    const jo = await new Visitor(served.url).signIn('team.leader');

    const support = (await alex.get(`${casePath}/support`)).body;
    for (const page of PAGES) {
      const link = 'link' in page ? page.link : page.heading;
      expect(support).toMatch(new RegExp(`href="${casePath}/${page.path}"[^>]*>\\s*${link}\\s*</a>`));
    }
    // Nothing awaits a team leader yet, and a caseworker never decides.
    expect(support).not.toContain(`${casePath}/restorative-justice-decision`);

    for (const { path, heading, asks } of PAGES) {
      const page = await alex.get(`${casePath}/${path}`);
      expect(page.status, path).toBe(200);
      expect(page.body, path).toContain(`<title>Case ${caseId}: ${heading.toLowerCase()}`);
      expect(page.body, path).toContain(asks);
      expectAnActionPage(page.body, caseId, path, heading);
    }
    // The referral's page says what is sent, and where the contractor's feedback goes.
    const th = (await alex.get(`${casePath}/target-hardening`)).body;
    expect(th).toContain('Only these details are sent to them');
    expect(th).toContain('caseworker.one@victim-first.example.org');
    expect((await alex.get(`${casePath}/onward-referral`)).body).toMatch(
      /<option value="juniper-lodge">Juniper Lodge<\/option>/,
    );
    expect((await alex.get(`${casePath}/hardship`)).body).toContain(
      '£5,000.00 of £5,000.00 left in 2026-27.',
    );
    const audit = await served.fresh.system.audit.forCase(caseId, { limit: 100 });
    const viewed = audit.entries.filter((e) => e.action === 'viewed').map((e) => e.what);
    expect(viewed).toEqual(expect.arrayContaining(['rj:offer', 'job:refer', 'onward:refer', 'hardship']));

    // The victim's request: stalking waits for a team leader, whose assessment and plan then links the decision.
    const requested = await alex.post(`${casePath}/restorative-justice`, {
      ...(await alex.formFields(`${casePath}/restorative-justice`, `${casePath}/restorative-justice`)),
      ...ACCEPTED,
    });
    expect(requested.location).toBe(`${casePath}/support?saved=rj`);
    const after = (await alex.get(requested.location as string)).body;
    expect(after).toContain('Restorative justice request recorded.');
    expect(after).not.toContain(`href="${casePath}/restorative-justice"`);
    expect(after).not.toContain(`${casePath}/restorative-justice-decision`);
    // No stage until a team leader approves the exception.
    expect(after).not.toContain(`${casePath}/restorative-justice-stage`);
    expect((await alex.get(`${casePath}/restorative-justice`)).body).toContain(
      'Restorative justice is recorded already',
    );
    expect((await alex.get(`${casePath}/restorative-justice-decision`)).status).toBe(403);

    expect((await jo.get(`${casePath}/support`)).body).toMatch(
      new RegExp(
        `href="${casePath}/restorative-justice-decision"[^>]*>\\s*Decide on restorative justice\\s*</a>`,
      ),
    );
    const decision = await jo.get(`${casePath}/restorative-justice-decision`);
    expect(decision.status).toBe(200);
    expect(decision.body).toContain('Is there a clear benefit to the victim?');
    expect(decision.body).toContain('It is approved only when all three criteria are met');
    expectAnActionPage(
      decision.body,
      caseId,
      'restorative-justice-decision',
      'Restorative justice exception decision',
    );
    const decided = await jo.post(`${casePath}/restorative-justice-decision`, {
      ...(await jo.formFields(
        `${casePath}/restorative-justice-decision`,
        `${casePath}/restorative-justice-decision`,
      )),
      ...ALL_MET,
    });
    expect(decided.location).toBe(`${casePath}/support?saved=rj-decision`);
    expect((await jo.get(decided.location as string)).body).toContain(
      'Approved as an exception by team.leader',
    );
    expect((await jo.get(`${casePath}/restorative-justice-decision`)).body).toContain(
      'Nothing is awaiting a decision',
    );
  });

  it("shows a refused post on the action's own page with the error summary and what was entered, and records nothing", async () => {
    served = await startServedLocalSystem(TUESDAY_10AM);
    const caseId = await aCase();
    const casePath = `/cases/${caseId}`;
    const alex = await new Visitor(served.url).signIn('caseworker.one');
    const jo = await new Visitor(served.url).signIn('team.leader');
    const send = async (who: Visitor, path: string, form: Record<string, string>) =>
      who.post(`${casePath}/${path}`, {
        ...(await who.formFields(`${casePath}/${path}`, `${casePath}/${path}`)),
        ...form,
      });
    const refused = (body: string, href: string, text: string) => {
      expect(body).toContain('<title>Error: Case ');
      expect(body).toMatch(new RegExp(`govuk-error-summary[\\s\\S]*href="${href}">${text}`));
      expect(body).toContain('govuk-error-message');
    };

    const rj = await send(alex, 'restorative-justice', { ...ACCEPTED, offenderAdmitted: 'maybe' });
    expect(rj.status).toBe(400);
    refused(rj.body, '#offenderAdmitted', 'Say whether the offender has admitted the offence');
    expectAnActionPage(rj.body, caseId, 'restorative-justice', 'Restorative justice offer');

    const th = await send(alex, 'target-hardening', { urgency: 'emergency' });
    expect(th.status).toBe(400);
    refused(th.body, '#consent', 'Say whether the victim agrees');
    expectAnActionPage(th.body, caseId, 'target-hardening', 'Refer for target hardening');
    expect(th.body).toMatch(/name="urgency" type="radio" value="emergency" checked/);
    expect(th.body).toContain('Only these details are sent to them');

    const onward = await send(alex, 'onward-referral', { agency: '' });
    expect(onward.status).toBe(400);
    refused(onward.body, '#agency', 'Choose the service the victim is referred to');
    expectAnActionPage(onward.body, caseId, 'onward-referral', 'Refer to another service');
    const typed = await send(alex, 'onward-referral', { agency: 'made-up-agency' });
    refused(typed.body, '#agency', 'Choose a service from the list');

    const hardship = await send(alex, 'hardship', { amount: '25.50', purpose: '  ' });
    expect(hardship.status).toBe(400);
    refused(hardship.body, '#purpose', 'What it is for is required');
    expectAnActionPage(hardship.body, caseId, 'hardship', 'Record a hardship payment');
    expect(hardship.body).toMatch(/id="amount" name="amount" type="text"[^>]*value="25.50"/);
    // Drawn again, the form has a key of its own: sent as corrected, it pays once.
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(hardship.body)?.[1];
    expect(key).toMatch(/^[0-9a-f-]{36}$/);

    // A team leader's decision sent with one criterion answered, once the offer waits for one.
    expect((await send(alex, 'restorative-justice', ACCEPTED)).status).toBe(303);
    const decision = await send(jo, 'restorative-justice-decision', { 'clear-benefit': 'yes' });
    expect(decision.status).toBe(400);
    refused(decision.body, '#no-harm', 'Say whether there is no risk of harm to any participant');
    refused(decision.body, '#clear-benefit-reason', 'Give the reason for your answer on a clear benefit');
    expectAnActionPage(
      decision.body,
      caseId,
      'restorative-justice-decision',
      'Restorative justice exception decision',
    );

    const fund = new DynamoDbHardshipFund(served.fresh.client, served.fresh.tableName);
    expect(await fund.paymentsOf(caseId)).toEqual([]);
    expect(await served.fresh.system.jobs.referralOfCase(caseId)).toBeUndefined();
    const process = await new DynamoDbRjProcessStore(served.fresh.client, served.fresh.tableName).get(caseId);
    expect(process?.exception).toBeDefined();
    expect(process?.exception?.decision).toBeUndefined();
    const timeline = await served.fresh.system.store.timeline(caseId);
    expect(timeline.filter((e) => e.type === 'onward-referral-made')).toEqual([]);
  });
});
