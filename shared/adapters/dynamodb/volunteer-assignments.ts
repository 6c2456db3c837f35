import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { VolunteerAssignment } from '../../domain/volunteering.ts';
import type { VolunteerAssignments } from '../../ports/volunteer-assignments.ts';
import { queryAll } from './query-all.ts';
import { cancellationCodes, transactWrite } from './transactions.ts';

/** The assignment under its case (docs/data-model.md: volunteer assignment): the volunteer's last one there. */
const caseKey = (caseId: string, volunteer: string) => ({
  pk: `CASE#${caseId}`,
  sk: `VOLUNTEER#${volunteer}`,
});

/** The volunteer's list of their cases: one item per case, marked ended with the assignment. */
const listKey = (caseId: string, volunteer: string) => ({
  pk: `VOLUNTEER#${volunteer}`,
  sk: `CASE#${caseId}`,
});

function assignmentOf(item: Record<string, unknown>): VolunteerAssignment {
  const ended = item.ended as { by: string; at: string } | undefined;
  return {
    caseId: String(item.caseId),
    volunteer: String(item.volunteer),
    assignmentId: String(item.assignmentId),
    by: String(item.by),
    at: new Date(String(item.at)),
    ...(ended ? { ended: { by: ended.by, at: new Date(ended.at) } } : {}),
  };
}

const byEarliest = (a: VolunteerAssignment, b: VolunteerAssignment) => a.at.getTime() - b.at.getTime();

/**
 * Volunteers' assignments on the single table: `CASE#<caseId>` / `VOLUNTEER#<user>` holds the volunteer's last
 * assignment on the case (ended or not), and `VOLUNTEER#<user>` / `CASE#<caseId>` lists the case for the
 * volunteer (marked ended with it). Both are written in one conditional transaction, so the two never disagree.
 */
export class DynamoDbVolunteerAssignments implements VolunteerAssignments {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private async current(caseId: string, volunteer: string): Promise<VolunteerAssignment | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: caseKey(caseId, volunteer), ConsistentRead: true }),
    );
    return result.Item ? assignmentOf(result.Item) : undefined;
  }

  async assign(assignment: Omit<VolunteerAssignment, 'ended'>) {
    const { caseId, volunteer } = assignment;
    for (;;) {
      const current = await this.current(caseId, volunteer);
      if (current && !current.ended) return { status: 'already-assigned' as const, assignment: current };
      const at = assignment.at.toISOString();
      try {
        await transactWrite(this.client, {
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: { ...caseKey(caseId, volunteer), itemType: 'volunteer-assignment', ...assignment, at },
                // Over nothing, or over the ended assignment just read (another team leader may act too).
                ...(current
                  ? {
                      ConditionExpression: 'assignmentId = :was AND attribute_exists(ended)',
                      ExpressionAttributeValues: { ':was': current.assignmentId },
                    }
                  : { ConditionExpression: 'attribute_not_exists(pk)' }),
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...listKey(caseId, volunteer),
                  itemType: 'volunteer-case',
                  caseId,
                  volunteer,
                  assignmentId: assignment.assignmentId,
                  by: assignment.by,
                  at,
                },
              },
            },
          ],
        });
        return { status: 'assigned' as const, assignment: { ...assignment } };
      } catch (error) {
        // Someone else assigned (or ended) meanwhile: read again and decide.
        if (!cancellationCodes(error)?.includes('ConditionalCheckFailed')) throw error;
      }
    }
  }

  async end(
    caseId: string,
    volunteer: string,
    assignmentId: string,
    ended: NonNullable<VolunteerAssignment['ended']>,
  ) {
    for (;;) {
      const current = await this.current(caseId, volunteer);
      if (!current || current.assignmentId !== assignmentId) return { status: 'not-found' as const };
      if (current.ended) return { status: 'already-ended' as const, assignment: current };
      try {
        await transactWrite(this.client, {
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: caseKey(caseId, volunteer),
                UpdateExpression: 'SET ended = :ended',
                ConditionExpression: 'assignmentId = :id AND attribute_not_exists(ended)',
                ExpressionAttributeValues: {
                  ':id': assignmentId,
                  ':ended': { by: ended.by, at: ended.at.toISOString() },
                },
              },
            },
            // Marked ended rather than deleted: the web app writes and never deletes (functions/registry.ts).
            {
              Update: {
                TableName: this.tableName,
                Key: listKey(caseId, volunteer),
                UpdateExpression: 'SET ended = :ended',
                ExpressionAttributeValues: { ':ended': { by: ended.by, at: ended.at.toISOString() } },
              },
            },
          ],
        });
        return { status: 'ended' as const, assignment: { ...current, ended } };
      } catch (error) {
        if (!cancellationCodes(error)?.includes('ConditionalCheckFailed')) throw error;
      }
    }
  }

  async isAssigned(caseId: string, volunteer: string): Promise<boolean> {
    const current = await this.current(caseId, volunteer);
    return current !== undefined && !current.ended;
  }

  async forCase(caseId: string): Promise<VolunteerAssignment[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :case AND begins_with(sk, :volunteer)',
      ExpressionAttributeValues: { ':case': `CASE#${caseId}`, ':volunteer': 'VOLUNTEER#' },
      ConsistentRead: true,
    });
    return items
      .map(assignmentOf)
      .filter((a) => !a.ended)
      .sort(byEarliest);
  }

  async forVolunteer(volunteer: string): Promise<VolunteerAssignment[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :volunteer AND begins_with(sk, :case)',
      ExpressionAttributeValues: { ':volunteer': `VOLUNTEER#${volunteer}`, ':case': 'CASE#' },
      ConsistentRead: true,
    });
    return items
      .map(assignmentOf)
      .filter((a) => !a.ended)
      .sort(byEarliest);
  }
}
