import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
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
import { queryAll } from './query-all.ts';

/** One partition for all of it: a few hundred items a year, so each list is one query (no Scan). */
const PK = 'THOVERSIGHT';
const REQUEST = 'REQUEST#';
const INSPECTION = 'INSPECTION#';

const failedCondition = (error: unknown) => (error as Error).name === 'ConditionalCheckFailedException';

const decisionItem = (d: Decision) => ({ ...d, at: d.at.toISOString() });
const findingItem = (f: Finding) => ({ ...f, at: f.at.toISOString() });

function requestOf(item: Record<string, unknown>): ContractorRequest {
  const decision = item.decision as (Omit<Decision, 'at'> & { at: string }) | undefined;
  return {
    requestId: String(item.requestId),
    jobId: String(item.jobId),
    details: item.details as ContractorRequest['details'],
    recordedBy: String(item.recordedBy),
    recordedAt: new Date(String(item.recordedAt)),
    ...(decision ? { decision: { ...decision, at: new Date(decision.at) } } : {}),
  };
}

function inspectionOf(item: Record<string, unknown>): Inspection {
  const finding = item.finding as (Omit<Finding, 'at'> & { at: string }) | undefined;
  return {
    jobId: String(item.jobId),
    chosenBy: String(item.chosenBy),
    chosenAt: new Date(String(item.chosenAt)),
    ...(finding ? { finding: { ...finding, at: new Date(finding.at) } } : {}),
  };
}

/**
 * Guarantees, requests for work outside the contract and inspections on the single table:
 * `THOVERSIGHT` / `REQUEST#<requestId>` and `THOVERSIGHT` / `INSPECTION#<jobId>`. Each is written on
 * condition it is new, and a decision or finding on condition there is none yet, so a retried write is
 * kept once and two people cannot both decide.
 */
export class DynamoDbThOversightStore implements ThOversightStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async recordRequest(request: ContractorRequest): Promise<'recorded' | 'duplicate'> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: PK,
            sk: `${REQUEST}${request.requestId}`,
            itemType: 'th-contractor-request',
            requestId: request.requestId,
            jobId: request.jobId,
            details: request.details,
            recordedBy: request.recordedBy,
            recordedAt: request.recordedAt.toISOString(),
            ...(request.decision ? { decision: decisionItem(request.decision) } : {}),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return 'recorded';
    } catch (error) {
      if (failedCondition(error)) return 'duplicate';
      throw error;
    }
  }

  async getRequest(requestId: string): Promise<ContractorRequest | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: PK, sk: `${REQUEST}${requestId}` } }),
    );
    return Item ? requestOf(Item) : undefined;
  }

  async decideRequest(requestId: string, decision: Decision): Promise<'recorded' | 'duplicate'> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: PK, sk: `${REQUEST}${requestId}` },
          UpdateExpression: 'SET decision = :decision',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(decision)',
          ExpressionAttributeValues: { ':decision': decisionItem(decision) },
        }),
      );
      return 'recorded';
    } catch (error) {
      if (!failedCondition(error)) throw error;
      const held = await this.getRequest(requestId);
      if (!held) throw new OversightRefusedError(`no request ${requestId}`);
      if (held.decision && sameDecision(held.decision, decision)) return 'duplicate';
      throw new OversightRefusedError('the request has been decided already');
    }
  }

  async listRequests(): Promise<ContractorRequest[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': PK, ':prefix': REQUEST },
    });
    return items
      .map(requestOf)
      .sort(
        (a, b) => a.recordedAt.getTime() - b.recordedAt.getTime() || a.requestId.localeCompare(b.requestId),
      );
  }

  async chooseForInspection(jobId: string, by: string, at: Date): Promise<'chosen' | 'duplicate'> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: PK,
            sk: `${INSPECTION}${jobId}`,
            itemType: 'th-inspection',
            jobId,
            chosenBy: by,
            chosenAt: at.toISOString(),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return 'chosen';
    } catch (error) {
      if (failedCondition(error)) return 'duplicate';
      throw error;
    }
  }

  async getInspection(jobId: string): Promise<Inspection | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: PK, sk: `${INSPECTION}${jobId}` } }),
    );
    return Item ? inspectionOf(Item) : undefined;
  }

  async recordFinding(jobId: string, finding: Finding): Promise<'recorded' | 'duplicate'> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: PK, sk: `${INSPECTION}${jobId}` },
          UpdateExpression: 'SET finding = :finding',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(finding)',
          ExpressionAttributeValues: { ':finding': findingItem(finding) },
        }),
      );
      return 'recorded';
    } catch (error) {
      if (!failedCondition(error)) throw error;
      const held = await this.getInspection(jobId);
      if (!held) throw new OversightRefusedError(`job ${jobId} was not chosen for inspection`);
      if (held.finding && sameFinding(held.finding, finding)) return 'duplicate';
      throw new OversightRefusedError('the inspection has its finding already');
    }
  }

  async listInspections(): Promise<Inspection[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': PK, ':prefix': INSPECTION },
    });
    return items.map(inspectionOf).sort((a, b) => a.jobId.localeCompare(b.jobId));
  }
}
