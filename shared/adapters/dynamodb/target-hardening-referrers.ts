import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { hashPin } from '../../domain/referrer-pin.ts';
import type { Referrer, StoredReferrer } from '../../domain/target-hardening-jobs.ts';
import type { ReferrerDirectory } from '../../ports/target-hardening.ts';

const referrerKey = (referrerNumber: string) => ({ pk: `THREFERRER#${referrerNumber}`, sk: 'REFERRER' });

/** Referrers, with their PINs' hashes, on the single table (docs/data-model.md): `THREFERRER#<number>`. */
export class DynamoDbReferrerDirectory implements ReferrerDirectory {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async putReferrer(referrer: Referrer, pin: string): Promise<void> {
    const pinHash = await hashPin(pin);
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...referrerKey(referrer.referrerNumber), itemType: 'th-referrer', ...referrer, pinHash },
      }),
    );
  }

  async referrerByNumber(referrerNumber: string): Promise<StoredReferrer | undefined> {
    const found = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: referrerKey(referrerNumber) }),
    );
    if (!found.Item) return undefined;
    return {
      referrer: {
        referrerNumber: String(found.Item.referrerNumber),
        referrerId: String(found.Item.referrerId),
        service: found.Item.service as Referrer['service'],
        name: String(found.Item.name),
      },
      pinHash: String(found.Item.pinHash),
    };
  }
}
