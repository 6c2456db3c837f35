import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { executionArnOf } from '../../local/engine/engine.ts';
import { type ThReferralInput, ThReferralSchema } from '../../shared/domain/target-hardening-referral.ts';
import { aPartnerReferralBody, aPartnerVictim } from '../fixtures/referrals.ts';
import { advanceUntil } from '../support/contact-path.ts';
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

/** A partner referral by telephone (Ada Example, stalking, two vulnerability factors); its case id. */
async function aCase(overrides: Record<string, unknown> = {}): Promise<string> {
  const response = await fetch(`${served.url}/referrals/partner`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(aPartnerReferralBody(overrides)),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { caseId: string }).caseId;
}

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

/** A caseworker refers the case's victim from the case page; the referral as the store holds it. */
async function referFromCase(caseId: string, urgency: 'standard' | 'emergency', consent = 'yes') {
  const alex = await new Visitor(served.url).signIn('caseworker.one');
  const casePath = `/cases/${caseId}`;
  const referred = await alex.post(`${casePath}/target-hardening`, {
    csrf: await alex.csrf(`${casePath}/target-hardening`),
    urgency,
    consent,
  });
  expect(referred.status).toBe(303);
  expect(referred.location).toBe(`${casePath}/support?saved=target-hardening`);
  const referral = await served.fresh.system.jobs.referralOfCase(caseId);
  if (!referral) throw new Error('no referral was recorded');
  return { alex, referral, casePath };
}

/** A standard job referred from a new case, waiting for its booking call. */
async function aStandardJobFromACase() {
  const caseId = await aCase();
  const { referral } = await referFromCase(caseId, 'standard');
  const jobId = referral.jobId as string;
  await until(waitingAt(jobId, 'booking'));
  return { caseId, jobId };
}

const DOOR_CHAIN = (row: number, quantity: string, unitCost: string, approved = true) => ({
  [`items-${row}-product`]: 'Door chain, British Standard',
  [`items-${row}-quantity`]: quantity,
  [`items-${row}-unitCost`]: unitCost,
  ...(approved ? { [`items-${row}-approvedStandard`]: 'yes' } : {}),
});

describe('referring for target hardening from the case page', () => {
  it('sends only the name, address, phone and vulnerability factors, makes the standard job and starts it, and puts it on the timeline', async () => {
    served = await startServedLocalSystem(TUESDAY_10AM);
    const caseId = await aCase();
    const alex = await new Visitor(served.url).signIn('caseworker.one');
    const casePath = `/cases/${caseId}`;

    // The assessment and plan links the referral's page, which says what is sent and where feedback goes.
    expect((await alex.get(`${casePath}/support`)).body).toContain(`href="${casePath}/target-hardening"`);
    const before = (await alex.get(`${casePath}/target-hardening`)).body;
    expect(before).toContain('Refer for target hardening');
    expect(before).toContain('caseworker.one@victim-first.example.org');
    const csrf = await alex.csrf(`${casePath}/target-hardening`);
    const unsaid = await alex.post(`${casePath}/target-hardening`, { csrf, urgency: 'standard' });
    expect(unsaid.status).toBe(400);
    expect(unsaid.body).toContain('Say whether the victim agrees');
    // The referral's own page again, with what was chosen kept.
    expect(unsaid.body).toContain(`<form method="post" action="${casePath}/target-hardening" novalidate>`);
    expect(unsaid.body).toMatch(/name="urgency" type="radio" value="standard" checked/);
    expect(await served.fresh.system.jobs.referralOfCase(caseId)).toBeUndefined();

    const referred = await alex.post(`${casePath}/target-hardening`, {
      csrf,
      urgency: 'standard',
      consent: 'yes',
    });
    expect(referred.location).toBe(`${casePath}/support?saved=target-hardening`);
    const referral = await served.fresh.system.jobs.referralOfCase(caseId);
    expect(referral?.details).toEqual({
      service: 'victim-first',
      reference: caseId,
      referrer: { name: 'Alex Example', email: 'caseworker.one@victim-first.example.org' },
      victim: {
        title: 'Ms',
        forename: 'Ada',
        surname: 'Example',
        address: { line1: '12 Example Street', town: 'Leicester', postcode: 'LE1 1ZZ' },
        phone: '+447700900123',
      },
      vulnerabilities: ['domestic-abuse', 'isolation'],
      urgency: 'standard',
      consentToFeedback: true,
    });
    const jobId = referral?.jobId as string;
    expect(jobId).toMatch(/^TH-\d+$/);
    const execution = await served.fresh.system.engine.describeExecution(
      executionArnOf(definitionsOnce().targetHardeningArn as string, jobId),
    );
    expect(execution.status).toBe('RUNNING');
    await until(waitingAt(jobId, 'booking'));

    const page = (await alex.get(referred.location as string)).body;
    const timeline = (await alex.get(`${casePath}/timeline`)).body;
    expect(page).toContain('Referred for target hardening.');
    expect(timeline).toContain(
      `Referral number ${referral?.referralNumber}, job ${jobId}. By caseworker.one.`,
    );
    expect(timeline).toContain('Referred for target hardening (standard)');
    expect(page).toContain('Awaiting the booking call');
    expect(page).not.toContain('Refer for target hardening</button>');
    expect(page).not.toContain(`href="${casePath}/target-hardening"`);
    expect((await alex.get(`${casePath}/target-hardening`)).body).toContain(
      'Referred for target hardening already',
    );
    // Sent again (a double click): the same referral, no second job.
    await alex.post(`${casePath}/target-hardening`, { csrf, urgency: 'emergency', consent: 'no' });
    expect((await served.fresh.system.jobs.listJobs()).map((job) => job.jobId)).toEqual([jobId]);
    expect((await served.fresh.system.jobs.referralOfCase(caseId))?.details.urgency).toBe('standard');
    const audit = await served.fresh.system.audit.forCase(caseId);
    expect(audit.entries.map((e) => `${e.user} ${e.action} ${e.what}`)).toContain(
      'caseworker.one changed job:refer',
    );
  });

  it('records an emergency referral without a job and tells the caseworker to phone the line with the referral number', async () => {
    served = await startServedLocalSystem(TUESDAY_10AM);
    const caseId = await aCase();
    const { alex, referral, casePath } = await referFromCase(caseId, 'emergency');

    const page = (await alex.get(`${casePath}/support?saved=target-hardening`)).body;
    const phoneNow = `Now phone the emergency line and key in your referrer number, your PIN and referral number ${referral.referralNumber}: the contractor is alerted when you call.`;
    expect(page).toContain(phoneNow);
    expect((await alex.get(`${casePath}/timeline`)).body).toContain(
      'Referred for target hardening (emergency)',
    );
    expect(referral.jobId).toBeUndefined();
    expect(await served.fresh.system.jobs.listJobs()).toEqual([]);

    // The phone line makes the job; the case page then shows it instead of the instruction.
    const { job } = await served.fresh.system.jobs.createJob(
      referral.referralNumber,
      'emergency',
      TUESDAY_10AM,
    );
    const later = (await alex.get(`${casePath}/support`)).body;
    expect(later).toContain(job.jobId);
    expect(later).not.toContain('Now phone the emergency line');
  });

  it('explains that a victim with no address cannot be referred, and refuses the referral', async () => {
    served = await startServedLocalSystem(TUESDAY_10AM);
    const caseId = await aCase({
      reference: 'DSA-2026-0950',
      victim: aPartnerVictim({ address: undefined }),
    });
    const alex = await new Visitor(served.url).signIn('caseworker.one');
    const casePath = `/cases/${caseId}`;

    const page = (await alex.get(`${casePath}/support`)).body;
    expect(page).toContain(
      'This victim cannot be referred for target hardening: the case has no address, which the contractor needs',
    );
    expect(page).not.toContain('Refer for target hardening</button>');
    expect(page).not.toContain(`href="${casePath}/target-hardening"`);
    expect((await alex.get(`${casePath}/target-hardening`)).body).toContain(
      'the case has no address, which the contractor needs',
    );
    const refused = await alex.post(`${casePath}/target-hardening`, {
      csrf: await alex.csrf(`${casePath}/target-hardening`),
      urgency: 'standard',
      consent: 'yes',
    });
    expect(refused.status).toBe(400);
    expect(await served.fresh.system.jobs.referralOfCase(caseId)).toBeUndefined();
  });
});

describe('the contractor portal', () => {
  it('lands a contractor on their jobs and shows a job with only what the contractor may see', async () => {
    served = await startServedLocalSystem(TUESDAY_10AM);
    const { caseId, jobId } = await aStandardJobFromACase();
    const chris = await new Visitor(served.url).signIn('contractor.one');

    expect((await chris.get('/')).location).toBe('/jobs');
    const list = (await chris.get('/jobs')).body;
    expect(list).toContain(`href="/jobs/${jobId}"`);
    expect(list).toContain('Awaiting the booking call');
    expect(list).toMatch(/due in \d+ days/);
    expect(list).toContain('Product spend 2026-27: £0.00 of £80,000.00.');
    expect(list).not.toContain(caseId);

    const page = (await chris.get(`/jobs/${jobId}`)).body;
    for (const shown of [
      'Ms Ada Example',
      '12 Example Street, Leicester, LE1 1ZZ',
      '07700 900123',
      'Domestic abuse; Isolation',
    ])
      expect(page).toContain(shown);
    expect(page).toContain('Record the booking call');
    // Nothing else of the case: not its reference, the victim's e-mail, date of birth, offence or home number.
    for (const hidden of [
      caseId,
      'ada.example@example.org',
      '1980-12-18',
      '18 Dec 1980',
      '0116 496 0123',
      'DSA-2026-0042',
    ])
      expect(page).not.toContain(hidden);
    expect(page).not.toMatch(/stalking|harassment/i);
    expect(page).not.toContain('caseworker.one@victim-first.example.org');
    // Job views are audited under the job, not the case the job came from.
    const audit = await served.fresh.system.audit.forCase(jobId);
    expect(audit.entries.map((e) => `${e.user} ${e.action} ${e.what}`)).toContain(
      'contractor.one viewed job',
    );
  });

  it('takes the booking call and the visit through the forms, naming each bad field, and sets the service level', async () => {
    served = await startServedLocalSystem(TUESDAY_10AM);
    const { caseId, jobId } = await aStandardJobFromACase();
    const chris = await new Visitor(served.url).signIn('contractor.one');
    const jobPath = `/jobs/${jobId}`;
    const csrf = await chris.csrf(jobPath);

    const noDate = await chris.post(`${jobPath}/booking`, { csrf, outcome: 'booked' });
    expect(noDate.status).toBe(400);
    expect(noDate.body).toContain('There is a problem');
    expect(noDate.body).toContain('href="#visitAt-day"');
    expect(noDate.body).toContain('Enter the date and time of the visit');
    const booked = await chris.post(`${jobPath}/booking`, {
      csrf,
      outcome: 'booked',
      'visitAt-day': '17',
      'visitAt-month': '12',
      'visitAt-year': '2026',
      'visitAt-time': '14:30',
    });
    expect(booked.location).toBe(`${jobPath}?saved=booking`);
    expect((await served.fresh.system.jobs.getJob(jobId))?.booking?.visitAt).toEqual(
      new Date('2026-12-17T14:30:00Z'),
    );
    await until(waitingAt(jobId, 'visit'));
    const visitPage = (await chris.get(jobPath)).body;
    expect(visitPage).toContain('Visit booked for Thu 17 Dec 2026, 14:30, by contractor.one.');
    expect(visitPage).toContain('Record the visit');
    // The booking again, from a stale page: it has moved on.
    const again = await chris.post(`${jobPath}/booking`, { csrf, outcome: 'refused' });
    expect(again.status).toBe(409);
    expect(again.body).toContain('This job has already been recorded by someone else or has moved on');

    // Score 2 and two vulnerability factors: 6, level 2. Three chains at £120 pass the £300 agreed price.
    const visit = { csrf, outcome: 'visited', assessmentScore: '2', survey: 'very-satisfied' };
    const overCap = await chris.post(`${jobPath}/visit`, { ...visit, ...DOOR_CHAIN(0, '3', '120') });
    expect(overCap.status).toBe(400);
    expect(overCap.body).toContain('Items come to £360.00, over the £300.00 agreed per property');
    expect(overCap.body).toContain('href="#items-0-product"');
    // Score 0: 4, level 1, advice only.
    const adviceOnly = await chris.post(`${jobPath}/visit`, {
      ...visit,
      assessmentScore: '0',
      ...DOOR_CHAIN(0, '1', '15'),
    });
    expect(adviceOnly.body).toContain('Items must be empty: level 1 is advice only');
    const unreadable = await chris.post(`${jobPath}/visit`, {
      ...visit,
      survey: '',
      ...DOOR_CHAIN(1, 'two', 'fifteen pounds'),
    });
    expect(unreadable.status).toBe(400);
    expect(unreadable.body).toContain('Item 2 quantity must be a whole number');
    expect(unreadable.body).toContain('Item 2 unit cost must be an amount in pounds, like 12.50');
    expect(unreadable.body).toContain('href="#items-1-unitCost"');
    expect(unreadable.body).toContain('Choose the victim’s answer to the satisfaction survey');
    // What was entered stays in the form.
    expect(unreadable.body).toContain('value="fifteen pounds"');
    expect((await served.fresh.system.jobs.getJob(jobId))?.visit).toBeUndefined();

    const visited = await chris.post(`${jobPath}/visit`, {
      ...visit,
      ...DOOR_CHAIN(0, '2', '15.00'),
      additionalNeeds: 'Would like help with a benefits claim',
    });
    expect(visited.location).toBe(`${jobPath}?saved=visit`);
    const page = (await chris.get(visited.location as string)).body;
    expect(page).toContain('Visit recorded. Service level: Level 2 – advice and items the victim fits.');
    expect(page).toContain('2 × Door chain, British Standard at £15.00 (approved standard)');
    expect(page).toContain('passed to the referrer');
    expect(await served.fresh.system.jobs.productSpend('2026-27')).toBe(3_000);
    expect((await chris.get('/jobs')).body).toContain('Product spend 2026-27: £30.00 of £80,000.00.');

    const twice = await chris.post(`${jobPath}/visit`, { ...visit, ...DOOR_CHAIN(0, '2', '15.00') });
    expect(twice.status).toBe(409);
    expect(twice.body).toContain('This job has already been recorded by someone else or has moved on');
    expect(await served.fresh.system.jobs.productSpend('2026-27')).toBe(3_000);

    const onCase = await served.fresh.system.audit.forCase(caseId, { limit: 100 });
    expect(onCase.entries.map((e) => `${e.user} ${e.action} ${e.what}`)).toContain(
      'caseworker.one changed job:refer',
    );
    const onJob = await served.fresh.system.audit.forCase(jobId, { limit: 100 });
    expect(onJob.entries.map((e) => `${e.user} ${e.action} ${e.what}`)).toEqual(
      expect.arrayContaining([
        'contractor.one viewed job',
        'contractor.one changed job:booking',
        'contractor.one changed job:visit',
      ]),
    );
  });

  it('takes the follow-up call a year after the visit, naming what is missing', async () => {
    served = await startServedLocalSystem(TUESDAY_10AM);
    const { jobId } = await aStandardJobFromACase();
    const { jobs } = served.fresh.system;
    const jobPath = `/jobs/${jobId}`;
    let chris = await new Visitor(served.url).signIn('contractor.one');
    let csrf = await chris.csrf(jobPath);
    await chris.post(`${jobPath}/booking`, {
      csrf,
      outcome: 'booked',
      'visitAt-day': '16',
      'visitAt-month': '12',
      'visitAt-year': '2026',
      'visitAt-time': '10:00',
    });
    await until(waitingAt(jobId, 'visit'));
    const visited = await chris.post(`${jobPath}/visit`, {
      csrf,
      outcome: 'visited',
      assessmentScore: '0',
      survey: 'declined',
    });
    expect(visited.location).toBe(`${jobPath}?saved=visit`);
    expect((await chris.get(jobPath)).body).toContain('Level 1 – advice');

    await advanceUntil(served.fresh, waitingAt(jobId, 'follow-up'));
    // A year on the virtual clock: signed out long since.
    chris = await new Visitor(served.url).signIn('contractor.one');
    expect((await chris.get('/jobs')).body).toContain('Follow-up call due');
    csrf = await chris.csrf(jobPath);
    expect((await chris.get(jobPath)).body).toContain('Record the follow-up call');
    const unsaid = await chris.post(`${jobPath}/follow-up`, { csrf, outcome: 'spoke-to-victim' });
    expect(unsaid.status).toBe(400);
    expect(unsaid.body).toContain('Say whether the victim’s home is still secure');
    expect(unsaid.body).toContain('href="#stillSecure"');
    expect(unsaid.body).toContain('href="#satisfaction"');
    const done = await chris.post(`${jobPath}/follow-up`, {
      csrf,
      outcome: 'spoke-to-victim',
      stillSecure: 'yes',
      satisfaction: 'satisfied',
      feelsSafer: 'yes',
      isSafer: 'no',
    });
    expect(done.location).toBe(`${jobPath}?saved=follow-up`);
    // The year's outcomes as said, and one the victim did not say left out.
    expect((await jobs.getJob(jobId))?.followUp?.result).toMatchObject({ feelsSafer: true, isSafer: false });
    expect((await jobs.getJob(jobId))?.followUp?.result).not.toHaveProperty('productsInUse');
    // The record closes the job at once; the workflow records the job's end a moment later.
    await until(async () => (await jobs.listEvents(jobId)).some((event) => event.type === 'job-ended'));
    expect((await jobs.getJob(jobId))?.status).toBe('closed');
    const page = (await chris.get(jobPath)).body;
    expect(page).toContain('Spoke to the victim: the home is still secure; satisfied. By contractor.one.');
    expect(page).toContain('Ended: followed up with the victim');
    expect(page).toMatch(
      /A year on: is safer \(no repeat burglary or attack reported\)\s*<\/dt>\s*<dd[^>]*>\s*No/,
    );
  });

  it('records a refusal at the door from its own small form', async () => {
    served = await startServedLocalSystem(TUESDAY_10AM);
    const caseId = await aCase();
    const { referral } = await referFromCase(caseId, 'emergency');
    const { job } = await served.fresh.system.jobs.createJob(
      referral.referralNumber,
      'emergency',
      TUESDAY_10AM,
    );
    await served.fresh.system.workflows.startTargetHardening(job.jobId);
    await until(waitingAt(job.jobId, 'visit'));
    const chris = await new Visitor(served.url).signIn('contractor.one');
    const jobPath = `/jobs/${job.jobId}`;

    const list = (await chris.get('/jobs')).body;
    expect(list).toMatch(/govuk-tag--red">\s*Emergency/);
    const refused = await chris.post(`${jobPath}/visit`, {
      csrf: await chris.csrf(jobPath),
      outcome: 'refused',
      refusalNotes: 'Did not want the work done',
    });
    expect(refused.location).toBe(`${jobPath}?saved=visit`);
    // The visit's record sets the status at once; the workflow records the job's end a moment later.
    await until(async () =>
      (await served.fresh.system.jobs.listEvents(job.jobId)).some((event) => event.type === 'job-ended'),
    );
    expect((await served.fresh.system.jobs.getJob(job.jobId))?.status).toBe('refused');
    const page = (await chris.get(jobPath)).body;
    expect(page).toContain('The victim refused the work at the door.');
    expect(page).toContain('Ended: the victim refused');
  });
});

describe('who may open what', () => {
  it('refuses a contractor every Victim First page and form, and audits the refusal of a case', async () => {
    served = await startServedLocalSystem(TUESDAY_10AM);
    const caseId = await aCase();
    const taskId = `${caseId}.call-attempt.1`;
    const chris = await new Visitor(served.url).signIn('contractor.one');
    const csrf = await chris.csrf('/jobs');

    const pages = [
      '/tasks',
      '/tasks?view=mine',
      `/tasks/${encodeURIComponent(taskId)}`,
      `/cases/${caseId}`,
      `/cases/${caseId}/assessment?kind=initial`,
      `/cases/${caseId}/plan`,
    ];
    for (const path of pages) {
      const response = await chris.get(path);
      expect(response.status, path).toBe(403);
      expect(response.body, path).not.toContain('Ada');
    }
    const forms = [
      `/tasks/${encodeURIComponent(taskId)}/claim`,
      `/tasks/${encodeURIComponent(taskId)}/complete`,
      `/tasks/${encodeURIComponent(taskId)}/assign`,
      `/cases/${caseId}/assessment?kind=initial`,
      `/cases/${caseId}/plan`,
      `/cases/${caseId}/close`,
      `/cases/${caseId}/restorative-justice`,
      `/cases/${caseId}/restorative-justice-decision`,
      `/cases/${caseId}/hardship`,
      `/cases/${caseId}/onward-referral`,
      `/cases/${caseId}/target-hardening`,
    ];
    for (const path of forms) {
      const response = await chris.post(path, {
        csrf,
        outcome: 'no-answer',
        urgency: 'standard',
        consent: 'yes',
      });
      expect(response.status, path).toBe(403);
    }
    expect(await served.fresh.system.jobs.referralOfCase(caseId)).toBeUndefined();
    expect((await served.fresh.system.tasks.getTask(taskId))?.status).toBe('open');
    const audit = await served.fresh.system.audit.forCase(caseId, { limit: 100 });
    expect(
      audit.entries.filter((e) => e.user === 'contractor.one').map((e) => `${e.action} ${e.what}`),
    ).toContain('refused case');
    // No link into the casework from the contractor's pages.
    const jobs = (await chris.get('/jobs')).body;
    expect(jobs).not.toContain('href="/tasks');
    expect(jobs).not.toContain('href="/outbox"');
  });

  it('shows a team leader the jobs without any form, and refuses caseworkers and analysts the job pages', async () => {
    served = await startServedLocalSystem(TUESDAY_10AM);
    const { caseId, jobId } = await aStandardJobFromACase();
    const jo = await new Visitor(served.url).signIn('team.leader');
    const alex = await new Visitor(served.url).signIn('caseworker.one');
    const pat = await new Visitor(served.url).signIn('analyst.one');
    const jobPath = `/jobs/${jobId}`;

    expect((await jo.get('/')).location).toBe('/tasks');
    expect((await jo.get('/jobs')).body).toContain(`href="${jobPath}"`);
    const page = await jo.get(jobPath);
    expect(page.status).toBe(200);
    expect(page.body).toContain('Ms Ada Example');
    expect(page.body).not.toContain(`action="${jobPath}/`);
    expect(page.body).toContain('The contractor records the booking call');
    expect((await jo.get(`/cases/${caseId}/support`)).body).toContain(`href="${jobPath}"`);
    const joCsrf = await jo.csrf('/jobs');
    const booking = { csrf: joCsrf, outcome: 'refused' };
    expect((await jo.post(`${jobPath}/booking`, booking)).status).toBe(403);
    expect((await served.fresh.system.jobs.getJob(jobId))?.booking).toBeUndefined();

    expect((await alex.get('/jobs')).status).toBe(403);
    const refused = await alex.get(jobPath);
    expect(refused.status).toBe(403);
    expect(refused.body).not.toContain('Ada');
    expect((await alex.get(`/cases/${caseId}/support`)).body).not.toContain(`href="${jobPath}"`);
    expect((await pat.get('/jobs')).status).toBe(403);
    expect((await pat.get(jobPath)).status).toBe(403);
    const audit = await served.fresh.system.audit.forCase(jobId, { limit: 100 });
    expect(audit.entries.map((e) => `${e.user} ${e.action} ${e.what}`)).toEqual(
      expect.arrayContaining([
        'team.leader viewed job',
        'caseworker.one refused job',
        'analyst.one refused job',
      ]),
    );
  });

  it('answers a job that does not exist with 404, to the contractor', async () => {
    served = await startServedLocalSystem(TUESDAY_10AM);
    const chris = await new Visitor(served.url).signIn('contractor.one');
    expect((await chris.get('/jobs/TH-9999')).status).toBe(404);
    expect((await chris.get('/jobs/not-a-job')).status).toBe(404);
  });
});

describe('a job referred by the domestic and sexual abuse service', () => {
  it('is on the contractor’s list and page like any other', async () => {
    served = await startServedLocalSystem(TUESDAY_10AM);
    const details = ThReferralSchema.parse({
      service: 'domestic-and-sexual-abuse-service',
      reference: 'DSA-2026-0417',
      referrer: { name: 'Bram', email: 'bram.sample@example.org' },
      victim: {
        forename: 'Eve',
        surname: 'Sample',
        address: { line1: '3 Example Road', town: 'Loughborough', postcode: 'LE11 1ZZ' },
        phone: '07700 900456',
      },
      urgency: 'standard',
      consentToFeedback: false,
    } satisfies ThReferralInput);
    const { referral } = await served.fresh.system.jobs.recordReferral(details, TUESDAY_10AM);
    const { job } = await served.fresh.system.jobs.createJob(
      referral.referralNumber,
      'standard',
      TUESDAY_10AM,
    );
    const chris = await new Visitor(served.url).signIn('contractor.one');

    const page = (await chris.get(`/jobs/${job.jobId}`)).body;
    expect(page).toContain('Eve Sample');
    expect(page).not.toContain('bram.sample@example.org');
  });
});
