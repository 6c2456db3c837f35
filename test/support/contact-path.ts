import { QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { executionArnOf } from '../../local/engine/engine.ts';
import type { ExecutionDescription } from '../../local/engine/step-functions-api.ts';
import { httpApiRequest, localContext } from '../../local/lambda-events.ts';
import { completeTask } from '../../shared/application/task-queue.ts';
import { caseIdFor, referralIdFor } from '../../shared/domain/case.ts';
import type { CaseEvent } from '../../shared/domain/case-records.ts';
import type { Task, TaskType } from '../../shared/domain/task.ts';
import { taskIdFor } from '../../shared/domain/task.ts';
import type { Workflows } from '../../shared/ports/workflows.ts';
import { aPartnerReferralBody } from '../fixtures/referrals.ts';
import type { FreshLocalSystem } from './local-system.ts';

/** A partner referral received through the real intake function, and where its contact path runs. */
export interface ReceivedReferral {
  readonly statusCode: number;
  readonly caseId: string;
  readonly referralId: string;
  readonly executionArn: string;
}

/** Posts a partner referral (the fixture with `overrides`) to the intake function at the clock's time. */
export async function receivePartnerReferral(
  fresh: FreshLocalSystem,
  overrides: Record<string, unknown> = {},
): Promise<ReceivedReferral> {
  const body = aPartnerReferralBody(overrides);
  const response = (await fresh.system.handlers.receiveReferral(
    httpApiRequest('POST', '/referrals/partner', JSON.stringify(body)),
    localContext('receive-referral'),
  )) as { statusCode: number; body: string };
  if (response.statusCode !== 201 && response.statusCode !== 200) {
    throw new Error(`the referral was refused: ${response.statusCode} ${response.body}`);
  }
  const reference = String(body.reference);
  const referralId = referralIdFor('partner', reference);
  return {
    statusCode: response.statusCode,
    caseId: caseIdFor('partner', reference),
    referralId,
    executionArn: executionArnOf(fresh.system.definitions.contactPathArn, referralId),
  };
}

/** A task as it is stored, token left out. */
export type StoredTask = Task & { readonly timedOutAt?: string };

/** Every task of a case, whatever its status, in task-id order, straight from the table (token left out). */
export async function tasksOf(fresh: FreshLocalSystem, caseId: string): Promise<StoredTask[]> {
  const result = await fresh.client.send(
    new QueryCommand({
      TableName: fresh.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :task)',
      ExpressionAttributeValues: { ':pk': `CASE#${caseId}`, ':task': 'TASK#' },
      ConsistentRead: true,
    }),
  );
  return (result.Items ?? []).map((item) => {
    const {
      pk: _pk,
      sk: _sk,
      token: _token,
      itemType: _i,
      gsi1pk: _g1,
      gsi1sk: _s1,
      gsi2pk: _g2,
      gsi2sk: _s2,
      ...task
    } = item;
    return {
      ...task,
      due: new Date(String(item.due)),
      createdAt: new Date(String(item.createdAt)),
      ...(item.completedAt ? { completedAt: new Date(String(item.completedAt)) } : {}),
    } as StoredTask;
  });
}

/** The ids of a case's tasks, with their status: `call-attempt.1:completed`. */
export async function taskSummary(fresh: FreshLocalSystem, caseId: string): Promise<string[]> {
  return (await tasksOf(fresh, caseId)).map((t) => `${t.taskId.slice(caseId.length + 1)}:${t.status}`);
}

/** The case timeline. */
export function timelineOf(fresh: FreshLocalSystem, caseId: string): Promise<CaseEvent[]> {
  return fresh.system.store.timeline(caseId);
}

/** The events of a case timeline of one type. */
export async function eventsOf(
  fresh: FreshLocalSystem,
  caseId: string,
  type: CaseEvent['type'],
): Promise<CaseEvent[]> {
  return (await timelineOf(fresh, caseId)).filter((event) => event.type === type);
}

/** The task of a case by type and attempt. */
export async function taskOf(
  fresh: FreshLocalSystem,
  caseId: string,
  type: TaskType,
  attempt = 1,
): Promise<Task | undefined> {
  return fresh.system.tasks.getTask(taskIdFor(caseId, type, attempt));
}

/**
 * Fires the engine's timers in time order until `ready` says yes, and resolves with the clock then; fails,
 * naming where each execution stands, if the engine has nothing left to do first. `ready` is asked with
 * the engine held (Engine.advanceUntil), so a running engine's background loop cannot move an execution
 * past the awaited moment between the answer and the next timer.
 */
export async function advanceUntil(
  fresh: FreshLocalSystem,
  ready: () => Promise<boolean>,
  engine = fresh.system.engine,
): Promise<Date> {
  // With no timer left, a request still being answered (a form the browser posted) may not have reached
  // the engine yet: give it up to ten seconds (a loaded machine) before deciding nothing is left.
  for (let waited = 0; waited <= 200; waited++) {
    if (await engine.advanceUntil(ready, fresh.clock)) return fresh.clock.now();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(
    `the engine ran out of timers before the awaited moment at ${fresh.clock.now().toISOString()}; ` +
      `executions: ${await executionsAt(fresh)}`,
  );
}

/** Each execution on the engine's table as `name status state phase [error]`, for a failure message. */
async function executionsAt(fresh: FreshLocalSystem): Promise<string> {
  const result = await fresh.client.send(
    new ScanCommand({
      TableName: fresh.engineTableName,
      FilterExpression: 'sk = :execution',
      ExpressionAttributeValues: { ':execution': 'EXECUTION' },
      ConsistentRead: true,
    }),
  );
  const described = (result.Items ?? []).map((item) => {
    const recent = ((item.history ?? []) as Array<{ type: string; stateName?: string; timestamp: string }>)
      .slice(-8)
      .map((event) => `${event.timestamp} ${event.type}${event.stateName ? ` ${event.stateName}` : ''}`);
    return [item.name, item.status, item.state, item.phase, item.error, item.cause, item.wakeAt]
      .filter((part) => part !== undefined)
      .concat(recent.length > 0 ? [`(last events: ${recent.join('; ')})`] : [])
      .join(' ');
  });
  return described.length > 0 ? described.join('; ') : 'none';
}

/** Advances the engine until the task is open in the queue, and resolves with it. */
export async function untilTaskOpen(
  fresh: FreshLocalSystem,
  caseId: string,
  type: TaskType,
  attempt = 1,
  engine = fresh.system.engine,
): Promise<Task> {
  await advanceUntil(
    fresh,
    async () => (await fresh.system.tasks.tokenOf(taskIdFor(caseId, type, attempt))) !== undefined,
    engine,
  );
  return (await taskOf(fresh, caseId, type, attempt)) as Task;
}

/**
 * A caseworker records a task's outcome through the real task queue (SendTaskSuccess on the engine), and
 * the engine then runs whatever that made due.
 */
export async function completeAs(
  fresh: FreshLocalSystem,
  taskId: string,
  outcome: Record<string, unknown>,
  user = 'caseworker.one',
  via: { workflows: Workflows; engine: { runDue(): Promise<number> } } = fresh.system,
): Promise<Task> {
  const { tasks, store, clock } = fresh.system;
  const task = await completeTask(taskId, user, outcome, { tasks, store, clock, workflows: via.workflows });
  await via.engine.runDue();
  return task;
}

/** Opens a task as soon as it is due and records its outcome. */
export async function answerTask(
  fresh: FreshLocalSystem,
  caseId: string,
  type: TaskType,
  attempt: number,
  outcome: Record<string, unknown>,
): Promise<Task> {
  const task = await untilTaskOpen(fresh, caseId, type, attempt);
  return completeAs(fresh, task.taskId, outcome);
}

/** The execution as DescribeExecution gives it, with its output parsed. */
export async function executionOf(
  fresh: FreshLocalSystem,
  executionArn: string,
): Promise<ExecutionDescription & { result?: string }> {
  const described = await fresh.system.engine.describeExecution(executionArn);
  const output =
    described.output === undefined ? undefined : (JSON.parse(described.output) as { result?: string });
  return { ...described, ...(output?.result === undefined ? {} : { result: output.result }) };
}

/** Runs the engine until the execution has ended (every timer fired), and describes it. */
export async function runToEnd(
  fresh: FreshLocalSystem,
  executionArn: string,
): Promise<ExecutionDescription & { result?: string }> {
  await advanceUntil(fresh, async () => (await executionOf(fresh, executionArn)).status !== 'RUNNING');
  return executionOf(fresh, executionArn);
}

export const SPOKE_INITIAL_ONLY = {
  outcome: 'spoke-to-victim',
  firstContact: 'initial-contact-only',
} as const;
export const NO_ANSWER = { outcome: 'no-answer' } as const;
