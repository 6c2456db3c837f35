import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  type Agency,
  AgencyNameTakenError,
  AgencyNotFoundError,
  agencyNameOf,
  type NewAgency,
  sameAgencyName,
} from '../../domain/agencies.ts';
import type { AgencyList } from '../../ports/agencies.ts';
import { queryAll } from './query-all.ts';
import { cancellationCodes, transactWrite } from './transactions.ts';

const PK = 'AGENCIES';
const agencyKey = (agencyId: string) => ({ pk: PK, sk: `AGENCY#${agencyId}` });
/** One item per name in use, so two agencies cannot share one: written in the agency's own transaction. */
const nameKey = (name: string) => ({ pk: PK, sk: `NAME#${sameAgencyName(name)}` });
const seedKey = (version: string) => ({ pk: PK, sk: `SEED#${version}` });

const failed = (code: string | undefined) => code === 'ConditionalCheckFailed';

/**
 * The agency list on the single table, in one small partition (`AGENCIES`): `AGENCY#<id>` per agency,
 * `NAME#<name>` per name in use (kept without its agency once released by a rename), `SEED#<version>` once a
 * seed list was written. Every change is conditional, and nothing is deleted.
 */
export class DynamoDbAgencyList implements AgencyList {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async listAgencies(): Promise<Agency[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :agency)',
      ExpressionAttributeValues: { ':pk': PK, ':agency': 'AGENCY#' },
      ConsistentRead: true,
    });
    return items
      .map(agencyOf)
      .sort((a, b) => a.name.localeCompare(b.name, 'en-GB') || a.agencyId.localeCompare(b.agencyId));
  }

  async getAgency(agencyId: string): Promise<Agency | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: agencyKey(agencyId), ConsistentRead: true }),
    );
    return Item ? agencyOf(Item) : undefined;
  }

  async addAgency(agency: NewAgency, by: string, at: Date): Promise<'added' | 'already-added'> {
    const name = agencyNameOf(agency.name);
    try {
      await transactWrite(this.client, {
        TransactItems: [
          {
            Put: {
              TableName: this.tableName,
              Item: {
                ...agencyKey(agency.agencyId),
                itemType: 'agency',
                agencyId: agency.agencyId,
                name,
                active: true,
                changedBy: by,
                changedAt: at.toISOString(),
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          this.claimName(name, agency.agencyId),
        ],
      });
      return 'added';
    } catch (error) {
      const [agencyCode, nameCode] = cancellationCodes(error) ?? [];
      if (failed(agencyCode)) return 'already-added';
      if (failed(nameCode)) throw new AgencyNameTakenError(`an agency is already called ${name}`);
      throw error;
    }
  }

  async renameAgency(agencyId: string, typed: string, by: string, at: Date): Promise<void> {
    const agency = await this.getAgency(agencyId);
    if (!agency) throw new AgencyNotFoundError(`there is no agency ${agencyId}`);
    const name = agencyNameOf(typed);
    const update = {
      Update: {
        TableName: this.tableName,
        Key: agencyKey(agencyId),
        UpdateExpression: 'SET #name = :name, changedBy = :by, changedAt = :at',
        // Renamed by nobody else meanwhile: the name item released below is the one this agency holds.
        ConditionExpression: '#name = :was',
        ExpressionAttributeNames: { '#name': 'name' },
        ExpressionAttributeValues: { ':name': name, ':was': agency.name, ':by': by, ':at': at.toISOString() },
      },
    };
    // The same name but for case or spacing keeps its name item.
    const sameName = sameAgencyName(name) === sameAgencyName(agency.name);
    try {
      await transactWrite(this.client, {
        TransactItems: sameName
          ? [update]
          : [update, this.releaseName(agency.name, agencyId, at), this.claimName(name, agencyId)],
      });
    } catch (error) {
      const codes = cancellationCodes(error) ?? [];
      if (failed(codes[2])) throw new AgencyNameTakenError(`an agency is already called ${name}`);
      if (failed(codes[0])) throw new AgencyNotFoundError(`agency ${agencyId} was changed meanwhile`);
      throw error;
    }
  }

  async setActive(agencyId: string, active: boolean, by: string, at: Date): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: agencyKey(agencyId),
          UpdateExpression: 'SET active = :active, changedBy = :by, changedAt = :at',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':active': active, ':by': by, ':at': at.toISOString() },
        }),
      );
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException')
        throw new AgencyNotFoundError(`there is no agency ${agencyId}`);
      throw error;
    }
  }

  async seed(
    version: string,
    agencies: readonly NewAgency[],
    at: Date,
  ): Promise<'seeded' | 'already-seeded'> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: seedKey(version), ConsistentRead: true }),
    );
    if (Item) return 'already-seeded';
    for (const agency of agencies) {
      try {
        await this.addAgency(agency, 'seed', at);
      } catch (error) {
        // An administrator's agency of the same name stands; the seed adds only what is missing.
        if (!(error instanceof AgencyNameTakenError)) throw error;
      }
    }
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...seedKey(version), itemType: 'agency-seed', version, at: at.toISOString() },
      }),
    );
    return 'seeded';
  }

  /** Takes a name for the agency: free when no agency holds it (never used, or released by a rename). */
  private claimName(name: string, agencyId: string) {
    return {
      Put: {
        TableName: this.tableName,
        Item: { ...nameKey(name), itemType: 'agency-name', agencyId },
        ConditionExpression: 'attribute_not_exists(pk) OR attribute_not_exists(agencyId)',
      },
    };
  }

  /**
   * Gives up a name on a rename. The item stays, without its agency, rather than being deleted: no function of
   * the service may delete items (docs/infrastructure.md, "Case table access").
   */
  private releaseName(name: string, agencyId: string, at: Date) {
    return {
      Update: {
        TableName: this.tableName,
        Key: nameKey(name),
        UpdateExpression: 'REMOVE agencyId SET releasedAt = :at',
        ConditionExpression: 'agencyId = :agency',
        ExpressionAttributeValues: { ':agency': agencyId, ':at': at.toISOString() },
      },
    };
  }
}

function agencyOf(item: Record<string, unknown>): Agency {
  return { agencyId: String(item.agencyId), name: String(item.name), active: item.active === true };
}
