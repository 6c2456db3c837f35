import type {
  ContractorRequest,
  Decision,
  Finding,
  Inspection,
} from '../domain/target-hardening-oversight.ts';

/**
 * Guarantees, requests for work outside the contract and inspections of target hardening
 * (shared/domain/target-hardening-oversight.ts). A few hundred a year, so each list is one query.
 */
export interface ThOversightStore {
  /** Records a guarantee or request once, by its id; the same id again answers `duplicate`. */
  recordRequest(request: ContractorRequest): Promise<'recorded' | 'duplicate'>;
  getRequest(requestId: string): Promise<ContractorRequest | undefined>;
  /**
   * Records the commissioner's office's decision once. The same decision again (by the same person) answers
   * `duplicate`; a different one, or no such request, is OversightRefusedError.
   */
  decideRequest(requestId: string, decision: Decision): Promise<'recorded' | 'duplicate'>;
  /** Every guarantee and request, oldest first. */
  listRequests(): Promise<ContractorRequest[]>;
  /** Chooses a completed job for inspection; a job chosen already answers `duplicate`. */
  chooseForInspection(jobId: string, by: string, at: Date): Promise<'chosen' | 'duplicate'>;
  getInspection(jobId: string): Promise<Inspection | undefined>;
  /**
   * Records the inspection's finding once; the same finding again answers `duplicate`; a different one, or
   * a job not chosen, is OversightRefusedError.
   */
  recordFinding(jobId: string, finding: Finding): Promise<'recorded' | 'duplicate'>;
  /** Every inspection, by job id. */
  listInspections(): Promise<Inspection[]>;
}
