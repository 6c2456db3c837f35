import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  type Allocation,
  AllocationConflictError,
  CaseClosedForAllocationError,
  type CaseOwner,
} from '../../domain/case-ownership.ts';
import type { CaseOwners } from '../../ports/case-owners.ts';
import { queryAll } from './query-all.ts';
import { cancellationCodes, transactWrite } from './transactions.ts';

const pk = (caseId: string) => `CASE#${caseId}`;
const OWNER = 'OWNER';
/** An allocation's sort key: numbered, so the history reads in order. */
const allocationSk = (n: number) => `ALLOCATION#${String(n).padStart(4, '0')}`;
/** The gsi1 partition of a caseworker's open cases (gsi1 also holds the task queues, `QUEUE#…`). */
const caseloadKey = (user: string) => `CASELOAD#${user}`;
/** The gsi1 partition of the cases waiting for allocation. */
const UNALLOCATED = 'UNALLOCATED';
const listed = (at: Date, caseId: string) => `${at.toISOString()}#${caseId}`;

const isConditionFailure = (error: unknown) =>
  error instanceof Error && error.name === 'ConditionalCheckFailedException';

const dateOf = (value: unknown) => (value === undefined ? undefined : new Date(String(value)));

function ownerOf(item: Record<string, unknown>): CaseOwner {
  const allocatedAt = dateOf(item.allocatedAt);
  const waitingSince = dateOf(item.waitingSince);
  const closedAt = dateOf(item.closedAt);
  return {
    caseId: String(item.caseId),
    ...(item.owner === undefined ? {} : { owner: String(item.owner) }),
    ...(allocatedAt ? { allocatedAt } : {}),
    allocations: Number(item.allocations ?? 0),
    ...(waitingSince ? { waitingSince } : {}),
    ...(closedAt ? { closedAt } : {}),
  };
}

function allocationOf(item: Record<string, unknown>): Allocation {
  return {
    caseId: String(item.caseId),
    n: Number(item.n),
    to: String(item.to),
    ...(item.from === undefined ? {} : { from: String(item.from) }),
    by: String(item.by),
    at: new Date(String(item.at)),
    ...(item.reason === undefined ? {} : { reason: String(item.reason) }),
    suggested: item.suggested === true,
  };
}

/**
 * Case owners on the single table: the owner record under its case (`OWNER`), indexed on gsi1 while the case
 * waits (`UNALLOCATED`) or is open on a caseworker's caseload (`CASELOAD#<user>`), ordered by when; each
 * allocation kept under the case (`ALLOCATION#<n>`), written in one transaction with the owner record.
 */
export class DynamoDbCaseOwners implements CaseOwners {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async getOwner(caseId: string): Promise<CaseOwner | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: pk(caseId), sk: OWNER }, ConsistentRead: true }),
    );
    return Item ? ownerOf(Item) : undefined;
  }

  async awaitAllocation(caseId: string, at: Date): Promise<'waiting' | 'unchanged'> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: pk(caseId),
            sk: OWNER,
            itemType: 'case-owner',
            caseId,
            allocations: 0,
            waitingSince: at.toISOString(),
            gsi1pk: UNALLOCATED,
            gsi1sk: listed(at, caseId),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return 'waiting';
    } catch (error) {
      if (isConditionFailure(error)) return 'unchanged';
      throw error;
    }
  }

  async allocate(
    allocation: Allocation,
  ): Promise<{ readonly status: 'allocated' | 'already-allocated'; readonly allocation: Allocation }> {
    const { caseId, n } = allocation;
    try {
      await transactWrite(this.client, {
        TransactItems: [
          {
            Put: {
              TableName: this.tableName,
              Item: {
                pk: pk(caseId),
                sk: allocationSk(n),
                itemType: 'allocation',
                ...allocation,
                at: allocation.at.toISOString(),
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Update: {
              TableName: this.tableName,
              Key: { pk: pk(caseId), sk: OWNER },
              UpdateExpression:
                'SET itemType = :itemType, caseId = :caseId, #owner = :to, allocatedAt = :at, allocations = :n, gsi1pk = :caseload, gsi1sk = :listed',
              // The next allocation of an open case: the first (no record, or one waiting), or the one after
              // the number the record holds.
              ConditionExpression:
                'attribute_not_exists(closedAt) AND ((attribute_not_exists(allocations) AND :n = :one) OR allocations = :previous)',
              ExpressionAttributeNames: { '#owner': 'owner' },
              ExpressionAttributeValues: {
                ':itemType': 'case-owner',
                ':caseId': caseId,
                ':to': allocation.to,
                ':at': allocation.at.toISOString(),
                ':n': n,
                ':one': 1,
                ':previous': n - 1,
                ':caseload': caseloadKey(allocation.to),
                ':listed': listed(allocation.at, caseId),
              },
            },
          },
        ],
      });
      return { status: 'allocated', allocation };
    } catch (error) {
      const [allocationCode, ownerCode] = cancellationCodes(error) ?? [];
      if (allocationCode === 'ConditionalCheckFailed') {
        const kept = (await this.allocations(caseId)).find((a) => a.n === n);
        if (kept?.to === allocation.to) return { status: 'already-allocated', allocation: kept };
        throw new AllocationConflictError(`allocation ${n} of case ${caseId} is another`, kept);
      }
      if (ownerCode === 'ConditionalCheckFailed') {
        if ((await this.getOwner(caseId))?.closedAt)
          throw new CaseClosedForAllocationError(`case ${caseId} is closed`);
        throw new AllocationConflictError(`allocation ${n} is not the next of case ${caseId}`);
      }
      throw error;
    }
  }

  async markClosed(caseId: string, at: Date): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: pk(caseId), sk: OWNER },
        UpdateExpression:
          'SET itemType = :itemType, caseId = :caseId, closedAt = if_not_exists(closedAt, :at), allocations = if_not_exists(allocations, :zero) REMOVE gsi1pk, gsi1sk',
        ExpressionAttributeValues: {
          ':itemType': 'case-owner',
          ':caseId': caseId,
          ':at': at.toISOString(),
          ':zero': 0,
        },
      }),
    );
  }

  async markReopened(caseId: string, at: Date): Promise<'reopened' | 'unchanged'> {
    const owner = await this.getOwner(caseId);
    if (!owner?.closedAt) return 'unchanged';
    // Back where it was listed before it closed: its owner's caseload, or the cases waiting.
    const waitingSince = owner.waitingSince ?? at;
    const listing = owner.owner
      ? { key: caseloadKey(owner.owner), sort: listed(owner.allocatedAt ?? at, caseId) }
      : { key: UNALLOCATED, sort: listed(waitingSince, caseId) };
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: pk(caseId), sk: OWNER },
          UpdateExpression: `REMOVE closedAt SET gsi1pk = :key, gsi1sk = :sort${owner.owner ? '' : ', waitingSince = :waitingSince'}`,
          // Only the closure read: a closure and reopening racing with this one leave it to them.
          ConditionExpression: 'closedAt = :closedAt',
          ExpressionAttributeValues: {
            ':key': listing.key,
            ':sort': listing.sort,
            ':closedAt': owner.closedAt.toISOString(),
            ...(owner.owner ? {} : { ':waitingSince': waitingSince.toISOString() }),
          },
        }),
      );
      return 'reopened';
    } catch (error) {
      if (isConditionFailure(error)) return 'unchanged';
      throw error;
    }
  }

  async allocations(caseId: string): Promise<Allocation[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :allocation)',
      ExpressionAttributeValues: { ':pk': pk(caseId), ':allocation': 'ALLOCATION#' },
      ConsistentRead: true,
    });
    return items.map(allocationOf);
  }

  async caseload(user: string): Promise<CaseOwner[]> {
    return this.listed(caseloadKey(user));
  }

  async unallocated(): Promise<CaseOwner[]> {
    return this.listed(UNALLOCATED);
  }

  private async listed(key: string): Promise<CaseOwner[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :key',
      ExpressionAttributeValues: { ':key': key },
    });
    return items.map(ownerOf);
  }
}
