import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type Task, type TaskOutcome, whyTaskNotTaken } from '../../domain/task.ts';
import type {
  NewTask,
  TaskCriteria,
  TaskListFilter,
  TaskPage,
  TaskSearchPage,
  TaskStore,
} from '../../ports/task-store.ts';
import { queueTypeKey } from '../../storage-layout/table-design.ts';
import { pageToken } from '../listings/page-tokens.ts';
import {
  assigneePartition,
  openListing,
  pageSize,
  queuePartition,
  queueSortKey,
  searchListing,
  searchSize,
  startKey,
  taskKey,
} from '../listings/tasks.ts';
import { queryAll } from './query-all.ts';

function taskFromItem(item: Record<string, unknown>): Task {
  const date = (key: string) =>
    typeof item[key] === 'string' ? { [key]: new Date(item[key] as string) } : {};
  const optional = (key: string) => (item[key] === undefined ? {} : { [key]: item[key] });
  return {
    taskId: String(item.taskId),
    caseId: String(item.caseId),
    type: item.type as Task['type'],
    queue: item.queue as Task['queue'],
    priority: Number(item.priority) as Task['priority'],
    due: new Date(String(item.due)),
    attempt: Number(item.attempt),
    status: item.status as Task['status'],
    createdAt: new Date(String(item.createdAt)),
    ...optional('assignee'),
    ...optional('reason'),
    ...optional('voicemailAllowed'),
    ...optional('enhanced'),
    ...optional('area'),
    ...optional('outcome'),
    ...optional('completedBy'),
    ...date('completedAt'),
  } as Task;
}

const failedCondition = (error: unknown) => error instanceof ConditionalCheckFailedException;

/**
 * The task queue on DynamoDB: open tasks indexed by queue (gsi1), by queue and type (gsi3) and by assignee
 * (gsi2), due then priority.
 */
export class DynamoDbTaskStore implements TaskStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async createTask(task: NewTask): Promise<'created' | 'token-refreshed' | 'already-closed'> {
    const sort = queueSortKey(task.due, task.priority, task.taskId);
    try {
      const result = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: taskKey(task.taskId),
          // First write creates the task; a re-run step (same task) only refreshes the token.
          UpdateExpression:
            'SET #token = :token, taskId = :taskId, caseId = :caseId, #type = :type, #queue = :queue, priority = :priority, ' +
            'due = :due, attempt = :attempt, #status = if_not_exists(#status, :open), createdAt = if_not_exists(createdAt, :now), ' +
            'itemType = :itemType, gsi1pk = :queueKey, gsi1sk = :sort, gsi3pk = :typeKey, gsi3sk = :sort' +
            (task.reason === undefined ? '' : ', reason = :reason') +
            (task.voicemailAllowed === undefined ? '' : ', voicemailAllowed = :voicemail') +
            (task.enhanced === undefined ? '' : ', enhanced = :enhanced') +
            (task.area === undefined ? '' : ', area = :area'),
          ConditionExpression: 'attribute_not_exists(pk) OR #status = :open',
          ExpressionAttributeNames: {
            '#token': 'token',
            '#type': 'type',
            '#queue': 'queue',
            '#status': 'status',
          },
          ExpressionAttributeValues: {
            ':token': task.token,
            ':taskId': task.taskId,
            ':caseId': task.caseId,
            ':type': task.type,
            ':queue': task.queue,
            ':priority': task.priority,
            ':due': task.due.toISOString(),
            ':attempt': task.attempt,
            ':open': 'open',
            ':now': task.createdAt.toISOString(),
            ':itemType': 'task',
            ':queueKey': queuePartition(task.queue),
            ':typeKey': queueTypeKey(task.queue, task.type),
            ':sort': sort,
            ...(task.reason === undefined ? {} : { ':reason': task.reason }),
            ...(task.voicemailAllowed === undefined ? {} : { ':voicemail': task.voicemailAllowed }),
            ...(task.enhanced === undefined ? {} : { ':enhanced': task.enhanced }),
            ...(task.area === undefined ? {} : { ':area': task.area }),
          },
          ReturnValues: 'UPDATED_OLD',
        }),
      );
      return result.Attributes?.taskId ? 'token-refreshed' : 'created';
    } catch (error) {
      if (failedCondition(error)) return 'already-closed';
      throw error;
    }
  }

  async getTask(taskId: string): Promise<Task | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: taskKey(taskId) }),
    );
    return result.Item ? taskFromItem(result.Item) : undefined;
  }

  async listForCase(caseId: string): Promise<Task[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :task)',
      ExpressionAttributeValues: { ':pk': `CASE#${caseId}`, ':task': 'TASK#' },
    });
    return items.map(taskFromItem);
  }

  async tokenOf(taskId: string): Promise<string | undefined> {
    const result = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: taskKey(taskId),
        ProjectionExpression: '#token, #status',
        ExpressionAttributeNames: { '#token': 'token', '#status': 'status' },
      }),
    );
    const status = result.Item?.status;
    return status === 'open' || status === 'completed' ? String(result.Item?.token) : undefined;
  }

  async listOpen(filter: TaskListFilter, page: { limit?: number; after?: string } = {}): Promise<TaskPage> {
    const listing = openListing(filter);
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: listing.index,
        KeyConditionExpression: `${listing.index}pk = :key`,
        ExpressionAttributeValues: { ':key': listing.partition },
        Limit: pageSize(page.limit),
        ...(page.after ? { ExclusiveStartKey: startKey(page.after, listing) } : {}),
      }),
    );
    const tasks = (result.Items ?? []).map(taskFromItem);
    return result.LastEvaluatedKey ? { tasks, next: pageToken(result.LastEvaluatedKey) } : { tasks };
  }

  async findOpen(
    filter: TaskListFilter,
    criteria: TaskCriteria,
    page: { evaluate: number; after?: string | undefined },
  ): Promise<TaskSearchPage> {
    // A queue narrowed to one type reads its own index (gsi3); anything else filters the queue's or the
    // person's index.
    const listing = searchListing(filter, criteria);
    const { index } = listing;
    const sortKey = `${index}sk`;
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':key': listing.partition };
    const filters: string[] = [];
    if (criteria.type && index !== 'gsi3') {
      names['#type'] = 'type';
      values[':type'] = criteria.type;
      filters.push('#type = :type');
    }
    if (criteria.area) {
      values[':area'] = criteria.area;
      filters.push('area = :area');
    }
    if (criteria.enhanced) {
      values[':enhanced'] = true;
      filters.push('enhanced = :enhanced');
    }
    // The sort key starts with the due instant (ISO-8601 sorts as time does): overdue is a key range.
    if (criteria.dueBefore) values[':due'] = criteria.dueBefore.toISOString();
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index,
        KeyConditionExpression: `${index}pk = :key${criteria.dueBefore ? ` AND ${sortKey} < :due` : ''}`,
        ...(filters.length > 0 ? { FilterExpression: filters.join(' AND ') } : {}),
        ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
        ExpressionAttributeValues: values,
        Limit: searchSize(page.evaluate),
        ...(page.after ? { ExclusiveStartKey: startKey(page.after, listing) } : {}),
      }),
    );
    const tasks = (result.Items ?? []).map(taskFromItem);
    const evaluated = result.ScannedCount ?? tasks.length;
    return result.LastEvaluatedKey
      ? { tasks, evaluated, next: pageToken(result.LastEvaluatedKey) }
      : { tasks, evaluated };
  }

  async assign(taskId: string, user: string, at: Date): Promise<Task> {
    return this.setAssignee(taskId, user, at, 'attribute_exists(pk) AND #status = :open');
  }

  async claim(taskId: string, user: string, at: Date): Promise<Task> {
    return this.setAssignee(
      taskId,
      user,
      at,
      'attribute_exists(pk) AND #status = :open AND (attribute_not_exists(assignee) OR assignee = :user)',
    );
  }

  /** Gives an open task to a person (their index entry follows the queue's order), under the condition. */
  private async setAssignee(taskId: string, user: string, at: Date, condition: string): Promise<Task> {
    try {
      const result = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: taskKey(taskId),
          UpdateExpression: 'SET assignee = :user, claimedAt = :at, gsi2pk = :assignee, gsi2sk = gsi1sk',
          ConditionExpression: condition,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':user': user,
            ':at': at.toISOString(),
            ':assignee': assigneePartition(user),
            ':open': 'open',
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return taskFromItem(result.Attributes ?? {});
    } catch (error) {
      if (!failedCondition(error)) throw error;
      throw await this.whyNot(taskId, 'claim');
    }
  }

  async complete(taskId: string, user: string, outcome: TaskOutcome, at: Date): Promise<Task> {
    try {
      const result = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: taskKey(taskId),
          UpdateExpression:
            'SET #status = :completed, outcome = :outcome, completedBy = :user, completedAt = :at REMOVE gsi1pk, gsi1sk, gsi2pk, gsi2sk, gsi3pk, gsi3sk',
          ConditionExpression:
            'attribute_exists(pk) AND #status = :open AND (attribute_not_exists(assignee) OR assignee = :user)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':completed': 'completed',
            ':outcome': outcome,
            ':user': user,
            ':at': at.toISOString(),
            ':open': 'open',
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return taskFromItem(result.Attributes ?? {});
    } catch (error) {
      if (!failedCondition(error)) throw error;
      throw await this.whyNot(taskId, 'complete');
    }
  }

  async markTimedOut(taskId: string, at: Date, overrideCompletion = false): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: taskKey(taskId),
          UpdateExpression:
            'SET #status = :timedOut, timedOutAt = :at REMOVE gsi1pk, gsi1sk, gsi2pk, gsi2sk, gsi3pk, gsi3sk',
          ConditionExpression: overrideCompletion
            ? 'attribute_exists(pk) AND #status <> :timedOut'
            : 'attribute_exists(pk) AND #status = :open',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':timedOut': 'timed-out',
            ':at': at.toISOString(),
            ...(overrideCompletion ? {} : { ':open': 'open' }),
          },
        }),
      );
    } catch (error) {
      if (!failedCondition(error)) throw error;
    }
  }

  /** Says plainly why a claim or completion lost. */
  private async whyNot(taskId: string, action: 'claim' | 'complete'): Promise<Error> {
    return whyTaskNotTaken(taskId, await this.getTask(taskId), action);
  }
}
