import type { Case } from '../domain/case.ts';
import type {
  CaseEvent,
  DeclinedReferral,
  IntakeRun,
  NewCase,
  QuarantineRecord,
} from '../domain/case-records.ts';
import type { ReferralSource } from '../domain/referral-codes.ts';

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
  /** The deadline breaches recorded on a local date (YYYY-MM-DD, Europe/London), in the order recorded. */
  breachesOn(date: string): Promise<CaseEvent[]>;
  /** The ids of the cases received on a local date (YYYY-MM-DD, Europe/London), in the order received. */
  caseIdsReceivedOn(date: string): Promise<string[]>;
  /** The case opened for a source's reference, if any. */
  findCaseId(source: ReferralSource, externalReference: string): Promise<string | undefined>;
}
