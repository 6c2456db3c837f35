import type { Queue, Task, TaskOutcome, TaskType } from '../domain/task.ts';

/** A task as a workflow step creates it, with the token that resumes the workflow when it is done. */
export interface NewTask {
  readonly taskId: string;
  readonly caseId: string;
  readonly type: TaskType;
  readonly queue: Queue;
  readonly priority: 1 | 2 | 3;
  readonly due: Date;
  readonly attempt: number;
  readonly token: string;
  readonly createdAt: Date;
  readonly reason?: string;
  readonly voicemailAllowed?: boolean;
  /** The victim is enhanced (docs/service-rules.md, rule 4): the queue can show those alone. */
  readonly enhanced?: boolean;
  /** The case's Neighbourhood Policing Area: the queue can be filtered by area. */
  readonly area?: string;
}

export interface TaskPage {
  readonly tasks: Task[];
  /** Pass back as `after` for the next page; absent on the last page. */
  readonly next?: string;
}

export type TaskListFilter = { readonly queue: Queue } | { readonly assignee: string };

/** What a queue page narrows to: read from the index, never filtered after a full read. */
export interface TaskCriteria {
  readonly type?: TaskType;
  readonly area?: string;
  readonly enhanced?: true;
  /** Only tasks due before this instant (overdue): a range of the index, which is in due order. */
  readonly dueBefore?: Date;
}

/** A page of a search: the matching tasks, where to go on, and how many index entries were read for it. */
export interface TaskSearchPage extends TaskPage {
  readonly evaluated: number;
}

/** The caseworker task queue (docs/data-model.md: tasks by queue and by assignee, due then priority). */
export interface TaskStore {
  /** Creates the task, or refreshes the token of the same open task when a workflow step is re-run. */
  createTask(task: NewTask): Promise<'created' | 'token-refreshed' | 'already-closed'>;
  getTask(taskId: string): Promise<Task | undefined>;
  /** Every task of a case, whatever its status, in task-id order (one query on the case). */
  listForCase(caseId: string): Promise<Task[]>;
  /**
   * The workflow token of an open or completed task (a completion is re-sent if the workflow did not hear
   * it); none once the task has timed out. Only the server ever reads it.
   */
  tokenOf(taskId: string): Promise<string | undefined>;
  listOpen(filter: TaskListFilter, page?: { limit?: number; after?: string }): Promise<TaskPage>;
  /**
   * Open tasks meeting the criteria, due first: reads up to `evaluate` index entries (at most 2,000) in one
   * query and returns those that match, so a rare type costs one read, not one per page of the queue.
   */
  findOpen(
    filter: TaskListFilter,
    criteria: TaskCriteria,
    page: { evaluate: number; after?: string | undefined },
  ): Promise<TaskSearchPage>;
  /** A team leader gives an open task to a person, whoever had it before. */
  assign(taskId: string, user: string, at: Date): Promise<Task>;
  /** Takes an open, unclaimed task for a person; exactly one of two claimants wins. */
  claim(taskId: string, user: string, at: Date): Promise<Task>;
  /** Records the outcome of an open task; exactly one of two completions wins. */
  complete(taskId: string, user: string, outcome: TaskOutcome, at: Date): Promise<Task>;
  /**
   * The workflow gave up waiting (its deadline passed): the task leaves the queues. `overrideCompletion`
   * also turns back a completion that the workflow refused because its deadline had already passed.
   */
  markTimedOut(taskId: string, at: Date, overrideCompletion?: boolean): Promise<void>;
}
