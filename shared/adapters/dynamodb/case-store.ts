import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { localDateOf } from '../../domain/calendar.ts';
import type { Case } from '../../domain/case.ts';
import {
  type CaseEvent,
  CaseIdCollisionError,
  type DeclinedReferral,
  type IntakeOrigin,
  type IntakeRun,
  type NewCase,
  type QuarantineRecord,
} from '../../domain/case-records.ts';
import type { ReferralSource } from '../../domain/referral-codes.ts';
import type { CaseStore } from '../../ports/case-store.ts';
import { putSearchKeys } from './case-search.ts';
import { queryAll } from './query-all.ts';

// Quarantined rows are kept long enough to be corrected and re-sent, then expire (docs/service-rules.md:
// bad input).
const QUARANTINE_DAYS = 90;

/** Keys of the single table (docs/data-model.md). */
export const keys = {
  case: (caseId: string) => ({ pk: `CASE#${caseId}`, sk: 'CASE' }),
  caseEvent: (caseId: string, eventId: string) => ({ pk: `CASE#${caseId}`, sk: `EVENT#${eventId}` }),
  referral: (source: ReferralSource, externalReference: string) => ({
    pk: `REFERRAL#${source}#${externalReference.toUpperCase()}`,
    sk: 'REFERRAL',
  }),
  quarantine: (fileId: string, row: number, field: string) => ({
    pk: `INTAKE#${fileId}`,
    sk: `QUARANTINE#${String(row).padStart(6, '0')}#${field}`,
  }),
  person: (personKey: string) => ({ pk: `PERSON#${personKey}`, sk: 'PERSON' }),
  intakeRun: (fileId: string, startedAt: Date) => ({
    pk: `INTAKE#${fileId}`,
    sk: `RUN#${startedAt.toISOString()}`,
  }),
} as const;

const backoff = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, 2 ** attempt * 25 * (1 + Math.random())));

/** The items one new case writes, in one transaction: its referral key, the case, and its person link. */
export function caseItems(opened: Case, origin: IntakeOrigin) {
  const { referral } = opened;
  const receivedAt = referral.receivedAt.toISOString();
  const referralKey: Record<string, unknown> = {
    ...keys.referral(referral.source, referral.externalReference),
    type: 'referral-key',
    caseId: opened.caseId,
    referralId: opened.referralId,
    receivedAt,
  };
  const caseItem: Record<string, unknown> = {
    ...keys.case(opened.caseId),
    type: 'case',
    ...(JSON.parse(JSON.stringify(opened)) as Record<string, unknown>),
    intake: origin,
    gsi2pk: `RECEIVED#${localDateOf(referral.receivedAt)}`,
    gsi2sk: `${receivedAt}#${opened.caseId}`,
  };
  return { referralKey, caseItem, personKey: opened.personKey };
}

function caseFromItem(item: Record<string, unknown>): Case {
  const stored = item as unknown as Case & {
    referral: Record<string, unknown>;
    deadlines: Record<string, string>;
  };
  const referral: Record<string, unknown> = {
    ...stored.referral,
    receivedAt: new Date(String(stored.referral.receivedAt)),
  };
  if (typeof stored.referral.webChatSlot === 'string')
    referral.webChatSlot = new Date(stored.referral.webChatSlot);
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

/** The case store on DynamoDB: AWS in production, DynamoDB Local on one machine. */
/**
 * A case event as the table holds it: under its case, and for breaches and at-risk alerts also by local day.
 * Written once (callers put it with `attribute_not_exists(pk)`), alone or in another write's transaction.
 */
export function caseEventItem(event: CaseEvent): Record<string, unknown> {
  const dayIndex =
    event.type === 'deadline-breached' || event.type === 'deadline-at-risk'
      ? {
          gsi2pk: `${event.type === 'deadline-breached' ? 'BREACH' : 'AT_RISK'}#${localDateOf(event.at)}`,
          gsi2sk: `${event.at.toISOString()}#${event.caseId}`,
        }
      : {};
  return {
    ...keys.caseEvent(event.caseId, event.eventId),
    itemType: 'case-event',
    ...event,
    at: event.at.toISOString(),
    ...dayIndex,
  };
}

const caseEventOf = (item: Record<string, unknown>): CaseEvent => ({
  eventId: String(item.eventId),
  caseId: String(item.caseId),
  type: item.type as CaseEvent['type'],
  at: new Date(String(item.at)),
  detail: (item.detail ?? {}) as CaseEvent['detail'],
});

const byInstantThenId = (a: CaseEvent, b: CaseEvent) =>
  a.at.getTime() - b.at.getTime() || a.eventId.localeCompare(b.eventId);

export class DynamoDbCaseStore implements CaseStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async previousCaseIds(personKeys: readonly string[]): Promise<Map<string, string[]>> {
    const found = new Map<string, string[]>();
    const unique = [...new Set(personKeys)];
    for (let i = 0; i < unique.length; i += 100) {
      let pending: Record<string, unknown>[] = unique.slice(i, i + 100).map(keys.person);
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 8) throw new Error('person look-up kept being throttled');
        const result = await this.client.send(
          new BatchGetCommand({
            RequestItems: { [this.tableName]: { Keys: pending, ProjectionExpression: 'personKey, caseIds' } },
          }),
        );
        for (const item of result.Responses?.[this.tableName] ?? []) {
          found.set(String(item.personKey), [...((item.caseIds as Set<string> | undefined) ?? [])].sort());
        }
        pending = result.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
        if (pending.length > 0) await backoff(attempt);
      }
    }
    return found;
  }

  async createCases(cases: readonly NewCase[]): Promise<Array<'created' | 'duplicate'>> {
    const statuses = await this.writeCases(cases);
    await this.writeSearchKeys(cases, statuses);
    return statuses;
  }

  /**
   * The search keys of the cases just written (shared/adapters/dynamodb/case-search.ts): after their
   * transaction, since five more items a case would not fit in it (docs/data-model.md). A duplicate's are
   * written from the case as stored, so an intake retried after stopping between the two writes finishes
   * them; the items are the same each time, and writing them again changes nothing.
   */
  private async writeSearchKeys(
    cases: readonly NewCase[],
    statuses: ReadonlyArray<'created' | 'duplicate'>,
  ): Promise<void> {
    const created = cases.filter((_, i) => statuses[i] === 'created').map(({ opened }) => opened);
    const duplicates = cases.filter((_, i) => statuses[i] === 'duplicate').map(({ opened }) => opened.caseId);
    const stored = duplicates.length > 0 ? await this.storedForSearch(duplicates) : [];
    await putSearchKeys(this.client, this.tableName, [...created, ...stored]);
  }

  /** What the search keys of stored cases are made from (a declined referral's key has no case). */
  private async storedForSearch(
    caseIds: readonly string[],
  ): Promise<Array<Pick<Case, 'caseId' | 'referral'>>> {
    const found: Array<Pick<Case, 'caseId' | 'referral'>> = [];
    for (let i = 0; i < caseIds.length; i += 100) {
      let pending: Record<string, unknown>[] = caseIds.slice(i, i + 100).map(keys.case);
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 8) throw new Error('case look-up kept being throttled');
        const result = await this.client.send(
          new BatchGetCommand({
            RequestItems: {
              [this.tableName]: {
                Keys: pending,
                ProjectionExpression: 'caseId, #r.#source, #r.externalReference, #r.receivedAt, #r.victim',
                ExpressionAttributeNames: { '#r': 'referral', '#source': 'source' },
              },
            },
          }),
        );
        for (const item of result.Responses?.[this.tableName] ?? []) {
          const referral = item.referral as Record<string, unknown>;
          found.push({
            caseId: String(item.caseId),
            referral: {
              ...referral,
              receivedAt: new Date(String(referral.receivedAt)),
            } as unknown as Case['referral'],
          });
        }
        pending = result.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
        if (pending.length > 0) await backoff(attempt);
      }
    }
    return found;
  }

  private async writeCases(cases: readonly NewCase[]): Promise<Array<'created' | 'duplicate'>> {
    const statuses: Array<'created' | 'duplicate'> = cases.map(() => 'created');
    let pending = cases.map((_, index) => index);
    for (let attempt = 0; pending.length > 0; attempt++) {
      // Each entry says which case an item belongs to, so a cancellation reason can be traced back.
      const owners: Array<{ index: number; role: 'referral-key' | 'case' | 'person' }> = [];
      const items: NonNullable<TransactWriteCommandInput['TransactItems']> = [];
      for (const index of pending) {
        const { opened, origin } = cases[index] as NewCase;
        const { referralKey, caseItem, personKey } = caseItems(opened, origin);
        const condition = 'attribute_not_exists(pk)';
        items.push({ Put: { TableName: this.tableName, Item: referralKey, ConditionExpression: condition } });
        owners.push({ index, role: 'referral-key' });
        items.push({ Put: { TableName: this.tableName, Item: caseItem, ConditionExpression: condition } });
        owners.push({ index, role: 'case' });
        if (personKey) {
          items.push({
            Update: {
              TableName: this.tableName,
              Key: keys.person(personKey),
              UpdateExpression: 'SET personKey = :key ADD caseIds :case',
              ExpressionAttributeValues: { ':key': personKey, ':case': new Set([opened.caseId]) },
            },
          });
          owners.push({ index, role: 'person' });
        }
      }
      try {
        await this.client.send(new TransactWriteCommand({ TransactItems: items }));
        return statuses;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException) || attempt >= 8) throw error;
        const failed = new Map<number, Set<string>>();
        (error.CancellationReasons ?? []).forEach((reason, position) => {
          const owner = owners[position];
          if (!owner || reason.Code !== 'ConditionalCheckFailed') return;
          failed.set(owner.index, (failed.get(owner.index) ?? new Set()).add(owner.role));
        });
        const duplicates = new Set<number>();
        for (const [index, roles] of failed) {
          // A taken referral key is a duplicate; a taken case id under a new referral key is a collision.
          if (roles.has('referral-key')) duplicates.add(index);
          else
            throw new CaseIdCollisionError(`case reference ${cases[index]?.opened.caseId} is already taken`);
        }
        for (const index of duplicates) statuses[index] = 'duplicate';
        pending = pending.filter((index) => !duplicates.has(index));
        // No duplicate found means a conflict with a concurrent writer: wait and try the rest again.
        if (duplicates.size === 0) await backoff(attempt);
      }
    }
    return statuses;
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

  async quarantine(given: readonly QuarantineRecord[]): Promise<void> {
    // One record per row and field (its key); two reasons for the same field are kept together.
    const byKey = new Map<string, QuarantineRecord>();
    for (const record of given) {
      const key = keys.quarantine(record.fileId, record.row, record.field).sk;
      const earlier = byKey.get(key);
      byKey.set(key, earlier ? { ...earlier, message: `${earlier.message}; ${record.message}` } : record);
    }
    const records = [...byKey.values()];
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
        const result = await this.client.send(
          new BatchWriteCommand({ RequestItems: { [this.tableName]: pending } }),
        );
        pending = (result.UnprocessedItems?.[this.tableName] ?? []) as typeof pending;
        if (pending.length > 0) await backoff(attempt);
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
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.case(caseId) }),
    );
    return result.Item ? caseFromItem(result.Item) : undefined;
  }

  async recordEvent(event: CaseEvent): Promise<'recorded' | 'duplicate'> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: caseEventItem(event),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return 'recorded';
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return 'duplicate';
      throw error;
    }
  }

  async timeline(caseId: string): Promise<CaseEvent[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :case AND begins_with(sk, :event)',
      ExpressionAttributeValues: { ':case': `CASE#${caseId}`, ':event': 'EVENT#' },
    });
    return items.map(caseEventOf).sort(byInstantThenId);
  }

  async breachesOn(date: string): Promise<CaseEvent[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :day',
      ExpressionAttributeValues: { ':day': `BREACH#${date}` },
    });
    return items.map(caseEventOf).sort(byInstantThenId);
  }

  async caseIdsReceivedOn(date: string): Promise<string[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :day',
      ExpressionAttributeValues: { ':day': `RECEIVED#${date}` },
      ProjectionExpression: 'caseId',
    });
    return items.map((item) => String(item.caseId));
  }

  async findCaseId(source: ReferralSource, externalReference: string): Promise<string | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.referral(source, externalReference) }),
    );
    const caseId = result.Item?.caseId;
    return typeof caseId === 'string' ? caseId : undefined;
  }
}
