import { afterEach, beforeAll, describe, expect, it } from 'vitest';
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

/** Lets the running engine catch up (no time passes on the virtual clock) until `ready`. */
async function until(ready: () => Promise<boolean>): Promise<void> {
  for (let tries = 0; tries < 100; tries++) {
    if (await ready()) return;
    await served.fresh.system.engine.runDue();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the job never reached the awaited state');
}

const waitingAt = (jobId: string, stage: string) => async () =>
  (await served.fresh.system.jobs.getJob(jobId))?.waiting?.stage === stage;

/** A partner referral (Ada Example, two vulnerability factors) referred for target hardening; its job. */
async function aJob(): Promise<string> {
  const response = await fetch(`${served.url}/referrals/partner`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(aPartnerReferralBody()),
  });
  const { caseId } = (await response.json()) as { caseId: string };
  const alex = await new Visitor(served.url).signIn('caseworker.one');
  const path = `/cases/${caseId}/target-hardening`;
  await alex.post(path, { csrf: await alex.csrf(path), urgency: 'standard', consent: 'no' });
  const jobId = (await served.fresh.system.jobs.referralOfCase(caseId))?.jobId as string;
  await until(waitingAt(jobId, 'booking'));
  return jobId;
}

describe('the Lot 2 oversight of target hardening', () => {
  it('takes labour on the visit, guarantees and requests from the contractor, the commissioner’s decisions and an inspection, naming each bad field', async () => {
    served = await startServedLocalSystem(TUESDAY_10AM);
    const jobId = await aJob();
    const jobPath = `/jobs/${jobId}`;
    const chris = await new Visitor(served.url).signIn('contractor.one');
    let csrf = await chris.csrf(jobPath);
    await chris.post(`${jobPath}/booking`, {
      csrf,
      outcome: 'booked',
      'visitAt-day': '16',
      'visitAt-month': '12',
      'visitAt-year': '2026',
      'visitAt-time': '11:00',
    });
    await until(waitingAt(jobId, 'visit'));
    // Nothing to guarantee before the works are recorded.
    expect((await chris.get(`${jobPath}/requests`)).body).toContain(
      'Guarantees and requests are recorded once the visit with its works is recorded.',
    );

    // Labour is entered in pounds, checked, and kept with the visit (outside the price per property).
    const visit = {
      csrf,
      outcome: 'visited',
      assessmentScore: '2',
      survey: 'satisfied',
      'items-0-product': 'Window lock',
      'items-0-quantity': '2',
      'items-0-unitCost': '12.00',
      'items-0-approvedStandard': 'yes',
    };
    const badLabour = await chris.post(`${jobPath}/visit`, { ...visit, labour: 'an hour' });
    expect(badLabour.status).toBe(400);
    expect(badLabour.body).toContain('Cost of labour must be an amount in pounds, like 45.00');
    expect(badLabour.body).toContain('href="#labourPence"');
    expect(badLabour.body).toContain('value="an hour"');
    const tooMuch = await chris.post(`${jobPath}/visit`, { ...visit, labour: '2500' });
    expect(tooMuch.body).toContain('Cost of labour must be at most £2,000.00');
    expect(await served.fresh.system.jobs.productSpend('2026-27')).toBe(0);
    const visited = await chris.post(`${jobPath}/visit`, { ...visit, labour: '45' });
    expect(visited.location).toBe(`${jobPath}?saved=visit`);
    const jobPage = (await chris.get(jobPath)).body;
    expect(jobPage).toContain('Cost of labour');
    expect(jobPage).toContain('£45.00');
    expect(jobPage).toContain(`href="${jobPath}/requests"`);

    // The contractor's guarantee and request: every missing field named, what was entered kept.
    const requestsPath = `${jobPath}/requests`;
    csrf = await chris.csrf(requestsPath);
    const formKey = /name="idempotencyKey" value="([^"]+)"/.exec((await chris.get(requestsPath)).body)?.[1];
    const empty = await chris.post(requestsPath, {
      csrf,
      idempotencyKey: formKey ?? '',
      kind: 'guarantee',
      months: 'two years',
    });
    expect(empty.status).toBe(400);
    expect(empty.body).toContain('href="#covers"');
    expect(empty.body).toContain('What is guaranteed is required');
    expect(empty.body).toContain('How long must be a whole number of months');
    expect(empty.body).toContain('value="two years"');
    const noKey = await chris.post(requestsPath, {
      csrf,
      kind: 'guarantee',
      covers: 'works',
      what: 'Fitting',
      months: '12',
    });
    expect(noKey.status).toBe(400);
    expect(await served.fresh.system.jobs.listEvents(jobId)).not.toContainEqual(
      expect.objectContaining({ type: 'guarantee-recorded' }),
    );
    const guarantee = {
      csrf,
      idempotencyKey: formKey ?? '',
      kind: 'guarantee',
      covers: 'products',
      what: 'Window locks',
      months: '24',
    };
    expect((await chris.post(requestsPath, guarantee)).location).toBe(`${requestsPath}?saved=guarantee`);
    // The same form sent twice records once.
    await chris.post(requestsPath, guarantee);
    const secondKey = /name="idempotencyKey" value="([^"]+)"/.exec((await chris.get(requestsPath)).body)?.[1];
    const noEstimate = await chris.post(requestsPath, {
      csrf,
      idempotencyKey: secondKey ?? '',
      kind: 'extra-work',
      description: 'A new back gate',
      estimate: 'lots',
    });
    expect(noEstimate.status).toBe(400);
    expect(noEstimate.body).toContain('The estimate must be an amount in pounds, like 120.00');
    expect(noEstimate.body).toContain('A new back gate');
    await chris.post(requestsPath, {
      csrf,
      idempotencyKey: secondKey ?? '',
      kind: 'extra-work',
      description: 'A new back gate',
      estimate: '450',
    });
    let page = (await chris.get(requestsPath)).body;
    expect(page).toContain('Guarantee for products: Window locks, 24 months');
    expect(page).toContain('Work outside the contract: A new back gate (estimate £450.00)');
    expect(page.match(/Waiting for the commissioner’s office/g)).toHaveLength(2);

    // The commissioner's office sees job references and costs, never the victim.
    const pat = await new Visitor(served.url).signIn('analyst.one');
    const overview = (await pat.get('/oversight')).body;
    expect(overview).toContain('Waiting for your decision');
    expect(overview).not.toContain('Ada');
    expect(overview).not.toContain('Example Street');
    const decisionPaths = [...overview.matchAll(/href="(\/oversight\/requests\/[^"]+)"/g)].map(
      (m) => m[1] as string,
    );
    expect(decisionPaths).toHaveLength(2);
    const [guaranteePath, extraPath] = decisionPaths as [string, string];
    csrf = await pat.csrf(guaranteePath);
    const undecided = await pat.post(guaranteePath, { csrf });
    expect(undecided.status).toBe(400);
    expect(undecided.body).toContain('href="#outcome"');
    expect((await pat.post(guaranteePath, { csrf, outcome: 'agreed' })).location).toBe(
      '/oversight?saved=decision',
    );
    const noReason = await pat.post(extraPath, { csrf, outcome: 'refused' });
    expect(noReason.status).toBe(400);
    expect(noReason.body).toContain('The reason is required when refusing');
    await pat.post(extraPath, { csrf, outcome: 'refused', reason: 'The landlord repairs gates' });
    // Decided once: another answer is refused, nothing changed.
    const changed = await pat.post(extraPath, { csrf, outcome: 'agreed' });
    expect(changed.status).toBe(409);
    page = (await chris.get(requestsPath)).body;
    expect(page).toContain('Agreed by analyst.one');
    expect(page).toContain('Refused by analyst.one');
    expect(page).toContain('The landlord repairs gates');

    // Inspections: a sample of completed jobs, each with its finding.
    const none = await pat.post('/oversight/inspections', { csrf });
    expect(none.status).toBe(400);
    expect(none.body).toContain('Jobs to inspect choose at least one job');
    expect(none.body).toContain('href="#jobs"');
    expect((await pat.post('/oversight/inspections', { csrf, [`inspect-${jobId}`]: 'yes' })).location).toBe(
      '/oversight?saved=inspections',
    );
    const inspectionPath = `/oversight/inspections/${jobId}`;
    expect((await pat.get('/oversight')).body).toContain(`href="${inspectionPath}"`);
    const noFinding = await pat.post(inspectionPath, { csrf, notes: 'Looked at both locks' });
    expect(noFinding.status).toBe(400);
    expect(noFinding.body).toContain('href="#result"');
    expect(noFinding.body).toContain('Looked at both locks');
    await pat.post(inspectionPath, { csrf, result: 'remedial-work-needed', notes: 'One lock loose' });
    expect((await pat.get('/oversight')).body).toContain('Remedial work needed: One lock loose');
    expect((await pat.get('/oversight/inspections/TH-99999')).status).toBe(404);

    const onJob = await served.fresh.system.audit.forCase(jobId, { limit: 100 });
    const audited = onJob.entries.map((e) => `${e.user} ${e.action} ${e.what}`);
    expect(audited.filter((a) => a === 'contractor.one changed job:guarantee')).toHaveLength(1);
    expect(audited).toEqual(
      expect.arrayContaining([
        'contractor.one changed job:extra-work',
        'analyst.one changed job:guarantee:decision',
        'analyst.one changed job:extra-work:decision',
        'analyst.one changed job:inspection',
        'analyst.one changed job:inspection:finding',
      ]),
    );
    // The contractor cannot decide, nor the analyst open the job itself.
    expect((await chris.get('/oversight')).status).toBe(403);
    expect((await pat.get(jobPath)).status).toBe(403);
  }, 120_000);
});
