import type { Case } from '../domain/case.ts';
import type { ReferralSource } from '../domain/referral-codes.ts';

/** Where an intake record came from: a file and row, or a single message (API call, e-mail). */
export interface IntakeOrigin {
  readonly channel:
    | 'police-download'
    | 'partner-api'
    | 'partner-email'
    | 'sentinel-email'
    | 'self-referral-form';
  readonly file?: string;
  readonly row?: number;
}

/** A rejected input kept with its reason so someone can correct it (DESIGN 6). No personal data. */
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
    | 'hardship-payment'
    | 'onward-referral-made'
    | 'target-hardening-referred';
  readonly at: Date;
  /** Ids, codes and instants only: never personal data. */
  readonly detail: Readonly<Record<string, string | number | boolean>>;
}

/** A case to open and where its referral came from. */
export interface NewCase {
  readonly opened: Case;
  readonly origin: IntakeOrigin;
}

/** The case store as intake and case pages use it (docs/data-model.md lists each access pattern). */
export interface CaseStore {
  /** Case ids of earlier cases for each person key (access pattern: person by key, batched). */
  previousCaseIds(personKeys: readonly string[]): Promise<Map<string, string[]>>;
  /**
   * Writes each case with its referral key and person link, all in one transaction; a case whose referral
   * key already exists is a duplicate and is left out, never half-written. Returns one status per case.
   */
  createCases(cases: readonly NewCase[]): Promise<Array<'created' | 'duplicate'>>;
  /** Records that a referral was declined, by reference only, so a re-ingest counts it once. */
  recordDeclined(declined: DeclinedReferral): Promise<'recorded' | 'duplicate'>;
  quarantine(records: readonly QuarantineRecord[]): Promise<void>;
  listQuarantine(fileId: string): Promise<QuarantineRecord[]>;
  recordIntakeRun(run: IntakeRun): Promise<void>;
  getCase(caseId: string): Promise<Case | undefined>;
  /** Adds an event to the case timeline once, however often it is recorded. */
  recordEvent(event: CaseEvent): Promise<'recorded' | 'duplicate'>;
  /** The case timeline, oldest first. */
  timeline(caseId: string): Promise<CaseEvent[]>;
  /** The ids of the cases received on a local date (YYYY-MM-DD, Europe/London), in the order received. */
  caseIdsReceivedOn(date: string): Promise<string[]>;
  /** The case opened for a source's reference, if any. */
  findCaseId(source: ReferralSource, externalReference: string): Promise<string | undefined>;
}

/** Two different referrals hashed to the same case reference: refused, never merged. */
export class CaseIdCollisionError extends Error {
  override name = 'CaseIdCollisionError';
}
