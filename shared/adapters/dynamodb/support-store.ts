import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  type PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Assessment } from '../../domain/assessment.ts';
import {
  type AssessmentKind,
  type CaseSupport,
  type RecordedAssessment,
  type RjRecord,
  RjStateError,
  SupportClosedError,
} from '../../domain/case-support.ts';
import type { PlanAction } from '../../domain/support-plan.ts';
import type { SupportStore } from '../../ports/support-store.ts';
import { queryAll } from './query-all.ts';
import { cancellationCodes, transactWrite } from './transactions.ts';

const pk = (caseId: string) => `CASE#${caseId}`;
const CLOSURE = 'SUPPORT#closure';
const RJ = 'SUPPORT#restorative-justice';

/**
 * A case's support on the single table, under the case: `SUPPORT#assessment#<kind>`, `SUPPORT#action#<id>`
 * and `SUPPORT#closure` — one query reads it all. Every change is conditional on the case not being closed.
 */
export class DynamoDbSupportStore implements SupportStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async getSupport(caseId: string): Promise<CaseSupport> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :support)',
      ExpressionAttributeValues: { ':pk': pk(caseId), ':support': 'SUPPORT#' },
      ConsistentRead: true,
    });
    const assessment = (kind: AssessmentKind): RecordedAssessment | undefined => {
      const item = items.find((i) => i.sk === `SUPPORT#assessment#${kind}`);
      return item
        ? {
            kind,
            assessment: item.assessment as Assessment,
            by: String(item.by),
            at: new Date(String(item.at)),
          }
        : undefined;
    };
    const closure = items.find((i) => i.sk === CLOSURE);
    const rj = items.find((i) => i.sk === RJ);
    const initial = assessment('initial');
    const closing = assessment('closing');
    return {
      ...(initial ? { initial } : {}),
      ...(closing ? { closing } : {}),
      plan: items
        .filter((i) => String(i.sk).startsWith('SUPPORT#action#'))
        .map(
          (i): PlanAction => ({
            actionId: String(i.actionId),
            area: i.area as PlanAction['area'],
            action: String(i.action),
            owner: String(i.owner),
            reviewBy: String(i.reviewBy),
            addedBy: String(i.addedBy),
            addedAt: new Date(String(i.addedAt)),
          }),
        )
        .sort((a, b) => a.addedAt.getTime() - b.addedAt.getTime() || a.actionId.localeCompare(b.actionId)),
      ...(closure ? { closed: { by: String(closure.by), at: new Date(String(closure.at)) } } : {}),
      ...(rj
        ? {
            restorativeJustice: {
              status: rj.status as RjRecord['status'],
              requestedBy: String(rj.requestedBy),
              requestedAt: new Date(String(rj.requestedAt)),
              ...(rj.decidedBy
                ? { decidedBy: String(rj.decidedBy), decidedAt: new Date(String(rj.decidedAt)) }
                : {}),
            },
          }
        : {}),
    };
  }

  async saveAssessment(caseId: string, recorded: RecordedAssessment): Promise<void> {
    await this.whileOpen(caseId, {
      Put: {
        TableName: this.tableName,
        Item: {
          pk: pk(caseId),
          sk: `SUPPORT#assessment#${recorded.kind}`,
          itemType: 'assessment',
          caseId,
          kind: recorded.kind,
          assessment: recorded.assessment,
          by: recorded.by,
          at: recorded.at.toISOString(),
        },
      },
    });
  }

  async addPlanAction(caseId: string, action: PlanAction): Promise<'added' | 'already-added'> {
    try {
      await this.whileOpen(caseId, {
        Put: {
          TableName: this.tableName,
          Item: {
            pk: pk(caseId),
            sk: `SUPPORT#action#${action.actionId}`,
            itemType: 'plan-action',
            caseId,
            ...action,
            addedAt: action.addedAt.toISOString(),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
      return 'added';
    } catch (error) {
      if (cancellationCodes(error)?.[1] === 'ConditionalCheckFailed') return 'already-added';
      throw error;
    }
  }

  async requestRestorativeJustice(caseId: string, record: RjRecord): Promise<void> {
    try {
      await this.whileOpen(caseId, {
        Put: {
          TableName: this.tableName,
          Item: {
            pk: pk(caseId),
            sk: RJ,
            itemType: 'restorative-justice',
            caseId,
            status: record.status,
            requestedBy: record.requestedBy,
            requestedAt: record.requestedAt.toISOString(),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
    } catch (error) {
      if (
        error instanceof TransactionCanceledException &&
        error.CancellationReasons?.[1]?.Code === 'ConditionalCheckFailed'
      ) {
        throw new RjStateError(`case ${caseId} already has a restorative justice request`);
      }
      throw error;
    }
  }

  async decideRestorativeJustice(caseId: string, approved: boolean, by: string, at: Date): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: pk(caseId), sk: RJ },
          UpdateExpression: 'SET #status = :status, decidedBy = :by, decidedAt = :at',
          ConditionExpression: '#status = :awaiting',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':status': approved ? 'approved' : 'not-approved',
            ':by': by,
            ':at': at.toISOString(),
            ':awaiting': 'awaiting-approval',
          },
        }),
      );
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') {
        throw new RjStateError(`case ${caseId} has no restorative justice request awaiting approval`);
      }
      throw error;
    }
  }

  async closeSupport(caseId: string, by: string, at: Date): Promise<void> {
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              ConditionCheck: {
                TableName: this.tableName,
                Key: { pk: pk(caseId), sk: 'SUPPORT#assessment#closing' },
                ConditionExpression: 'attribute_exists(pk)',
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  pk: pk(caseId),
                  sk: CLOSURE,
                  itemType: 'support-closure',
                  caseId,
                  by,
                  at: at.toISOString(),
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        const [needsAssessment, alreadyClosed] = (error.CancellationReasons ?? []).map(
          (reason) => reason.Code === 'ConditionalCheckFailed',
        );
        if (needsAssessment) throw new SupportClosedError(`case ${caseId} has no closing assessment yet`);
        if (alreadyClosed) throw new SupportClosedError(`case ${caseId} is already closed`);
      }
      throw error;
    }
  }

  /**
   * A write that happens only while the case's support is open (no closure item). A write refused by its
   * own condition (it was made already) is left to the caller to read, even on a closed case: a repeat of
   * what was done before the closure is not a change after it.
   */
  private async whileOpen(
    caseId: string,
    write: { Put: ConstructorParameters<typeof PutCommand>[0] },
  ): Promise<void> {
    try {
      await transactWrite(this.client, {
        TransactItems: [
          {
            ConditionCheck: {
              TableName: this.tableName,
              Key: { pk: pk(caseId), sk: CLOSURE },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          write,
        ],
      });
    } catch (error) {
      const [closed, written] = cancellationCodes(error) ?? [];
      if (closed === 'ConditionalCheckFailed' && written !== 'ConditionalCheckFailed') {
        throw new SupportClosedError(`case ${caseId} is closed: its support can no longer change`);
      }
      throw error;
    }
  }
}
