import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  MILESTONES_PER_CASE_MAX,
  type Milestone,
  MilestoneNotFoundError,
  type NewMilestone,
  TooManyMilestonesError,
} from '../../domain/milestone.ts';
import type { MilestoneStore } from '../../ports/milestones.ts';
import { queryAll } from './query-all.ts';

/** The milestone's item under its case, by number (docs/data-model.md: milestone). */
const milestoneKey = (caseId: string, number: number) => ({
  pk: `CASE#${caseId}`,
  sk: `MILESTONE#${String(number).padStart(2, '0')}`,
});

function milestoneOf(item: Record<string, unknown>): Milestone {
  const { pk: _pk, sk: _sk, itemType: _type, ...rest } = item;
  const withdrawn = rest.withdrawn as
    | (Omit<NonNullable<Milestone['withdrawn']>, 'at'> & { at: string })
    | undefined;
  return {
    ...(rest as unknown as Milestone),
    recordedAt: new Date(String(rest.recordedAt)),
    ...(rest.reEngageAt === undefined ? {} : { reEngageAt: new Date(String(rest.reEngageAt)) }),
    ...(withdrawn ? { withdrawn: { ...withdrawn, at: new Date(withdrawn.at) } } : {}),
  };
}

/**
 * A case's milestones on the single table, each under its case as `MILESTONE#<number>`. The next number is
 * taken by a conditional put: of two recorded at once, one takes the number and the other the next, and the
 * same form sent twice finds its milestone by id and records nothing.
 */
export class DynamoDbMilestoneStore implements MilestoneStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async record(
    milestone: NewMilestone,
  ): Promise<{ milestone: Milestone; result: 'recorded' | 'already-recorded' }> {
    // An invalid date is refused before anything is written.
    const item = {
      itemType: 'milestone',
      ...milestone,
      recordedAt: milestone.recordedAt.toISOString(),
      ...(milestone.reEngageAt === undefined ? {} : { reEngageAt: milestone.reEngageAt.toISOString() }),
    };
    for (;;) {
      const ofCase = await this.listForCase(milestone.caseId);
      const earlier = ofCase.find((m) => m.milestoneId === milestone.milestoneId);
      if (earlier) return { milestone: earlier, result: 'already-recorded' };
      const number = Math.max(0, ...ofCase.map((m) => m.number)) + 1;
      if (number > MILESTONES_PER_CASE_MAX)
        throw new TooManyMilestonesError(
          `case ${milestone.caseId} has ${MILESTONES_PER_CASE_MAX} milestones`,
        );
      try {
        await this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...milestoneKey(milestone.caseId, number), ...item, number },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return { milestone: { ...milestone, number }, result: 'recorded' };
      } catch (error) {
        // Another milestone took the number first (or this same form did): read again and decide.
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
  }

  async get(caseId: string, number: number): Promise<Milestone | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: milestoneKey(caseId, number), ConsistentRead: true }),
    );
    return result.Item ? milestoneOf(result.Item) : undefined;
  }

  async listForCase(caseId: string): Promise<Milestone[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :case AND begins_with(sk, :milestone)',
      ExpressionAttributeValues: { ':case': `CASE#${caseId}`, ':milestone': 'MILESTONE#' },
      ConsistentRead: true,
    });
    return items.map(milestoneOf).sort((a, b) => a.number - b.number);
  }

  async withdraw(
    caseId: string,
    number: number,
    withdrawn: NonNullable<Milestone['withdrawn']>,
  ): Promise<Milestone> {
    try {
      const result = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: milestoneKey(caseId, number),
          UpdateExpression: 'SET withdrawn = :withdrawn',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(withdrawn)',
          ExpressionAttributeValues: { ':withdrawn': { ...withdrawn, at: withdrawn.at.toISOString() } },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return milestoneOf(result.Attributes ?? {});
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const current = await this.get(caseId, number);
      if (!current) throw new MilestoneNotFoundError(`case ${caseId} has no milestone ${number}`);
      return current;
    }
  }
}
