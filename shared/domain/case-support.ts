import type { Assessment, YoungPersonAssessment } from './assessment.ts';
import type { RjStatus } from './restorative-justice.ts';
import type { PlanAction } from './support-plan.ts';

// A case's support after first contact, as the support store keeps it (shared/ports/support-store.ts).

/** The victim's request for restorative justice and what became of it. */
export interface RjRecord {
  readonly status: RjStatus;
  readonly requestedBy: string;
  readonly requestedAt: Date;
  readonly decidedBy?: string;
  readonly decidedAt?: Date;
}

/** The request was already made, or the decision already taken (or not awaited). */
export class RjStateError extends Error {
  override name = 'RjStateError';
}

/** The first assessment, and the repeat before closure that measures distance travelled. */
export type AssessmentKind = 'initial' | 'closing';

/**
 * An assessment as recorded: the adults' nine areas (`form` absent, as every assessment recorded before the
 * young people's form was), or the young people's areas (`form: 'young-person'`).
 */
export type RecordedAssessment = {
  readonly kind: AssessmentKind;
  readonly by: string;
  readonly at: Date;
} & (
  | { readonly form?: 'adult'; readonly assessment: Assessment }
  | { readonly form: 'young-person'; readonly assessment: YoungPersonAssessment }
);

/**
 * Why a case ended: the four endings of the contact path that close it at once (initial contact only,
 * declined, not contactable, passed to another service), support completed (after the closing assessment),
 * the victim moved away, or another reason given in words.
 */
export const CLOSURE_REASONS = [
  'initial-contact-only',
  'declined',
  'not-contactable',
  'onward-referral',
  'support-completed',
  'moved-away',
  'other',
] as const;
export type ClosureReason = (typeof CLOSURE_REASONS)[number];

/** Each closure reason as caseworkers, team leaders and the quarterly return say it. */
export const CLOSURE_REASON_NAMES: Readonly<Record<ClosureReason, string>> = {
  'initial-contact-only': 'Initial contact only',
  declined: 'Declined support',
  'not-contactable': 'Not contactable',
  'onward-referral': 'Passed to another service',
  'support-completed': 'Support completed',
  'moved-away': 'Moved away',
  other: 'Other',
};

export const isClosureReason = (value: unknown): value is ClosureReason =>
  (CLOSURE_REASONS as readonly unknown[]).includes(value);

/** The contact path's results that close the case when the path ends, each with the reason of that name. */
export const CONTACT_PATH_CLOSURES: readonly ClosureReason[] = [
  'initial-contact-only',
  'declined',
  'not-contactable',
  'onward-referral',
];

/** Who closes a case when its contact path ends: the service itself, not a person. */
export const SUPPORT_CLOSED_BY_SYSTEM = 'system';

/** The longest reason a caseworker may write for closing (other) or reopening a case. */
export const REASON_TEXT_MAX = 500;

/** Why a case is closed, as chosen: the reason, and for `other` the words that say it. */
export interface ClosureGiven {
  readonly reason: ClosureReason;
  /** Only with `other`. */
  readonly reasonText?: string;
}

/**
 * A closure of the case's support. A closure recorded before reasons were asked for has none, and reads as
 * support completed (closureReasonOf).
 */
export interface Closure {
  readonly by: string;
  readonly at: Date;
  readonly reason?: ClosureReason;
  readonly reasonText?: string;
}

/** A closed case opened again, and why (the caseworker's words). */
export interface Reopening {
  readonly by: string;
  readonly at: Date;
  readonly reason: string;
}

/** One closure or reopening in a case's history. */
export type SupportChange =
  | ({ readonly change: 'closed' } & Closure)
  | ({ readonly change: 'reopened' } & Reopening);

/** A case's support after first contact: assessments, the plan, and its closures and reopenings. */
export interface CaseSupport {
  readonly initial?: RecordedAssessment;
  readonly closing?: RecordedAssessment;
  /** In the order they were added. */
  readonly plan: readonly PlanAction[];
  /** The case is closed: its last closure. */
  readonly closed?: Closure;
  /** The case was closed and is open again: its last reopening. */
  readonly reopened?: Reopening;
  /**
   * The closures and reopenings before the last (`closed` or `reopened`), oldest first; absent until the
   * case is first reopened.
   */
  readonly earlier?: readonly SupportChange[];
  readonly restorativeJustice?: RjRecord;
}

/** A closure's reason: one recorded without a reason (before reasons were asked for) was support completed. */
export const closureReasonOf = (closure: Closure): ClosureReason => closure.reason ?? 'support-completed';

/** Support completed is the one reason that needs the closing assessment (the distance travelled). */
export const needsClosingAssessment = (given: ClosureGiven | undefined): boolean =>
  given === undefined || given.reason === 'support-completed';

/** Every closure and reopening of the case, oldest first; the last is where it stands now. */
export function supportChanges(support: CaseSupport): SupportChange[] {
  const last: SupportChange[] = support.closed
    ? [{ change: 'closed', ...support.closed }]
    : support.reopened
      ? [{ change: 'reopened', ...support.reopened }]
      : [];
  return [...(support.earlier ?? []), ...last];
}

/** How many closures (or reopenings) the case has had, up to and including its last: the nth is keyed n. */
export const changeCount = (support: CaseSupport, change: SupportChange['change']): number =>
  supportChanges(support).filter((c) => c.change === change).length;

/** The same closure: by the same person, for the same reason in the same words. */
export const sameClosure = (a: Closure, b: Closure, atToo = true): boolean =>
  a.by === b.by &&
  closureReasonOf(a) === closureReasonOf(b) &&
  (a.reasonText ?? '') === (b.reasonText ?? '') &&
  (!atToo || a.at.getTime() === b.at.getTime());

/** The same reopening: by the same person, for the same reason. */
export const sameReopening = (a: Reopening, b: Reopening, atToo = true): boolean =>
  a.by === b.by && a.reason === b.reason && (!atToo || a.at.getTime() === b.at.getTime());

/** A closure or reopening whose reason is missing or too long: each field with what is wrong. */
export class InvalidClosureError extends Error {
  override name = 'InvalidClosureError';
  constructor(readonly errors: ReadonlyArray<{ field: 'reason' | 'reasonText'; message: string }>) {
    super(errors.map((e) => `${e.field} ${e.message}`).join('; '));
  }
}

/** Words a caseworker wrote: required, at most REASON_TEXT_MAX characters once trimmed. */
function reasonWords(text: string | undefined, field: 'reason' | 'reasonText'): string {
  const words = (text ?? '').trim();
  if (!words) throw new InvalidClosureError([{ field, message: 'is required' }]);
  if (words.length > REASON_TEXT_MAX)
    throw new InvalidClosureError([{ field, message: `must be at most ${REASON_TEXT_MAX} characters` }]);
  return words;
}

/** The reason chosen for closing, with other's words (required then, ignored otherwise). */
export function validateClosure(reason: string | undefined, reasonText: string | undefined): ClosureGiven {
  if (!isClosureReason(reason)) throw new InvalidClosureError([{ field: 'reason', message: 'is required' }]);
  return reason === 'other' ? { reason, reasonText: reasonWords(reasonText, 'reasonText') } : { reason };
}

/** The reason for reopening: the caseworker's words, required. */
export const validateReopening = (reason: string | undefined): string => reasonWords(reason, 'reason');

/** Support cannot be changed once the case is closed, or closed without its closing assessment. */
export class SupportClosedError extends Error {
  override name = 'SupportClosedError';
}

/** Only a closed case can be reopened. */
export class SupportOpenError extends Error {
  override name = 'SupportOpenError';
}
