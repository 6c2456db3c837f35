/** The routes the task API serves: the HTTP API's in AWS, the local server's on one machine. */
export const TASK_ROUTES = [
  'GET /api/tasks',
  'GET /api/tasks/{taskId}',
  'POST /api/tasks/{taskId}/claim',
  'POST /api/tasks/{taskId}/complete',
] as const;
