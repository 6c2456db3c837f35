import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  type AuditEntry,
  validateAuditCaseId,
  validateAuditDay,
  validateAuditEntry,
  validateAuditPageSize,
  validateAuditUser,
} from '../../domain/audit.ts';
import type { AuditLog, AuditPage } from '../../ports/audit-log.ts';
import {
  AUDIT_PREFIX,
  auditKeys,
  auditPageToken,
  auditStartKey,
  casePartition,
  userDayPartition,
} from '../listings/audit.ts';
import { queryAll } from './query-all.ts';

/** An audit entry as the table holds it: under its case, and in gsi2 under its person and local day. */
function auditItem(entry: AuditEntry, id: string): Record<string, unknown> {
  const { pk, sk, gsi2pk, gsi2sk } = auditKeys(entry, id);
  return {
    pk,
    sk,
    itemType: 'audit',
    caseId: entry.caseId,
    user: entry.user,
    role: entry.role,
    action: entry.action,
    what: entry.what,
    at: entry.at.toISOString(),
    ...(entry.requestId === undefined ? {} : { requestId: entry.requestId }),
    ...(entry.entryId === undefined ? {} : { entryId: entry.entryId }),
    gsi2pk,
    gsi2sk,
    // No TTL attribute: audit entries never expire.
  };
}

function entryFromItem(item: Record<string, unknown>): AuditEntry {
  return {
    caseId: String(item.caseId),
    user: String(item.user),
    role: String(item.role),
    action: item.action as AuditEntry['action'],
    what: String(item.what),
    at: new Date(String(item.at)),
    ...(typeof item.requestId === 'string' ? { requestId: item.requestId } : {}),
    ...(typeof item.entryId === 'string' ? { entryId: item.entryId } : {}),
  };
}

const canonical = (item: Record<string, unknown>) =>
  JSON.stringify(
    Object.keys(item)
      .sort()
      .map((key) => [key, item[key]]),
  );

/**
 * The audit log on the single table: each entry under its case (`AUDIT#<at>#<id>`, beside the case's
 * events, messages and tasks but never among them), and in gsi2 by person and local day (`AUDIT#<user>#<day>`).
 */
export class DynamoDbAuditLog implements AuditLog {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * A view or refusal gets a random id, so each is its own entry. An action's entry (with `entryId`) sits at
   * `AUDIT#<at>#<entryId>`, so recording it again — a retry of the action — finds it there and changes
   * nothing, whoever retried (docs/web-app.md, actions that write more than once).
   */
  async record(entry: AuditEntry): Promise<void> {
    const item = auditItem(validateAuditEntry(entry), entry.entryId ?? randomUUID());
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      // The action's entry is kept already (a retried action): it stays as first recorded.
      if (entry.entryId !== undefined) return;
      // The SDK re-sent a put that had landed (its answer was lost): the entry is there, and is this one.
      const kept = await this.client.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { pk: item.pk, sk: item.sk },
          ConsistentRead: true,
        }),
      );
      if (!kept.Item || canonical(kept.Item) !== canonical(item)) throw error;
    }
  }

  async forCase(
    caseId: string,
    options: { limit?: number; after?: string | undefined } = {},
  ): Promise<AuditPage> {
    validateAuditCaseId(caseId);
    const limit = validateAuditPageSize(options.limit);
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :case AND begins_with(sk, :audit)',
        ExpressionAttributeValues: { ':case': casePartition(caseId), ':audit': AUDIT_PREFIX },
        ScanIndexForward: false,
        // One more than asked, so the last page is known to be the last (no empty page after it).
        Limit: limit + 1,
        ...(options.after ? { ExclusiveStartKey: auditStartKey(options.after, caseId) } : {}),
      }),
    );
    const items = result.Items ?? [];
    const entries = items.slice(0, limit).map(entryFromItem);
    const last = items[limit - 1];
    if (items.length > limit && last) return { entries, next: auditPageToken(last) };
    // A page cut short by DynamoDB's 1 MB limit goes on from where DynamoDB stopped.
    if (result.LastEvaluatedKey) return { entries, next: auditPageToken(result.LastEvaluatedKey) };
    return { entries };
  }

  async byUser(user: string, day: string): Promise<AuditEntry[]> {
    const partition = userDayPartition(validateAuditUser(user), validateAuditDay(day));
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :day',
      ExpressionAttributeValues: { ':day': partition },
    });
    return items.map(entryFromItem);
  }
}
