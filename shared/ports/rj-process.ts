import type { MhTriageOutcome, MhTriageReferral } from '../domain/mh-triage.ts';
import type { NewRjProcess, Recorded, RjDecision, RjProcess, RjStageEntry } from '../domain/rj-process.ts';

/**
 * A case's restorative justice process (docs/data-model.md: restorative justice): its offer, the exception
 * decision and the stages. Each change is one conditional write, by the rules of shared/domain/rj-process.ts;
 * one refused there (RjStateError) writes nothing.
 */
export interface RjProcessStore {
  get(caseId: string): Promise<RjProcess | undefined>;
  recordOffer(process: NewRjProcess): Promise<{ process: RjProcess; result: Recorded }>;
  decide(caseId: string, decision: RjDecision): Promise<{ process: RjProcess; result: Recorded }>;
  recordStage(caseId: string, entry: RjStageEntry): Promise<{ process: RjProcess; result: Recorded }>;
}

/** A case's referrals to the mental health nurses and their triage outcomes (docs/data-model.md). */
export interface MhTriageStore {
  /** Records the referral; the same form sent again (its referralId) records nothing and gives it back. */
  refer(
    referral: Omit<MhTriageReferral, 'triage'>,
  ): Promise<{ referral: MhTriageReferral; result: Recorded }>;
  get(caseId: string, referralId: string): Promise<MhTriageReferral | undefined>;
  /** Oldest first. */
  listForCase(caseId: string): Promise<MhTriageReferral[]>;
  /**
   * The nurse's outcome (MhTriageNotFoundError without the referral); the first outcome is kept, and recording
   * again gives back the referral as it stands.
   */
  recordOutcome(
    caseId: string,
    referralId: string,
    triage: { outcome: MhTriageOutcome; by: string; at: Date },
  ): Promise<{ referral: MhTriageReferral; result: Recorded }>;
}
