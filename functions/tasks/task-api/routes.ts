/** The routes the task API serves: the HTTP API's in AWS, the local server's on one machine. */
export const TASK_ROUTES = [
  'GET /tasks',
  'GET /tasks/{taskId}',
  'POST /tasks/{taskId}/claim',
  'POST /tasks/{taskId}/complete',
] as const;
