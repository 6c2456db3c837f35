import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Case } from '../../domain/case.ts';
import {
  decodeRebuildCursor,
  encodeRebuildCursor,
  rebuildPageSizeOf,
  type SearchableCase,
} from '../../domain/search-key-rebuild.ts';
import type { CaseSearchKeys, StoredCasesPage } from '../../ports/case-search-keys.ts';
import { putSearchKeys } from './case-search.ts';

/**
 * Every case's search keys rebuilt on DynamoDB (docs/data-model.md, access pattern 48): the cases read by a
 * paginated Scan of the table filtered to case items, which only the rebuild-search-keys function may send
 * (an operator's offline job, never a request path; docs/decisions.md says why not an index), and the keys
 * written with the same Puts intake uses.
 */
export class DynamoDbCaseSearchKeys implements CaseSearchKeys {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async storedCases(options: {
    readonly from?: string;
    readonly pageSize: number;
  }): Promise<StoredCasesPage> {
    const start = options.from === undefined ? undefined : decodeRebuildCursor(options.from);
    const page = await this.client.send(
      new ScanCommand({
        TableName: this.tableName,
        // Limit bounds the items read; the filter keeps the case items among them.
        Limit: rebuildPageSizeOf(options.pageSize),
        FilterExpression: 'sk = :case AND begins_with(pk, :cases)',
        ProjectionExpression: 'caseId, #r.#source, #r.externalReference, #r.receivedAt, #r.victim',
        ExpressionAttributeNames: { '#r': 'referral', '#source': 'source' },
        ExpressionAttributeValues: { ':case': 'CASE', ':cases': 'CASE#' },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    const last = page.LastEvaluatedKey;
    return {
      cases: (page.Items ?? []).map(searchableOf),
      ...(last ? { next: encodeRebuildCursor({ pk: String(last.pk), sk: String(last.sk) }) } : {}),
    };
  }

  writeSearchKeys(cases: readonly SearchableCase[]): Promise<number> {
    return putSearchKeys(this.client, this.tableName, cases);
  }
}

/** A case item as read for its search keys: the referral's received time back to a Date. */
function searchableOf(item: Record<string, unknown>): SearchableCase {
  const referral = item.referral as Record<string, unknown>;
  return {
    caseId: String(item.caseId),
    referral: {
      ...referral,
      receivedAt: new Date(String(referral.receivedAt)),
    } as unknown as Case['referral'],
  };
}
