import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import {
  completeTask,
  InvalidOutcomeError,
  type TaskQueueDeps,
} from '../../../shared/application/task-queue.ts';
import { InvalidPageTokenError } from '../../../shared/domain/paging.ts';
import {
  type Identity,
  mayWorkQueue,
  mayWorkTask,
  rolesFromGroups,
  workableQueues,
} from '../../../shared/domain/roles.ts';
import {
  isTaskId,
  QUEUES,
  type Queue,
  type Task,
  TaskAlreadyClaimedError,
  TaskNotFoundError,
  TaskNotOpenError,
} from '../../../shared/domain/task.ts';
import { lambdaHandler } from '../../lambda-handler.ts';
import { logger } from '../../logger.ts';

export interface TaskApiDeps extends TaskQueueDeps {
  /**
   * Who is asking and in which roles: from the verified sign-in (JWT claims in AWS, the local sign-in on one
   * machine); undefined when the request proves nobody.
   */
  readonly identify: (event: APIGatewayProxyEventV2) => Identity | undefined | Promise<Identity | undefined>;
}

/**
 * The request carries a sign-in but does not prove the person sent it (the web session's cookie without
 * its form token, which any page the browser visits could make it send): refused naming what is missing.
 */
export class UnprovenRequestError extends Error {
  override name = 'UnprovenRequestError';
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.field = field;
  }
}

/**
 * The person in AWS: the HTTP API's JWT authorizer has verified the token (staff user pool, web app client);
 * its subject is the person and its `cognito:groups` their roles. Any member of the pool has a valid token:
 * the API itself refuses a role that works no queue (an analyst, a contractor), and each queue to a role
 * that does not work it.
 */
export function identityFromJwt(event: APIGatewayProxyEventV2): Identity | undefined {
  const claims = (event.requestContext as { authorizer?: { jwt?: { claims?: Record<string, unknown> } } })
    .authorizer?.jwt?.claims;
  if (typeof claims?.sub !== 'string' || claims.sub === '') return undefined;
  return { id: claims.sub, roles: rolesFromGroups(claims['cognito:groups']) };
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

/** The refusal of a task or queue the person's roles do not work: the same whatever the task's state. */
const notYourQueue = (field: 'queue' | 'taskId', queue: Queue) =>
  problem(
    403,
    field,
    `${field === 'queue' ? 'is' : 'is in'} the ${queue === 'team-leaders' ? 'team leaders’' : 'caseworkers’'} queue, which your role does not work`,
  );

/**
 * The task API: `GET /api/tasks?queue=…` or `GET /api/tasks?assignee=me` (due first, then priority; paginated),
 * `GET /api/tasks/{taskId}`, `POST /api/tasks/{taskId}/claim`, `POST /api/tasks/{taskId}/complete` with the outcome.
 */
export function createTaskApi(deps: TaskApiDeps) {
  return lambdaHandler(async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    let caller: Identity | undefined;
    try {
      caller = await deps.identify(event);
    } catch (error) {
      if (error instanceof UnprovenRequestError) return problem(403, error.field, error.message);
      throw error;
    }
    // A signed-in person whose roles work no queue (a contractor, an analyst) is nobody to the task API.
    if (!caller || workableQueues(caller.roles).length === 0) return problem(401, '(user)', 'sign in first');
    const user = caller.id;
    const taskId = event.pathParameters?.taskId;
    // A forged id (too long for a key, say) is no task: answered before the store is asked.
    if (taskId !== undefined && !isTaskId(taskId)) return problem(404, 'taskId', 'no such task');
    try {
      // Every route on one task reads it first: its queue decides who may see, claim or complete it.
      const task = taskId === undefined ? undefined : await deps.tasks.getTask(taskId);
      if (taskId !== undefined && !task) return problem(404, 'taskId', 'no such task');
      if (task && !mayWorkTask(caller.roles, task)) return notYourQueue('taskId', task.queue);
      switch (event.routeKey) {
        case 'GET /api/tasks': {
          const query = event.queryStringParameters ?? {};
          const limit = query.limit === undefined ? 50 : Number(query.limit);
          if (!Number.isInteger(limit) || limit < 1 || limit > 200)
            return problem(400, 'limit', 'must be a whole number from 1 to 200');
          const page = { limit, ...(query.after ? { after: query.after } : {}) };
          if (query.assignee !== undefined) {
            if (query.assignee !== 'me') return problem(400, 'assignee', 'must be me');
            // A task assigned to someone is theirs only if their role works its queue: a team leader's
            // review given to a caseworker (or kept after a change of role) is not shown to them. A page
            // may so hold fewer than `limit` tasks; `next` says whether there are more.
            const result = await deps.tasks.listOpen({ assignee: user }, page);
            return json(200, {
              tasks: result.tasks.filter((t) => mayWorkTask(caller.roles, t)).map(view),
              ...(result.next ? { next: result.next } : {}),
            });
          }
          const queue = query.queue ?? 'caseworkers';
          if (!(QUEUES as readonly string[]).includes(queue))
            return problem(400, 'queue', `must be one of ${QUEUES.join(', ')}`);
          if (!mayWorkQueue(caller.roles, queue as Queue)) return notYourQueue('queue', queue as Queue);
          const result = await deps.tasks.listOpen({ queue: queue as Queue }, page);
          return json(200, { tasks: result.tasks.map(view), ...(result.next ? { next: result.next } : {}) });
        }
        case 'GET /api/tasks/{taskId}':
          return task ? json(200, view(task)) : problem(404, 'taskId', 'no such task');
        case 'POST /api/tasks/{taskId}/claim':
          return json(200, view(await deps.tasks.claim(taskId ?? '', user, deps.clock.now())));
        case 'POST /api/tasks/{taskId}/complete': {
          let body: unknown;
          try {
            body = JSON.parse(event.body ?? '');
          } catch {
            return problem(400, '(body)', 'is not valid JSON');
          }
          const completed = await completeTask(taskId ?? '', user, body, deps);
          logger.info('task completed', { taskId: completed.taskId, type: completed.type });
          return json(200, view(completed));
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
  });
}
