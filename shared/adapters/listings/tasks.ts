import type { TaskCriteria, TaskListFilter } from '../../ports/task-store.ts';
import { queueTypeKey } from '../../storage-layout/table-design.ts';
import { positionIn, refuseToken } from './page-tokens.ts';

/**
 * The task queue's listings, as the DynamoDB store keeps them in the table's indexes and its in-memory twin
 * lists them the same way: where a task lives, which listing a question reads, how a listing is ordered,
 * how much a page holds, and which page tokens it takes back.
 */

/** The listings an open task is in: gsi1 its queue, gsi2 its assignee, gsi3 its queue and type. */
export type TaskIndex = 'gsi1' | 'gsi2' | 'gsi3';

/** A listing: an index, and the partition of it that is read. */
export interface TaskListing {
  readonly index: TaskIndex;
  readonly partition: string;
}

/** A task lives under its case; the task id starts with the case id. */
export const taskKey = (taskId: string) => ({ pk: `CASE#${taskId.split('.')[0]}`, sk: `TASK#${taskId}` });

/** Where each listing places an open task: due, then priority, then id. */
export const queueSortKey = (due: Date, priority: number, taskId: string) =>
  `${due.toISOString()}#${priority}#${taskId}`;

export const queuePartition = (queue: string) => `QUEUE#${queue}`;
export const assigneePartition = (user: string) => `ASSIGNEE#${user}`;

/** The listing that lists open tasks: the queue's or the person's. */
export function openListing(filter: TaskListFilter): TaskListing {
  return 'queue' in filter
    ? { index: 'gsi1', partition: queuePartition(filter.queue) }
    : { index: 'gsi2', partition: assigneePartition(filter.assignee) };
}

/** The listing a search reads: a queue narrowed to one type reads its own; anything else is filtered. */
export function searchListing(filter: TaskListFilter, criteria: TaskCriteria): TaskListing {
  return 'queue' in filter && criteria.type
    ? { index: 'gsi3', partition: queueTypeKey(filter.queue, criteria.type) }
    : openListing(filter);
}

/** How many tasks a page lists: 50 unless asked, at least one, at most 200. */
export const pageSize = (limit: number | undefined) => Math.min(Math.max(limit ?? 50, 1), 200);

/** How many listing entries a search reads: at least one, at most 2,000. */
export const searchSize = (evaluate: number) => Math.min(Math.max(evaluate, 1), 2_000);

/** Decodes a page token, refusing one that is not a position in the same listing. */
export function startKey(after: string, { index, partition }: TaskListing): Record<string, string> {
  const key = positionIn(after);
  const expected = ['pk', 'sk', `${index}pk`, `${index}sk`].sort();
  const ok =
    typeof key === 'object' &&
    key !== null &&
    JSON.stringify(Object.keys(key).sort()) === JSON.stringify(expected) &&
    // DynamoDB refuses an empty key or a sort key over 1,024 bytes, which would answer 500, not 400.
    Object.values(key).every(
      (value) => typeof value === 'string' && value !== '' && Buffer.byteLength(value) <= 1024,
    ) &&
    (key as Record<string, string>)[`${index}pk`] === partition;
  if (!ok) refuseToken();
  return key as Record<string, string>;
}
