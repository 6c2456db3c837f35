import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbTaskStore } from '../../shared/adapters/dynamodb/task-store.ts';
import { InvalidPageTokenError } from '../../shared/domain/paging.ts';
import {
  TaskAlreadyClaimedError,
  TaskNotOpenError,
  type TaskType,
  taskIdFor,
} from '../../shared/domain/task.ts';
import type { NewTask } from '../../shared/ports/task-store.ts';
import { freshStore } from '../support/store.ts';

const now = new Date('2026-11-23T10:00:00Z');

function aTask(
  caseId: string,
  due: string,
  priority: 1 | 2 | 3 = 3,
  type: TaskType = 'call-attempt',
  attempt = 1,
): NewTask {
  return {
    taskId: taskIdFor(caseId, type, attempt),
    caseId,
    type,
    queue: 'caseworkers',
    priority,
    due: new Date(due),
    attempt,
    token: `token-${caseId}-${attempt}`,
    createdAt: now,
  };
}

describe('the caseworker task queue on DynamoDB Local', () => {
  let tasks: DynamoDbTaskStore;
  beforeEach(async () => {
    const { client, tableName } = await freshStore();
    tasks = new DynamoDbTaskStore(client, tableName);
  });

  it('lists open tasks soonest due first, then by priority', async () => {
    await tasks.createTask(aTask('VF-AAAAA-00001', '2026-11-24T10:00:00Z', 3));
    await tasks.createTask(aTask('VF-AAAAA-00002', '2026-11-23T12:00:00Z', 3));
    await tasks.createTask(aTask('VF-AAAAA-00003', '2026-11-24T10:00:00Z', 1));
    const { tasks: listed } = await tasks.listOpen({ queue: 'caseworkers' });
    expect(listed.map((t) => t.caseId)).toEqual(['VF-AAAAA-00002', 'VF-AAAAA-00003', 'VF-AAAAA-00001']);
  });

  it('pages through a long queue without losing or repeating a task', async () => {
    for (let i = 0; i < 7; i++)
      await tasks.createTask(aTask(`VF-PAGES-0000${i}`, `2026-11-2${3 + (i % 3)}T10:00:00Z`));
    const seen: string[] = [];
    let after: string | undefined;
    do {
      const page = await tasks.listOpen({ queue: 'caseworkers' }, { limit: 3, ...(after ? { after } : {}) });
      seen.push(...page.tasks.map((t) => t.taskId));
      after = page.next;
    } while (after);
    expect(new Set(seen).size).toBe(7);
  });

  it('finds open tasks by type, area, enhanced and overdue in the index, counting what it read', async () => {
    await tasks.createTask({
      ...aTask('VF-FIND0-00001', '2026-11-23T09:00:00Z'),
      area: 'melton',
      enhanced: true,
    });
    await tasks.createTask({
      ...aTask('VF-FIND0-00002', '2026-11-23T11:00:00Z', 3, 'home-visit'),
      area: 'melton',
    });
    await tasks.createTask({
      ...aTask('VF-FIND0-00003', '2026-11-24T10:00:00Z'),
      area: 'leicester-east',
      enhanced: false,
    });
    const ids = (page: { tasks: { caseId: string }[] }) => page.tasks.map((t) => t.caseId);
    const find = (criteria: Parameters<typeof tasks.findOpen>[1]) =>
      tasks.findOpen({ queue: 'caseworkers' }, criteria, { evaluate: 100 });

    // A type has an index of its own (queue and type): only its tasks are read.
    const visits = await find({ type: 'home-visit' });
    expect(ids(visits)).toEqual(['VF-FIND0-00002']);
    expect(visits.evaluated).toBe(1);
    expect(ids(await find({ type: 'call-attempt', area: 'melton' }))).toEqual(['VF-FIND0-00001']);
    expect(ids(await find({ area: 'melton' }))).toEqual(['VF-FIND0-00001', 'VF-FIND0-00002']);
    expect(ids(await find({ enhanced: true }))).toEqual(['VF-FIND0-00001']);
    // Overdue at 10:00 on the 23rd: a range of the index, so only the one task is read.
    const overdue = await find({ dueBefore: now });
    expect(ids(overdue)).toEqual(['VF-FIND0-00001']);
    expect(overdue.evaluated).toBe(1);
    // A filter reads the index and reports how much, whether or not the entries matched.
    expect(await find({ area: 'rutland' })).toEqual({ tasks: [], evaluated: 3 });
    expect(await find({ type: 'onward-referral' })).toEqual({ tasks: [], evaluated: 0 });
    // Reading a little at a time goes on from where it stopped.
    const first = await tasks.findOpen({ queue: 'caseworkers' }, { area: 'melton' }, { evaluate: 1 });
    const second = await tasks.findOpen(
      { queue: 'caseworkers' },
      { area: 'melton' },
      { evaluate: 5, after: first.next },
    );
    expect([...ids(first), ...ids(second)]).toEqual(['VF-FIND0-00001', 'VF-FIND0-00002']);
  });

  it('never shows the workflow token in a listed task', async () => {
    await tasks.createTask(aTask('VF-TOKEN-00001', '2026-11-24T10:00:00Z'));
    const { tasks: listed } = await tasks.listOpen({ queue: 'caseworkers' });
    expect(JSON.stringify(listed)).not.toContain('token-');
  });

  it('keeps one task when a workflow step is re-run, with the newer token', async () => {
    const first = aTask('VF-RERUN-00001', '2026-11-24T10:00:00Z');
    expect(await tasks.createTask(first)).toBe('created');
    expect(await tasks.createTask({ ...first, token: 'token-again' })).toBe('token-refreshed');
    expect(await tasks.tokenOf(first.taskId)).toBe('token-again');
    expect((await tasks.listOpen({ queue: 'caseworkers' })).tasks).toHaveLength(1);
  });

  it('lets exactly one of two caseworkers claim a task', async () => {
    const task = aTask('VF-CLAIM-00001', '2026-11-24T10:00:00Z');
    await tasks.createTask(task);
    const results = await Promise.allSettled([
      tasks.claim(task.taskId, 'cw-ada', now),
      tasks.claim(task.taskId, 'cw-bram', now),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const loser = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(loser.reason).toBeInstanceOf(TaskAlreadyClaimedError);
    const winner = (await tasks.getTask(task.taskId))?.assignee as string;
    expect((await tasks.listOpen({ assignee: winner })).tasks.map((t) => t.taskId)).toEqual([task.taskId]);
  });

  it('lets exactly one of two completions win and tells the other who completed it', async () => {
    const task = aTask('VF-DONE-00001', '2026-11-24T10:00:00Z');
    await tasks.createTask(task);
    const results = await Promise.allSettled([
      tasks.complete(task.taskId, 'cw-ada', { outcome: 'no-answer' }, now),
      tasks.complete(task.taskId, 'cw-bram', { outcome: 'voicemail-left' }, now),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const loser = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(loser.reason).toBeInstanceOf(TaskNotOpenError);
    expect(String(loser.reason.message)).toMatch(/already completed by cw-(ada|bram)/);
    expect((await tasks.listOpen({ queue: 'caseworkers' })).tasks).toHaveLength(0);
  });

  it('refuses a page token that this listing did not give out', async () => {
    for (const caseId of ['VF-PAGE-00001', 'VF-PAGE-00002'])
      await tasks.createTask(aTask(caseId, '2026-11-24T10:00:00Z'));
    const first = await tasks.listOpen({ queue: 'caseworkers' }, { limit: 1 });
    expect(first.next).toBeDefined();
    await expect(tasks.listOpen({ queue: 'team-leaders' }, { after: first.next as string })).rejects.toThrow(
      InvalidPageTokenError,
    );
    await expect(tasks.listOpen({ queue: 'caseworkers' }, { after: 'zzz' })).rejects.toThrow(
      InvalidPageTokenError,
    );
    await expect(tasks.listOpen({ queue: 'caseworkers' }, { after: 'e30' })).rejects.toThrow(
      InvalidPageTokenError,
    );
  });

  it("keeps a completed task's token so its outcome can be re-sent, and forgets it once timed out", async () => {
    const task = aTask('VF-DONE-00002', '2026-11-24T10:00:00Z');
    await tasks.createTask(task);
    await tasks.complete(task.taskId, 'cw-ada', { outcome: 'no-answer' }, now);
    expect(await tasks.tokenOf(task.taskId)).toBe(task.token);
    await tasks.markTimedOut(task.taskId, now, true);
    expect(await tasks.tokenOf(task.taskId)).toBeUndefined();
  });

  it('refuses to complete a task whose deadline passed, saying it was escalated', async () => {
    const task = aTask('VF-LATE-00001', '2026-11-24T10:00:00Z');
    await tasks.createTask(task);
    await tasks.markTimedOut(task.taskId, now);
    await expect(tasks.complete(task.taskId, 'cw-ada', { outcome: 'no-answer' }, now)).rejects.toThrow(
      /escalated to a team leader/,
    );
    expect(await tasks.createTask(task)).toBe('already-closed');
  });

  it('pages through one type of task, and a closed task leaves it', async () => {
    for (let i = 0; i < 5; i++) {
      await tasks.createTask(
        aTask(`VF-TYPES-0000${i}`, `2026-11-2${3 + (i % 3)}T10:00:00Z`, 3, 'home-visit'),
      );
      await tasks.createTask(aTask(`VF-TYPES-0000${i}`, `2026-11-2${3 + (i % 3)}T11:00:00Z`));
    }
    const seen: string[] = [];
    let after: string | undefined;
    do {
      const page = await tasks.findOpen(
        { queue: 'caseworkers' },
        { type: 'home-visit' },
        { evaluate: 2, ...(after ? { after } : {}) },
      );
      seen.push(...page.tasks.map((t) => t.taskId));
      after = page.next;
    } while (after);
    expect(seen).toHaveLength(5);
    expect(new Set(seen.map((id) => id.split('.')[1]))).toEqual(new Set(['home-visit']));
    // A token from the unfiltered queue is no position in the home visits.
    const queuePage = await tasks.findOpen({ queue: 'caseworkers' }, {}, { evaluate: 1 });
    await expect(
      tasks.findOpen(
        { queue: 'caseworkers' },
        { type: 'home-visit' },
        { evaluate: 1, after: queuePage.next },
      ),
    ).rejects.toThrow(InvalidPageTokenError);

    await tasks.complete(seen[0] as string, 'cw-ada', { outcome: 'no-one-home' }, now);
    await tasks.markTimedOut(seen[1] as string, now);
    const left = await tasks.findOpen({ queue: 'caseworkers' }, { type: 'home-visit' }, { evaluate: 10 });
    expect(left.tasks.map((t) => t.taskId)).toEqual(seen.slice(2));
  });
});
