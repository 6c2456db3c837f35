import { DateTime } from 'luxon';
import type { Agency } from '../agencies.ts';
import { distanceTravelled, NEEDS_AREA_NAMES, NEEDS_AREAS } from '../assessment.ts';
import { SERVICE_TIME_ZONE } from '../calendar.ts';
import type { Case } from '../case.ts';
import type { CaseEvent } from '../case-records.ts';
import type { CaseSupport } from '../case-support.ts';
import { DEADLINE_RULE_NAMES, DEADLINE_RULES, type DeadlineRule, ruleOfTask } from '../deadline-rules.ts';
import { EQUALITY_ANSWERS, OFFENCE_CATEGORIES, REFERRAL_SOURCES } from '../referral-codes.ts';
import { TH_REFERRING_SERVICES, TH_SERVICE_NAMES } from '../target-hardening.ts';
import type { Job, JobEvent, ThReferral } from '../target-hardening-jobs.ts';
import { ageOn } from '../triage.ts';
import type { Measure, QuarterlyReturn } from './quarterly-return.ts';
import { type Quarter, within } from './quarters.ts';

/** A case and everything recorded on it, as the return reads it. */
export interface CaseLedger {
  readonly case: Case;
  readonly events: readonly CaseEvent[];
  readonly support: CaseSupport;
}

/** A target-hardening job, its referral and its events. */
export interface JobLedger {
  readonly job: Job;
  readonly events: readonly JobEvent[];
}

export interface ReturnInputs {
  readonly quarter: Quarter;
  /** Every case that may have something in the quarter: received in it, or before it with events in it. */
  readonly cases: readonly CaseLedger[];
  /** Target-hardening referrals received up to the quarter's end. */
  readonly thReferrals: readonly ThReferral[];
  readonly jobs: readonly JobLedger[];
  /** The kept agency list: onward referrals are counted under these names, never under typed text. */
  readonly agencies: readonly Agency[];
  readonly productBudgetPence: number;
  readonly producedAt: Date;
}

/** Equality counts under this are withheld (docs/reporting.md). */
export const SUPPRESS_UNDER = 5;

/** The rules that applied to a case and the events that show it, from its timeline. */
export function rulesApplied(events: readonly CaseEvent[]): Map<DeadlineRule, CaseEvent> {
  const applied = new Map<DeadlineRule, CaseEvent>();
  const note = (rule: string, event: CaseEvent) => {
    if ((DEADLINE_RULES as readonly string[]).includes(rule) && !applied.has(rule as DeadlineRule))
      applied.set(rule as DeadlineRule, event);
  };
  for (const event of events) {
    if (event.type === 'deadline-breached') note(String(event.detail.rule), event);
    else if (event.type === 'task-completed')
      note(ruleOfTask(String(event.detail.taskType), String(event.detail.taskId)) ?? '', event);
    else if (event.type === 'message-recorded') {
      if (event.detail.purpose === 'support-offer') note('written-on-the-day', event);
      if (event.detail.purpose === 'home-visit-notice') note('visit-notice-on-the-day', event);
    }
  }
  return applied;
}

/** When a rule's outcome is settled: its deadline when the case has one, else the event that shows it. */
function decidedAt(rule: DeadlineRule, opened: Case, evidence: CaseEvent): Date {
  const { deadlines } = opened;
  switch (rule) {
    case 'initial-contact-telephone':
    case 'written-on-the-day':
    case 'visit-notice-on-the-day':
      return deadlines.initialContactDue;
    case 'home-visit':
      return deadlines.homeVisitDue ?? evidence.at;
    case 'second-home-visit':
      return deadlines.secondHomeVisitDue ?? evidence.at;
    default:
      return evidence.at;
  }
}

const CONTACT_RESULTS = [
  ['initial-contact-only', 'Initial contact only'],
  ['further-support', 'Further support'],
  ['onward-referral', 'Passed to other services'],
  ['declined', 'Declined support'],
  ['not-contactable', 'Not contactable'],
] as const;

const NOT_CONTACTABLE_REASONS = [
  ['wrong-number', 'Wrong number'],
  ['calls-unanswered', 'Three calls unanswered'],
  ['visits-failed', 'Home visits failed'],
  ['no-safe-channel', 'No safe way to make contact'],
  ['message-unanswered', 'Written offer not taken up'],
] as const;

/** Where a case page's onward referral is counted when its agency is not on the kept list. */
const UNLISTED_AGENCY = {
  id: 'not-on-the-list',
  label: 'Agency not on the kept list (recorded before the list)',
} as const;

/**
 * The case page's onward referrals per agency, labelled with the agency's name as the list keeps it now
 * (a renamed agency is counted under its new name). A referral is matched by the agency's id alone: the
 * text of a referral recorded before the list was kept is never shown, only counted as not on the list.
 */
function onwardByAgency(
  onward: readonly CaseEvent[],
  agencies: readonly Agency[],
): Array<{ id: string; label: string; n: number }> {
  const kept = new Map(agencies.map((agency) => [agency.agencyId, agency.name]));
  const counts = new Map<string, number>();
  for (const event of onward) {
    const agencyId = String(event.detail.agencyId ?? '');
    const id = kept.has(agencyId) ? agencyId : UNLISTED_AGENCY.id;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return [...counts]
    .map(([id, n]) => ({ id, label: kept.get(id) ?? UNLISTED_AGENCY.label, n }))
    .sort((a, b) => a.label.localeCompare(b.label, 'en-GB'));
}

/** Why a case ended not contactable, from what its timeline recorded. */
function notContactableReason(ledger: CaseLedger): (typeof NOT_CONTACTABLE_REASONS)[number][0] {
  const completed = ledger.events.filter((e) => e.type === 'task-completed');
  if (completed.some((e) => e.detail.taskType === 'safe-contact-review')) return 'no-safe-channel';
  if (completed.some((e) => e.detail.taskType === 'call-attempt' && e.detail.outcome === 'wrong-number'))
    return 'wrong-number';
  if (ledger.events.some((e) => e.type === 'deadline-breached' && e.detail.rule === 'team-leader-review'))
    return 'no-safe-channel';
  switch (ledger.case.contactPath) {
    case 'telephone':
      return 'calls-unanswered';
    case 'in-person':
      return 'visits-failed';
    case 'written':
      return 'message-unanswered';
  }
}

const EQUALITY_SECTIONS: ReadonlyArray<[keyof typeof EQUALITY_ANSWERS, string]> = [
  ['sex', 'Sex'],
  ['genderReassignment', 'Gender reassignment'],
  ['disability', 'Disability'],
  ['ethnicity', 'Ethnicity'],
  ['religionOrBelief', 'Religion or belief'],
  ['sexualOrientation', 'Sexual orientation'],
  ['marriageOrCivilPartnership', 'Marriage or civil partnership'],
  ['pregnancyOrMaternity', 'Pregnancy or maternity'],
];

const AGE_BANDS = [
  ['under-18', 'Under 18', 0, 17],
  ['18-24', '18 to 24', 18, 24],
  ['25-34', '25 to 34', 25, 34],
  ['35-49', '35 to 49', 35, 49],
  ['50-64', '50 to 64', 50, 64],
  ['65-plus', '65 and over', 65, 200],
] as const;

const words = (code: string) => code.replaceAll('-', ' ').replace(/^./, (c) => c.toUpperCase());
const percentOf = (part: number, whole: number) =>
  whole === 0 ? null : Math.round((1000 * part) / whole) / 10;
const localDate = (at: Date) => DateTime.fromJSDate(at, { zone: SERVICE_TIME_ZONE });

/**
 * The quarterly return (docs/reporting.md) from what the system recorded. Only events recorded before the
 * quarter's end are read, and a case's own fields are those fixed at intake, so a return produced again
 * later gives the same figures. docs/reporting.md defines each measure and the timestamp that places it.
 */
export function computeReturn(inputs: ReturnInputs): QuarterlyReturn {
  const { quarter } = inputs;
  const measures: Measure[] = [];
  const add = (measure: Measure) => measures.push(measure);
  const count = (lot: 1 | 2, section: string, id: string, label: string, value: number, note?: string) =>
    add({ id, label, lot, section, value, ...(note ? { note } : {}) });
  const rate = (lot: 1 | 2, section: string, id: string, label: string, part: number, whole: number) =>
    add({ id, label, lot, section, value: part, percentage: percentOf(part, whole), denominator: whole });
  const notRecorded = (lot: 1 | 2, section: string, id: string, label: string) =>
    add({ id, label, lot, section, value: null, note: 'not recorded by the system' });

  // Events recorded before the quarter's end: a return produced again later reads the same.
  const ledgers: CaseLedger[] = inputs.cases.map((ledger) => ({
    ...ledger,
    events: ledger.events.filter((event) => event.at.getTime() < quarter.to.getTime()),
  }));
  const inQuarter = (event: CaseEvent) => within(event.at, quarter);
  const received = ledgers.filter((ledger) => within(ledger.case.referral.receivedAt, quarter));

  // --- Referrals ----------------------------------------------------------------------------------
  const S = 'Referrals';
  count(1, S, 'referrals-received', 'Referrals received', received.length);
  for (const source of REFERRAL_SOURCES)
    count(
      1,
      S,
      `referrals-by-source.${source}`,
      `Referrals from ${source === 'self' ? 'self-referral' : source === 'sentinel-asb' ? 'Sentinel (anti-social behaviour)' : source === 'police' ? 'the police' : 'partner agencies'}`,
      received.filter((l) => l.case.referral.source === source).length,
    );
  for (const offence of OFFENCE_CATEGORIES) {
    const n = received.filter((l) => l.case.referral.offence === offence).length;
    count(1, 'Referrals by type', `referrals-by-type.${offence}`, words(offence), n);
  }
  count(1, S, 'repeat-victims', 'Repeat victims', received.filter((l) => l.case.repeatVictim).length);
  count(
    1,
    S,
    'children-and-young-people',
    'Children and young people (under 18)',
    received.filter((l) => l.case.triage.childOrYoungPerson).length,
  );
  count(1, S, 'enhanced', 'Enhanced-rights victims', received.filter((l) => l.case.triage.enhanced).length);

  // --- Deadlines ----------------------------------------------------------------------------------
  const decided = new Map<DeadlineRule, { met: number; breached: number }>(
    DEADLINE_RULES.map((rule) => [rule, { met: 0, breached: 0 }]),
  );
  for (const ledger of ledgers) {
    for (const [rule, evidence] of rulesApplied(ledger.events)) {
      if (!within(decidedAt(rule, ledger.case, evidence), quarter)) continue;
      const tally = decided.get(rule) as { met: number; breached: number };
      const breached = ledger.events.some((e) => e.type === 'deadline-breached' && e.detail.rule === rule);
      if (breached) tally.breached++;
      else tally.met++;
    }
  }
  const D = 'Deadlines';
  const ruleRate = (id: string, label: string, rule: DeadlineRule) => {
    const { met, breached } = decided.get(rule) as { met: number; breached: number };
    rate(1, D, id, label, met, met + breached);
  };
  ruleRate(
    'initial-calls-within-48h',
    'Initial calls made within 48 hours (24 when enhanced)',
    'initial-contact-telephone',
  );
  ruleRate('written-on-the-day', 'Letters, e-mails and texts sent on the day received', 'written-on-the-day');
  ruleRate('home-visits-within-5-days', 'Home visits within 5 working days', 'home-visit');
  const breachesInQuarter = ledgers.flatMap((l) =>
    l.events.filter((e) => e.type === 'deadline-breached' && inQuarter(e)),
  );
  count(
    1,
    D,
    'outside-timeframes',
    'Referrals dealt with outside the timeframes',
    new Set(breachesInQuarter.map((e) => e.caseId)).size,
  );
  for (const rule of DEADLINE_RULES) {
    const { met, breached } = decided.get(rule) as { met: number; breached: number };
    rate(1, 'Deadlines met by rule', `deadlines-met.${rule}`, DEADLINE_RULE_NAMES[rule], met, met + breached);
  }
  for (const rule of DEADLINE_RULES)
    count(
      1,
      'Breaches by rule',
      `breaches.${rule}`,
      DEADLINE_RULE_NAMES[rule],
      breachesInQuarter.filter((e) => e.detail.rule === rule).length,
    );
  count(
    1,
    D,
    'at-risk-alerts',
    'Deadlines at risk, alerted to a team leader before they were missed',
    ledgers.flatMap((l) => l.events.filter((e) => e.type === 'deadline-at-risk' && inQuarter(e))).length,
  );

  // --- Contact outcomes ---------------------------------------------------------------------------
  const O = 'Contact outcomes';
  const ended = ledgers
    .map((ledger) => ({ ledger, end: ledger.events.find((e) => e.type === 'contact-path-completed') }))
    .filter((x): x is { ledger: CaseLedger; end: CaseEvent } => x.end !== undefined && inQuarter(x.end));
  count(1, O, 'contact-paths-ended', 'Contact paths ended', ended.length);
  for (const [result, label] of CONTACT_RESULTS)
    rate(
      1,
      O,
      `outcome.${result}`,
      label,
      ended.filter((x) => x.end.detail.result === result).length,
      ended.length,
    );
  const notContactable = ended.filter((x) => x.end.detail.result === 'not-contactable');
  for (const [reason, label] of NOT_CONTACTABLE_REASONS)
    count(
      1,
      'Not contactable: reasons',
      `not-contactable.${reason}`,
      label,
      notContactable.filter((x) => notContactableReason(x.ledger) === reason).length,
    );

  // --- Support --------------------------------------------------------------------------------------
  const P = 'Support';
  const reached = ended.filter((x) =>
    ['initial-contact-only', 'further-support', 'onward-referral'].includes(String(x.end.detail.result)),
  );
  const faceToFace = (l: CaseLedger) =>
    l.events.some(
      (e) =>
        e.type === 'task-completed' && e.detail.taskType === 'home-visit' && e.detail.outcome === 'visited',
    );
  const webChat = (l: CaseLedger) => l.case.referral.webChatSlot !== undefined;
  count(
    1,
    P,
    'support-by-channel.telephone-only',
    'Supported by telephone (or in writing) only',
    reached.filter((x) => !faceToFace(x.ledger) && !webChat(x.ledger)).length,
  );
  count(
    1,
    P,
    'support-by-channel.face-to-face',
    'Supported with some face to face',
    reached.filter((x) => faceToFace(x.ledger)).length,
  );
  count(
    1,
    P,
    'support-by-channel.web-chat',
    'Supported with some web chat',
    reached.filter((x) => webChat(x.ledger)).length,
  );
  const onward = ledgers.flatMap((l) =>
    l.events.filter((e) => e.type === 'onward-referral-made' && inQuarter(e)),
  );
  const onwardTasks = ledgers.flatMap((l) =>
    l.events.filter(
      (e) => e.type === 'task-completed' && e.detail.taskType === 'onward-referral' && inQuarter(e),
    ),
  );
  count(1, P, 'onward-referrals', 'Onward referrals made', onward.length + onwardTasks.length);
  for (const { id, label, n } of onwardByAgency(onward, inputs.agencies))
    count(1, 'Onward referrals by agency', `onward-referrals.agency.${id}`, label, n);
  const rj = ledgers.map((l) => l.support.restorativeJustice).filter((r) => r !== undefined);
  count(
    1,
    P,
    'restorative-justice.requested',
    'Restorative justice requested',
    rj.filter((r) => within(r.requestedAt, quarter)).length,
  );
  count(
    1,
    P,
    'restorative-justice.approved',
    'Restorative justice approved as an exception by a team leader',
    rj.filter((r) => r.status === 'approved' && r.decidedAt !== undefined && within(r.decidedAt, quarter))
      .length,
  );
  notRecorded(1, P, 'young-peoples-group-sessions', "Young people's group sessions");
  notRecorded(1, P, 'victim-personal-statements', 'Victim Personal Statements supported');
  const closed = ledgers.filter(
    (l) => l.support.closed !== undefined && within(l.support.closed.at, quarter),
  );
  count(1, P, 'cases-closed', 'Cases closed', closed.length);
  count(
    1,
    P,
    'hardship-payments',
    'Hardship fund payments',
    ledgers.flatMap((l) => l.events.filter((e) => e.type === 'hardship-payment' && inQuarter(e))).length,
  );

  // --- Distance travelled -----------------------------------------------------------------------------
  const moved = closed.flatMap((l) =>
    l.support.initial && l.support.closing
      ? [distanceTravelled(l.support.initial.assessment, l.support.closing.assessment)]
      : [],
  );
  const distance = NEEDS_AREAS.map((area) => {
    const average =
      moved.length === 0
        ? null
        : Math.round((100 * moved.reduce((s, m) => s + m[area], 0)) / moved.length) / 100;
    add({
      id: `distance-travelled.${area}`,
      label: NEEDS_AREA_NAMES[area],
      lot: 1,
      section: 'Distance travelled (average change in need score, closed cases)',
      value: average,
      denominator: moved.length,
      ...(average === null ? { note: 'no case closed with both assessments' } : {}),
    });
    return { area, label: NEEDS_AREA_NAMES[area], average, cases: moved.length };
  });

  // --- Equality -------------------------------------------------------------------------------------
  const equality = (section: string, id: string, label: string, n: number) =>
    add(
      n > 0 && n < SUPPRESS_UNDER
        ? { id, label, lot: 1, section, value: null, suppressed: true }
        : { id, label, lot: 1, section, value: n },
    );
  for (const [key, name] of EQUALITY_SECTIONS) {
    for (const answer of EQUALITY_ANSWERS[key])
      equality(
        `Equality: ${name.toLowerCase()}`,
        `equality.${key}.${answer}`,
        words(answer),
        received.filter((l) => l.case.referral.equality[key] === answer).length,
      );
    equality(
      `Equality: ${name.toLowerCase()}`,
      `equality.${key}.not-known`,
      'Not known',
      received.filter((l) => l.case.referral.equality[key] === undefined).length,
    );
  }
  for (const [band, label, low, high] of AGE_BANDS)
    equality(
      'Equality: age',
      `equality.age.${band}`,
      label,
      received.filter((l) => {
        const age = ageOn(
          l.case.referral.victim,
          localDate(l.case.referral.receivedAt).toISODate() as string,
        );
        return age !== undefined && age >= low && age <= high;
      }).length,
    );
  equality(
    'Equality: age',
    'equality.age.not-known',
    'Not known',
    received.filter(
      (l) =>
        ageOn(l.case.referral.victim, localDate(l.case.referral.receivedAt).toISODate() as string) ===
        undefined,
    ).length,
  );

  // --- Lot 2: target hardening ---------------------------------------------------------------------
  const T = 'Target hardening';
  const thReceived = inputs.thReferrals.filter((r) => within(r.receivedAt, quarter));
  count(2, T, 'th-referrals', 'Target-hardening referrals received', thReceived.length);
  for (const service of TH_REFERRING_SERVICES)
    count(
      2,
      'Target-hardening referrals by organisation',
      `th-referrals.${service}`,
      words(TH_SERVICE_NAMES[service].replace(/^the /, '')),
      thReceived.filter((r) => r.details.service === service).length,
    );
  const jobs: JobLedger[] = inputs.jobs.map((l) => ({
    ...l,
    events: l.events.filter((e) => e.at.getTime() < quarter.to.getTime()),
  }));
  const visited = jobs.filter(
    (l) => l.job.visit && l.job.visit.visit.outcome === 'visited' && within(l.job.visit.visitedAt, quarter),
  );
  count(
    2,
    T,
    'th-jobs-created',
    'Jobs dispatched',
    jobs.filter((l) => within(l.job.createdAt, quarter)).length,
  );
  count(
    2,
    T,
    'th-emergencies',
    'Emergency jobs (attend within 4 hours)',
    jobs.filter((l) => l.job.kind === 'emergency' && within(l.job.createdAt, quarter)).length,
  );
  count(2, T, 'th-completed', 'Jobs completed (visited)', visited.length);
  for (const level of [1, 2, 3] as const)
    count(
      2,
      'Target-hardening jobs completed by service level',
      `th-completed.level-${level}`,
      `Level ${level}`,
      visited.filter((l) => l.job.visit?.level === level).length,
    );
  const refusedAt = (l: JobLedger) =>
    l.events.find((e) => e.type === 'job-ended' && e.detail?.result === 'refused');
  count(
    2,
    T,
    'th-refusals',
    'Refusals (at the booking call or the door)',
    jobs.filter((l) => {
      const refused = refusedAt(l);
      return refused !== undefined && within(refused.at, quarter);
    }).length,
  );
  const attendance = jobs.flatMap((l) =>
    l.events.filter((e) => e.type === 'deadline-breached' && within(e.at, quarter)),
  );
  count(2, T, 'th-attendance-breaches', 'Attendance deadlines missed', attendance.length);
  const fitted = visited.filter((l) => (l.job.visit?.costPence ?? 0) > 0);
  const hours = fitted.map(
    (l) => ((l.job.visit?.visitedAt.getTime() ?? 0) - l.job.createdAt.getTime()) / 3_600_000,
  );
  add({
    id: 'th-hours-to-fitting',
    label: 'Average time from referral to fitting, in hours',
    lot: 2,
    section: T,
    value:
      hours.length === 0 ? null : Math.round((10 * hours.reduce((a, b) => a + b, 0)) / hours.length) / 10,
    denominator: hours.length,
    ...(hours.length === 0 ? { note: 'no items fitted in the quarter' } : {}),
  });
  const costs = fitted.map((l) => l.job.visit?.costPence ?? 0);
  add({
    id: 'th-cost-per-property-pence',
    label: 'Average cost of items per property fitted',
    lot: 2,
    section: T,
    value: costs.length === 0 ? null : Math.round(costs.reduce((a, b) => a + b, 0) / costs.length),
    denominator: costs.length,
    ...(costs.length === 0 ? { note: 'no items fitted in the quarter' } : {}),
  });
  notRecorded(2, T, 'th-complaints', 'Complaints');
  const yearVisits = jobs.filter(
    (l) =>
      l.job.visit !== undefined &&
      l.job.visit.visitedAt >= quarter.yearFrom &&
      l.job.visit.visitedAt < quarter.to,
  );
  const spentPence = yearVisits.reduce((sum, l) => sum + (l.job.visit?.costPence ?? 0), 0);
  add({
    id: 'th-spend-to-date-pence',
    label: `Product spend in ${quarter.financialYear} to the quarter's end`,
    lot: 2,
    section: T,
    value: spentPence,
    percentage: percentOf(spentPence, inputs.productBudgetPence),
    denominator: inputs.productBudgetPence,
  });
  count(2, T, 'th-budget-pence', `Annual product budget ${quarter.financialYear}`, inputs.productBudgetPence);
  const months: { month: string; spentPence: number }[] = [];
  for (let m = localDate(quarter.yearFrom); m.toJSDate() < quarter.to; m = m.plus({ months: 1 })) {
    const next = m.plus({ months: 1 }).toJSDate();
    months.push({
      month: m.toFormat('yyyy-LL'),
      spentPence: yearVisits
        .filter(
          (l) =>
            (l.job.visit?.visitedAt ?? quarter.to) >= m.toJSDate() &&
            (l.job.visit?.visitedAt ?? quarter.to) < next,
        )
        .reduce((sum, l) => sum + (l.job.visit?.costPence ?? 0), 0),
    });
  }

  // --- Charts ---------------------------------------------------------------------------------------
  const weeks: { weekStarting: string; counts: Record<string, number> }[] = [];
  for (let w = localDate(quarter.from).startOf('week'); w.toJSDate() < quarter.to; w = w.plus({ weeks: 1 })) {
    const end = w.plus({ weeks: 1 }).toJSDate();
    const inWeek = received.filter(
      (l) => l.case.referral.receivedAt >= w.toJSDate() && l.case.referral.receivedAt < end,
    );
    weeks.push({
      weekStarting: (w.toJSDate() < quarter.from ? localDate(quarter.from) : w).toISODate() as string,
      counts: Object.fromEntries(
        REFERRAL_SOURCES.map((s) => [s, inWeek.filter((l) => l.case.referral.source === s).length]),
      ),
    });
  }
  return {
    quarter: quarter.name,
    from: quarter.from.toISOString(),
    to: quarter.to.toISOString(),
    producedAt: inputs.producedAt.toISOString(),
    measures,
    charts: {
      referralsBySourceAndWeek: weeks,
      deadlinesByRule: DEADLINE_RULES.map((rule) => ({
        rule,
        label: DEADLINE_RULE_NAMES[rule],
        ...(decided.get(rule) as { met: number; breached: number }),
      })),
      distanceTravelled: distance,
      targetHardeningSpend: {
        financialYear: quarter.financialYear,
        budgetPence: inputs.productBudgetPence,
        spentPence,
        byMonth: months,
      },
    },
  };
}
