import { RjStateError } from './case-support.ts';
import type { OffenceCategory } from './referral-codes.ts';
import { RJ_EXCEPTED_OFFENCES } from './restorative-justice.ts';

// Restorative justice as a process (docs/service-rules.md, restorative justice): the offer, a team leader's
// exception decision for the excepted offences, and the stages in order to the outcome.

export const RJ_OFFER_RESULTS = ['offered', 'accepted', 'declined', 'not-appropriate'] as const;
export type RjOfferResult = (typeof RJ_OFFER_RESULTS)[number];
export const RJ_OFFER_RESULT_NAMES: Readonly<Record<RjOfferResult, string>> = {
  offered: 'Offered (victim is thinking about it)',
  accepted: 'Accepted',
  declined: 'Declined',
  'not-appropriate': 'Not appropriate',
};

export const RJ_TYPES = ['direct-conference', 'indirect', 'shuttle-mediation'] as const;
export type RjType = (typeof RJ_TYPES)[number];
export const RJ_TYPE_NAMES: Readonly<Record<RjType, string>> = {
  'direct-conference': 'Direct conference',
  indirect: 'Indirect, by telephone or video',
  'shuttle-mediation': 'Shuttle mediation',
};

/** The stages, recorded in this order; the outcome may close the process after any earlier stage. */
export const RJ_STAGES = ['preparation', 'risk-assessment', 'contact', 'outcome'] as const;
export type RjStage = (typeof RJ_STAGES)[number];
export const RJ_STAGE_NAMES: Readonly<Record<RjStage, string>> = {
  preparation: 'Preparation',
  'risk-assessment': 'Risk assessment',
  contact: 'Restorative contact',
  outcome: 'Outcome',
};

export const RJ_OUTCOMES = [
  'agreement-reached',
  'completed-no-agreement',
  'withdrawn-by-victim',
  'withdrawn-by-offender',
  'stopped-on-risk',
] as const;
export type RjOutcome = (typeof RJ_OUTCOMES)[number];
export const RJ_OUTCOME_NAMES: Readonly<Record<RjOutcome, string>> = {
  'agreement-reached': 'Completed: an agreement or outcome reached',
  'completed-no-agreement': 'Completed without an agreement',
  'withdrawn-by-victim': 'Withdrawn by the victim',
  'withdrawn-by-offender': 'Withdrawn by the offender',
  'stopped-on-risk': 'Stopped: the risk was too high',
};

/** The spec's three criteria for an exception; approval needs all three met. */
export const RJ_CRITERIA = ['clear-benefit', 'no-harm', 'experienced-facilitator'] as const;
export type RjCriterion = (typeof RJ_CRITERIA)[number];
export const RJ_CRITERION_QUESTIONS: Readonly<Record<RjCriterion, string>> = {
  'clear-benefit': 'Is there a clear benefit to the victim?',
  'no-harm': 'Is there no risk of harm to any participant?',
  'experienced-facilitator': 'Is the facilitator experienced enough for this case?',
};
const CRITERION_NAMES: Readonly<Record<RjCriterion, string>> = {
  'clear-benefit': 'a clear benefit to the victim',
  'no-harm': 'no risk of harm to any participant',
  'experienced-facilitator': 'an experienced facilitator',
};

/** The longest reason a person may write (not appropriate, or a criterion's reason). */
export const RJ_REASON_MAX = 500;

export interface RjOffer {
  readonly result: RjOfferResult;
  /** Why it is not appropriate: only with `not-appropriate`. */
  readonly reason?: string;
  readonly victimInitiated: boolean;
  readonly offenderAdmitted: boolean;
  /** The type and the RJ-trained facilitator (a caseworker's id): with `offered` or `accepted`. */
  readonly type?: RjType;
  readonly facilitator?: string;
  readonly by: string;
  readonly at: Date;
}

export interface RjCriterionAnswer {
  readonly met: boolean;
  readonly reason: string;
}

export interface RjDecision {
  readonly criteria: Readonly<Record<RjCriterion, RjCriterionAnswer>>;
  readonly approved: boolean;
  readonly by: string;
  readonly at: Date;
}

/** An excepted offence's offer waits for a team leader's decision, raised as their task. */
export interface RjException {
  readonly taskId: string;
  readonly raisedAt: Date;
  readonly decision?: RjDecision;
}

export interface RjStageEntry {
  /** The form's key: the same form sent again records the stage once. */
  readonly entryId: string;
  readonly stage: RjStage;
  /** With the outcome stage only. */
  readonly outcome?: RjOutcome;
  readonly by: string;
  readonly at: Date;
}

/** A case's restorative justice: one offer, its exception decision if needed, and the stages so far. */
export interface RjProcess {
  readonly caseId: string;
  /** The offer form's key. */
  readonly offerId: string;
  readonly offer: RjOffer;
  readonly exception?: RjException;
  readonly stages: readonly RjStageEntry[];
}

/** Sexual violence, domestic violence, trafficking, stalking, child sexual exploitation and death. */
export const isRjExcepted = (offence: OffenceCategory): boolean => RJ_EXCEPTED_OFFENCES.includes(offence);

/** An offer that goes ahead (offered or accepted) for an excepted offence needs a team leader's decision. */
export const needsException = (offence: OffenceCategory, result: RjOfferResult): boolean =>
  isRjExcepted(offence) && (result === 'offered' || result === 'accepted');

/** Where the process can go: stages only once accepted and, for an exception, approved. */
export function rjMayProceed(process: RjProcess): boolean {
  if (process.offer.result !== 'accepted') return false;
  return !process.exception || process.exception.decision?.approved === true;
}

/** The stages that may be recorded next: the next in order, or the outcome after preparation. */
export function nextRjStages(process: RjProcess): RjStage[] {
  if (!rjMayProceed(process)) return [];
  const done = process.stages.map((s) => s.stage);
  if (done.includes('outcome')) return [];
  const next = RJ_STAGES[done.length] as RjStage;
  return done.length >= 1 && next !== 'outcome' ? [next, 'outcome'] : [next];
}

export interface RjFieldError {
  readonly field: string;
  readonly text: string;
}

const yesNo = (value: string | undefined): boolean | undefined =>
  value === 'yes' ? true : value === 'no' ? false : undefined;
const oneOf = <T extends string>(list: readonly T[], value: string | undefined): T | undefined =>
  (list as readonly string[]).includes(value ?? '') ? (value as T) : undefined;

/**
 * The offer as the form gives it, or every problem with it, each naming its field. `trained` is the
 * caseworkers marked RJ-trained: the facilitator must be one of them.
 */
export function validateRjOffer(
  form: Readonly<Record<string, string | undefined>>,
  trained: readonly string[],
): { ok: true; offer: Omit<RjOffer, 'by' | 'at'> } | { ok: false; errors: RjFieldError[] } {
  const errors: RjFieldError[] = [];
  const result = oneOf(RJ_OFFER_RESULTS, form.result);
  const victimInitiated = yesNo(form.victimInitiated);
  const offenderAdmitted = yesNo(form.offenderAdmitted);
  const reason = form.reason?.trim() ?? '';
  if (!result) errors.push({ field: 'result', text: 'Choose what happened to the offer' });
  if (victimInitiated === undefined)
    errors.push({ field: 'victimInitiated', text: 'Say whether the victim asked for restorative justice' });
  if (offenderAdmitted === undefined)
    errors.push({ field: 'offenderAdmitted', text: 'Say whether the offender has admitted the offence' });
  const goesAhead = result === 'offered' || result === 'accepted';
  if (goesAhead && offenderAdmitted === false)
    errors.push({
      field: 'offenderAdmitted',
      text: 'Restorative justice can be offered only when the offender has admitted the offence',
    });
  if (result === 'not-appropriate' && !reason)
    errors.push({ field: 'reason', text: 'Say why restorative justice is not appropriate' });
  if (reason.length > RJ_REASON_MAX)
    errors.push({ field: 'reason', text: `The reason must be ${RJ_REASON_MAX} characters or fewer` });
  const type = oneOf(RJ_TYPES, form.type);
  const facilitator = form.facilitator ?? '';
  if (goesAhead && !type) errors.push({ field: 'type', text: 'Choose the type of restorative justice' });
  if (goesAhead && !trained.includes(facilitator))
    errors.push({
      field: 'facilitator',
      text: trained.length
        ? 'Choose the facilitator from the caseworkers trained in restorative justice'
        : 'No caseworker is marked as trained in restorative justice',
    });
  if (errors.length || !result || victimInitiated === undefined || offenderAdmitted === undefined)
    return { ok: false, errors };
  return {
    ok: true,
    offer: {
      result,
      victimInitiated,
      offenderAdmitted,
      ...(result === 'not-appropriate' ? { reason } : {}),
      ...(goesAhead && type ? { type, facilitator } : {}),
    },
  };
}

/** A team leader's answers to the three criteria, each yes or no with a reason; all three are required. */
export function validateRjDecision(
  form: Readonly<Record<string, string | undefined>>,
): { ok: true; criteria: RjDecision['criteria']; approved: boolean } | { ok: false; errors: RjFieldError[] } {
  const errors: RjFieldError[] = [];
  const answers: Partial<Record<RjCriterion, RjCriterionAnswer>> = {};
  for (const criterion of RJ_CRITERIA) {
    const met = yesNo(form[criterion]);
    const reason = form[`${criterion}-reason`]?.trim() ?? '';
    if (met === undefined)
      errors.push({ field: criterion, text: `Say whether there is ${CRITERION_NAMES[criterion]}` });
    if (!reason)
      errors.push({
        field: `${criterion}-reason`,
        text: `Give the reason for your answer on ${CRITERION_NAMES[criterion]}`,
      });
    else if (reason.length > RJ_REASON_MAX)
      errors.push({
        field: `${criterion}-reason`,
        text: `The reason must be ${RJ_REASON_MAX} characters or fewer`,
      });
    if (met !== undefined && reason) answers[criterion] = { met, reason };
  }
  if (errors.length) return { ok: false, errors };
  const criteria = answers as RjDecision['criteria'];
  return { ok: true, criteria, approved: RJ_CRITERIA.every((c) => criteria[c].met) };
}

/** The stage as the form gives it, checked against where the process stands. */
export function validateRjStage(
  process: RjProcess,
  form: Readonly<Record<string, string | undefined>>,
): { ok: true; stage: RjStage; outcome?: RjOutcome } | { ok: false; errors: RjFieldError[] } {
  const allowed = nextRjStages(process);
  const stage = oneOf(allowed, form.stage);
  if (!stage) return { ok: false, errors: [{ field: 'stage', text: 'Choose the stage reached' }] };
  if (stage !== 'outcome') return { ok: true, stage };
  const outcome = oneOf(RJ_OUTCOMES, form.outcome);
  if (!outcome) return { ok: false, errors: [{ field: 'outcome', text: 'Choose the outcome' }] };
  return { ok: true, stage, outcome };
}

/** The exception task has no workflow: its token says so, and only its decision page completes it. */
export const PAGE_TASK_TOKEN_PREFIX = 'decided-on-page:';
export const isPageTaskToken = (token: string | undefined): boolean =>
  token?.startsWith(PAGE_TASK_TOKEN_PREFIX) ?? false;

/** The process's first record: the offer, and the exception raised with it when one is needed. */
export type NewRjProcess = Omit<RjProcess, 'stages'>;

export type Recorded = 'recorded' | 'already-recorded';

/**
 * The offer onto what the case has: a case has one offer; the same form sent again records nothing and gives
 * back the process as it stands. Both stores apply the same rules (these functions), each in one
 * conditional write.
 */
export function offerOnto(
  current: RjProcess | undefined,
  next: NewRjProcess,
): { process: RjProcess; result: Recorded } {
  if (!current) return { process: { ...next, stages: [] }, result: 'recorded' };
  if (current.offerId === next.offerId) return { process: current, result: 'already-recorded' };
  throw new RjStateError(`case ${next.caseId} already has a restorative justice offer`);
}

/** The team leader's decision on the exception: once; the same person's same decision again is harmless. */
export function decisionOnto(
  current: RjProcess | undefined,
  caseId: string,
  decision: RjDecision,
): { process: RjProcess; result: Recorded } {
  const exception = current?.exception;
  if (!current || !exception)
    throw new RjStateError(`case ${caseId} has no restorative justice awaiting a team leader's decision`);
  if (exception.decision) {
    if (exception.decision.by === decision.by && exception.decision.approved === decision.approved)
      return { process: current, result: 'already-recorded' };
    throw new RjStateError(`the exception on case ${caseId} was already decided by ${exception.decision.by}`);
  }
  return { process: { ...current, exception: { ...exception, decision } }, result: 'recorded' };
}

/** The next stage, in order; the same form sent again records it once. */
export function stageOnto(
  current: RjProcess | undefined,
  caseId: string,
  entry: RjStageEntry,
): { process: RjProcess; result: Recorded } {
  if (!current) throw new RjStateError(`case ${caseId} has no restorative justice offer`);
  if (current.stages.some((s) => s.entryId === entry.entryId))
    return { process: current, result: 'already-recorded' };
  if (!nextRjStages(current).includes(entry.stage))
    throw new RjStateError(`the ${entry.stage} stage cannot be recorded on case ${caseId} now`);
  return { process: { ...current, stages: [...current.stages, entry] }, result: 'recorded' };
}
