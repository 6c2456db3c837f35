import type { Case } from './case.ts';
import type { ReferralSource } from './referral-codes.ts';

// What the case store keeps besides the case itself (shared/ports/case-store.ts): where a referral came
// from, what intake refused or declined, and the case's timeline.

/** Where an intake record came from: a file and row, or a single message (API call, e-mail). */
export interface IntakeOrigin {
  readonly channel:
    | 'police-download'
    | 'partner-api'
    | 'partner-email'
    | 'sentinel-email'
    | 'self-referral-form'
    | 'partner-form'
    | 'staff-keyed';
  readonly file?: string;
  readonly row?: number;
  /** A referral staff keyed in: how it reached them, and who keyed it (their user id). */
  readonly keyed?: { readonly via: KeyedVia; readonly by: string };
}

/** How a referral keyed in by staff reached the service. */
export const KEYED_VIA = ['telephone', 'email', 'community-event'] as const;
export type KeyedVia = (typeof KEYED_VIA)[number];

/**
 * A rejected input kept with its reason so someone can correct it (docs/service-rules.md: bad input). No
 * personal data.
 */
export interface QuarantineRecord {
  readonly fileId: string;
  readonly file: string;
  readonly row: number;
  readonly field: string;
  readonly message: string;
  readonly rejectedAt: Date;
}

/** One run of an intake file: its counts, kept for the quarterly return and for the operators. */
export interface IntakeRun {
  readonly fileId: string;
  readonly file: string;
  readonly channel: IntakeOrigin['channel'];
  readonly startedAt: Date;
  readonly finishedAt: Date;
  readonly accepted: number;
  readonly duplicates: number;
  readonly declined: number;
  readonly rejected: number;
}

export interface DeclinedReferral {
  readonly source: ReferralSource;
  readonly externalReference: string;
  readonly receivedAt: Date;
  readonly origin: IntakeOrigin;
}

/** Something that happened on a case: a message, a breach, an at-risk alert, an outcome (the timeline). */
export interface CaseEvent {
  /** Stable per happening (e.g. `message.final-letter.1`), so recording it twice records it once. */
  readonly eventId: string;
  readonly caseId: string;
  readonly type:
    | 'message-recorded'
    | 'message-status'
    | 'message-undeliverable'
    | 'deadline-at-risk'
    | 'deadline-breached'
    | 'task-completed'
    | 'task-timed-out'
    | 'contact-path-completed'
    | 'assessment-recorded'
    | 'plan-action-added'
    | 'support-closed'
    | 'support-reopened'
    | 'hardship-payment'
    | 'onward-referral-made'
    | 'target-hardening-referred'
    | 'case-allocated'
    | 'contact-logged'
    | 'milestone-recorded'
    | 'milestone-withdrawn'
    | 'volunteer-assigned'
    | 'volunteer-unassigned'
    | 'rj-offer-recorded'
    | 'rj-exception-decided'
    | 'rj-stage-recorded'
    | 'mh-triage-referred'
    | 'mh-triage-outcome'
    | 'group-session-attended'
    | 'web-chat-not-confirmed'
    | 'web-chat-ended';
  readonly at: Date;
  /** Ids, codes and instants only: never personal data. */
  readonly detail: Readonly<Record<string, string | number | boolean>>;
}

/** A case to open and where its referral came from. */
export interface NewCase {
  readonly opened: Case;
  readonly origin: IntakeOrigin;
}

/** Two different referrals hashed to the same case reference: refused, never merged. */
export class CaseIdCollisionError extends Error {
  override name = 'CaseIdCollisionError';
}
