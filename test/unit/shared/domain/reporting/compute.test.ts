import { describe, expect, it } from 'vitest';
import type { Agency } from '../../../../../shared/domain/agencies.ts';
import { type Assessment, NEEDS_AREAS } from '../../../../../shared/domain/assessment.ts';
import { openCase } from '../../../../../shared/domain/case.ts';
import type { CaseEvent } from '../../../../../shared/domain/case-records.ts';
import type { CaseSupport } from '../../../../../shared/domain/case-support.ts';
import { type Referral, validateReferral } from '../../../../../shared/domain/referral.ts';
import { computeReturn } from '../../../../../shared/domain/reporting/compute.ts';
import { parseQuarter } from '../../../../../shared/domain/reporting/quarters.ts';
import type { CaseLedger, JobLedger } from '../../../../../shared/domain/reporting/return-inputs.ts';
import type { Job, JobEvent, ThReferral } from '../../../../../shared/domain/target-hardening-jobs.ts';
import { ThReferralSchema } from '../../../../../shared/domain/target-hardening-referral.ts';

// A hand-made quarter, 2026/27-Q2 (1 July to 30 September 2026, British Summer Time), whose every figure is
// worked out by hand below. Every person is fictional (Example names, LE1 1ZZ, 07700 900xxx).

const Q2 = parseQuarter('2026/27-Q2');
const PRODUCED = new Date('2026-10-01T05:00:00Z');
const BUDGET = 8_000_000;

function referral(n: number, fields: Record<string, unknown>): Referral {
  const result = validateReferral({
    externalReference: `REF-${n}`,
    victim: {
      forename: 'Ada',
      surname: `Example${String.fromCharCode(64 + n)}`,
      phones: { mobile: '07700 900123' },
      email: 'ada.example@example.org',
      address: { line1: `${n} Example Street`, town: 'Leicester', postcode: 'LE1 1ZZ' },
      ...(fields.victim as object),
    },
    contactMethod: 'mobile-telephone',
    consent: true,
    risk: 'standard',
    offence: 'theft',
    npa: 'leicester-east',
    ...Object.fromEntries(Object.entries(fields).filter(([key]) => key !== 'victim')),
  });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.referral;
}

const NO_SUPPORT: CaseSupport = { plan: [] };
let eventNumber = 0;
const event = (
  caseId: string,
  type: CaseEvent['type'],
  at: string,
  detail: CaseEvent['detail'] = {},
): CaseEvent => ({
  eventId: `e${++eventNumber}`,
  caseId,
  type,
  at: new Date(at),
  detail,
});
const task = (caseId: string, taskType: string, n: number, outcome: string, at: string) =>
  event(caseId, 'task-completed', at, {
    taskId: `${caseId}.${taskType}.${n}`,
    taskType,
    outcome,
    by: 'caseworker.one',
  });
const ended = (caseId: string, result: string, at: string) =>
  event(caseId, 'contact-path-completed', at, { result });

function ledger(
  n: number,
  fields: Record<string, unknown>,
  events: (caseId: string) => CaseEvent[] = () => [],
  support: CaseSupport = NO_SUPPORT,
  previousCaseIds: string[] = [],
): CaseLedger {
  const r = referral(n, fields);
  const opened = openCase(r, previousCaseIds, r.receivedAt);
  return { case: opened, events: events(opened.caseId), support };
}

const scores = (
  score: number,
  changes: Partial<Record<(typeof NEEDS_AREAS)[number], number>> = {},
): Assessment =>
  Object.fromEntries(
    NEEDS_AREAS.map((area) => [area, { score: changes[area] ?? score }]),
  ) as unknown as Assessment;

// C1: police, telephone, Mon 6 July 10:00 BST; spoke on the first call; further support; RJ asked for on
// 1 August; closed 10 September with personal safety 2 → 4 and mental health 2 → 3.
const C1 = ledger(
  1,
  {
    source: 'police',
    receivedAt: '2026-07-06T09:00:00Z',
    offence: 'burglary-residential',
    equality: { sex: 'female' },
    victim: { dateOfBirth: '1980-12-18' },
  },
  (id) => [
    task(id, 'call-attempt', 1, 'spoke-to-victim', '2026-07-06T11:00:00Z'),
    ended(id, 'further-support', '2026-07-06T11:00:00Z'),
  ],
  {
    plan: [],
    initial: {
      kind: 'initial',
      assessment: scores(2),
      by: 'caseworker.one',
      at: new Date('2026-07-10T10:00:00Z'),
    },
    closing: {
      kind: 'closing',
      assessment: scores(2, { 'personal-safety': 4, 'mental-health': 3, 'physical-health': 3 }),
      by: 'caseworker.one',
      at: new Date('2026-09-10T10:00:00Z'),
    },
    closed: { by: 'caseworker.one', at: new Date('2026-09-10T10:05:00Z') },
    restorativeJustice: {
      status: 'referred',
      requestedBy: 'caseworker.one',
      requestedAt: new Date('2026-08-01T10:00:00Z'),
    },
  },
);
// C2: partner, high risk (enhanced: 24 hours), a repeat victim, Tue 7 July; three calls unanswered, at risk,
// then breached; not contactable.
const C2 = ledger(
  2,
  {
    source: 'partner',
    referrer: { organisation: 'Example Support Service' },
    receivedAt: '2026-07-07T09:00:00Z',
    risk: 'high',
    offence: 'stalking-harassment',
    equality: { sex: 'female' },
    victim: { dateOfBirth: '1980-12-18' },
  },
  (id) => [
    task(id, 'call-attempt', 1, 'no-answer', '2026-07-07T10:00:00Z'),
    task(id, 'call-attempt', 2, 'no-answer', '2026-07-07T14:00:00Z'),
    event(id, 'deadline-at-risk', '2026-07-07T14:00:00Z', {
      rule: 'initial-contact-telephone',
      reason: 'three calls do not fit',
    }),
    event(id, 'deadline-breached', '2026-07-08T09:00:00Z', {
      rule: 'initial-contact-telephone',
      reason: 'three calls could not all be made before the deadline',
    }),
    task(id, 'call-attempt', 3, 'no-answer', '2026-07-08T10:00:00Z'),
    ended(id, 'not-contactable', '2026-07-08T10:00:00Z'),
  ],
  NO_SUPPORT,
  ['VF-00000-00001'],
);
// C3: self-referral by e-mail, aged 16, at 21:00 on Wednesday 30 September: received in Q2, but its
// on-the-day deadline (00:00 on 1 October) and its contact fall in Q3.
const C3 = ledger(
  3,
  {
    source: 'self',
    receivedAt: '2026-09-30T20:00:00Z',
    contactMethod: 'email',
    offence: 'criminal-damage',
    victim: { dateOfBirth: '2010-05-01' },
  },
  (id) => [
    event(id, 'message-recorded', '2026-10-01T08:00:00Z', {
      purpose: 'support-offer',
      channel: 'email',
      attempt: 1,
    }),
    ended(id, 'initial-contact-only', '2026-10-04T10:00:00Z'),
  ],
);
// C4: police, in person, received Monday 29 June (Q1); the notice went in Q1, the visit on 2 July (Q2) before
// its deadline (00:00 on 6 July): initial contact only, face to face.
const C4 = ledger(
  4,
  { source: 'police', receivedAt: '2026-06-29T09:00:00Z', contactMethod: 'in-person' },
  (id) => [
    event(id, 'message-recorded', '2026-06-29T10:00:00Z', {
      purpose: 'home-visit-notice',
      channel: 'sms',
      attempt: 1,
    }),
    task(id, 'home-visit', 1, 'visited', '2026-07-02T10:00:00Z'),
    ended(id, 'initial-contact-only', '2026-07-02T10:00:00Z'),
  ],
);
// C5: partner, by post, Monday 3 August: the letter went a day late (breach), passed on to another service by
// the path (5 August) and referred on from the case page (10 August); a hardship payment on 12 August.
const C5 = ledger(
  5,
  {
    source: 'partner',
    referrer: { organisation: 'Example Support Service' },
    receivedAt: '2026-08-03T09:00:00Z',
    contactMethod: 'post',
    offence: 'hate-crime',
  },
  (id) => [
    event(id, 'deadline-breached', '2026-08-03T23:00:00Z', {
      rule: 'written-on-the-day',
      reason: 'message sent after the day of receipt',
    }),
    event(id, 'message-recorded', '2026-08-04T09:00:00Z', {
      purpose: 'support-offer',
      channel: 'letter',
      attempt: 1,
    }),
    task(id, 'onward-referral', 1, 'referred', '2026-08-05T10:00:00Z'),
    ended(id, 'onward-referral', '2026-08-05T10:00:00Z'),
    event(id, 'onward-referral-made', '2026-08-10T10:00:00Z', {
      agencyId: 'juniper-lodge',
      service: 'Juniper Lodge',
      by: 'caseworker.one',
    }),
    event(id, 'hardship-payment', '2026-08-12T10:00:00Z', { amount: '£40.00', by: 'caseworker.one' }),
  ],
);
// C6–C10: police, men aged 36, Tuesday 1 September; nothing recorded yet.
const MEN = [6, 7, 8, 9, 10].map((n) =>
  ledger(n, {
    source: 'police',
    receivedAt: '2026-09-01T09:00:00Z',
    equality: { sex: 'male' },
    victim: { dateOfBirth: '1990-01-01' },
  }),
);

const thReferral = (number: string, service: string, receivedAt: string, urgency: string): ThReferral => ({
  referralNumber: number,
  receivedAt: new Date(receivedAt),
  details: ThReferralSchema.parse({
    service,
    reference: `TH-REF-${number}`,
    referrer: { name: 'Dee', email: 'dee.specimen@example.org' },
    victim: {
      forename: 'Ada',
      surname: 'Example',
      address: { line1: '1 Example Street', town: 'Leicester', postcode: 'LE1 1ZZ' },
      phone: '07700 900123',
    },
    vulnerabilities: [],
    urgency,
    consentToFeedback: true,
  }),
});
const TH_REFERRALS = [
  thReferral('100001', 'domestic-and-sexual-abuse-service', '2026-06-19T09:00:00Z', 'standard'),
  thReferral('100002', 'domestic-and-sexual-abuse-service', '2026-07-02T18:00:00Z', 'emergency'),
  thReferral('100003', 'victim-first', '2026-08-15T09:00:00Z', 'standard'),
];
const job = (
  jobId: string,
  number: string,
  kind: Job['kind'],
  createdAt: string,
  visit?: { at: string; level: 1 | 2 | 3; costPence: number; labourPence?: number },
): Job => ({
  jobId,
  referralNumber: number,
  kind,
  service: 'domestic-and-sexual-abuse-service',
  createdAt: new Date(createdAt),
  // Every fixture job is due 4 hours after it was made (an emergency's deadline).
  attendBy: new Date(new Date(createdAt).getTime() + 4 * 3_600_000),
  alertAt: new Date(createdAt),
  status: visit ? 'visited' : 'refused',
  victim: {
    name: 'Ada Example',
    address: { line1: '1 Example Street', town: 'Leicester', postcode: 'LE1 1ZZ' },
    phone: '+447700900123',
    vulnerabilities: [],
  },
  consentToFeedback: true,
  ...(visit
    ? {
        visit: {
          visitedAt: new Date(visit.at),
          recordedBy: 'contractor.one',
          level: visit.level,
          costPence: visit.costPence,
          visit: {
            outcome: 'visited',
            assessmentScore: 5,
            items: [],
            ...(visit.labourPence === undefined ? {} : { labourPence: visit.labourPence }),
            neededMoreThanAllowed: false,
            survey: 'satisfied',
          },
        },
      }
    : {}),
});
const jobEvent = (type: string, at: string, detail: Record<string, unknown> = {}): JobEvent => ({
  eventId: type,
  type,
  at: new Date(at),
  detail,
});
const JOBS: JobLedger[] = [
  // Q1's job, visited in June: in the year's spend, not in Q2's completions.
  {
    job: job('TH-1001', '100001', 'standard', '2026-06-20T09:00:00Z', {
      at: '2026-06-25T10:00:00Z',
      level: 2,
      costPence: 5_000,
    }),
    events: [],
  },
  // Emergency at 19:00 BST on 2 July, fitted three hours later (in time) at level 3 for £150 and £45 labour.
  {
    job: job('TH-1002', '100002', 'emergency', '2026-07-02T18:00:00Z', {
      at: '2026-07-02T21:00:00Z',
      level: 3,
      costPence: 15_000,
      labourPence: 4_500,
    }),
    events: [],
  },
  // Standard, refused on the booking call on 17 August.
  {
    job: job('TH-1003', '100003', 'standard', '2026-08-15T09:00:00Z'),
    events: [jobEvent('job-ended', '2026-08-17T10:00:00Z', { result: 'refused', stage: 'booking' })],
  },
];

/** The kept agency list (shared/domain/agencies.ts): real public names, one retired. */
const AGENCIES: Agency[] = [
  { agencyId: 'juniper-lodge', name: 'Juniper Lodge', active: true },
  { agencyId: 'living-without-abuse', name: 'Living Without Abuse', active: false },
];

const inputs = (cases: CaseLedger[] = [C1, C2, C3, C4, C5, ...MEN]) => ({
  quarter: Q2,
  cases,
  thReferrals: TH_REFERRALS,
  jobs: JOBS,
  agencies: AGENCIES,
  productBudgetPence: BUDGET,
  producedAt: PRODUCED,
});

/** Every figure of the quarter that is not 0, worked out by hand from the cases above. */
const EXPECTED: Record<string, number | null> = {
  'referrals-received': 9, // C1, C2, C3, C5 and the five men; C4 came in June
  'referrals-by-source.police': 6, // C1 and the five men
  'referrals-by-source.partner': 2, // C2, C5
  'referrals-by-source.self': 1, // C3
  'referrals-by-type.burglary-residential': 1,
  'referrals-by-type.stalking-harassment': 1,
  'referrals-by-type.criminal-damage': 1,
  'referrals-by-type.hate-crime': 1,
  'referrals-by-type.theft': 5,
  'repeat-victims': 1, // C2
  'repeat-victims.percent': 1, // C2 of the 9 received: 11.1%
  'children-and-young-people': 1, // C3, aged 16
  'children-and-young-people.supported': 1, // C3, open in Q2; no child a year before
  'children-and-young-people.supported.change': 1, // 1 more than the none of 2025/26-Q2
  enhanced: 2, // C2 high risk, C3 under 18
  'initial-calls-within-48h': 1, // C1 met, C2 breached: 50%
  'written-on-the-day': 0, // C5 breached; C3's deadline is in Q3: 0%
  'home-visits-within-5-days': 1, // C4's visit deadline (6 July) in Q2: 100%
  'outside-timeframes': 2, // C2, C5
  'outside-timeframes.percent': 2, // C2, C5 of C1, C2, C4, C5 with a deadline settled in Q2 (C3's is in Q3): 50%
  'deadlines-met.initial-contact-telephone': 1, // C1
  'deadlines-met.home-visit': 1, // C4
  'deadlines-met.onward-referral': 1, // C5's onward referral task
  'breaches.initial-contact-telephone': 1,
  'breaches.written-on-the-day': 1,
  'at-risk-alerts': 1, // C2
  'contact-paths-ended': 4, // C1, C2, C4, C5 (C3 ended in October)
  'outcome.initial-contact-only': 1,
  'outcome.further-support': 1,
  'outcome.onward-referral': 1,
  'outcome.not-contactable': 1,
  'not-contactable.calls-unanswered': 1,
  'support-by-channel.telephone-only': 2, // C1, C5
  'support-by-channel.face-to-face': 1, // C4
  'onward-referrals': 2, // C5's path (5 August) and its case page (10 August)
  'onward-referrals.agency.juniper-lodge': 1,
  'restorative-justice.requested': 1, // C1
  'victim-personal-statements': null,
  'cases-closed': 1, // C1
  'cases-closed.reason.support-completed': 1, // C1, closed with no reason given: support completed
  'hardship-payments': 1, // C5
  // Who referred, each of the 9 received: C2 and C5 came from the one partner organisation.
  'referrals-by-agency.police': 6,
  'referrals-by-agency.self': 1,
  'referrals-by-agency.partner.example-support-service': 2,
  // C5's £40 payment in August; the year to the quarter's end is the same, of the year's £5,000.
  'hardship-spend': 40,
  'hardship-spend.year-to-date': 40,
  'hardship-budget': 5000,
  'distance-travelled.personal-safety': 2,
  'distance-travelled.mental-health': 1,
  'distance-travelled.physical-health': 1,
  // The same case by outcome domain: health and safety at its lowest area, 2 → 3; the rest unchanged.
  'distance-travelled-domain.health-and-safety.improved': 1,
  'distance-travelled-domain.shelter-and-accommodation.unchanged': 1,
  'distance-travelled-domain.family-friends-and-children.unchanged': 1,
  'distance-travelled-domain.education-skills-and-employment.unchanged': 1,
  'distance-travelled-domain.social-interactions.unchanged': 1,
  'distance-travelled-domain.outlook-and-attitudes.unchanged': 1,
  'distance-travelled-domain.finance-and-benefits.unchanged': 1,
  'distance-travelled-domain.drugs-and-alcohol.unchanged': 1,
  // Equality, counts under 5 withheld (null): two women, five men, two not known (C3, C5).
  'equality.sex.female': null,
  'equality.sex.male': 5,
  'equality.sex.not-known': null,
  ...Object.fromEntries(
    [
      'genderReassignment',
      'disability',
      'ethnicity',
      'religionOrBelief',
      'sexualOrientation',
      'marriageOrCivilPartnership',
      'pregnancyOrMaternity',
    ].map((key) => [`equality.${key}.not-known`, 9]),
  ),
  'equality.age.under-18': null, // C3
  'equality.age.35-49': 7, // C1, C2 (45), the men (36)
  'equality.age.not-known': null, // C5 gave no date of birth
  // Target hardening.
  'th-referrals': 2, // 100002, 100003 (100001 came in June)
  'th-referrals.domestic-and-sexual-abuse-service': 1,
  'th-referrals.victim-first': 1,
  'th-jobs-created': 2, // TH-1002, TH-1003
  'th-emergencies': 1,
  'th-completed': 1, // TH-1002
  'th-completed.level-3': 1,
  'th-refusals': 1, // TH-1003
  'th-within-time': 1, // TH-1002, 3 hours after the call, inside its 4
  'th-hours-to-fitting': 3,
  'th-hours-to-fitting.median': 3,
  'th-hours-to-fitting.up-to-4-hours': 1,
  'th-cost-per-property-pence': 15_000,
  'th-labour-per-property-pence': 4_500,
  'th-total-cost-per-property-pence': 19_500,
  'th-contract-spend-pence': 24_500, // TH-1001's £50 in June, TH-1002's £150 and £45 labour
  'th-contract-value-pence': 9_000_000,
  'th-complaints': 0,
  'th-spend-to-date-pence': 20_000, // June's £50 and July's £150 in 2026-27
  'th-budget-pence': BUDGET,
  'th-survey.satisfied': 1, // TH-1002's visit: satisfied
};

const PERCENTAGES: Record<string, number | null> = {
  'initial-calls-within-48h': 50,
  'written-on-the-day': 0,
  'home-visits-within-5-days': 100,
  'repeat-victims.percent': 11.1, // 1 of 9 received, one decimal
  'outside-timeframes.percent': 50, // 2 of the 4 referrals with a deadline settled in Q2
  'outcome.initial-contact-only': 25,
  'outcome.further-support': 25,
  'outcome.onward-referral': 25,
  'outcome.declined': 0,
  'outcome.not-contactable': 25,
  'th-spend-to-date-pence': 0.3, // £200 of £80,000 is 0.25%, one decimal
  'th-within-time': 100,
  'th-hours-to-fitting.up-to-4-hours': 100,
  'th-hours-to-fitting.over-10-days': 0,
  'th-contract-spend-pence': 0.3, // £245 of £90,000 is 0.27%
  'referrals-by-agency.police': 66.7, // 6 of 9
  'referrals-by-agency.partner.example-support-service': 22.2, // 2 of 9
  'hardship-spend.year-to-date': 0.8, // £40 of £5,000
  'th-survey.satisfied': 100, // 1 of the 1 visit surveyed
  'survey.satisfied': null, // no police survey answers given
};

describe('the quarterly return, worked by hand', () => {
  const report = computeReturn(inputs());

  it('gives every measure its hand-worked figure (0 unless listed)', () => {
    const byId = new Map(report.measures.map((m) => [m.id, m]));
    for (const id of Object.keys(EXPECTED)) expect(byId.has(id), id).toBe(true);
    for (const measure of report.measures) {
      const expected = measure.id in EXPECTED ? EXPECTED[measure.id] : 0;
      expect(measure.value, measure.id).toBe(expected);
    }
  });

  it('gives the percentages the specification asks for, and none where nothing could be measured', () => {
    for (const [id, percentage] of Object.entries(PERCENTAGES))
      expect(report.measures.find((m) => m.id === id)?.percentage, id).toBe(percentage);
  });

  it('withholds equality counts from 1 to 4, and says so', () => {
    const female = report.measures.find((m) => m.id === 'equality.sex.female');
    expect(female).toMatchObject({ value: null, suppressed: true });
    expect(report.measures.find((m) => m.id === 'equality.sex.male')).not.toHaveProperty('suppressed');
    expect(report.measures.find((m) => m.id === 'equality.ethnicity.white')).toMatchObject({ value: 0 });
  });

  it('carries the breaches with their rules into the deadlines chart', () => {
    expect(report.charts.deadlinesByRule.filter((r) => r.met + r.breached > 0)).toEqual([
      { rule: 'initial-contact-telephone', label: expect.any(String), met: 1, breached: 1 },
      { rule: 'written-on-the-day', label: expect.any(String), met: 0, breached: 1 },
      { rule: 'home-visit', label: expect.any(String), met: 1, breached: 0 },
      { rule: 'onward-referral', label: expect.any(String), met: 1, breached: 0 },
    ]);
  });

  it('counts the referrals by source and week, weeks from Monday', () => {
    const weeks = report.charts.referralsBySourceAndWeek;
    expect(weeks[0]?.weekStarting).toBe('2026-07-01'); // the quarter starts on a Wednesday
    expect(weeks.find((w) => w.weekStarting === '2026-07-06')?.counts).toEqual({
      police: 1,
      partner: 1,
      'sentinel-asb': 0,
      self: 0,
    });
    expect(weeks.find((w) => w.weekStarting === '2026-08-31')?.counts).toEqual({
      police: 5,
      partner: 0,
      'sentinel-asb': 0,
      self: 0,
    });
    expect(weeks.reduce((sum, w) => sum + Object.values(w.counts).reduce((a, b) => a + b, 0), 0)).toBe(9);
  });

  it('charts the year’s spend by month against the budget', () => {
    expect(report.charts.targetHardeningSpend).toEqual({
      financialYear: '2026-27',
      budgetPence: BUDGET,
      spentPence: 20_000,
      byMonth: [
        { month: '2026-04', spentPence: 0 },
        { month: '2026-05', spentPence: 0 },
        { month: '2026-06', spentPence: 5_000 },
        { month: '2026-07', spentPence: 15_000 },
        { month: '2026-08', spentPence: 0 },
        { month: '2026-09', spentPence: 0 },
      ],
    });
  });

  it('is not rewritten by what is recorded after the quarter ends', () => {
    const late = {
      ...C1,
      events: [
        ...C1.events,
        event(C1.case.caseId, 'deadline-breached', '2026-10-05T10:00:00Z', {
          rule: 'initial-contact-telephone',
        }),
      ],
    };
    const again = computeReturn(inputs([late, C2, C3, C4, C5, ...MEN]));
    expect(again.measures).toEqual(report.measures);
  });

  it('counts the referral received in Q2 and contacted in Q3 in Q3’s deadlines and outcomes', () => {
    const q3 = computeReturn({ ...inputs(), quarter: parseQuarter('2026/27-Q3') });
    const value = (id: string) => q3.measures.find((m) => m.id === id);
    expect(value('referrals-received')?.value).toBe(0);
    expect(value('written-on-the-day')).toMatchObject({ value: 1, percentage: 100, denominator: 1 }); // C3
    expect(value('outcome.initial-contact-only')).toMatchObject({ value: 1, percentage: 100 });
  });

  it('gives an empty quarter zeros, and no percentage where there is nothing to divide', () => {
    const empty = computeReturn({ ...inputs(), quarter: parseQuarter('2025/26-Q3') });
    const value = (id: string) => empty.measures.find((m) => m.id === id);
    expect(value('referrals-received')?.value).toBe(0);
    expect(value('initial-calls-within-48h')).toMatchObject({ value: 0, percentage: null, denominator: 0 });
    expect(value('distance-travelled.personal-safety')).toMatchObject({ value: null });
    expect(value('th-hours-to-fitting')?.value).toBeNull();
    expect(value('th-hours-to-fitting.median')?.value).toBeNull();
    expect(value('th-within-time')).toMatchObject({ value: 0, percentage: null, denominator: 0 });
    expect(value('th-total-cost-per-property-pence')?.value).toBeNull();
    expect(empty.measures.filter((m) => m.suppressed)).toEqual([]);
    // The same measures, but for the agencies named in the quarter's onward referrals.
    const fixed = (r: typeof report) =>
      r.measures
        .map((m) => m.id)
        .filter(
          (id) =>
            !id.startsWith('onward-referrals.agency.') && !id.startsWith('referrals-by-agency.partner.'),
        );
    expect(fixed(empty)).toEqual(fixed(report));
  });
});

describe('onward referrals by agency', () => {
  it('counts the case page’s referrals under the kept list’s names, and never shows text typed into a referral', () => {
    const TYPED = 'Typed Service <b>Ltd</b> =HYPERLINK("http://evil.example.org")';
    const referred = ledger(
      20,
      {
        source: 'partner',
        referrer: { organisation: 'Example Support Service' },
        receivedAt: '2026-08-03T09:00:00Z',
      },
      (id) => [
        // Chosen from the list; the agency was renamed since, and is counted under its name now.
        event(id, 'onward-referral-made', '2026-08-10T10:00:00Z', {
          agencyId: 'juniper-lodge',
          service: 'Juniper Lodge',
          by: 'caseworker.one',
        }),
        // Recorded before the list was kept: typed text only.
        event(id, 'onward-referral-made', '2026-08-11T10:00:00Z', { service: TYPED, by: 'caseworker.one' }),
        // An id the list does not hold, with text beside it.
        event(id, 'onward-referral-made', '2026-08-12T10:00:00Z', {
          agencyId: 'made-up-agency',
          service: TYPED,
          by: 'caseworker.one',
        }),
      ],
    );
    const report = computeReturn({
      ...inputs([referred]),
      agencies: [{ agencyId: 'juniper-lodge', name: 'Juniper Lodge Sexual Violence Centre', active: true }],
    });

    const byAgency = report.measures.filter((m) => m.id.startsWith('onward-referrals.agency.'));
    expect(byAgency.map((m) => [m.id, m.label, m.value])).toEqual([
      [
        'onward-referrals.agency.not-on-the-list',
        'Agency not on the kept list (recorded before the list)',
        2,
      ],
      ['onward-referrals.agency.juniper-lodge', 'Juniper Lodge Sexual Violence Centre', 1],
    ]);
    expect(report.measures.find((m) => m.id === 'onward-referrals')?.value).toBe(3);
    expect(JSON.stringify(report)).not.toContain('Typed Service');
  });
});

describe('the hardship fund in the return', () => {
  it('adds up the payments in pounds, the quarter and the financial year to its end, against the £5,000', () => {
    const paid = (at: string, detail: CaseEvent['detail']) => (id: string) => [
      event(id, 'hardship-payment', at, { by: 'caseworker.one', ...detail }),
    ];
    const report = computeReturn({
      ...inputs(),
      cases: [
        // April, the year's first quarter: £125.50 (recorded with its pence).
        ledger(
          21,
          { source: 'police', receivedAt: '2026-04-02T09:00:00Z' },
          paid('2026-04-20T10:00:00Z', { amount: '£125.50', amountPence: 12_550 }),
        ),
        // August, in the quarter: £480 in words only (recorded before the pence were kept), and £19.99.
        ledger(
          22,
          { source: 'police', receivedAt: '2026-08-03T09:00:00Z' },
          paid('2026-08-04T10:00:00Z', { amount: '£480.00' }),
        ),
        ledger(
          23,
          { source: 'police', receivedAt: '2026-08-03T09:00:00Z' },
          paid('2026-09-30T22:30:00Z', { amount: '£19.99', amountPence: 1_999 }),
        ),
        // 1 October (BST), the next quarter: not counted.
        ledger(
          24,
          { source: 'police', receivedAt: '2026-08-03T09:00:00Z' },
          paid('2026-09-30T23:30:00Z', { amountPence: 50_000 }),
        ),
      ],
    });
    const measure = (id: string) => report.measures.find((m) => m.id === id);

    expect(measure('hardship-spend')?.value).toBe(499.99);
    expect(measure('hardship-spend.year-to-date')).toMatchObject({
      value: 625.49,
      percentage: 12.5,
      denominator: 5000,
    });
    expect(measure('hardship-payments')?.value).toBe(2);
  });
});
