import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { localDateOf } from '../../domain/calendar.ts';
import type { Case } from '../../domain/case.ts';
import type { ReferralSource } from '../../domain/referral.ts';
import {
  CaseIdCollisionError,
  type CaseStore,
  type DeclinedReferral,
  type IntakeOrigin,
  type IntakeRun,
  type QuarantineRecord,
} from '../../ports/case-store.ts';

// Quarantined rows are kept long enough to be corrected and re-sent, then expire (DESIGN 6).
const QUARANTINE_DAYS = 90;

/** Keys of the single table (docs/data-model.md). */
export const keys = {
  case: (caseId: string) => ({ pk: `CASE#${caseId}`, sk: 'CASE' }),
  caseEvent: (caseId: string, at: Date, event: string) => ({ pk: `CASE#${caseId}`, sk: `EVENT#${at.toISOString()}#${event}` }),
  referral: (source: ReferralSource, externalReference: string) => ({
    pk: `REFERRAL#${source}#${externalReference.toUpperCase()}`,
    sk: 'REFERRAL',
  }),
  quarantine: (fileId: string, row: number, field: string) => ({
    pk: `INTAKE#${fileId}`,
    sk: `QUARANTINE#${String(row).padStart(6, '0')}#${field}`,
  }),
  intakeRun: (fileId: string, startedAt: Date) => ({ pk: `INTAKE#${fileId}`, sk: `RUN#${startedAt.toISOString()}` }),
} as const;

const iso = (date: Date | undefined) => date?.toISOString();

/** The items one new case writes, in one transaction: referral key, case, first timeline event. */
export function caseItems(opened: Case, origin: IntakeOrigin): Record<string, unknown>[] {
  const { referral } = opened;
  const receivedAt = referral.receivedAt.toISOString();
  const caseItem: Record<string, unknown> = {
    ...keys.case(opened.caseId),
    type: 'case',
    ...(JSON.parse(JSON.stringify(opened)) as Record<string, unknown>),
    gsi2pk: `RECEIVED#${localDateOf(referral.receivedAt)}`,
    gsi2sk: `${receivedAt}#${opened.caseId}`,
  };
  if (opened.personKey) {
    caseItem.gsi1pk = `PERSON#${opened.personKey}`;
    caseItem.gsi1sk = `${receivedAt}#${opened.caseId}`;
  }
  return [
    {
      ...keys.referral(referral.source, referral.externalReference),
      type: 'referral-key',
      caseId: opened.caseId,
      referralId: opened.referralId,
      receivedAt,
    },
    caseItem,
    {
      ...keys.caseEvent(opened.caseId, opened.openedAt, 'referral-received'),
      type: 'timeline',
      caseId: opened.caseId,
      event: 'referral-received',
      at: iso(opened.openedAt),
      channel: origin.channel,
      ...(origin.file === undefined ? {} : { file: origin.file }),
      ...(origin.row === undefined ? {} : { row: origin.row }),
    },
  ];
}

function caseFromItem(item: Record<string, unknown>): Case {
  const stored = item as unknown as Case & { referral: Record<string, unknown>; deadlines: Record<string, string> };
  const referral: Record<string, unknown> = { ...stored.referral, receivedAt: new Date(String(stored.referral.receivedAt)) };
  if (typeof stored.referral.webChatSlot === 'string') referral.webChatSlot = new Date(stored.referral.webChatSlot);
  const deadlines = Object.fromEntries(Object.entries(stored.deadlines).map(([k, v]) => [k, new Date(v)]));
  return {
    caseId: stored.caseId,
    referralId: stored.referralId,
    referral: referral as unknown as Case['referral'],
    triage: stored.triage,
    contactPath: stored.contactPath,
    deadlines: deadlines as unknown as Case['deadlines'],
    repeatVictim: stored.repeatVictim,
    previousCaseIds: stored.previousCaseIds,
    ...(stored.personKey ? { personKey: stored.personKey } : {}),
    status: stored.status,
    openedAt: new Date(String(stored.openedAt)),
  };
}

function conditionFailedAt(error: unknown): number[] {
  if (!(error instanceof TransactionCanceledException)) return [];
  return (error.CancellationReasons ?? []).flatMap((reason, index) =>
    reason.Code === 'ConditionalCheckFailed' ? [index] : [],
  );
}

/** The case store on DynamoDB: AWS in production, DynamoDB Local on one machine. */
export class DynamoDbCaseStore implements CaseStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async previousCaseIds(personKey: string): Promise<string[]> {
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :person',
        ExpressionAttributeValues: { ':person': `PERSON#${personKey}` },
        ProjectionExpression: 'caseId',
        Limit: 50,
      }),
    );
    return (result.Items ?? []).map((item) => String(item.caseId));
  }

  async createCase(opened: Case, origin: IntakeOrigin): Promise<'created' | 'duplicate'> {
    const [referralKey, caseItem, event] = caseItems(opened, origin);
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.tableName, Item: referralKey, ConditionExpression: 'attribute_not_exists(pk)' } },
            { Put: { TableName: this.tableName, Item: caseItem, ConditionExpression: 'attribute_not_exists(pk)' } },
            { Put: { TableName: this.tableName, Item: event } },
          ],
        }),
      );
      return 'created';
    } catch (error) {
      const failed = conditionFailedAt(error);
      if (failed.includes(0)) return 'duplicate';
      if (failed.includes(1)) throw new CaseIdCollisionError(`case reference ${opened.caseId} is already taken`);
      throw error;
    }
  }

  async recordDeclined(declined: DeclinedReferral): Promise<'recorded' | 'duplicate'> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.referral(declined.source, declined.externalReference),
            type: 'referral-key',
            declined: true,
            receivedAt: declined.receivedAt.toISOString(),
            channel: declined.origin.channel,
            gsi2pk: `DECLINED#${localDateOf(declined.receivedAt)}`,
            gsi2sk: `${declined.receivedAt.toISOString()}#${declined.source}`,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return 'recorded';
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return 'duplicate';
      throw error;
    }
  }

  async quarantine(records: readonly QuarantineRecord[]): Promise<void> {
    for (let i = 0; i < records.length; i += 25) {
      let pending = records.slice(i, i + 25).map((record) => ({
        PutRequest: {
          Item: {
            ...keys.quarantine(record.fileId, record.row, record.field),
            type: 'quarantine',
            fileId: record.fileId,
            file: record.file,
            row: record.row,
            field: record.field,
            message: record.message,
            rejectedAt: record.rejectedAt.toISOString(),
            expiresAt: Math.floor(record.rejectedAt.getTime() / 1000) + QUARANTINE_DAYS * 86_400,
          },
        },
      }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 8) throw new Error('quarantine write kept being throttled');
        const result = await this.client.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: pending } }));
        pending = (result.UnprocessedItems?.[this.tableName] ?? []) as typeof pending;
        if (pending.length > 0) await new Promise((resolve) => setTimeout(resolve, 2 ** attempt * 50));
      }
    }
  }

  async listQuarantine(fileId: string): Promise<QuarantineRecord[]> {
    const records: QuarantineRecord[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :file AND begins_with(sk, :quarantine)',
          ExpressionAttributeValues: { ':file': `INTAKE#${fileId}`, ':quarantine': 'QUARANTINE#' },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) {
        records.push({
          fileId: String(item.fileId),
          file: String(item.file),
          row: Number(item.row),
          field: String(item.field),
          message: String(item.message),
          rejectedAt: new Date(String(item.rejectedAt)),
        });
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return records;
  }

  async recordIntakeRun(run: IntakeRun): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keys.intakeRun(run.fileId, run.startedAt),
          type: 'intake-run',
          ...run,
          startedAt: run.startedAt.toISOString(),
          finishedAt: run.finishedAt.toISOString(),
          gsi2pk: `INTAKE_RUN#${localDateOf(run.startedAt)}`,
          gsi2sk: `${run.startedAt.toISOString()}#${run.fileId}`,
        },
      }),
    );
  }

  async getCase(caseId: string): Promise<Case | undefined> {
    const result = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.case(caseId) }));
    return result.Item ? caseFromItem(result.Item) : undefined;
  }

  async findCaseId(source: ReferralSource, externalReference: string): Promise<string | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.referral(source, externalReference) }),
    );
    const caseId = result.Item?.caseId;
    return typeof caseId === 'string' ? caseId : undefined;
  }
}
