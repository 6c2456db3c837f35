import { DateTime } from 'luxon';
import { closeCase } from '../../shared/application/case-actions.ts';
import { logContact } from '../../shared/application/log-contact.ts';
import { type Assessment, NEEDS_AREAS, validateAssessment } from '../../shared/domain/assessment.ts';
import { localDateOf, nthWorkingDayAfter, SERVICE_TIME_ZONE } from '../../shared/domain/calendar.ts';
import type { AssessmentKind, ClosureReason } from '../../shared/domain/case-support.ts';
import { SUPPORT_GIVEN, type SupportGiven, validateContact } from '../../shared/domain/contact-log.ts';
import type { Random } from '../synthetic/random.ts';
import type { LocalSystem } from '../system/local-system.ts';
import type { VirtualClock } from '../system/virtual-clock.ts';
import { keyedRandom, weighted } from './keyed-random.ts';

// The casework after first contact (docs/web-app.md, the contact log and closing a case): a case whose
// contact path ended in further support is supported for some weeks — contacts logged on working days
// (never a Saturday, so no Saturday reason is needed), the needs assessed at the start and, when support
// is completed, at the end — and then closed. Every step is drawn from the seed keyed on the case id, so a
// case gets the same casework in every run, and every step is keyed, so a step worked again records once.

/** A case the simulated caseworkers support after first contact, from `from` (when first contact ended). */
export interface CaseInCare {
  readonly caseId: string;
  readonly from: number;
  readonly user: string;
  /** Steps of its plan already worked. */
  readonly done: number;
}

/** One step of a case's casework, at an instant on the virtual clock. */
export type CareStep =
  | { readonly kind: 'contact'; readonly at: number; readonly n: number }
  | { readonly kind: 'assessment'; readonly at: number; readonly assessment: AssessmentKind }
  | { readonly kind: 'close'; readonly at: number; readonly reason: ClosureReason };

/** An instant on a working day `days` after `from`, at a time of day between 09:00 and 16:45. */
function workingTime(random: Random, from: number, days: number): number {
  const day = nthWorkingDayAfter(localDateOf(new Date(from)), days);
  const minutes = 9 * 60 + 15 * random.int(0, 31);
  return DateTime.fromISO(day, { zone: SERVICE_TIME_ZONE }).plus({ minutes }).toMillis();
}

/**
 * A case's casework: two to five contacts a week or so apart, the first 3 to 6 working days after first
 * contact with the initial assessment an hour after it; the case closed 3 to 8 working days after the last
 * contact, at most 46 working days after first contact (the run goes on 75 days after the last arrival) —
 * support completed (the closing assessment first) for most, moved away for some.
 */
export function carePlan(seed: number, caseId: string, from: number): CareStep[] {
  const random = keyedRandom(seed, `aftercare|${caseId}`);
  const steps: CareStep[] = [];
  const contacts = random.int(2, 5);
  let day = random.int(3, 6);
  for (let n = 1; n <= contacts; n++) {
    const at = workingTime(random, from, day);
    steps.push({ kind: 'contact', at, n });
    if (n === 1) steps.push({ kind: 'assessment', at: at + 60 * 60_000, assessment: 'initial' });
    if (n < contacts) day += random.int(4, 8);
  }
  const reason = weighted(random, [
    ['support-completed', 85],
    ['moved-away', 15],
  ] as const);
  const closeAt = workingTime(random, from, day + random.int(3, 8));
  if (reason === 'support-completed')
    steps.push({ kind: 'assessment', at: closeAt - 30 * 60_000, assessment: 'closing' });
  steps.push({ kind: 'close', at: closeAt, reason });
  return steps;
}

/**
 * A UUID-shaped key (version 4, as a form's key: shared/domain/form-key.ts) drawn from the seed keyed on the
 * case and the contact's number: the same contact gets the same id in every run, so it is logged once.
 */
export function contactKey(seed: number, caseId: string, n: number): string {
  const random = keyedRandom(seed, `contact|${caseId}|${n}`);
  const hex = (count: number) => Array.from({ length: count }, () => random.int(0, 15).toString(16)).join('');
  const variant = '89ab'[random.int(0, 3)] as string;
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${variant}${hex(3)}-${hex(12)}`;
}

/** Scores for every area of need, from 1 to 5; a closing assessment no lower than the initial one. */
function assessmentFor(seed: number, caseId: string, kind: AssessmentKind): Assessment {
  const initial = keyedRandom(seed, `assessment|${caseId}|initial`);
  const closing = keyedRandom(seed, `assessment|${caseId}|closing`);
  return validateAssessment(
    Object.fromEntries(
      NEEDS_AREAS.map((area) => {
        const first = initial.int(1, 3);
        return [area, { score: kind === 'initial' ? first : Math.min(5, first + closing.int(0, 2)) }];
      }),
    ),
  );
}

/** What a contact was: mostly telephone, some face to face, some web chat; the support given in it. */
function contactInput(seed: number, caseId: string, n: number, at: number) {
  const random = keyedRandom(seed, `contact-details|${caseId}|${n}`);
  const channel = weighted(random, [
    ['telephone', 70],
    ['face-to-face', 18],
    ['web-chat', 12],
  ] as const);
  const given = new Set<SupportGiven>(['emotional-support']);
  if (random.chance(0.2)) given.add('victim-personal-statement');
  if (random.chance(0.25)) given.add('advocacy');
  if (random.chance(0.25)) given.add('criminal-justice-information');
  if (random.chance(0.15)) given.add('practical-help');
  const minutes =
    channel === 'face-to-face'
      ? random.int(45, 90)
      : channel === 'web-chat'
        ? random.int(15, 40)
        : random.int(10, 40);
  const local = DateTime.fromMillis(at, { zone: SERVICE_TIME_ZONE });
  return {
    day: String(local.day),
    month: String(local.month),
    year: String(local.year),
    time: local.toFormat('HH:mm'),
    channel,
    ...(channel === 'face-to-face'
      ? { venue: random.pick(["The victim's home", 'Victim First office (example)']) }
      : {}),
    direction: random.chance(0.8) ? 'to-victim' : 'from-victim',
    support: SUPPORT_GIVEN.filter((code) => given.has(code)),
    durationMinutes: String(minutes),
  };
}

/**
 * Works one step of a case's casework at the clock's time, through the services the web app uses: the
 * contact log (logContact), the support store's assessments, and closing the case (closeCase).
 */
export async function workCareStep(
  system: LocalSystem,
  clock: VirtualClock,
  seed: number,
  care: CaseInCare,
  step: CareStep,
): Promise<void> {
  const { caseId, user } = care;
  const now = clock.now();
  const actor = { by: user, role: 'caseworker' as const };
  const deps = {
    contacts: system.contacts,
    support: system.support,
    audit: system.audit,
    store: system.store,
    clock,
    owners: system.owners,
  };
  if (step.kind === 'contact') {
    const opened = await system.store.getCase(caseId);
    const checked = validateContact(
      contactInput(seed, caseId, step.n, step.at),
      now,
      opened?.referral.receivedAt,
    );
    if (!checked.ok)
      throw new Error(`a simulated contact on ${caseId} was refused: ${JSON.stringify(checked.errors)}`);
    const contactId = contactKey(seed, caseId, step.n);
    await logContact(deps, { ...checked.details, contactId, caseId, by: user, recordedAt: now }, actor);
    return;
  }
  if (step.kind === 'assessment') {
    const kind = step.assessment;
    // Worked again after the case closed: the assessment was recorded before it closed.
    if ((await system.support.getSupport(caseId)).closed) return;
    await system.support.saveAssessment(caseId, {
      kind,
      assessment: assessmentFor(seed, caseId, kind),
      by: user,
      at: now,
    });
    await system.audit.record({
      caseId,
      user,
      role: actor.role,
      action: 'changed',
      what: `assessment:${kind}`,
      at: now,
      entryId: `assessment.${kind}.simulated`,
    });
    await system.store.recordEvent({
      eventId: `assessment.${kind}.simulated`,
      caseId,
      type: 'assessment-recorded',
      at: now,
      detail: { kind, by: user },
    });
    return;
  }
  await closeCase(deps, { ...actor, caseId, given: { reason: step.reason } });
}
