import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { NEEDS_AREAS } from '../../shared/domain/assessment.ts';
import { FollowUpSchema, validateWith } from '../../shared/domain/target-hardening.ts';
import { fieldErrorsOf, followUpFromForm } from '../../web/pages/job-forms.ts';
import { aPartnerReferralBody, aSelfReferralBody } from '../fixtures/referrals.ts';
import { type ServedLocalSystem, startServedLocalSystem } from '../support/local-server.ts';
import { definitionsOnce } from '../support/local-system.ts';
import {
  errorSummaryOf,
  FORMULA,
  isAudit,
  SCRIPT,
  SCRIPT_ESCAPED,
  snapshotOf,
  type TableSnapshot,
  Visitor,
  writesBetween,
} from './support.ts';

// The bad-input corpus for the web app's forms, on the served local system with people signed in
// through the local sign-in: the call outcome, needs assessment, support plan, hardship, onward referral,
// restorative justice and target-hardening referral forms of a case; the contractor's booking and visit
// forms; the sign-in form. A bad value gets a 400 page naming the field (a GOV.UK error summary linking to
// it, where the form has one) and nothing is saved; markup and formulas typed into free text are refused, or
// saved and shown escaped. Wrong roles, missing form tokens and forged cookies are refused.

const logLevel = vi.hoisted(() => {
  const previous = process.env.POWERTOOLS_LOG_LEVEL;
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  return previous;
});

/** Tuesday 15 December 2026, 10:00 in Leicester (GMT): a working day with the service open. */
const TUESDAY_10AM = new Date('2026-12-15T10:00:00Z');

let served: ServedLocalSystem;
const ids = { case: '', selfCase: '', task: '', bookingJob: '', visitJob: '' };
const people = {} as Record<'caseworker' | 'contractor' | 'teamLeader' | 'analyst', Visitor>;

/** Lets the running engine catch up (no time passes on the virtual clock) until `ready`. */
async function until(ready: () => Promise<boolean>): Promise<void> {
  for (let tries = 0; tries < 100; tries++) {
    if (await ready()) return;
    await served.fresh.system.engine.runDue();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the system never reached the awaited state');
}

async function postJson(path: string, body: unknown) {
  const response = await fetch(`${served.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as Record<string, string>;
}

/** A standard target-hardening job from the domestic and sexual abuse service, waiting for `stage`. */
async function aJob(reference: string): Promise<string> {
  const sample = JSON.parse(readFileSync('samples/target-hardening-referral.json', 'utf8'));
  const { jobId } = await postJson('/referrals/target-hardening', {
    ...sample,
    reference,
    urgency: 'standard',
  });
  const waiting = async () =>
    (await served.fresh.system.jobs.getJob(jobId as string))?.waiting?.stage === 'booking';
  await until(waiting);
  return jobId as string;
}

type Who = keyof typeof people;

interface FormCase {
  readonly name: string;
  readonly who: Who;
  /** Where the form is posted, given the ids. */
  readonly path: () => string;
  readonly form: Record<string, string>;
  /** The page the form is on (its token is read there); the path without its action by default. */
  readonly page?: () => string;
  /** `#field` in the GOV.UK error summary, or words the page must say. */
  readonly names: { readonly summary: string } | { readonly text: string };
  readonly status?: number;
}

const tomorrow = { 'reviewBy-day': '16', 'reviewBy-month': '12', 'reviewBy-year': '2026' };
const validPlan = { area: 'personal-safety', action: 'Fit a door chain', owner: 'Caseworker', ...tomorrow };
const scores = (score: string, overrides: Record<string, string> = {}) => ({
  ...Object.fromEntries(NEEDS_AREAS.map((area) => [`${area}-score`, score])),
  ...overrides,
});
const visitDay = {
  'visitAt-day': '17',
  'visitAt-month': '12',
  'visitAt-year': '2026',
  'visitAt-time': '14:30',
};
const item = (row: number, product: string, quantity: string, unitCost: string, approved = true) => ({
  [`items-${row}-product`]: product,
  [`items-${row}-quantity`]: quantity,
  [`items-${row}-unitCost`]: unitCost,
  ...(approved ? { [`items-${row}-approvedStandard`]: 'yes' } : {}),
});
const visited = (fields: Record<string, string>) => ({ outcome: 'visited', survey: 'satisfied', ...fields });

const taskForm = (name: string, form: Record<string, string>, summary: string): FormCase => ({
  name: `call outcome: ${name}`,
  who: 'caseworker',
  path: () => `/tasks/${encodeURIComponent(ids.task)}/complete`,
  page: () => `/tasks/${encodeURIComponent(ids.task)}`,
  form,
  names: { summary },
});
const planForm = (name: string, form: Record<string, string>, summary: string): FormCase => ({
  name: `support plan: ${name}`,
  who: 'caseworker',
  path: () => `/cases/${ids.case}/plan`,
  form,
  names: { summary },
});
const assessmentForm = (name: string, form: Record<string, string>, summary: string): FormCase => ({
  name: `needs assessment: ${name}`,
  who: 'caseworker',
  path: () => `/cases/${ids.case}/assessment?kind=initial`,
  form,
  names: { summary },
});
/** One of the case's actions, each on its page of its own (the path it posts to). */
const caseForm = (form: string, name: string, fields: Record<string, string>, text: string): FormCase => ({
  name: `${form}: ${name}`,
  who: 'caseworker',
  path: () => `/cases/${ids.case}/${form}`,
  form: fields,
  names: { text },
});
const booking = (name: string, form: Record<string, string>, summary: string): FormCase => ({
  name: `booking call: ${name}`,
  who: 'contractor',
  path: () => `/jobs/${ids.bookingJob}/booking`,
  page: () => `/jobs/${ids.bookingJob}`,
  form,
  names: { summary },
});
const visit = (name: string, form: Record<string, string>, summary: string): FormCase => ({
  name: `visit: ${name}`,
  who: 'contractor',
  path: () => `/jobs/${ids.visitJob}/visit`,
  page: () => `/jobs/${ids.visitJob}`,
  form,
  names: { summary },
});

const CASES: readonly FormCase[] = [
  // The call outcome form of a task.
  taskForm('no outcome chosen', {}, '#outcome'),
  taskForm('an outcome the form does not offer', { outcome: 'teleported' }, '#outcome'),
  taskForm('markup as the outcome', { outcome: SCRIPT }, '#outcome'),
  taskForm(
    'spoke to the victim without saying what came of it',
    { outcome: 'spoke-to-victim' },
    '#firstContact',
  ),
  taskForm(
    'an unknown first contact',
    { outcome: 'spoke-to-victim', firstContact: 'maybe' },
    '#firstContact',
  ),
  taskForm(
    'an onward referral without the service',
    { outcome: 'spoke-to-victim', firstContact: 'onward-referral' },
    '#onwardService',
  ),
  taskForm(
    'an onward service of 121 characters',
    { outcome: 'spoke-to-victim', firstContact: 'onward-referral', onwardService: 'a'.repeat(121) },
    '#onwardService',
  ),
  taskForm('2,001 characters of notes', { outcome: 'no-answer', notes: 'a'.repeat(2001) }, '#notes'),
  taskForm(
    '<script> as the onward service, with too many notes',
    {
      outcome: 'spoke-to-victim',
      firstContact: 'onward-referral',
      onwardService: SCRIPT,
      notes: 'a'.repeat(2001),
    },
    '#notes',
  ),
  taskForm('a formula in the notes and no outcome', { notes: FORMULA }, '#outcome'),
  // The support plan.
  planForm('no area of need', { ...validPlan, area: '' }, '#area'),
  planForm('no idempotency key', { ...validPlan, idempotencyKey: '' }, '#area'),
  planForm('an area that is not one of the nine', { ...validPlan, area: 'astrology' }, '#area'),
  planForm('markup as the area', { ...validPlan, area: SCRIPT }, '#area'),
  planForm('no action', { ...validPlan, action: '   ' }, '#action'),
  planForm('an action of 301 characters', { ...validPlan, action: 'a'.repeat(301) }, '#action'),
  planForm('no owner', { ...validPlan, owner: '' }, '#owner'),
  planForm('<script> as the action, with no owner', { ...validPlan, action: SCRIPT, owner: '' }, '#owner'),
  planForm('an owner of 81 characters', { ...validPlan, owner: 'a'.repeat(81) }, '#owner'),
  planForm(
    'a review date of 31 February',
    { ...validPlan, 'reviewBy-day': '31', 'reviewBy-month': '2', 'reviewBy-year': '2027' },
    '#reviewBy',
  ),
  planForm(
    'a review date in the past',
    { ...validPlan, 'reviewBy-day': '1', 'reviewBy-month': '1', 'reviewBy-year': '2026' },
    '#reviewBy',
  ),
  planForm('a review month of 13', { ...validPlan, 'reviewBy-month': '13' }, '#reviewBy'),
  planForm('a review day of 0', { ...validPlan, 'reviewBy-day': '0' }, '#reviewBy'),
  planForm(
    'no review date',
    { ...validPlan, 'reviewBy-day': '', 'reviewBy-month': '', 'reviewBy-year': '' },
    '#reviewBy',
  ),
  // The needs assessment.
  assessmentForm('an area left unscored', scores('3', { 'family-score': '' }), '#family-score'),
  assessmentForm('a score in letters', scores('3', { 'family-score': 'abc' }), '#family-score'),
  assessmentForm('a score of 99', scores('3', { 'mental-health-score': '99' }), '#mental-health-score'),
  assessmentForm('a score of 0', scores('3', { 'accommodation-score': '0' }), '#accommodation-score'),
  assessmentForm(
    'a score of 2.5',
    scores('3', { 'finance-benefits-score': '2.5' }),
    '#finance-benefits-score',
  ),
  assessmentForm(
    'markup as a score',
    scores('3', { 'personal-safety-score': SCRIPT }),
    '#personal-safety-score',
  ),
  assessmentForm('nothing scored at all', {}, '#personal-safety-score'),
  assessmentForm(
    '<script> as notes, an area unscored',
    scores('3', { 'family-score': '', 'family-notes': SCRIPT }),
    '#family-score',
  ),
  // The hardship fund, onward referral, restorative justice and target-hardening pages of the case.
  caseForm(
    'hardship',
    'an amount in letters',
    { amount: 'ten pounds', purpose: 'Lock change' },
    'Amount must be an amount in pounds',
  ),
  caseForm(
    'hardship',
    'a negative amount',
    { amount: '-5', purpose: 'Lock change' },
    'Amount must be an amount in pounds',
  ),
  caseForm(
    'hardship',
    'an amount of nothing',
    { amount: '0', purpose: 'Lock change' },
    'Amount must be more than £0',
  ),
  caseForm(
    'hardship',
    'an amount over the limit',
    { amount: '500.01', purpose: 'Lock change' },
    'Amount must be at most £500.00',
  ),
  caseForm(
    'hardship',
    'a formula as the amount',
    { amount: '=1+1', purpose: 'Lock change' },
    'Amount must be an amount in pounds',
  ),
  caseForm('hardship', 'no purpose', { amount: '25', purpose: '  ' }, 'What it is for is required'),
  caseForm(
    'hardship',
    'a purpose of 201 characters',
    { amount: '25', purpose: 'a'.repeat(201) },
    'What it is for must be at most 200 characters',
  ),
  caseForm(
    'hardship',
    'no idempotency key',
    { amount: '25', purpose: 'Lock change', idempotencyKey: '' },
    'This form could not be matched to the page it came from',
  ),
  caseForm(
    'hardship',
    'an idempotency key the app never drew',
    { amount: '25', purpose: 'Lock change', idempotencyKey: SCRIPT },
    'This form could not be matched to the page it came from',
  ),
  caseForm(
    'onward-referral',
    'no agency chosen',
    { agency: '' },
    'Choose the service the victim is referred to',
  ),
  caseForm(
    'onward-referral',
    'a service typed in place of a choice',
    { agency: 'Domestic abuse service (example)' },
    'Choose a service from the list',
  ),
  caseForm('onward-referral', 'markup as the agency', { agency: SCRIPT }, 'Choose a service from the list'),
  caseForm(
    'onward-referral',
    'an agency id the list does not hold',
    { agency: 'made-up-agency' },
    'Choose a service from the list',
  ),
  caseForm(
    'onward-referral',
    'no idempotency key',
    { agency: 'juniper-lodge', idempotencyKey: '' },
    'This form could not be matched to the page it came from',
  ),
  caseForm(
    'restorative-justice',
    'the offence admitted as maybe',
    { result: 'accepted', victimInitiated: 'yes', offenderAdmitted: 'maybe' },
    'Say whether the offender has admitted the offence',
  ),
  caseForm(
    'restorative-justice',
    'markup as the facilitator',
    {
      result: 'offered',
      victimInitiated: 'no',
      offenderAdmitted: 'yes',
      type: 'indirect',
      facilitator: SCRIPT,
    },
    'Choose the facilitator from the caseworkers trained in restorative justice',
  ),
  {
    ...caseForm(
      'restorative-justice-decision',
      'a criterion answered maybe',
      { 'clear-benefit': 'maybe', 'clear-benefit-reason': SCRIPT },
      'Say whether there is a clear benefit to the victim',
    ),
    who: 'teamLeader',
  },
  caseForm('mental-health-triage', 'no urgency', { reason: 'other' }, 'Say whether the referral is urgent'),
  caseForm(
    'mental-health-triage',
    'markup as the reason',
    { reason: SCRIPT, urgency: 'routine' },
    'Choose why the victim is referred',
  ),
  caseForm('target-hardening', 'no urgency', { consent: 'yes' }, 'Choose standard or emergency'),
  caseForm(
    'target-hardening',
    'an urgency of asap',
    { urgency: 'asap', consent: 'yes' },
    'Choose standard or emergency',
  ),
  caseForm(
    'target-hardening',
    'consent as maybe',
    { urgency: 'standard', consent: 'maybe' },
    'Say whether the victim agrees',
  ),
  // The contractor's booking call.
  booking('no outcome chosen', {}, '#outcome'),
  booking('an outcome of maybe', { outcome: 'maybe' }, '#outcome'),
  booking('booked with no date', { outcome: 'booked' }, '#visitAt-day'),
  booking(
    'booked for 31 February',
    { outcome: 'booked', ...visitDay, 'visitAt-day': '31', 'visitAt-month': '2' },
    '#visitAt-day',
  ),
  booking('booked for 25:00', { outcome: 'booked', ...visitDay, 'visitAt-time': '25:00' }, '#visitAt-day'),
  booking(
    'booked for a time with markup',
    { outcome: 'booked', ...visitDay, 'visitAt-time': `14:30${SCRIPT}` },
    '#visitAt-day',
  ),
  booking(
    'booked for last January',
    { outcome: 'booked', ...visitDay, 'visitAt-month': '1' },
    '#visitAt-day',
  ),
  booking('<script> as notes, no outcome chosen', { refusedNotes: SCRIPT }, '#outcome'),
  booking(
    'refused with 2,001 characters of notes',
    { outcome: 'refused', refusedNotes: 'a'.repeat(2001) },
    '#refusedNotes',
  ),
  // The contractor's visit.
  visit('no outcome', {}, '#outcome'),
  visit('visited without a score', { outcome: 'visited', survey: 'satisfied' }, '#assessmentScore'),
  visit('a score of 11', visited({ assessmentScore: '11' }), '#assessmentScore'),
  visit('a score in words', visited({ assessmentScore: 'ten' }), '#assessmentScore'),
  visit('no survey answer', { outcome: 'visited', assessmentScore: '5' }, '#survey'),
  visit('a survey answer of ecstatic', visited({ assessmentScore: '5', survey: 'ecstatic' }), '#survey'),
  visit('feels safer as a bit', visited({ assessmentScore: '5', feelsSafer: 'a bit' }), '#feelsSafer'),
  visit(
    'an item quantity of many',
    visited({ assessmentScore: '5', ...item(0, 'Door chain', 'many', '12.50') }),
    '#items-0-quantity',
  ),
  visit(
    'an item quantity of 0',
    visited({ assessmentScore: '5', ...item(0, 'Door chain', '0', '12.50') }),
    '#items-0-quantity',
  ),
  visit(
    'an item quantity of 21',
    visited({ assessmentScore: '5', ...item(0, 'Door chain', '21', '1.00') }),
    '#items-0-quantity',
  ),
  visit(
    'a unit cost in letters',
    visited({ assessmentScore: '5', ...item(0, 'Door chain', '1', '£abc') }),
    '#items-0-unitCost',
  ),
  visit(
    'a unit cost over £1,000',
    visited({ assessmentScore: '5', ...item(0, 'Door chain', '1', '1000.01') }),
    '#items-0-unitCost',
  ),
  visit(
    '<script> as a product',
    visited({ assessmentScore: '5', ...item(0, SCRIPT, '1', '12.50') }),
    '#items-0-product',
  ),
  visit(
    'a formula as a product',
    visited({ assessmentScore: '5', ...item(0, FORMULA, '1', '12.50') }),
    '#items-0-product',
  ),
  visit(
    'an item with no product',
    visited({ assessmentScore: '5', ...item(0, '', '1', '12.50') }),
    '#items-0-product',
  ),
  visit(
    'items over the price per property',
    visited({ assessmentScore: '5', ...item(0, 'Window lock', '3', '150.00') }),
    '#items-0-product',
  ),
  visit(
    'items at level 1 (advice only)',
    visited({ assessmentScore: '0', ...item(0, 'Door chain', '1', '12.50') }),
    '#items-0-product',
  ),
  visit(
    'an item below standard at level 3',
    visited({ assessmentScore: '10', ...item(0, 'Door chain', '1', '12.50', false) }),
    '#items-0-approvedStandard',
  ),
  visit(
    '<script> as notes and a formula as other needs, no score',
    visited({ notes: SCRIPT, additionalNeeds: FORMULA }),
    '#assessmentScore',
  ),
  visit('2,001 characters of notes', visited({ assessmentScore: '5', notes: 'a'.repeat(2001) }), '#notes'),
  visit(
    '2,001 characters of other needs',
    visited({ assessmentScore: '5', additionalNeeds: 'a'.repeat(2001) }),
    '#additionalNeeds',
  ),
  visit(
    'refused with 2,001 characters of notes',
    { outcome: 'refused', refusalNotes: 'a'.repeat(2001) },
    '#refusalNotes',
  ),
];

let before: TableSnapshot;

beforeAll(async () => {
  definitionsOnce();
  served = await startServedLocalSystem(TUESDAY_10AM);
  // A victim by telephone whose voicemail is unsafe (the partner fixture says so), with a first call waiting.
  // Its summary (free text, kept as sent) holds markup and a formula.
  ids.case = (await postJson('/referrals/partner', aPartnerReferralBody({ summary: `${SCRIPT} ${FORMULA}` })))
    .caseId as string;
  ids.selfCase = (
    await postJson('/referrals/self', aSelfReferralBody({ whatHappened: `${FORMULA} ${SCRIPT}` }))
  ).caseId as string;
  ids.task = `${ids.case}.call-attempt.1`;
  await until(async () => (await served.fresh.system.tasks.getTask(ids.task)) !== undefined);
  ids.bookingJob = await aJob('DSA-2026-7001');
  ids.visitJob = await aJob('DSA-2026-7002');
  people.caseworker = await new Visitor(served.url).signIn('caseworker.one');
  people.contractor = await new Visitor(served.url).signIn('contractor.one');
  people.teamLeader = await new Visitor(served.url).signIn('team.leader');
  people.analyst = await new Visitor(served.url).signIn('analyst.one');
  const jobPath = `/jobs/${ids.visitJob}`;
  const booked = await people.contractor.post(`${jobPath}/booking`, {
    csrf: await people.contractor.csrf(jobPath),
    outcome: 'booked',
    ...visitDay,
  });
  expect(booked.status).toBe(303);
  await until(async () => (await served.fresh.system.jobs.getJob(ids.visitJob))?.waiting?.stage === 'visit');
  before = await snapshotOf(served.fresh.client, served.fresh.tableName);
}, 120_000);

afterAll(async () => {
  await served?.close();
  if (logLevel === undefined) delete process.env.POWERTOOLS_LOG_LEVEL;
  else process.env.POWERTOOLS_LOG_LEVEL = logLevel;
});

describe('the web forms corpus: a bad value is answered 400 naming the field, and nothing is saved', () => {
  it('has a distinct input for every case', () => {
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, corpus) => {
    const visitor = people[corpus.who];
    const page = corpus.page?.() ?? corpus.path().replace(/\?.*$/, '');
    // What the page's form carries besides its fields (the form token, the idempotency key), as a browser
    // sends it; a form the page does not draw (a forged post) gets the page's form token alone.
    const { csrf, idempotencyKey } = await visitor
      .formFields(page, corpus.path())
      .catch(async () => ({ csrf: await visitor.csrf(page), idempotencyKey: undefined }));
    const hidden = { csrf: csrf ?? '', ...(idempotencyKey === undefined ? {} : { idempotencyKey }) };
    const response = await visitor.post(corpus.path(), { ...hidden, ...corpus.form });

    expect(response.status).toBe(corpus.status ?? 400);
    if ('summary' in corpus.names) {
      expect(response.body).toContain('There is a problem');
      expect(errorSummaryOf(response.body).map((e) => e.href)).toContain(corpus.names.summary);
    } else {
      expect(response.body).toContain(corpus.names.text);
    }
    // Whatever was typed comes back only escaped.
    expect(response.body).not.toContain(SCRIPT);
    expect(response.body).not.toContain(FORMULA);
  });

  it('saved nothing for any of them (views are audited, nothing else is written)', async () => {
    expect(
      writesBetween(before, await snapshotOf(served.fresh.client, served.fresh.tableName), isAudit),
    ).toEqual([]);
    expect(await served.fresh.system.tasks.getTask(ids.task)).toMatchObject({ status: 'open' });
    expect((await served.fresh.system.jobs.getJob(ids.bookingJob))?.waiting?.stage).toBe('booking');
    expect((await served.fresh.system.jobs.getJob(ids.visitJob))?.waiting?.stage).toBe('visit');
  });
});

describe('the web forms corpus: the follow-up call form, read as its page reads it (the job waits a year for it)', () => {
  const FOLLOW_UPS: ReadonlyArray<readonly [string, Record<string, string>, string]> = [
    ['no outcome chosen', {}, '#outcome'],
    ['an outcome of maybe', { outcome: 'maybe' }, '#outcome'],
    [
      'spoke to the victim without saying whether the home is secure',
      { outcome: 'spoke-to-victim', satisfaction: 'satisfied' },
      '#stillSecure',
    ],
    [
      'secure as perhaps',
      { outcome: 'spoke-to-victim', stillSecure: 'perhaps', satisfaction: 'satisfied' },
      '#stillSecure',
    ],
    ['no satisfaction answer', { outcome: 'spoke-to-victim', stillSecure: 'yes' }, '#satisfaction'],
    [
      'a satisfaction of ecstatic',
      { outcome: 'spoke-to-victim', stillSecure: 'yes', satisfaction: 'ecstatic' },
      '#satisfaction',
    ],
    [
      'products in use as sometimes',
      {
        outcome: 'spoke-to-victim',
        stillSecure: 'yes',
        satisfaction: 'satisfied',
        productsInUse: 'sometimes',
      },
      '#productsInUse',
    ],
    ['2,001 characters of notes', { outcome: 'no-contact', notes: 'a'.repeat(2001) }, '#notes'],
  ];

  it.each(FOLLOW_UPS.map(([name, form, href]) => [name, form, href] as const))('%s', (_name, form, href) => {
    const parsed = followUpFromForm(form);
    const checked = validateWith(FollowUpSchema, parsed.input);
    expect(checked.ok).toBe(false);
    const shown = fieldErrorsOf(checked.ok ? [] : checked.errors, parsed.itemRows, 'notes');
    expect(shown.errorSummary?.map((e) => e.href)).toContain(href);
  });
});

describe('the web forms corpus: the wrong person, a missing form token or a forged cookie is refused', () => {
  const refused: ReadonlyArray<
    readonly [string, () => Promise<{ status: number; body: string; location: string | null }>, number]
  > = [
    [
      'a contractor posting a support plan',
      async () =>
        people.contractor.post(`/cases/${ids.case}/plan`, {
          csrf: await people.contractor.csrf(`/jobs/${ids.bookingJob}`),
          ...validPlan,
        }),
      403,
    ],
    [
      'a caseworker posting a booking call',
      async () =>
        people.caseworker.post(`/jobs/${ids.bookingJob}/booking`, {
          csrf: await people.caseworker.csrf('/tasks'),
          outcome: 'refused',
        }),
      403,
    ],
    [
      'a team leader (read-only on jobs) posting a visit',
      async () =>
        people.teamLeader.post(`/jobs/${ids.visitJob}/visit`, {
          csrf: await people.teamLeader.csrf('/tasks'),
          ...visited({ assessmentScore: '5' }),
        }),
      403,
    ],
    [
      'an analyst posting a hardship payment',
      async () =>
        people.analyst.post(`/cases/${ids.case}/hardship`, {
          csrf: await people.analyst.csrf('/returns'),
          amount: '25',
          purpose: 'Lock change',
        }),
      403,
    ],
    [
      'a call outcome without its form token',
      () =>
        people.caseworker.post(`/tasks/${encodeURIComponent(ids.task)}/complete`, { outcome: 'no-answer' }),
      403,
    ],
    [
      'a call outcome with another session’s form token',
      async () =>
        people.caseworker.post(`/tasks/${encodeURIComponent(ids.task)}/complete`, {
          csrf: await people.teamLeader.csrf('/tasks'),
          outcome: 'no-answer',
        }),
      403,
    ],
    [
      'a call outcome posted from another site',
      async () =>
        people.caseworker.post(
          `/tasks/${encodeURIComponent(ids.task)}/complete`,
          { csrf: await people.caseworker.csrf('/tasks'), outcome: 'no-answer' },
          { origin: 'https://evil.example.org' },
        ),
      403,
    ],
    [
      'a call outcome from a browser with a forged session cookie',
      async () => {
        const forger = new Visitor(served.url);
        const payload = Buffer.from(
          JSON.stringify({
            user: 'team.leader',
            name: 'x',
            roles: ['team-leader'],
            csrf: 'x',
            issuedAt: 0,
            seenAt: 0,
          }),
        ).toString('base64url');
        forger.cookies.set('vf_session', `${payload}.bm90LXNpZ25lZA`);
        return forger.post(`/tasks/${encodeURIComponent(ids.task)}/complete`, {
          csrf: 'x',
          outcome: 'no-answer',
        });
      },
      403,
    ],
    ['a signed-out browser opening a case', () => new Visitor(served.url).get(`/cases/${ids.case}`), 303],
    [
      'the sign-in form naming nobody',
      () => new Visitor(served.url).post('/sign-in', { user: 'nobody' }),
      400,
    ],
    [
      'the sign-in form naming <script>',
      () => new Visitor(served.url).post('/sign-in', { user: SCRIPT }),
      400,
    ],
  ];

  it.each(refused.map(([name, send, status]) => [name, send, status] as const))(
    '%s',
    async (_name, send, status) => {
      const before = await snapshotOf(served.fresh.client, served.fresh.tableName);
      const response = await send();
      expect(response.status).toBe(status);
      if (status === 400) expect(errorSummaryOf(response.body).map((e) => e.href)).toEqual(['#user']);
      expect(response.body).not.toContain(SCRIPT);
      expect(
        writesBetween(before, await snapshotOf(served.fresh.client, served.fresh.tableName), isAudit),
      ).toEqual([]);
    },
  );
});

describe('the web forms corpus: markup and formulas in free text are saved as typed and shown escaped', () => {
  it('keeps a referral’s summary and a self-referral’s account as sent, and never shows them raw', async () => {
    const partner = await served.fresh.system.store.getCase(ids.case);
    const self = await served.fresh.system.store.getCase(ids.selfCase);
    expect(partner?.referral.summary).toBe(`${SCRIPT} ${FORMULA}`);
    expect(self?.referral.summary).toBe(`${FORMULA} ${SCRIPT}`);
    for (const page of [
      `/cases/${ids.case}`,
      `/cases/${ids.selfCase}`,
      `/tasks/${encodeURIComponent(ids.task)}`,
    ]) {
      const { status, body } = await people.caseworker.get(page);
      expect(status).toBe(200);
      expect(body).not.toContain(SCRIPT);
      expect(body).not.toContain(FORMULA);
    }
  });

  it('shows a support plan action and owner holding <script> and =HYPERLINK(…) as text', async () => {
    const alex = people.caseworker;
    const casePath = `/cases/${ids.case}`;
    const csrf = await alex.csrf(`${casePath}/assessment?kind=initial`);
    const assessed = await alex.post(`${casePath}/assessment?kind=initial`, {
      csrf,
      ...scores('3'),
      'family-notes': SCRIPT,
    });
    expect(assessed.status).toBe(303);
    const added = await alex.post(`${casePath}/plan`, {
      ...(await alex.formFields(`${casePath}/plan`, `${casePath}/plan`)),
      ...validPlan,
      action: SCRIPT,
      owner: FORMULA,
    });
    expect(added.status).toBe(303);

    const page = (await alex.get(`${casePath}/support`)).body;
    expect(page).not.toContain(SCRIPT);
    expect(page).toContain(SCRIPT_ESCAPED);
    expect(page).toContain('=HYPERLINK(&quot;http://evil.example.org&quot;,&quot;Click&quot;)');
    const assessment = (await alex.get(`${casePath}/assessment?kind=initial`)).body;
    expect(assessment).not.toContain(SCRIPT);
    expect(assessment).toContain(SCRIPT_ESCAPED);
  });

  it('shows a hardship payment holding <script> as text (an onward referral takes no typed name at all)', async () => {
    const alex = people.caseworker;
    const casePath = `/cases/${ids.case}`;
    const hardship = `${casePath}/hardship`;
    const fields = await alex.formFields(hardship, hardship);
    expect((await alex.post(hardship, { ...fields, amount: '25', purpose: SCRIPT })).status).toBe(303);

    const page = (await alex.get(`${casePath}/support`)).body;
    expect(page).not.toContain(SCRIPT);
    expect(page.split(SCRIPT_ESCAPED).length - 1).toBeGreaterThanOrEqual(1);
  });

  it('keeps a call outcome’s <script> notes as typed and never shows them raw', async () => {
    const alex = people.caseworker;
    const path = `/tasks/${encodeURIComponent(ids.task)}`;
    const done = await alex.post(`${path}/complete`, {
      csrf: await alex.csrf(path),
      outcome: 'no-answer',
      notes: SCRIPT,
    });
    expect(done.status).toBe(303);
    expect(await served.fresh.system.tasks.getTask(ids.task)).toMatchObject({
      outcome: { outcome: 'no-answer', notes: SCRIPT },
    });
    for (const page of [path, `/cases/${ids.case}`])
      expect((await alex.get(page)).body).not.toContain(SCRIPT);
  });

  it('shows a visit’s <script> notes and other needs as text on the job page', async () => {
    const chris = people.contractor;
    const jobPath = `/jobs/${ids.visitJob}`;
    const recorded = await chris.post(`${jobPath}/visit`, {
      csrf: await chris.csrf(jobPath),
      ...visited({ assessmentScore: '5', notes: SCRIPT, additionalNeeds: FORMULA }),
    });
    expect(recorded.status).toBe(303);

    for (const visitor of [chris, people.teamLeader]) {
      const page = (await visitor.get(jobPath)).body;
      expect(page).not.toContain(SCRIPT);
      expect(page).toContain(SCRIPT_ESCAPED);
      expect(page).toContain('=HYPERLINK(&quot;');
    }
  });
});
