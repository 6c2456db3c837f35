import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { localDateOf } from '../../domain/calendar.ts';
import { referralNumberOf } from '../../domain/target-hardening.ts';
import type { ThReferral } from '../../domain/target-hardening-jobs.ts';
import type { ThReferralDetails } from '../../domain/target-hardening-referral.ts';
import type { ThReferralStore } from '../../ports/target-hardening.ts';
import { queryAll } from './query-all.ts';
import { failedAt, nextNumber } from './target-hardening-counter.ts';

const referralKey = (referralNumber: string) => ({ pk: `THREF#${referralNumber}`, sk: 'REFERRAL' });
const referenceKey = (service: string, reference: string) => ({
  pk: `THREFKEY#${service}#${reference}`,
  sk: 'KEY',
});

function referralOf(item: Record<string, unknown>): ThReferral {
  return {
    referralNumber: String(item.referralNumber),
    receivedAt: new Date(String(item.receivedAt)),
    details: item.details as ThReferralDetails,
    ...(typeof item.caseId === 'string' ? { caseId: item.caseId } : {}),
    ...(typeof item.jobId === 'string' ? { jobId: item.jobId } : {}),
  };
}

/**
 * The transaction item that links a referral to its job (the job store writes it with the job): only a
 * referral that exists and has no job yet, so a second job for it fails this condition.
 */
export const linkJobToReferral = (tableName: string, referralNumber: string, jobId: string) => ({
  TableName: tableName,
  Key: referralKey(referralNumber),
  UpdateExpression: 'SET jobId = :jobId',
  ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(jobId)',
  ExpressionAttributeValues: { ':jobId': jobId },
});

/**
 * Target-hardening referrals on the single table (docs/data-model.md): each under `THREF#<number>`, with a
 * key item per referrer's reference (`THREFKEY#<service>#<reference>`, so a resend is the same referral),
 * and on gsi2 by the local day it was received (`TH_RECEIVED#<date>`). Numbered by the `th-referral` counter.
 */
export class DynamoDbThReferralStore implements ThReferralStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async recordReferral(
    details: ThReferralDetails,
    receivedAt: Date,
    caseId?: string,
  ): Promise<{ referral: ThReferral; status: 'recorded' | 'duplicate' }> {
    const key = referenceKey(details.service, details.reference);
    const existing = await this.referralByKey(key);
    if (existing) return { referral: existing, status: 'duplicate' };
    const referralNumber = referralNumberOf(await nextNumber(this.client, this.tableName, 'th-referral'));
    const referral: ThReferral = { referralNumber, receivedAt, details, ...(caseId ? { caseId } : {}) };
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: { ...key, itemType: 'th-referral-key', referralNumber },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...referralKey(referralNumber),
                  itemType: 'th-referral',
                  referralNumber,
                  receivedAt: receivedAt.toISOString(),
                  details,
                  gsi2pk: `TH_RECEIVED#${localDateOf(receivedAt)}`,
                  gsi2sk: `${receivedAt.toISOString()}#${referralNumber}`,
                  ...(caseId ? { caseId } : {}),
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
      return { referral, status: 'recorded' };
    } catch (error) {
      // Sent twice at once: the other one recorded it first.
      if (failedAt(error, 0)) {
        const first = await this.referralByKey(key);
        if (first) return { referral: first, status: 'duplicate' };
      }
      throw error;
    }
  }

  private async referralByKey(key: { pk: string; sk: string }): Promise<ThReferral | undefined> {
    const found = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
    );
    return found.Item ? this.getReferral(String(found.Item.referralNumber)) : undefined;
  }

  async getReferral(referralNumber: string): Promise<ThReferral | undefined> {
    const found = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: referralKey(referralNumber), ConsistentRead: true }),
    );
    return found.Item ? referralOf(found.Item) : undefined;
  }

  async referralsReceivedOn(date: string): Promise<ThReferral[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :day',
      ExpressionAttributeValues: { ':day': `TH_RECEIVED#${date}` },
    });
    return items.map(referralOf);
  }

  referralOfCase(caseId: string): Promise<ThReferral | undefined> {
    return this.referralByKey(referenceKey('victim-first', caseId));
  }
}
