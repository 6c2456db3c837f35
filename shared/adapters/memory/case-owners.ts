import {
  type Allocation,
  AllocationConflictError,
  CaseClosedForAllocationError,
  type CaseOwner,
} from '../../domain/case-ownership.ts';
import type { CaseOwners } from '../../ports/case-owners.ts';
import { kept } from './kept.ts';

/** Keys in the order DynamoDB sorts them: by their UTF-8 bytes. */
const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** Where an owner record is listed, as the table's index keys it: partition and sort key, or none. */
function listing(owner: CaseOwner): { readonly key: string; readonly sort: string } | undefined {
  if (owner.closedAt) return undefined;
  if (owner.owner && owner.allocatedAt)
    return { key: `CASELOAD#${owner.owner}`, sort: `${owner.allocatedAt.toISOString()}#${owner.caseId}` };
  if (owner.waitingSince)
    return { key: 'UNALLOCATED', sort: `${owner.waitingSince.toISOString()}#${owner.caseId}` };
  return undefined;
}

/**
 * Case owners in memory: the DynamoDB adapter's twin, held to the same contract
 * (test/contract/case-owners.test.ts). One owner record and the allocation history per case; listings are
 * ordered as the index orders them.
 */
export class InMemoryCaseOwners implements CaseOwners {
  private readonly owners = new Map<string, CaseOwner>();
  private readonly history = new Map<string, Allocation[]>();

  async getOwner(caseId: string): Promise<CaseOwner | undefined> {
    const owner = this.owners.get(caseId);
    return owner ? kept(owner) : undefined;
  }

  async awaitAllocation(caseId: string, at: Date): Promise<'waiting' | 'unchanged'> {
    if (this.owners.has(caseId)) return 'unchanged';
    this.owners.set(caseId, kept({ caseId, allocations: 0, waitingSince: at }));
    return 'waiting';
  }

  async allocate(
    allocation: Allocation,
  ): Promise<{ readonly status: 'allocated' | 'already-allocated'; readonly allocation: Allocation }> {
    const { caseId, n } = allocation;
    const allocations = this.history.get(caseId) ?? [];
    const taken = allocations.find((a) => a.n === n);
    if (taken) {
      if (taken.to === allocation.to) return { status: 'already-allocated', allocation: kept(taken) };
      throw new AllocationConflictError(`allocation ${n} of case ${caseId} is another`, kept(taken));
    }
    const owner = this.owners.get(caseId);
    if (owner?.closedAt) throw new CaseClosedForAllocationError(`case ${caseId} is closed`);
    if (n !== (owner?.allocations ?? 0) + 1)
      throw new AllocationConflictError(`allocation ${n} is not the next of case ${caseId}`);
    const stored = kept(allocation);
    this.history.set(caseId, [...allocations, stored]);
    this.owners.set(
      caseId,
      kept({ ...owner, caseId, owner: allocation.to, allocatedAt: allocation.at, allocations: n }),
    );
    return { status: 'allocated', allocation: kept(stored) };
  }

  async markClosed(caseId: string, at: Date): Promise<void> {
    const owner = this.owners.get(caseId);
    this.owners.set(
      caseId,
      kept({ ...owner, caseId, allocations: owner?.allocations ?? 0, closedAt: owner?.closedAt ?? at }),
    );
  }

  async markReopened(caseId: string, at: Date): Promise<'reopened' | 'unchanged'> {
    const owner = this.owners.get(caseId);
    if (!owner?.closedAt) return 'unchanged';
    const { closedAt: _closed, ...open } = owner;
    this.owners.set(caseId, kept(open.owner || open.waitingSince ? open : { ...open, waitingSince: at }));
    return 'reopened';
  }

  async allocations(caseId: string): Promise<Allocation[]> {
    return [...(this.history.get(caseId) ?? [])].sort((a, b) => a.n - b.n).map(kept);
  }

  async caseload(user: string): Promise<CaseOwner[]> {
    return this.listed(`CASELOAD#${user}`);
  }

  async unallocated(): Promise<CaseOwner[]> {
    return this.listed('UNALLOCATED');
  }

  private listed(key: string): CaseOwner[] {
    return [...this.owners.values()]
      .map((owner) => ({ owner, at: listing(owner) }))
      .filter(({ at }) => at?.key === key)
      .sort((a, b) => byBytes(a.at?.sort ?? '', b.at?.sort ?? ''))
      .map(({ owner }) => kept(owner));
  }
}
