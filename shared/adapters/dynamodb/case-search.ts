import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Case } from '../../domain/case.ts';
import {
  answerSearch,
  type CaseSearchQuery,
  type CaseSearchResult,
  phoneTermOf,
  type SearchCandidate,
  type SearchTerm,
  searchLimitOf,
  searchOrderOf,
  searchTermsOf,
} from '../../domain/case-search.ts';
import type { CaseSearch } from '../../ports/case-search.ts';
import { queryAll } from './query-all.ts';
import { transactWrite } from './transactions.ts';

/**
 * A search key's place in the table: the term's partition (`FIND#<kind>#<hash>`, no personal data) and the
 * case newest first within it (`RECEIVED#<receivedAt>#<caseId>`), docs/data-model.md.
 */
export const searchKey = (term: SearchTerm, order: string) => ({
  pk: `FIND#${term.kind}#${term.hash}`,
  sk: `RECEIVED#${order}`,
});

const SK_PREFIX = 'RECEIVED#';

/**
 * The search keys of a case (shared/domain/case-search.ts): one item per term, holding the case id only.
 * The same case always gives the same items, so writing them again changes nothing.
 */
export function searchKeyItems(opened: Pick<Case, 'caseId' | 'referral'>): Record<string, unknown>[] {
  const order = searchOrderOf(opened.referral.receivedAt.toISOString(), opened.caseId);
  return searchTermsOf(opened.referral).map((term) => ({
    ...searchKey(term, order),
    type: 'search-key',
    caseId: opened.caseId,
  }));
}

/**
 * Writes the cases' search keys: Puts without a condition, 100 to a transaction (docs/data-model.md,
 * access pattern 27). Intake writes them after each case's own transaction, and the rebuild of every case's
 * keys writes them the same way; the items are the same each time. Returns how many were written.
 */
export async function putSearchKeys(
  client: DynamoDBDocumentClient,
  tableName: string,
  cases: ReadonlyArray<Pick<Case, 'caseId' | 'referral'>>,
): Promise<number> {
  const items = cases.flatMap(searchKeyItems);
  for (let i = 0; i < items.length; i += 100) {
    await transactWrite(client, {
      TransactItems: items.slice(i, i + 100).map((Item) => ({ Put: { TableName: tableName, Item } })),
    });
  }
  return items.length;
}

const candidateOf = (item: Record<string, unknown>): SearchCandidate => ({
  caseId: String(item.caseId),
  order: String(item.sk).slice(SK_PREFIX.length),
});

/**
 * Finding a case on DynamoDB: Query on a search key's partition, newest first (a page at a time), GetItem
 * for a case reference and for each narrowing check. No Scan, no index.
 */
export class DynamoDbCaseSearch implements CaseSearch {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async find(query: CaseSearchQuery, options: { readonly limit: number }): Promise<CaseSearchResult> {
    const { client, tableName } = this;
    return answerSearch(query, options.limit, {
      direct: async (caseId) => {
        const { Item } = await client.send(
          new GetCommand({
            TableName: tableName,
            Key: { pk: `CASE#${caseId}`, sk: 'CASE' },
            ProjectionExpression: 'caseId, #referral.receivedAt',
            ExpressionAttributeNames: { '#referral': 'referral' },
          }),
        );
        const receivedAt = (Item?.referral as { receivedAt?: unknown } | undefined)?.receivedAt;
        return Item && typeof receivedAt === 'string'
          ? { caseId, order: searchOrderOf(receivedAt, caseId) }
          : undefined;
      },
      candidates: (terms, pageSize) => this.candidates(terms, pageSize),
      has: async (terms, candidate) => {
        const found = await Promise.all(
          terms.map((term) =>
            client.send(
              new GetCommand({
                TableName: tableName,
                Key: searchKey(term, candidate.order),
                ProjectionExpression: 'caseId',
              }),
            ),
          ),
        );
        return found.some(({ Item }) => Item !== undefined);
      },
    });
  }

  async casesByPhone(e164: string, options: { readonly limit: number }): Promise<string[]> {
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :received)',
        ExpressionAttributeValues: { ':pk': searchKey(phoneTermOf(e164), '').pk, ':received': SK_PREFIX },
        ProjectionExpression: 'caseId',
        ScanIndexForward: false,
        Limit: searchLimitOf(options.limit),
      }),
    );
    return Items.map((item) => String(item.caseId));
  }

  /**
   * The cases under any of the terms, newest first. One term is read a page at a time; several (a crime
   * reference under each source, each holding at most one case) are read whole and merged.
   */
  private async *candidates(
    terms: readonly SearchTerm[],
    pageSize: number,
  ): AsyncGenerator<readonly SearchCandidate[]> {
    const newestFirst = (pk: string) => ({
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :received)',
      ExpressionAttributeValues: { ':pk': pk, ':received': SK_PREFIX },
      ProjectionExpression: 'sk, caseId',
      ScanIndexForward: false,
    });
    if (terms.length !== 1) {
      const everyOne = await Promise.all(
        terms.map((term) => queryAll(this.client, newestFirst(searchKey(term, '').pk))),
      );
      yield everyOne
        .flat()
        .map(candidateOf)
        .sort((a, b) => (a.order < b.order ? 1 : a.order > b.order ? -1 : 0));
      return;
    }
    const [term] = terms as [SearchTerm];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          ...newestFirst(searchKey(term, '').pk),
          Limit: pageSize,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      yield (page.Items ?? []).map(candidateOf);
      start = page.LastEvaluatedKey;
    } while (start);
  }
}
