import { DateTime } from 'luxon';
import { closeCase } from '../../shared/application/case-actions.ts';
import { logContact } from '../../shared/application/log-contact.ts';
import {
  type AssessmentForm,
  areasOf,
  assessmentFormForAge,
  validateAssessment,
  validateYoungPersonAssessment,
} from '../../shared/domain/assessment.ts';
import { localDateOf, SERVICE_TIME_ZONE } from '../../shared/domain/calendar.ts';
import type { AssessmentKind, ClosureReason } from '../../shared/domain/case-support.ts';
import { SUPPORT_GIVEN, type SupportGiven, validateContact } from '../../shared/domain/contact-log.ts';
import { ageOn } from '../../shared/domain/triage.ts';
import type { LocalSystem } from '../system/local-system.ts';
import type { VirtualClock } from '../system/virtual-clock.ts';
import { formKey, workingTime } from './care-time.ts';
import { type ExtraStep, extrasPlan, workExtraStep } from './casework-extras.ts';
import { keyedRandom, weighted } from './keyed-random.ts';
import { type SurveyStep, surveyPlan, workSurveyStep } from './surveys.ts';
import { isThStep, type ThStep, thPlan, workThStep } from './target-hardening.ts';

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
  | { readonly kind: 'close'; readonly at: number; readonly reason: ClosureReason }
  | ExtraStep
  | ThStep
  | SurveyStep;

/**
 * A case's casework: two to five contacts a week or so apart, the first 3 to 6 working days after first
 * contact with the initial assessment an hour after it, and the extra steps of casework-extras.ts; the case
 * closed 3 to 8 working days after the last contact or extra step, at most 46 working days after first
 * contact (the run goes on 75 days after the last arrival) — support completed (the closing assessment
 * first) for most, moved away for some.
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
  const extras = extrasPlan(seed, caseId, from);
  const reason = weighted(random, [
    ['support-completed', 85],
    ['moved-away', 15],
  ] as const);
  const closeAt = workingTime(random, from, Math.max(day, extras.lastDay) + random.int(3, 8));
  if (reason === 'support-completed')
    steps.push({ kind: 'assessment', at: closeAt - 30 * 60_000, assessment: 'closing' });
  // The extras before the closing assessment (group sessions after it are not held for this case).
  steps.push(...extras.steps.filter((step) => step.at < closeAt - 60 * 60_000));
  steps.push({ kind: 'close', at: closeAt, reason });
  // Target hardening's steps are the job's, not the case's: they go on whether or not the case has closed.
  steps.push(...thPlan(seed, caseId, from));
  // So is the police's survey of the victim, whenever it reaches them.
  steps.push(...surveyPlan(seed, caseId, from));
  // In time order; at the same instant, in the order planned.
  return steps
    .map((step, i) => ({ step, i }))
    .sort((a, b) => a.step.at - b.step.at || a.i - b.i)
    .map(({ step }) => step);
}

/**
 * Scores for every area of need on the form (the adults' nine areas, or the young people's), from 1 to 5;
 * at the close, most areas hold or improve and about one in ten goes back a point.
 */
function assessmentFor(seed: number, caseId: string, kind: AssessmentKind, form: AssessmentForm) {
  const initial = keyedRandom(seed, `assessment|${caseId}|initial`);
  const closing = keyedRandom(seed, `assessment|${caseId}|closing`);
  const scores = Object.fromEntries(
    areasOf(form).map(({ area }) => {
      const first = initial.int(1, 3);
      // One area in ten goes back a point by the end of support; the rest hold or improve.
      const change = closing.int(0, 9) === 0 ? -1 : closing.int(0, 2);
      return [area, { score: kind === 'initial' ? first : Math.min(5, Math.max(1, first + change)) }];
    }),
  );
  return form === 'young-person'
    ? { form, assessment: validateYoungPersonAssessment(scores) }
    : { assessment: validateAssessment(scores) };
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
 * contact log (logContact), the support store's assessments, and closing the case (closeCase); the rest
 * (allocation, hardship, restorative justice, triage, volunteers, group sessions) in casework-extras.ts.
 * Answers whether the step put a task in a queue outside the engine (a team leader's exception decision).
 */
export async function workCareStep(
  system: LocalSystem,
  clock: VirtualClock,
  seed: number,
  care: CaseInCare,
  step: CareStep,
): Promise<boolean> {
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
    const contactId = formKey(seed, `contact|${caseId}|${step.n}`);
    await logContact(deps, { ...checked.details, contactId, caseId, by: user, recordedAt: now }, actor);
    return false;
  }
  if (step.kind === 'assessment') {
    const kind = step.assessment;
    // Worked again after the case closed: the assessment was recorded before it closed.
    const support = await system.support.getSupport(caseId);
    if (support.closed) return false;
    // As the web app chooses: the young people's form for a victim under 18 that day, the closing on the
    // initial assessment's form.
    const opened = await system.store.getCase(caseId);
    const form: AssessmentForm =
      kind === 'closing' && support.initial
        ? (support.initial.form ?? 'adult')
        : assessmentFormForAge(opened && ageOn(opened.referral.victim, localDateOf(now)));
    await system.support.saveAssessment(caseId, {
      kind,
      ...assessmentFor(seed, caseId, kind, form),
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
      detail: { kind, form, by: user },
    });
    return false;
  }
  if (step.kind === 'close') {
    await closeCase(deps, { ...actor, caseId, given: { reason: step.reason } });
    return false;
  }
  if (step.kind === 'survey') {
    await workSurveyStep(system, clock, seed, caseId);
    return false;
  }
  if (isThStep(step)) {
    await workThStep(system, clock, seed, caseId, user, step);
    return false;
  }
  return workExtraStep(system, clock, seed, caseId, user, step);
}
