import { describe, expect, it } from 'vitest';
import { DynamoDbTaskStore } from '../../shared/adapters/dynamodb/task-store.ts';
import { InMemoryTaskStore } from '../../shared/adapters/memory/task-store.ts';
import { InvalidPageTokenError } from '../../shared/domain/paging.ts';
import { TaskAlreadyClaimedError, TaskNotFoundError, TaskNotOpenError } from '../../shared/domain/task.ts';
import type { NewTask, TaskStore } from '../../shared/ports/task-store.ts';
import { aNewTask } from '../fixtures/tasks.ts';
import { freshStore } from '../support/store.ts';

const NOW = new Date('2026-11-23T10:00:00Z');
const LATER = new Date('2026-11-23T11:00:00Z');

const token = (key: unknown) => Buffer.from(JSON.stringify(key)).toString('base64url');
const ids = (page: { tasks: { taskId: string }[] }) => page.tasks.map((t) => t.taskId);

// The same contract for the in-memory twin and the DynamoDB adapter on DynamoDB Local.
describe.each([
  ['in memory', async (): Promise<TaskStore> => new InMemoryTaskStore()],
  [
    'on DynamoDB Local',
    async (): Promise<TaskStore> => {
      const { client, tableName } = await freshStore();
      return new DynamoDbTaskStore(client, tableName);
    },
  ],
])('the caseworker task queue %s', (_where, open) => {
  it('creates an open task and gives it back as made, never with its token', async () => {
    const tasks = await open();
    const task: NewTask = {
      ...aNewTask('VF-MAKE0-00001', '2026-11-24T10:00:00Z', 2),
      reason: 'no-answer-twice',
      voicemailAllowed: false,
      enhanced: true,
      area: 'melton',
    };

    expect(await tasks.createTask(task)).toBe('created');

    const { token: _token, ...shown } = task;
    expect(await tasks.getTask(task.taskId)).toEqual({ ...shown, status: 'open' });
    expect(await tasks.listForCase('VF-MAKE0-00001')).toEqual([{ ...shown, status: 'open' }]);
    expect(JSON.stringify(await tasks.listOpen({ queue: 'caseworkers' }))).not.toContain('token-');
    expect(await tasks.tokenOf(task.taskId)).toBe(task.token);
  });

  it('knows no task it never made', async () => {
    const tasks = await open();

    expect(await tasks.getTask('VF-NONE0-00001.call-attempt.1')).toBeUndefined();
    expect(await tasks.tokenOf('VF-NONE0-00001.call-attempt.1')).toBeUndefined();
    expect(await tasks.listForCase('VF-NONE0-00001')).toEqual([]);
    expect(await tasks.listOpen({ queue: 'caseworkers' })).toEqual({ tasks: [] });
    expect(await tasks.listOpen({ assignee: 'cw-ada' })).toEqual({ tasks: [] });
  });

  it('keeps one task when a workflow step is re-run, with the newer token and what the step says now', async () => {
    const tasks = await open();
    const first = { ...aNewTask('VF-RERUN-00001', '2026-11-24T10:00:00Z'), reason: 'first', area: 'melton' };
    await tasks.createTask(aNewTask('VF-RERUN-00002', '2026-11-24T12:00:00Z'));
    expect(await tasks.createTask(first)).toBe('created');

    const { reason: _reason, ...rerun } = {
      ...first,
      token: 'token-again',
      due: new Date('2026-11-25T10:00:00Z'),
      createdAt: LATER,
      enhanced: true,
    };
    expect(await tasks.createTask(rerun)).toBe('token-refreshed');

    expect(await tasks.tokenOf(first.taskId)).toBe('token-again');
    expect(await tasks.getTask(first.taskId)).toEqual({
      taskId: first.taskId,
      caseId: first.caseId,
      type: first.type,
      queue: first.queue,
      priority: first.priority,
      due: new Date('2026-11-25T10:00:00Z'),
      attempt: 1,
      status: 'open',
      // Made when first made; a reason the re-run leaves out stays.
      createdAt: NOW,
      reason: 'first',
      area: 'melton',
      enhanced: true,
    });
    expect(ids(await tasks.listOpen({ queue: 'caseworkers' }))).toEqual([
      'VF-RERUN-00002.call-attempt.1',
      first.taskId,
    ]);
  });

  it('keeps a claimed task claimed when its step is re-run', async () => {
    const tasks = await open();
    const task = aNewTask('VF-RERUN-00003', '2026-11-24T10:00:00Z');
    await tasks.createTask(task);
    await tasks.claim(task.taskId, 'cw-ada', NOW);

    expect(await tasks.createTask({ ...task, token: 'token-again' })).toBe('token-refreshed');

    expect((await tasks.getTask(task.taskId))?.assignee).toBe('cw-ada');
    expect(ids(await tasks.listOpen({ assignee: 'cw-ada' }))).toEqual([task.taskId]);
  });

  it("lists a case's tasks, whatever their status, in task-id order", async () => {
    const tasks = await open();
    const call = aNewTask('VF-CASE0-00001', '2026-11-24T10:00:00Z');
    const visit = aNewTask('VF-CASE0-00001', '2026-11-23T10:00:00Z', 1, 'home-visit');
    const second = aNewTask('VF-CASE0-00001', '2026-11-25T10:00:00Z', 3, 'call-attempt', 2);
    for (const task of [visit, second, call]) await tasks.createTask(task);
    await tasks.createTask(aNewTask('VF-CASE0-00002', '2026-11-24T10:00:00Z'));
    await tasks.complete(call.taskId, 'cw-ada', { outcome: 'no-answer' }, NOW);
    await tasks.markTimedOut(visit.taskId, NOW);

    const listed = await tasks.listForCase('VF-CASE0-00001');

    expect(listed.map((t) => [t.taskId, t.status])).toEqual([
      [call.taskId, 'completed'],
      [second.taskId, 'open'],
      [visit.taskId, 'timed-out'],
    ]);
  });

  it('lists open tasks soonest due first, then by priority, then by id, each queue its own', async () => {
    const tasks = await open();
    await tasks.createTask(aNewTask('VF-AAAAA-00001', '2026-11-24T10:00:00Z', 3));
    await tasks.createTask(aNewTask('VF-AAAAA-00002', '2026-11-23T12:00:00Z', 3));
    await tasks.createTask(aNewTask('VF-AAAAA-00004', '2026-11-24T10:00:00Z', 1));
    await tasks.createTask(aNewTask('VF-AAAAA-00003', '2026-11-24T10:00:00Z', 1));
    await tasks.createTask(aNewTask('VF-AAAAA-00005', '2026-11-20T10:00:00Z', 1, 'safe-contact-review'));

    expect((await tasks.listOpen({ queue: 'caseworkers' })).tasks.map((t) => t.caseId)).toEqual([
      'VF-AAAAA-00002',
      'VF-AAAAA-00003',
      'VF-AAAAA-00004',
      'VF-AAAAA-00001',
    ]);
    expect((await tasks.listOpen({ queue: 'team-leaders' })).tasks.map((t) => t.caseId)).toEqual([
      'VF-AAAAA-00005',
    ]);
  });

  it('pages through a queue without losing or repeating a task, a full last page leading to an empty one', async () => {
    const tasks = await open();
    for (let i = 0; i < 6; i++)
      await tasks.createTask(aNewTask(`VF-PAGES-0000${i}`, `2026-11-2${3 + (i % 3)}T10:00:00Z`));

    const first = await tasks.listOpen({ queue: 'caseworkers' }, { limit: 4 });
    const second = await tasks.listOpen({ queue: 'caseworkers' }, { limit: 2, after: first.next as string });
    const third = await tasks.listOpen({ queue: 'caseworkers' }, { limit: 2, after: second.next as string });

    expect(ids(first)).toEqual([
      'VF-PAGES-00000.call-attempt.1',
      'VF-PAGES-00003.call-attempt.1',
      'VF-PAGES-00001.call-attempt.1',
      'VF-PAGES-00004.call-attempt.1',
    ]);
    expect(first.next).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(ids(second)).toEqual(['VF-PAGES-00002.call-attempt.1', 'VF-PAGES-00005.call-attempt.1']);
    expect(second.next).toBeDefined();
    expect(third).toEqual({ tasks: [] });
    // A page with room to spare is the last.
    expect((await tasks.listOpen({ queue: 'caseworkers' }, { limit: 7 })).next).toBeUndefined();
    // At least one task a page, at most 200.
    expect(ids(await tasks.listOpen({ queue: 'caseworkers' }, { limit: 0 }))).toHaveLength(1);
    expect(ids(await tasks.listOpen({ queue: 'caseworkers' }, { limit: 500 }))).toHaveLength(6);
  });

  it('goes on from where a page stopped though its last task has since been closed', async () => {
    const tasks = await open();
    for (let i = 1; i <= 4; i++)
      await tasks.createTask(aNewTask(`VF-GONE0-0000${i}`, `2026-11-2${i + 3}T10:00:00Z`));

    const first = await tasks.listOpen({ queue: 'caseworkers' }, { limit: 2 });
    await tasks.complete('VF-GONE0-00002.call-attempt.1', 'cw-ada', { outcome: 'no-answer' }, NOW);
    const second = await tasks.listOpen({ queue: 'caseworkers' }, { limit: 2, after: first.next as string });

    expect(ids(second)).toEqual(['VF-GONE0-00003.call-attempt.1', 'VF-GONE0-00004.call-attempt.1']);
  });

  it('refuses a page token that this listing did not give out', async () => {
    const tasks = await open();
    for (const caseId of ['VF-PAGE0-00001', 'VF-PAGE0-00002'])
      await tasks.createTask(aNewTask(caseId, '2026-11-24T10:00:00Z'));
    const first = await tasks.listOpen({ queue: 'caseworkers' }, { limit: 1 });
    expect(first.next).toBeDefined();
    const position = JSON.parse(Buffer.from(first.next as string, 'base64url').toString('utf8'));

    for (const [filter, after] of [
      [{ queue: 'team-leaders' }, first.next as string],
      [{ assignee: 'cw-ada' }, first.next as string],
      [{ queue: 'caseworkers' }, 'zzz'],
      [{ queue: 'caseworkers' }, 'e30'],
      [{ queue: 'caseworkers' }, token({ ...position, gsi1sk: '' })],
      [{ queue: 'caseworkers' }, token({ ...position, gsi1sk: 'x'.repeat(1100) })],
      [{ queue: 'caseworkers' }, token({ ...position, extra: 'x' })],
      [{ queue: 'caseworkers' }, token({ pk: position.pk, sk: position.sk })],
    ] as const) {
      await expect(tasks.listOpen(filter, { after })).rejects.toThrow(InvalidPageTokenError);
    }
  });

  it("lists a person's open tasks in the queue's order", async () => {
    const tasks = await open();
    const later = aNewTask('VF-MINE0-00001', '2026-11-25T10:00:00Z');
    const sooner = aNewTask('VF-MINE0-00002', '2026-11-24T10:00:00Z');
    const others = aNewTask('VF-MINE0-00003', '2026-11-23T10:00:00Z');
    for (const task of [later, sooner, others]) await tasks.createTask(task);
    await tasks.claim(later.taskId, 'cw-ada', NOW);
    await tasks.claim(sooner.taskId, 'cw-ada', NOW);
    await tasks.claim(others.taskId, 'cw-ada2', NOW);

    const mine = await tasks.listOpen({ assignee: 'cw-ada' }, { limit: 1 });
    const rest = await tasks.listOpen({ assignee: 'cw-ada' }, { limit: 1, after: mine.next as string });

    expect([...ids(mine), ...ids(rest)]).toEqual([sooner.taskId, later.taskId]);
    expect(ids(await tasks.listOpen({ assignee: 'cw-ada2' }))).toEqual([others.taskId]);
    // Claimed tasks stay in their queue.
    expect(ids(await tasks.listOpen({ queue: 'caseworkers' }))).toHaveLength(3);
  });

  it('finds open tasks by type, area, enhanced and overdue in the index, counting what it read', async () => {
    const tasks = await open();
    await tasks.createTask({
      ...aNewTask('VF-FIND0-00001', '2026-11-23T09:00:00Z'),
      area: 'melton',
      enhanced: true,
    });
    await tasks.createTask({
      ...aNewTask('VF-FIND0-00002', '2026-11-23T11:00:00Z', 3, 'home-visit'),
      area: 'melton',
    });
    await tasks.createTask({
      ...aNewTask('VF-FIND0-00003', '2026-11-24T10:00:00Z'),
      area: 'leicester-east',
      enhanced: false,
    });
    // Due exactly now is not yet overdue.
    await tasks.createTask(aNewTask('VF-FIND0-00004', NOW.toISOString()));
    const caseIds = (page: { tasks: { caseId: string }[] }) => page.tasks.map((t) => t.caseId);
    const find = (criteria: Parameters<TaskStore['findOpen']>[1]) =>
      tasks.findOpen({ queue: 'caseworkers' }, criteria, { evaluate: 100 });

    // A type has an index of its own (queue and type): only its tasks are read.
    const visits = await find({ type: 'home-visit' });
    expect(caseIds(visits)).toEqual(['VF-FIND0-00002']);
    expect(visits.evaluated).toBe(1);
    expect(caseIds(await find({ type: 'call-attempt', area: 'melton' }))).toEqual(['VF-FIND0-00001']);
    expect(caseIds(await find({ area: 'melton' }))).toEqual(['VF-FIND0-00001', 'VF-FIND0-00002']);
    expect(caseIds(await find({ enhanced: true }))).toEqual(['VF-FIND0-00001']);
    // Overdue at 10:00 on the 23rd: a range of the index, so only the one task is read.
    const overdue = await find({ dueBefore: NOW });
    expect(caseIds(overdue)).toEqual(['VF-FIND0-00001']);
    expect(overdue.evaluated).toBe(1);
    expect(caseIds(await find({ type: 'home-visit', dueBefore: LATER }))).toEqual([]);
    // A filter reads the index and reports how much, whether or not the entries matched.
    expect(await find({ area: 'rutland' })).toEqual({ tasks: [], evaluated: 4 });
    expect(await find({ type: 'onward-referral' })).toEqual({ tasks: [], evaluated: 0 });
    // Reading a little at a time goes on from where it stopped.
    const first = await tasks.findOpen({ queue: 'caseworkers' }, { area: 'melton' }, { evaluate: 1 });
    const second = await tasks.findOpen(
      { queue: 'caseworkers' },
      { area: 'melton' },
      { evaluate: 5, after: first.next },
    );
    expect(first.evaluated).toBe(1);
    expect([...caseIds(first), ...caseIds(second)]).toEqual(['VF-FIND0-00001', 'VF-FIND0-00002']);
    expect(second).toMatchObject({ evaluated: 3 });
    expect(second.next).toBeUndefined();
  });

  it("finds a person's open tasks by type and area, filtered from their own listing", async () => {
    const tasks = await open();
    const call = { ...aNewTask('VF-FIND1-00001', '2026-11-23T09:00:00Z'), area: 'melton' };
    const visit = { ...aNewTask('VF-FIND1-00002', '2026-11-23T11:00:00Z', 3, 'home-visit'), area: 'melton' };
    const elsewhere = { ...aNewTask('VF-FIND1-00003', '2026-11-23T12:00:00Z'), area: 'rutland' };
    for (const task of [call, visit, elsewhere]) {
      await tasks.createTask(task);
      await tasks.claim(task.taskId, 'cw-ada', NOW);
    }
    await tasks.createTask({
      ...aNewTask('VF-FIND1-00004', '2026-11-23T08:00:00Z', 3, 'home-visit'),
      area: 'melton',
    });

    const visits = await tasks.findOpen({ assignee: 'cw-ada' }, { type: 'home-visit' }, { evaluate: 10 });
    expect(visits).toMatchObject({ evaluated: 3 });
    expect(ids(visits)).toEqual([visit.taskId]);
    expect(ids(await tasks.findOpen({ assignee: 'cw-ada' }, { area: 'melton' }, { evaluate: 10 }))).toEqual([
      call.taskId,
      visit.taskId,
    ]);
    const page = await tasks.findOpen({ assignee: 'cw-ada' }, { area: 'rutland' }, { evaluate: 2 });
    expect(page).toMatchObject({ tasks: [], evaluated: 2 });
    expect(
      ids(
        await tasks.findOpen({ assignee: 'cw-ada' }, { area: 'rutland' }, { evaluate: 2, after: page.next }),
      ),
    ).toEqual([elsewhere.taskId]);
  });

  it('pages through one type of task, refuses a token from another listing, and a closed task leaves it', async () => {
    const tasks = await open();
    for (let i = 0; i < 5; i++) {
      await tasks.createTask(
        aNewTask(`VF-TYPES-0000${i}`, `2026-11-2${3 + (i % 3)}T10:00:00Z`, 3, 'home-visit'),
      );
      await tasks.createTask(aNewTask(`VF-TYPES-0000${i}`, `2026-11-2${3 + (i % 3)}T11:00:00Z`));
    }
    const seen: string[] = [];
    let after: string | undefined;
    do {
      const page = await tasks.findOpen(
        { queue: 'caseworkers' },
        { type: 'home-visit' },
        { evaluate: 2, ...(after ? { after } : {}) },
      );
      seen.push(...ids(page));
      after = page.next;
    } while (after);
    expect(seen).toEqual([
      'VF-TYPES-00000.home-visit.1',
      'VF-TYPES-00003.home-visit.1',
      'VF-TYPES-00001.home-visit.1',
      'VF-TYPES-00004.home-visit.1',
      'VF-TYPES-00002.home-visit.1',
    ]);
    // A token from the unfiltered queue is no position in the home visits.
    const queuePage = await tasks.findOpen({ queue: 'caseworkers' }, {}, { evaluate: 1 });
    await expect(
      tasks.findOpen(
        { queue: 'caseworkers' },
        { type: 'home-visit' },
        { evaluate: 1, after: queuePage.next },
      ),
    ).rejects.toThrow(InvalidPageTokenError);

    await tasks.complete(seen[0] as string, 'cw-ada', { outcome: 'no-one-home' }, NOW);
    await tasks.markTimedOut(seen[1] as string, NOW);
    const left = await tasks.findOpen({ queue: 'caseworkers' }, { type: 'home-visit' }, { evaluate: 10 });
    expect(ids(left)).toEqual(seen.slice(2));
    expect(left.evaluated).toBe(3);
  });

  it('lets a caseworker claim an open task, and claim it again harmlessly', async () => {
    const tasks = await open();
    const task = aNewTask('VF-CLAIM-00001', '2026-11-24T10:00:00Z');
    await tasks.createTask(task);

    const claimed = await tasks.claim(task.taskId, 'cw-ada', NOW);
    expect(await tasks.claim(task.taskId, 'cw-ada', LATER)).toEqual(claimed);

    const { token: _token, ...shown } = task;
    expect(claimed).toEqual({ ...shown, status: 'open', assignee: 'cw-ada' });
    expect(await tasks.getTask(task.taskId)).toEqual(claimed);
    await expect(tasks.claim(task.taskId, 'cw-bram', LATER)).rejects.toThrow(
      new TaskAlreadyClaimedError(`task ${task.taskId} is claimed by cw-ada; you cannot claim it`),
    );
  });

  it('lets exactly one of two caseworkers claim a task', async () => {
    const tasks = await open();
    const task = aNewTask('VF-CLAIM-00002', '2026-11-24T10:00:00Z');
    await tasks.createTask(task);

    const results = await Promise.allSettled([
      tasks.claim(task.taskId, 'cw-ada', NOW),
      tasks.claim(task.taskId, 'cw-bram', NOW),
    ]);

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const loser = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(loser.reason).toBeInstanceOf(TaskAlreadyClaimedError);
    const winner = (await tasks.getTask(task.taskId))?.assignee as string;
    expect(ids(await tasks.listOpen({ assignee: winner }))).toEqual([task.taskId]);
  });

  it('lets a team leader give a task to another person, moving it between their lists', async () => {
    const tasks = await open();
    const task = aNewTask('VF-GIVE0-00001', '2026-11-24T10:00:00Z');
    await tasks.createTask(task);
    await tasks.claim(task.taskId, 'cw-ada', NOW);

    expect((await tasks.assign(task.taskId, 'cw-bram', LATER)).assignee).toBe('cw-bram');

    expect(await tasks.listOpen({ assignee: 'cw-ada' })).toEqual({ tasks: [] });
    expect(ids(await tasks.listOpen({ assignee: 'cw-bram' }))).toEqual([task.taskId]);
    await expect(tasks.complete(task.taskId, 'cw-ada', { outcome: 'no-answer' }, LATER)).rejects.toThrow(
      new TaskAlreadyClaimedError(`task ${task.taskId} is claimed by cw-bram; you cannot complete it`),
    );
  });

  it('refuses to give or claim a task that is closed or not there', async () => {
    const tasks = await open();
    const done = aNewTask('VF-GIVE0-00002', '2026-11-24T10:00:00Z');
    const late = aNewTask('VF-GIVE0-00003', '2026-11-24T10:00:00Z');
    await tasks.createTask(done);
    await tasks.createTask(late);
    await tasks.complete(done.taskId, 'cw-ada', { outcome: 'no-answer' }, NOW);
    await tasks.markTimedOut(late.taskId, NOW);

    await expect(tasks.assign(done.taskId, 'cw-bram', NOW)).rejects.toThrow(
      new TaskNotOpenError(`task ${done.taskId} was already completed by cw-ada`),
    );
    await expect(tasks.claim(late.taskId, 'cw-bram', NOW)).rejects.toThrow(
      new TaskNotOpenError(`task ${late.taskId} passed its deadline and was escalated to a team leader`),
    );
    await expect(tasks.assign('VF-GIVE0-00009.call-attempt.1', 'cw-bram', NOW)).rejects.toBeInstanceOf(
      TaskNotFoundError,
    );
    await expect(tasks.claim('VF-GIVE0-00009.call-attempt.1', 'cw-bram', NOW)).rejects.toBeInstanceOf(
      TaskNotFoundError,
    );
    expect(await tasks.getTask('VF-GIVE0-00009.call-attempt.1')).toBeUndefined();
    expect(await tasks.listOpen({ assignee: 'cw-bram' })).toEqual({ tasks: [] });
  });

  it('records the outcome of a task, which then leaves every list', async () => {
    const tasks = await open();
    const task = aNewTask('VF-DONE0-00001', '2026-11-24T10:00:00Z');
    const unclaimed = aNewTask('VF-DONE0-00002', '2026-11-24T10:00:00Z', 3, 'home-visit');
    await tasks.createTask(task);
    await tasks.createTask(unclaimed);
    await tasks.claim(task.taskId, 'cw-ada', NOW);

    const completed = await tasks.complete(
      task.taskId,
      'cw-ada',
      { outcome: 'spoke-to-victim', firstContact: 'further-support', notes: 'Called back' },
      LATER,
    );
    // Anyone may complete a task nobody claimed.
    await tasks.complete(unclaimed.taskId, 'cw-bram', { outcome: 'no-one-home', notes: undefined }, LATER);

    const { token: _token, ...shown } = task;
    expect(completed).toEqual({
      ...shown,
      status: 'completed',
      assignee: 'cw-ada',
      outcome: { outcome: 'spoke-to-victim', firstContact: 'further-support', notes: 'Called back' },
      completedBy: 'cw-ada',
      completedAt: LATER,
    });
    expect(await tasks.getTask(task.taskId)).toEqual(completed);
    expect(await tasks.getTask(unclaimed.taskId)).toMatchObject({
      status: 'completed',
      outcome: { outcome: 'no-one-home' },
      completedBy: 'cw-bram',
    });
    expect(await tasks.listOpen({ queue: 'caseworkers' })).toEqual({ tasks: [] });
    expect(await tasks.listOpen({ assignee: 'cw-ada' })).toEqual({ tasks: [] });
    expect(await tasks.findOpen({ queue: 'caseworkers' }, { type: 'home-visit' }, { evaluate: 10 })).toEqual({
      tasks: [],
      evaluated: 0,
    });
  });

  it('lets exactly one of two completions win and tells the other who completed it', async () => {
    const tasks = await open();
    const task = aNewTask('VF-DONE0-00003', '2026-11-24T10:00:00Z');
    await tasks.createTask(task);

    const results = await Promise.allSettled([
      tasks.complete(task.taskId, 'cw-ada', { outcome: 'no-answer' }, NOW),
      tasks.complete(task.taskId, 'cw-bram', { outcome: 'voicemail-left' }, NOW),
    ]);

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const loser = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(loser.reason).toBeInstanceOf(TaskNotOpenError);
    expect(String(loser.reason.message)).toMatch(/already completed by cw-(ada|bram)/);
  });

  it('refuses a second completion by the same person, keeping the first outcome', async () => {
    const tasks = await open();
    const task = aNewTask('VF-DONE0-00004', '2026-11-24T10:00:00Z');
    await tasks.createTask(task);
    await tasks.complete(task.taskId, 'cw-ada', { outcome: 'no-answer' }, NOW);

    await expect(tasks.complete(task.taskId, 'cw-ada', { outcome: 'declined' }, LATER)).rejects.toThrow(
      new TaskNotOpenError(`task ${task.taskId} was already completed by cw-ada`),
    );
    await expect(
      tasks.complete('VF-DONE0-00009.call-attempt.1', 'cw-ada', { outcome: 'no-answer' }, NOW),
    ).rejects.toThrow(new TaskNotFoundError('task VF-DONE0-00009.call-attempt.1 does not exist'));

    expect(await tasks.getTask(task.taskId)).toMatchObject({
      outcome: { outcome: 'no-answer' },
      completedAt: NOW,
    });
    expect(await tasks.createTask(task)).toBe('already-closed');
  });

  it("keeps a completed task's token so its outcome can be re-sent, and forgets it once timed out", async () => {
    const tasks = await open();
    const task = aNewTask('VF-DONE0-00005', '2026-11-24T10:00:00Z');
    await tasks.createTask(task);
    await tasks.complete(task.taskId, 'cw-ada', { outcome: 'no-answer' }, NOW);

    expect(await tasks.tokenOf(task.taskId)).toBe(task.token);
    // Without the override, a completed task stays completed.
    await tasks.markTimedOut(task.taskId, LATER);
    expect((await tasks.getTask(task.taskId))?.status).toBe('completed');

    await tasks.markTimedOut(task.taskId, LATER, true);

    expect(await tasks.tokenOf(task.taskId)).toBeUndefined();
    expect(await tasks.getTask(task.taskId)).toMatchObject({
      status: 'timed-out',
      outcome: { outcome: 'no-answer' },
      completedBy: 'cw-ada',
    });
  });

  it('takes a task whose deadline passed out of the queues, once, and refuses to complete it', async () => {
    const tasks = await open();
    const task = aNewTask('VF-LATE0-00001', '2026-11-24T10:00:00Z');
    await tasks.createTask(task);
    await tasks.claim(task.taskId, 'cw-ada', NOW);

    await tasks.markTimedOut(task.taskId, NOW);
    await tasks.markTimedOut(task.taskId, LATER);
    await tasks.markTimedOut(task.taskId, LATER, true);

    expect((await tasks.getTask(task.taskId))?.status).toBe('timed-out');
    expect(await tasks.listOpen({ queue: 'caseworkers' })).toEqual({ tasks: [] });
    expect(await tasks.listOpen({ assignee: 'cw-ada' })).toEqual({ tasks: [] });
    await expect(tasks.complete(task.taskId, 'cw-ada', { outcome: 'no-answer' }, NOW)).rejects.toThrow(
      /escalated to a team leader/,
    );
    expect(await tasks.createTask(task)).toBe('already-closed');
    expect(await tasks.tokenOf(task.taskId)).toBeUndefined();
  });

  it('makes nothing of a deadline for a task that is not there', async () => {
    const tasks = await open();

    await tasks.markTimedOut('VF-LATE0-00009.call-attempt.1', NOW);
    await tasks.markTimedOut('VF-LATE0-00009.call-attempt.1', NOW, true);

    expect(await tasks.getTask('VF-LATE0-00009.call-attempt.1')).toBeUndefined();
    expect(await tasks.listForCase('VF-LATE0-00009')).toEqual([]);
  });
});
