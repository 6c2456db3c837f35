// Mental health triage (docs/service-rules.md): a referral to the co-located mental health nurses, its own
// kind of onward referral, with the nurse's triage outcome recorded later.

export const MH_TRIAGE_REASONS = [
  'low-mood-or-anxiety',
  'trauma-symptoms',
  'self-harm-or-suicidal-thoughts',
  'other',
] as const;
export type MhTriageReason = (typeof MH_TRIAGE_REASONS)[number];
export const MH_TRIAGE_REASON_NAMES: Readonly<Record<MhTriageReason, string>> = {
  'low-mood-or-anxiety': 'Low mood or anxiety',
  'trauma-symptoms': 'Signs of trauma',
  'self-harm-or-suicidal-thoughts': 'Self-harm or suicidal thoughts',
  other: 'Another concern',
};

export const MH_TRIAGE_URGENCIES = ['routine', 'urgent'] as const;
export type MhTriageUrgency = (typeof MH_TRIAGE_URGENCIES)[number];

export const MH_TRIAGE_OUTCOMES = [
  'seen-and-supported',
  'referred-to-secondary-care',
  'no-further-action',
  'did-not-attend',
] as const;
export type MhTriageOutcome = (typeof MH_TRIAGE_OUTCOMES)[number];
export const MH_TRIAGE_OUTCOME_NAMES: Readonly<Record<MhTriageOutcome, string>> = {
  'seen-and-supported': 'Seen and supported by the nurse',
  'referred-to-secondary-care': 'Referred to secondary mental health care',
  'no-further-action': 'No further action',
  'did-not-attend': 'Did not attend',
};

export interface MhTriageReferral {
  readonly caseId: string;
  /** The referral form's key. */
  readonly referralId: string;
  readonly reason: MhTriageReason;
  readonly urgency: MhTriageUrgency;
  readonly by: string;
  readonly at: Date;
  readonly triage?: { readonly outcome: MhTriageOutcome; readonly by: string; readonly at: Date };
}

/** No such referral on the case. */
export class MhTriageNotFoundError extends Error {
  override name = 'MhTriageNotFoundError';
}

/** A case has at most this many triage referrals (the list is read whole under the case). */
export const MH_TRIAGE_PER_CASE_MAX = 20;

export class TooManyMhTriageReferralsError extends Error {
  override name = 'TooManyMhTriageReferralsError';
}

const oneOf = <T extends string>(list: readonly T[], value: string | undefined): T | undefined =>
  (list as readonly string[]).includes(value ?? '') ? (value as T) : undefined;

export function validateMhReferral(
  form: Readonly<Record<string, string | undefined>>,
):
  | { ok: true; reason: MhTriageReason; urgency: MhTriageUrgency }
  | { ok: false; errors: Array<{ field: string; text: string }> } {
  const reason = oneOf(MH_TRIAGE_REASONS, form.reason);
  const urgency = oneOf(MH_TRIAGE_URGENCIES, form.urgency);
  const errors = [
    ...(reason ? [] : [{ field: 'reason', text: 'Choose why the victim is referred' }]),
    ...(urgency ? [] : [{ field: 'urgency', text: 'Say whether the referral is urgent' }]),
  ];
  return reason && urgency ? { ok: true, reason, urgency } : { ok: false, errors };
}

export function validateMhOutcome(
  form: Readonly<Record<string, string | undefined>>,
): { ok: true; outcome: MhTriageOutcome } | { ok: false; errors: Array<{ field: string; text: string }> } {
  const outcome = oneOf(MH_TRIAGE_OUTCOMES, form.outcome);
  return outcome
    ? { ok: true, outcome }
    : { ok: false, errors: [{ field: 'outcome', text: "Choose the nurse's triage outcome" }] };
}
