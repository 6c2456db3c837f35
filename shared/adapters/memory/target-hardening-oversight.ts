import {
  type ContractorRequest,
  type Decision,
  type Finding,
  type Inspection,
  OversightRefusedError,
  sameDecision,
  sameFinding,
} from '../../domain/target-hardening-oversight.ts';
import type { ThOversightStore } from '../../ports/target-hardening-oversight.ts';

/** The in-memory twin of DynamoDbThOversightStore, for unit tests and the in-memory system. */
export class InMemoryThOversightStore implements ThOversightStore {
  private readonly requests = new Map<string, ContractorRequest>();
  private readonly inspections = new Map<string, Inspection>();

  async recordRequest(request: ContractorRequest): Promise<'recorded' | 'duplicate'> {
    if (this.requests.has(request.requestId)) return 'duplicate';
    this.requests.set(request.requestId, structuredClone(request));
    return 'recorded';
  }

  async getRequest(requestId: string): Promise<ContractorRequest | undefined> {
    const held = this.requests.get(requestId);
    return held && structuredClone(held);
  }

  async decideRequest(requestId: string, decision: Decision): Promise<'recorded' | 'duplicate'> {
    const held = this.requests.get(requestId);
    if (!held) throw new OversightRefusedError(`no request ${requestId}`);
    if (held.decision) {
      if (sameDecision(held.decision, decision)) return 'duplicate';
      throw new OversightRefusedError('the request has been decided already');
    }
    this.requests.set(requestId, { ...held, decision: structuredClone(decision) });
    return 'recorded';
  }

  async listRequests(): Promise<ContractorRequest[]> {
    return [...this.requests.values()]
      .map((r) => structuredClone(r))
      .sort(
        (a, b) => a.recordedAt.getTime() - b.recordedAt.getTime() || a.requestId.localeCompare(b.requestId),
      );
  }

  async chooseForInspection(jobId: string, by: string, at: Date): Promise<'chosen' | 'duplicate'> {
    if (this.inspections.has(jobId)) return 'duplicate';
    this.inspections.set(jobId, { jobId, chosenBy: by, chosenAt: new Date(at) });
    return 'chosen';
  }

  async getInspection(jobId: string): Promise<Inspection | undefined> {
    const held = this.inspections.get(jobId);
    return held && structuredClone(held);
  }

  async recordFinding(jobId: string, finding: Finding): Promise<'recorded' | 'duplicate'> {
    const held = this.inspections.get(jobId);
    if (!held) throw new OversightRefusedError(`job ${jobId} was not chosen for inspection`);
    if (held.finding) {
      if (sameFinding(held.finding, finding)) return 'duplicate';
      throw new OversightRefusedError('the inspection has its finding already');
    }
    this.inspections.set(jobId, { ...held, finding: structuredClone(finding) });
    return 'recorded';
  }

  async listInspections(): Promise<Inspection[]> {
    return [...this.inspections.values()]
      .map((i) => structuredClone(i))
      .sort((a, b) => a.jobId.localeCompare(b.jobId));
  }
}
