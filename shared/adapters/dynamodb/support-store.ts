import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, type PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Assessment, YoungPersonAssessment } from '../../domain/assessment.ts';
import {
  type AssessmentKind,
  type CaseSupport,
  type Closure,
  type ClosureGiven,
  isClosureReason,
  needsClosingAssessment,
  type RecordedAssessment,
  type Reopening,
  type RjRecord,
  RjStateError,
  type SupportChange,
  SupportClosedError,
  SupportOpenError,
  sameClosure,
  sameReopening,
  supportChanges,
} from '../../domain/case-support.ts';
import type { PlanAction } from '../../domain/support-plan.ts';
import type { SupportStore } from '../../ports/support-store.ts';
import { queryAll } from './query-all.ts';
import { cancellationCodes, transactWrite } from './transactions.ts';

const pk = (caseId: string) => `CASE#${caseId}`;
const CLOSURE = 'SUPPORT#closure';
const CHANGE = 'SUPPORT#change#';
const RJ = 'SUPPORT#restorative-justice';

/** The nth closure or reopening of a case kept in its history: sorted by number as the table sorts keys. */
const changeKey = (n: number) => `${CHANGE}${String(n).padStart(6, '0')}`;

/** How often a closure or reopening reads the case again when another change to it got there first. */
const CHANGE_ATTEMPTS = 3;

/** A closure or reopening as an item keeps it (`status` is which). */
const changeAttributes = (change: SupportChange) => ({
  status: change.change,
  by: change.by,
  at: change.at.toISOString(),
  ...(change.change === 'closed'
    ? {
        ...(change.reason === undefined ? {} : { reason: change.reason }),
        ...(change.reasonText === undefined ? {} : { reasonText: change.reasonText }),
      }
    : { reason: change.reason }),
});

/** A closure or reopening read back; an item without `status` is a closure kept before reopening was built. */
function changeOf(item: Record<string, unknown>): SupportChange {
  const by = String(item.by);
  const at = new Date(String(item.at));
  if (item.status === 'reopened') return { change: 'reopened', by, at, reason: String(item.reason) };
  return {
    change: 'closed',
    by,
    at,
    ...(isClosureReason(item.reason) ? { reason: item.reason } : {}),
    ...(typeof item.reasonText === 'string' ? { reasonText: item.reasonText } : {}),
  };
}

/**
 * A case's support on the single table, under the case: `SUPPORT#assessment#<kind>`, `SUPPORT#action#<id>`,
 * `SUPPORT#closure` (where the case stands: its last closure or reopening) and `SUPPORT#change#<n>` (the
 * closures and reopenings before it) — one query reads it all. Every change is conditional on the case not
 * being closed.
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
      if (!item) return undefined;
      const recorded = { kind, by: String(item.by), at: new Date(String(item.at)) };
      // An item without a form (every one before the young people's form) is the adults' nine areas.
      return item.form === 'young-person'
        ? { ...recorded, form: 'young-person', assessment: item.assessment as YoungPersonAssessment }
        : { ...recorded, assessment: item.assessment as Assessment };
    };
    const closure = items.find((i) => i.sk === CLOSURE);
    const rj = items.find((i) => i.sk === RJ);
    const current = closure ? changeOf(closure) : undefined;
    const earlier = items
      .filter((i) => String(i.sk).startsWith(CHANGE))
      .sort((a, b) => String(a.sk).localeCompare(String(b.sk)))
      .map(changeOf);
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
      ...(current?.change === 'closed' ? { closed: closureOnly(current) } : {}),
      ...(current?.change === 'reopened' ? { reopened: reopeningOnly(current) } : {}),
      ...(current && earlier.length > 0 ? { earlier } : {}),
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
          ...(recorded.form === 'young-person' ? { form: recorded.form } : {}),
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

  async closeSupport(caseId: string, by: string, at: Date, given?: ClosureGiven): Promise<void> {
    const closure: SupportChange = {
      change: 'closed',
      by,
      at,
      ...(given ? { reason: given.reason } : {}),
      ...(given?.reasonText === undefined ? {} : { reasonText: given.reasonText }),
    };
    const checksAssessment = needsClosingAssessment(given);
    for (let attempt = 1; ; attempt++) {
      const support = await this.getSupport(caseId);
      const changes = supportChanges(support);
      const last = changes.at(-1);
      if (last?.change === 'closed') {
        if (sameClosure(last, closure)) return;
        throw new SupportClosedError(`case ${caseId} is already closed`);
      }
      if (checksAssessment && !support.closing)
        throw new SupportClosedError(`case ${caseId} has no closing assessment yet`);
      try {
        await transactWrite(this.client, {
          TransactItems: [
            // Checked again in the write: support completed needs the closing assessment.
            ...(checksAssessment
              ? [
                  {
                    ConditionCheck: {
                      TableName: this.tableName,
                      Key: { pk: pk(caseId), sk: 'SUPPORT#assessment#closing' },
                      ConditionExpression: 'attribute_exists(pk)',
                    },
                  },
                ]
              : []),
            this.putWhereItStands(caseId, closure, changes.length + 1, last),
            // A reopened case keeps its reopening in its history.
            ...(last ? [this.putInHistory(caseId, last, changes.length)] : []),
          ],
        });
        return;
      } catch (error) {
        // Another change got there first (a closure, perhaps this one sent twice): read the case again.
        if (!cancellationCodes(error)?.includes('ConditionalCheckFailed') || attempt >= CHANGE_ATTEMPTS)
          throw error;
      }
    }
  }

  async reopen(caseId: string, reopening: Reopening): Promise<void> {
    const change: SupportChange = { change: 'reopened', ...reopening };
    for (let attempt = 1; ; attempt++) {
      const changes = supportChanges(await this.getSupport(caseId));
      const last = changes.at(-1);
      if (last?.change === 'reopened' && sameReopening(last, change)) return;
      if (last?.change !== 'closed') throw new SupportOpenError(`case ${caseId} is not closed`);
      try {
        await transactWrite(this.client, {
          TransactItems: [
            this.putWhereItStands(caseId, change, changes.length + 1, last),
            this.putInHistory(caseId, last, changes.length),
          ],
        });
        return;
      } catch (error) {
        if (!cancellationCodes(error)?.includes('ConditionalCheckFailed') || attempt >= CHANGE_ATTEMPTS)
          throw error;
      }
    }
  }

  /**
   * Where the case stands now (`SUPPORT#closure`): the nth closure or reopening, written on condition that
   * the case still stands as it was read — never closed, or at its (n-1)th change.
   */
  private putWhereItStands(caseId: string, change: SupportChange, n: number, was: SupportChange | undefined) {
    return {
      Put: {
        TableName: this.tableName,
        Item: {
          pk: pk(caseId),
          sk: CLOSURE,
          itemType: 'support-closure',
          caseId,
          ...changeAttributes(change),
          changes: n,
        },
        ...(was === undefined
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : {
              // A closure kept before reopening was built has no `status` and no count: it is the first.
              ConditionExpression:
                was.change === 'closed'
                  ? '(attribute_not_exists(#status) OR #status = :was) AND (attribute_not_exists(#changes) OR #changes = :n)'
                  : '#status = :was AND #changes = :n',
              ExpressionAttributeNames: { '#status': 'status', '#changes': 'changes' },
              ExpressionAttributeValues: { ':was': was.change, ':n': n - 1 },
            }),
      },
    };
  }

  /** The closure or reopening the case stood at, kept as the nth of its history (once). */
  private putInHistory(caseId: string, change: SupportChange, n: number) {
    return {
      Put: {
        TableName: this.tableName,
        Item: {
          pk: pk(caseId),
          sk: changeKey(n),
          itemType: 'support-change',
          caseId,
          number: n,
          ...changeAttributes(change),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
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
              // Never closed, or closed and reopened since.
              ConditionExpression: 'attribute_not_exists(pk) OR #status = :reopened',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':reopened': 'reopened' },
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

/** A closure read back, without which change it is. */
const closureOnly = ({ change: _change, ...closure }: SupportChange & { change: 'closed' }): Closure =>
  closure;

/** A reopening read back, without which change it is. */
const reopeningOnly = ({
  change: _change,
  ...reopening
}: SupportChange & { change: 'reopened' }): Reopening => reopening;
