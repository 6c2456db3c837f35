import { DateTime } from 'luxon';
import { allocateCase } from '../../shared/application/allocate-case.ts';
import { payHardship } from '../../shared/application/case-actions.ts';
import { recordGroupSession } from '../../shared/application/group-sessions.ts';
import { logContact } from '../../shared/application/log-contact.ts';
import { startLongCaseChecks } from '../../shared/application/long-cases.ts';
import {
  decideRjException,
  recordMhTriageOutcome,
  recordRjOffer,
  recordRjStage,
  referToMhTriage,
} from '../../shared/application/restorative-justice.ts';
import { assignVolunteer } from '../../shared/application/volunteer-assignment.ts';
import { equalityWanted, suggestAllocation } from '../../shared/domain/allocation.ts';
import {
  addCalendarDays,
  isoWeekdayOf,
  type LocalDate,
  localDateOf,
  SERVICE_TIME_ZONE,
} from '../../shared/domain/calendar.ts';
import { AllocationConflictError, CaseClosedForAllocationError } from '../../shared/domain/case-ownership.ts';
import { RjStateError } from '../../shared/domain/case-support.ts';
import { validateContact } from '../../shared/domain/contact-log.ts';
import {
  financialYearOf,
  HardshipBudgetExceededError,
  validateHardshipPayment,
} from '../../shared/domain/hardship-fund.ts';
import { MH_TRIAGE_OUTCOMES, MH_TRIAGE_REASONS } from '../../shared/domain/mh-triage.ts';
import {
  isRjExcepted,
  nextRjStages,
  RJ_CRITERIA,
  RJ_TYPES,
  type RjCriterion,
  type RjCriterionAnswer,
  type RjOutcome,
  validateRjOffer,
} from '../../shared/domain/rj-process.ts';
import { ageOn } from '../../shared/domain/triage.ts';
import { VolunteerAssignmentRefusedError } from '../../shared/domain/volunteering.ts';
import { LOCAL_STAFF_PROFILES, localStaffDirectory } from '../../web/people.ts';
import type { LocalSystem } from '../system/local-system.ts';
import type { VirtualClock } from '../system/virtual-clock.ts';
import { formKey, workingTime } from './care-time.ts';
import { type ComplaintStep, complaintPlan, workComplaintStep } from './complaints.ts';
import { keyedRandom, weighted } from './keyed-random.ts';

// The rest of the casework after first contact (docs/local-system.md, simulation), beside the contacts,
// assessments and closure of local/simulation/aftercare.ts: the team leader allocates the case (with the
// first suggestion) and starts its long-case checks; some cases get a hardship payment, restorative justice
// as a process, a referral to the mental health nurses, a volunteer, and young people go to group sessions.
// Every step goes through the service the web app uses, is drawn from the seed keyed on the case id, and is
// keyed by its form's key, so a step worked again after a stop records once.

/** One extra step of a case's casework, at an instant on the virtual clock. */
export type ExtraStep =
  | { readonly kind: 'allocate'; readonly at: number }
  | { readonly kind: 'hardship'; readonly at: number }
  | { readonly kind: 'rj-offer'; readonly at: number }
  | { readonly kind: 'rj-stage'; readonly at: number; readonly n: number; readonly last: boolean }
  | { readonly kind: 'mh-referral'; readonly at: number }
  | { readonly kind: 'mh-outcome'; readonly at: number }
  | { readonly kind: 'volunteer'; readonly at: number }
  | { readonly kind: 'volunteer-contact'; readonly at: number; readonly n: number }
  | { readonly kind: 'group-session'; readonly at: number; readonly date: LocalDate }
  | ComplaintStep;

/** The share of cases in care that get each. */
const EXTRA_SHARES = { hardship: 0.15, rj: 0.25, mh: 0.12, volunteer: 0.2 } as const;

/** The local volunteer the team leader assigns, and the simulated team leader who allocates and decides. */
const SIMULATED_VOLUNTEER = 'volunteer.one';
const SIMULATED_TEAM_LEADER = 'team.leader.1';

/** The day a young people's group session is held each week (Wednesday), and when it is recorded. */
const GROUP_SESSION_WEEKDAY = 3;
const GROUP_SESSION_RECORDED = { hour: 17, minute: 30 };

/**
 * A case's extra steps from first contact (`from`), and the last working day any of them falls on (the
 * case closes after it). Group sessions are each Wednesday from a week on; only a victim under 18 on
 * the day attends (aftercare.ts drops those after the case closes).
 */
export function extrasPlan(
  seed: number,
  caseId: string,
  from: number,
): { steps: ExtraStep[]; lastDay: number } {
  const random = keyedRandom(seed, `extras|${caseId}`);
  const steps: ExtraStep[] = [{ kind: 'allocate', at: workingTime(random, from, 1) }];
  let lastDay = 1;
  if (random.chance(EXTRA_SHARES.hardship)) {
    const day = random.int(3, 12);
    steps.push({ kind: 'hardship', at: workingTime(random, from, day) });
    lastDay = Math.max(lastDay, day);
  }
  if (random.chance(EXTRA_SHARES.rj)) {
    const offered = random.int(4, 10);
    steps.push({ kind: 'rj-offer', at: workingTime(random, from, offered) });
    // Most go through every stage; some stop after preparation with their outcome.
    const stages = random.chance(0.85) ? [5, 8, 11, 14] : [5, 8];
    for (const [i, after] of stages.entries())
      steps.push({
        kind: 'rj-stage',
        at: workingTime(random, from, offered + after),
        n: i + 1,
        last: i === stages.length - 1,
      });
    lastDay = Math.max(lastDay, offered + (stages.at(-1) as number));
  }
  if (random.chance(EXTRA_SHARES.mh)) {
    const referred = random.int(3, 10);
    const triaged = referred + random.int(5, 10);
    steps.push({ kind: 'mh-referral', at: workingTime(random, from, referred) });
    steps.push({ kind: 'mh-outcome', at: workingTime(random, from, triaged) });
    lastDay = Math.max(lastDay, triaged);
  }
  if (random.chance(EXTRA_SHARES.volunteer)) {
    // Over a month in support (25 working days is five weeks or more), then the volunteer's calls.
    const first = random.int(27, 29);
    const second = random.int(31, 34);
    steps.push({ kind: 'volunteer', at: workingTime(random, from, 25) });
    steps.push({ kind: 'volunteer-contact', at: workingTime(random, from, first), n: 1 });
    steps.push({ kind: 'volunteer-contact', at: workingTime(random, from, second), n: 2 });
    lastDay = Math.max(lastDay, second);
  }
  const complaint = complaintPlan(seed, caseId, from);
  steps.push(...complaint.steps);
  lastDay = Math.max(lastDay, complaint.lastDay);
  let date = addCalendarDays(localDateOf(new Date(from)), 7);
  while (isoWeekdayOf(date) !== GROUP_SESSION_WEEKDAY) date = addCalendarDays(date, 1);
  for (let week = 0; week < 6; week++, date = addCalendarDays(date, 7)) {
    const at = DateTime.fromISO(date, { zone: SERVICE_TIME_ZONE }).set(GROUP_SESSION_RECORDED).toMillis();
    steps.push({ kind: 'group-session', at, date });
  }
  return { steps, lastDay };
}

const TRAINED = LOCAL_STAFF_PROFILES.filter((s) => s.specialisms.includes('restorative-justice')).map(
  (s) => s.id,
);

const HARDSHIP_PURPOSES = [
  'Emergency food and toiletries',
  'Replacement lock for the front door',
  'Travel to court',
  'Replacement mobile phone',
];

/** The team leader's answers to the three criteria: all met when approved, no harm not met otherwise. */
function criteriaFor(approved: boolean): Record<RjCriterion, RjCriterionAnswer> {
  return Object.fromEntries(
    RJ_CRITERIA.map((criterion) => {
      const met = approved || criterion !== 'no-harm';
      return [criterion, { met, reason: met ? 'Discussed with the facilitator' : 'A risk to the victim' }];
    }),
  ) as Record<RjCriterion, RjCriterionAnswer>;
}

/** The caseworker the caseloads page suggests first for a case (a child to the specialist first). */
async function suggestedCaseworker(system: LocalSystem, caseId: string): Promise<string | undefined> {
  const opened = await system.store.getCase(caseId);
  if (!opened) return undefined;
  const staff = await localStaffDirectory.caseworkers();
  const caseloads = new Map(
    await Promise.all(staff.map(async (m) => [m.id, (await system.owners.caseload(m.id)).length] as const)),
  );
  const [suggested] = suggestAllocation(
    {
      area: opened.referral.npa,
      enhanced: opened.triage.enhanced,
      childOrYoungPerson: opened.triage.childOrYoungPerson,
      seriousRisk: opened.triage.enhanced || opened.referral.risk === 'high',
      equalityWanted: equalityWanted(opened.referral.equality),
    },
    staff,
    caseloads,
    undefined,
    'open case',
  );
  return suggested?.member.id;
}

/**
 * A team leader's exception decision, worked from their queue: made on the decision page against the
 * three criteria (decideRjException), never by completing the task itself. Decided already: nothing more.
 */
export async function decideRjExceptionTask(
  system: LocalSystem,
  clock: VirtualClock,
  request: { taskId: string; user: string; approved: boolean },
): Promise<void> {
  const caseId = request.taskId.slice(0, request.taskId.indexOf('.'));
  const deps = {
    rj: system.restorativeJustice.rj,
    tasks: system.tasks,
    audit: system.audit,
    store: system.store,
  };
  try {
    await decideRjException(
      deps,
      { caseId, criteria: criteriaFor(request.approved), approved: request.approved, at: clock.now() },
      { by: request.user, role: 'team-leader' },
    );
  } catch (error) {
    if (!(error instanceof RjStateError)) throw error;
  }
}

/**
 * Works one extra step of a case's casework at the clock's time, as `user` (the caseworker who made first
 * contact), the team leader or the volunteer. A step that no longer fits (the budget spent, a volunteer
 * refused, restorative justice not going ahead) records nothing. Answers whether it put a task in a queue.
 */
export async function workExtraStep(
  system: LocalSystem,
  clock: VirtualClock,
  seed: number,
  caseId: string,
  user: string,
  step: ExtraStep,
): Promise<boolean> {
  const now = clock.now();
  const actor = { by: user, role: 'caseworker' as const };
  const { audit, store, support } = system;
  switch (step.kind) {
    case 'complaint':
      await workComplaintStep(system, now, seed, caseId, step);
      return false;
    case 'allocate': {
      const owner = await system.owners.getOwner(caseId);
      // Worked again after a stop: the first allocation sent again (keyed by its number) finishes it.
      const to = owner?.allocations ? owner.owner : await suggestedCaseworker(system, caseId);
      if (!to) return false;
      try {
        const allocation = await allocateCase(
          { owners: system.owners, audit, store, clock },
          { caseId, n: 1, to, suggested: true, by: SIMULATED_TEAM_LEADER, role: 'team-leader' },
        );
        // In further support: its dependency check a month on and its six-monthly reassessments.
        await startLongCaseChecks(
          { store, caseChecks: system.workflows },
          { caseId, allocatedAt: allocation.at },
        );
      } catch (error) {
        if (!(error instanceof CaseClosedForAllocationError || error instanceof AllocationConflictError))
          throw error;
      }
      return false;
    }
    case 'hardship': {
      const random = keyedRandom(seed, `hardship|${caseId}`);
      const input = validateHardshipPayment(String(random.int(2, 25) * 10), random.pick(HARDSHIP_PURPOSES));
      try {
        await payHardship(
          { hardship: system.hardship, support, audit, store },
          {
            ...input,
            paymentId: formKey(seed, `hardship|${caseId}`),
            caseId,
            financialYear: financialYearOf(now),
            paidBy: user,
            paidAt: now,
          },
          actor,
        );
      } catch (error) {
        if (!(error instanceof HardshipBudgetExceededError)) throw error;
      }
      return false;
    }
    case 'rj-offer': {
      const opened = await store.getCase(caseId);
      if (!opened || (await support.getSupport(caseId)).closed) return false;
      const random = keyedRandom(seed, `rj-offer|${caseId}`);
      // Victims of the excepted offences who are offered it more often want it (and the exception is needed).
      const excepted = isRjExcepted(opened.referral.offence);
      const result = weighted(keyedRandom(seed, `rj-result|${caseId}`), [
        ['accepted', excepted ? 60 : 45],
        ['offered', excepted ? 15 : 10],
        ['declined', excepted ? 15 : 30],
        ['not-appropriate', excepted ? 10 : 15],
      ] as const);
      const goesAhead = result === 'accepted' || result === 'offered';
      const checked = validateRjOffer(
        {
          result,
          victimInitiated: random.chance(0.3) ? 'yes' : 'no',
          offenderAdmitted: goesAhead || random.chance(0.5) ? 'yes' : 'no',
          ...(result === 'not-appropriate' ? { reason: 'The offender has not been identified' } : {}),
          ...(goesAhead ? { type: random.pick(RJ_TYPES), facilitator: TRAINED[0] } : {}),
        },
        TRAINED,
      );
      if (!checked.ok)
        throw new Error(`a simulated RJ offer on ${caseId} was refused: ${JSON.stringify(checked.errors)}`);
      try {
        const process = await recordRjOffer(
          { rj: system.restorativeJustice.rj, tasks: system.tasks, audit, store },
          { opened, offerId: formKey(seed, `rj-offer|${caseId}`), offer: checked.offer, at: now },
          actor,
        );
        return process.exception !== undefined && !process.exception.decision;
      } catch (error) {
        if (error instanceof RjStateError) return false;
        throw error;
      }
    }
    case 'rj-stage': {
      const process = await system.restorativeJustice.rj.get(caseId);
      if (!process) return false;
      const entryId = formKey(seed, `rj-stage|${caseId}|${step.n}`);
      const kept = process.stages.find((s) => s.entryId === entryId);
      const next = nextRjStages(process);
      const stage =
        kept?.stage ??
        (step.last && next.includes('outcome') ? 'outcome' : next.find((s) => s !== 'outcome'));
      if (!stage) return false;
      const random = keyedRandom(seed, `rj-outcome|${caseId}`);
      const outcome: RjOutcome | undefined =
        stage !== 'outcome'
          ? undefined
          : (kept?.outcome ??
            (process.stages.some((s) => s.stage === 'contact')
              ? weighted(random, [
                  ['agreement-reached', 65],
                  ['completed-no-agreement', 20],
                  ['withdrawn-by-offender', 15],
                ] as const)
              : weighted(random, [
                  ['withdrawn-by-victim', 60],
                  ['stopped-on-risk', 40],
                ] as const)));
      await recordRjStage(
        { rj: system.restorativeJustice.rj, audit, store },
        { caseId, entryId, stage, ...(outcome ? { outcome } : {}), at: now },
        actor,
      );
      return false;
    }
    case 'mh-referral':
    case 'mh-outcome': {
      const random = keyedRandom(seed, `mh-triage|${caseId}`);
      const reason = random.pick(MH_TRIAGE_REASONS);
      const urgency = random.chance(0.2) ? 'urgent' : 'routine';
      const outcome = random.pick(MH_TRIAGE_OUTCOMES);
      const referralId = formKey(seed, `mh-triage|${caseId}`);
      const deps = { triage: system.restorativeJustice.triage, audit, store };
      if (step.kind === 'mh-referral')
        await referToMhTriage(deps, { caseId, referralId, reason, urgency, at: now }, actor);
      else if (await deps.triage.get(caseId, referralId))
        await recordMhTriageOutcome(deps, { caseId, referralId, outcome, at: now }, actor);
      return false;
    }
    case 'volunteer': {
      try {
        await assignVolunteer(
          { volunteers: system.volunteers, owners: system.owners, support, audit, store, clock },
          {
            caseId,
            volunteer: SIMULATED_VOLUNTEER,
            assignmentId: formKey(seed, `volunteer|${caseId}`),
            by: SIMULATED_TEAM_LEADER,
            role: 'team-leader',
          },
        );
      } catch (error) {
        if (!(error instanceof VolunteerAssignmentRefusedError)) throw error;
      }
      return false;
    }
    case 'volunteer-contact': {
      const assigned = (await system.volunteers.forCase(caseId)).some(
        (a) => a.volunteer === SIMULATED_VOLUNTEER && !a.ended,
      );
      if (!assigned || (await support.getSupport(caseId)).closed) return false;
      const opened = await store.getCase(caseId);
      const random = keyedRandom(seed, `volunteer-contact|${caseId}|${step.n}`);
      const local = DateTime.fromMillis(step.at, { zone: SERVICE_TIME_ZONE });
      const checked = validateContact(
        {
          day: String(local.day),
          month: String(local.month),
          year: String(local.year),
          time: local.toFormat('HH:mm'),
          channel: 'telephone',
          direction: 'to-victim',
          support: ['emotional-support'],
          durationMinutes: String(random.int(15, 40)),
        },
        now,
        opened?.referral.receivedAt,
      );
      if (!checked.ok)
        throw new Error(`a volunteer's contact on ${caseId} was refused: ${JSON.stringify(checked.errors)}`);
      await logContact(
        { contacts: system.contacts, support, audit, store },
        {
          ...checked.details,
          contactId: formKey(seed, `volunteer-contact|${caseId}|${step.n}`),
          caseId,
          by: SIMULATED_VOLUNTEER,
          recordedAt: now,
        },
        { role: 'volunteer' },
      );
      return false;
    }
    case 'group-session': {
      const opened = await store.getCase(caseId);
      const age = opened ? ageOn(opened.referral.victim, step.date) : undefined;
      if (age === undefined || age >= 18 || (await support.getSupport(caseId)).closed) return false;
      // Not every young person comes every week.
      if (!keyedRandom(seed, `group-session|${caseId}|${step.date}`).chance(0.6)) return false;
      await recordGroupSession(
        { sessions: system.groupSessions, store, support, audit },
        {
          sessionId: formKey(seed, `group-session|${step.date}`),
          date: step.date,
          title: 'Young people’s group: feeling safe again',
          venue: 'Victim First office (example)',
          recordedBy: user,
          recordedAt: now,
        },
        [caseId],
        actor,
      );
      return false;
    }
  }
}
