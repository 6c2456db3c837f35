import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
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
import { queryAll } from './query-all.ts';

// Both kept as one item each under the case, the record as JSON with a version: every change reads the item,
// applies the domain's rule and writes it back on condition the version is unchanged (a lost race reads
// again), so the rules live in one place for both stores (docs/data-model.md: restorative justice).

const DATE_KEYS = new Set(['at', 'raisedAt']);
const revive = (key: string, value: unknown) =>
  DATE_KEYS.has(key) && typeof value === 'string' ? new Date(value) : value;
const parse = <T>(item: Record<string, unknown> | undefined): { value: T; version: number } | undefined =>
  item ? { value: JSON.parse(String(item.body), revive) as T, version: Number(item.version) } : undefined;

const pk = (caseId: string) => `CASE#${caseId}`;
const RJ_SK = 'RJ#process';
const mhSk = (referralId: string) => `MHTRIAGE#${referralId}`;

class VersionedItems {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly itemType: string,
  ) {}

  async read<T>(key: { pk: string; sk: string }) {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
    );
    return parse<T>(result.Item);
  }

  /** Applies `change` to the item as it stands until its write wins; a refusal from `change` writes nothing. */
  async change<T, R extends { result: Recorded }>(
    key: { pk: string; sk: string },
    change: (current: T | undefined) => R,
    toStore: (changed: R) => T,
  ): Promise<R> {
    for (;;) {
      const current = await this.read<T>(key);
      const changed = change(current?.value);
      if (changed.result === 'already-recorded') return changed;
      try {
        await this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: {
              ...key,
              itemType: this.itemType,
              version: (current?.version ?? 0) + 1,
              body: JSON.stringify(toStore(changed)),
            },
            ConditionExpression: current ? 'version = :version' : 'attribute_not_exists(pk)',
            ...(current ? { ExpressionAttributeValues: { ':version': current.version } } : {}),
          }),
        );
        return changed;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
  }
}

/** A case's restorative justice as one item, `RJ#process`, under the case. */
export class DynamoDbRjProcessStore implements RjProcessStore {
  private readonly items: VersionedItems;
  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.items = new VersionedItems(client, tableName, 'rj-process');
  }

  async get(caseId: string): Promise<RjProcess | undefined> {
    return (await this.items.read<RjProcess>({ pk: pk(caseId), sk: RJ_SK }))?.value;
  }

  recordOffer(process: NewRjProcess) {
    return this.items.change<RjProcess, { process: RjProcess; result: Recorded }>(
      { pk: pk(process.caseId), sk: RJ_SK },
      (current) => offerOnto(current, process),
      (changed) => changed.process,
    );
  }

  decide(caseId: string, decision: RjDecision) {
    return this.items.change<RjProcess, { process: RjProcess; result: Recorded }>(
      { pk: pk(caseId), sk: RJ_SK },
      (current) => decisionOnto(current, caseId, decision),
      (changed) => changed.process,
    );
  }

  recordStage(caseId: string, entry: RjStageEntry) {
    return this.items.change<RjProcess, { process: RjProcess; result: Recorded }>(
      { pk: pk(caseId), sk: RJ_SK },
      (current) => stageOnto(current, caseId, entry),
      (changed) => changed.process,
    );
  }
}

/** Each referral to the mental health nurses as an item under the case, `MHTRIAGE#<referralId>`. */
export class DynamoDbMhTriageStore implements MhTriageStore {
  private readonly items: VersionedItems;
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {
    this.items = new VersionedItems(client, tableName, 'mh-triage-referral');
  }

  async refer(referral: Omit<MhTriageReferral, 'triage'>) {
    const earlier = await this.get(referral.caseId, referral.referralId);
    if (earlier) return { referral: earlier, result: 'already-recorded' as const };
    if ((await this.listForCase(referral.caseId)).length >= MH_TRIAGE_PER_CASE_MAX)
      throw new TooManyMhTriageReferralsError(
        `case ${referral.caseId} has ${MH_TRIAGE_PER_CASE_MAX} referrals`,
      );
    return this.items.change<MhTriageReferral, { referral: MhTriageReferral; result: Recorded }>(
      { pk: pk(referral.caseId), sk: mhSk(referral.referralId) },
      (current) =>
        current ? { referral: current, result: 'already-recorded' } : { referral, result: 'recorded' },
      (changed) => changed.referral,
    );
  }

  async get(caseId: string, referralId: string) {
    return (await this.items.read<MhTriageReferral>({ pk: pk(caseId), sk: mhSk(referralId) }))?.value;
  }

  async listForCase(caseId: string) {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :case AND begins_with(sk, :triage)',
      ExpressionAttributeValues: { ':case': pk(caseId), ':triage': 'MHTRIAGE#' },
      ConsistentRead: true,
    });
    return items
      .map((item) => parse<MhTriageReferral>(item)?.value as MhTriageReferral)
      .sort((a, b) => a.at.getTime() - b.at.getTime());
  }

  recordOutcome(
    caseId: string,
    referralId: string,
    triage: { outcome: MhTriageOutcome; by: string; at: Date },
  ) {
    return this.items.change<MhTriageReferral, { referral: MhTriageReferral; result: Recorded }>(
      { pk: pk(caseId), sk: mhSk(referralId) },
      (current) => {
        if (!current) throw new MhTriageNotFoundError(`case ${caseId} has no triage referral ${referralId}`);
        return current.triage
          ? { referral: current, result: 'already-recorded' }
          : { referral: { ...current, triage }, result: 'recorded' };
      },
      (changed) => changed.referral,
    );
  }
}
