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
  type TaskIndex,
  type TaskListing,
  taskKey,
} from '../listings/tasks.ts';
import { kept } from './kept.ts';

/** A task as kept: the task itself, its workflow token, and where its assignee's listing places it. */
interface KeptTask {
  readonly task: Task;
  readonly token: string;
  /** The queue's position of the task when it was given to its assignee (as the table copies it). */
  readonly assigneeSort?: string;
}

/** A task's entry in one listing: the task's own key and the listing's keys, as DynamoDB gives them back. */
type Position = Record<string, string>;

/** Keys in the order DynamoDB sorts them: by their UTF-8 bytes. */
const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** Where a listing has the task, or nothing: a closed task leaves every listing. */
function positionOf(index: TaskIndex, { task, assigneeSort }: KeptTask): Position | undefined {
  if (task.status !== 'open') return undefined;
  const sort = queueSortKey(task.due, task.priority, task.taskId);
  const listed =
    index === 'gsi1'
      ? { pk: queuePartition(task.queue), sk: sort }
      : index === 'gsi3'
        ? { pk: queueTypeKey(task.queue, task.type), sk: sort }
        : task.assignee !== undefined && assigneeSort !== undefined
          ? { pk: assigneePartition(task.assignee), sk: assigneeSort }
          : undefined;
  return listed && { ...taskKey(task.taskId), [`${index}pk`]: listed.pk, [`${index}sk`]: listed.sk };
}

/** An instant as the table writes it: an invalid one is refused (RangeError) before anything changes. */
const refuseInvalid = (at: Date): void => {
  at.toISOString();
};

/** A listing's order: its sort key, then the task's own key. */
const indexOrder = (index: TaskIndex) => (a: Position, b: Position) =>
  byBytes(String(a[`${index}sk`]), String(b[`${index}sk`])) ||
  byBytes(String(a.pk), String(b.pk)) ||
  byBytes(String(a.sk), String(b.sk));

/**
 * The caseworker task queue in memory: the DynamoDB store's twin, held to the same contract
 * (test/contract/task-store.test.ts). It keeps tasks as tasks, and lists them as the table's indexes do
 * (shared/adapters/listings/tasks.ts): a page of `limit` entries read at a time, and page tokens that are
 * positions in the listing, as DynamoDB gives them out.
 */
export class InMemoryTaskStore implements TaskStore {
  private readonly tasks = new Map<string, KeptTask>();

  async createTask(task: NewTask): Promise<'created' | 'token-refreshed' | 'already-closed'> {
    // As the table writes it: no field left undefined, and an invalid date refused (RangeError) first.
    const made = kept({
      taskId: task.taskId,
      caseId: task.caseId,
      type: task.type,
      queue: task.queue,
      priority: task.priority,
      due: task.due,
      attempt: task.attempt,
      status: 'open',
      createdAt: task.createdAt,
      reason: task.reason,
      voicemailAllowed: task.voicemailAllowed,
      enhanced: task.enhanced,
      area: task.area,
    }) as Task;
    const existing = this.tasks.get(task.taskId);
    if (existing && existing.task.status !== 'open') return 'already-closed';
    // First write creates the task; a re-run step (same task) refreshes the token and what the step says,
    // keeping when it was made, who has it, and what the step leaves out.
    this.tasks.set(task.taskId, {
      ...existing,
      token: task.token,
      task: { ...existing?.task, ...made, createdAt: existing?.task.createdAt ?? made.createdAt },
    });
    return existing ? 'token-refreshed' : 'created';
  }

  async getTask(taskId: string): Promise<Task | undefined> {
    const found = this.tasks.get(taskId);
    return found ? kept(found.task) : undefined;
  }

  async listForCase(caseId: string): Promise<Task[]> {
    return [...this.tasks.values()]
      .map(({ task }) => ({ task, key: taskKey(task.taskId) }))
      .filter(({ key }) => key.pk === `CASE#${caseId}`)
      .sort((a, b) => byBytes(a.key.sk, b.key.sk))
      .map(({ task }) => kept(task));
  }

  async tokenOf(taskId: string): Promise<string | undefined> {
    const found = this.tasks.get(taskId);
    const status = found?.task.status;
    return status === 'open' || status === 'completed' ? found?.token : undefined;
  }

  async listOpen(filter: TaskListFilter, page: { limit?: number; after?: string } = {}): Promise<TaskPage> {
    const { tasks, next } = this.query(openListing(filter), pageSize(page.limit), page.after);
    return next ? { tasks, next } : { tasks };
  }

  async findOpen(
    filter: TaskListFilter,
    criteria: TaskCriteria,
    page: { evaluate: number; after?: string | undefined },
  ): Promise<TaskSearchPage> {
    const listing = searchListing(filter, criteria);
    // The sort key starts with the due instant (ISO-8601 sorts as time does): overdue is a key range.
    const dueBefore = criteria.dueBefore?.toISOString();
    const read = this.query(listing, searchSize(page.evaluate), page.after, dueBefore);
    const tasks = read.tasks
      .filter((task) => !criteria.type || task.type === criteria.type)
      .filter((task) => !criteria.area || task.area === criteria.area)
      .filter((task) => !criteria.enhanced || task.enhanced === true);
    const evaluated = read.tasks.length;
    return read.next ? { tasks, evaluated, next: read.next } : { tasks, evaluated };
  }

  async assign(taskId: string, user: string, at: Date): Promise<Task> {
    return this.setAssignee(taskId, user, at, (task) => task.status === 'open');
  }

  async claim(taskId: string, user: string, at: Date): Promise<Task> {
    return this.setAssignee(
      taskId,
      user,
      at,
      (task) => task.status === 'open' && (task.assignee === undefined || task.assignee === user),
    );
  }

  async complete(taskId: string, user: string, outcome: TaskOutcome, at: Date): Promise<Task> {
    const completedAt = kept(at);
    const keptOutcome = kept(outcome);
    const found = this.tasks.get(taskId);
    const open = (task: Task) =>
      task.status === 'open' && (task.assignee === undefined || task.assignee === user);
    if (!found || !open(found.task)) throw this.whyNot(taskId, 'complete');
    const completed: Task = {
      ...found.task,
      status: 'completed',
      outcome: keptOutcome,
      completedBy: user,
      completedAt,
    };
    this.tasks.set(taskId, { ...found, task: completed });
    return kept(completed);
  }

  async markTimedOut(taskId: string, at: Date, overrideCompletion = false): Promise<void> {
    refuseInvalid(at);
    const found = this.tasks.get(taskId);
    const status = found?.task.status;
    const turnedBack = overrideCompletion ? found && status !== 'timed-out' : status === 'open';
    if (!found || !turnedBack) return;
    this.tasks.set(taskId, { ...found, task: { ...found.task, status: 'timed-out' } });
  }

  /** Gives an open task to a person (their listing follows the queue's order), if the condition holds. */
  private setAssignee(taskId: string, user: string, at: Date, condition: (task: Task) => boolean): Task {
    refuseInvalid(at);
    const found = this.tasks.get(taskId);
    if (!found || !condition(found.task)) throw this.whyNot(taskId, 'claim');
    const { task } = found;
    const assigned: Task = { ...task, assignee: user };
    this.tasks.set(taskId, {
      ...found,
      task: assigned,
      assigneeSort: queueSortKey(task.due, task.priority, task.taskId),
    });
    return kept(assigned);
  }

  /**
   * Reads up to `limit` entries of a listing from the position after `after` (below `before`, if given),
   * and the position to go on from when it read as many as it could: DynamoDB's Query with Limit.
   */
  private query(
    listing: TaskListing,
    limit: number,
    after: string | undefined,
    before?: string,
  ): { tasks: Task[]; next?: string } {
    const { index, partition } = listing;
    const start = after ? startKey(after, listing) : undefined;
    const order = indexOrder(index);
    const read = [...this.tasks.values()]
      .map((found) => ({ task: found.task, position: positionOf(index, found) }))
      .filter((entry): entry is { task: Task; position: Position } => entry.position !== undefined)
      .filter(({ position }) => position[`${index}pk`] === partition)
      .filter(({ position }) => before === undefined || byBytes(String(position[`${index}sk`]), before) < 0)
      .filter(({ position }) => start === undefined || order(position, start) > 0)
      .sort((a, b) => order(a.position, b.position))
      .slice(0, limit);
    const tasks = read.map(({ task }) => kept(task));
    const last = read.length === limit ? read[limit - 1] : undefined;
    return last ? { tasks, next: pageToken(last.position) } : { tasks };
  }

  /** Says plainly why a claim or completion lost. */
  private whyNot(taskId: string, action: 'claim' | 'complete'): Error {
    return whyTaskNotTaken(taskId, this.tasks.get(taskId)?.task, action);
  }
}
