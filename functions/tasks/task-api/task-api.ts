import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { isTaskId, QUEUES, type Queue, type Task } from '../../../shared/domain/task.ts';
import { completeTask, InvalidOutcomeError, type TaskQueueDeps } from '../../../shared/domain/task-queue.ts';
import {
  InvalidPageTokenError,
  TaskAlreadyClaimedError,
  TaskNotFoundError,
  TaskNotOpenError,
} from '../../../shared/ports/task-store.ts';
import { logger } from '../../logger.ts';

export interface TaskApiDeps extends TaskQueueDeps {
  /** Who is asking: from the verified sign-in (JWT claims in AWS, the local sign-in on one machine). */
  readonly identify: (event: APIGatewayProxyEventV2) => string | undefined;
}

const json = (statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  body: JSON.stringify(body),
});
const problem = (statusCode: number, field: string, message: string) =>
  json(statusCode, { errors: [{ field, message }] });

/** A task as the API shows it: never its workflow token. */
const view = (task: Task) => ({
  ...task,
  due: task.due.toISOString(),
  createdAt: task.createdAt.toISOString(),
});

/**
 * The task API: `GET /api/tasks?queue=…` or `GET /api/tasks?assignee=me` (due first, then priority; paginated),
 * `GET /api/tasks/{taskId}`, `POST /api/tasks/{taskId}/claim`, `POST /api/tasks/{taskId}/complete` with the outcome.
 */
export function createTaskApi(deps: TaskApiDeps) {
  return middy(async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const user = deps.identify(event);
    if (!user) return problem(401, '(user)', 'sign in first');
    const taskId = event.pathParameters?.taskId;
    // A forged id (too long for a key, say) is no task: answered before the store is asked.
    if (taskId !== undefined && !isTaskId(taskId)) return problem(404, 'taskId', 'no such task');
    try {
      switch (event.routeKey) {
        case 'GET /api/tasks': {
          const query = event.queryStringParameters ?? {};
          const limit = query.limit === undefined ? 50 : Number(query.limit);
          if (!Number.isInteger(limit) || limit < 1 || limit > 200)
            return problem(400, 'limit', 'must be a whole number from 1 to 200');
          const page = { limit, ...(query.after ? { after: query.after } : {}) };
          if (query.assignee !== undefined) {
            if (query.assignee !== 'me') return problem(400, 'assignee', 'must be me');
            const result = await deps.tasks.listOpen({ assignee: user }, page);
            return json(200, {
              tasks: result.tasks.map(view),
              ...(result.next ? { next: result.next } : {}),
            });
          }
          const queue = query.queue ?? 'caseworkers';
          if (!(QUEUES as readonly string[]).includes(queue))
            return problem(400, 'queue', `must be one of ${QUEUES.join(', ')}`);
          const result = await deps.tasks.listOpen({ queue: queue as Queue }, page);
          return json(200, { tasks: result.tasks.map(view), ...(result.next ? { next: result.next } : {}) });
        }
        case 'GET /api/tasks/{taskId}': {
          const task = taskId ? await deps.tasks.getTask(taskId) : undefined;
          return task ? json(200, view(task)) : problem(404, 'taskId', 'no such task');
        }
        case 'POST /api/tasks/{taskId}/claim':
          return json(200, view(await deps.tasks.claim(taskId ?? '', user, deps.clock.now())));
        case 'POST /api/tasks/{taskId}/complete': {
          let body: unknown;
          try {
            body = JSON.parse(event.body ?? '');
          } catch {
            return problem(400, '(body)', 'is not valid JSON');
          }
          const task = await completeTask(taskId ?? '', user, body, deps);
          logger.info('task completed', { taskId: task.taskId, type: task.type });
          return json(200, view(task));
        }
        default:
          return problem(404, '(route)', `no such route: ${event.routeKey}`);
      }
    } catch (error) {
      if (error instanceof InvalidOutcomeError) return json(400, { errors: error.errors });
      if (error instanceof InvalidPageTokenError) return problem(400, 'after', error.message);
      if (error instanceof TaskNotFoundError) return problem(404, 'taskId', error.message);
      if (error instanceof TaskNotOpenError || error instanceof TaskAlreadyClaimedError) {
        return problem(409, 'task', error.message);
      }
      throw error;
    }
  }).use(injectLambdaContext(logger));
}
