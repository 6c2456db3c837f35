import {
  MH_TRIAGE_PER_CASE_MAX,
  MhTriageNotFoundError,
  type MhTriageOutcome,
  type MhTriageReferral,
  TooManyMhTriageReferralsError,
} from '../../domain/mh-triage.ts';
import {
  decisionOnto,
  type NewRjProcess,
  offerOnto,
  type Recorded,
  type RjDecision,
  type RjProcess,
  type RjStageEntry,
  stageOnto,
} from '../../domain/rj-process.ts';
import type { MhTriageStore, RjProcessStore } from '../../ports/rj-process.ts';
import { kept } from './kept.ts';

/** Restorative justice in memory: the DynamoDB store's twin (test/contract/rj-process.test.ts). */
export class InMemoryRjProcessStore implements RjProcessStore {
  private readonly processes = new Map<string, RjProcess>();

  // Read and written with no await between: the one conditional write of the DynamoDB store.
  private apply(caseId: string, changed: { process: RjProcess; result: Recorded }) {
    this.processes.set(caseId, kept(changed.process));
    return { process: kept(changed.process), result: changed.result };
  }

  async get(caseId: string): Promise<RjProcess | undefined> {
    const found = this.processes.get(caseId);
    return found && kept(found);
  }

  async recordOffer(process: NewRjProcess) {
    return this.apply(process.caseId, offerOnto(this.processes.get(process.caseId), kept(process)));
  }

  async decide(caseId: string, decision: RjDecision) {
    return this.apply(caseId, decisionOnto(this.processes.get(caseId), caseId, kept(decision)));
  }

  async recordStage(caseId: string, entry: RjStageEntry) {
    return this.apply(caseId, stageOnto(this.processes.get(caseId), caseId, kept(entry)));
  }
}

/** Mental health triage referrals in memory: the DynamoDB store's twin. */
export class InMemoryMhTriageStore implements MhTriageStore {
  private readonly referrals = new Map<string, MhTriageReferral[]>();

  async refer(referral: Omit<MhTriageReferral, 'triage'>) {
    const ofCase = this.referrals.get(referral.caseId) ?? [];
    const earlier = ofCase.find((r) => r.referralId === referral.referralId);
    if (earlier) return { referral: kept(earlier), result: 'already-recorded' as const };
    if (ofCase.length >= MH_TRIAGE_PER_CASE_MAX)
      throw new TooManyMhTriageReferralsError(
        `case ${referral.caseId} has ${MH_TRIAGE_PER_CASE_MAX} referrals`,
      );
    this.referrals.set(referral.caseId, [...ofCase, kept(referral)]);
    return { referral: kept(referral), result: 'recorded' as const };
  }

  async get(caseId: string, referralId: string) {
    const found = this.referrals.get(caseId)?.find((r) => r.referralId === referralId);
    return found && kept(found);
  }

  async listForCase(caseId: string) {
    return (this.referrals.get(caseId) ?? []).map(kept).sort((a, b) => a.at.getTime() - b.at.getTime());
  }

  async recordOutcome(
    caseId: string,
    referralId: string,
    triage: { outcome: MhTriageOutcome; by: string; at: Date },
  ) {
    const ofCase = this.referrals.get(caseId) ?? [];
    const index = ofCase.findIndex((r) => r.referralId === referralId);
    const found = ofCase[index];
    if (!found) throw new MhTriageNotFoundError(`case ${caseId} has no triage referral ${referralId}`);
    if (found.triage) return { referral: kept(found), result: 'already-recorded' as const };
    const changed = { ...found, triage: kept(triage) };
    ofCase[index] = changed;
    return { referral: kept(changed), result: 'recorded' as const };
  }
}
