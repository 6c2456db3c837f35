import type { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import { lambdaStep, TASK_TOKEN } from './standard-state-machine.ts';

/** A caseworker's task a workflow raises and waits on, recorded as timed out when its window passes. */
export interface TimedTaskProps {
  /** The states' names: the task, the timeout's record, and the two ends (`done` after the task's outcome). */
  readonly names: {
    readonly task: string;
    readonly recordMissed: string;
    readonly missed: string;
    readonly done: string;
  };
  /** A Wait state first, until this instant (JSONata): the task is raised then. */
  readonly waitUntil?: { readonly name: string; readonly time: string };
  readonly createTask: IFunction;
  /** The workflow's record-an-event steps, keyed by the case (workflowSteps' `recorder`). */
  readonly recordEvent: (name: string, payload: Record<string, unknown>) => LambdaInvoke;
  /** The case's id, as a JSONata expression: `$chat.caseId`. */
  readonly caseId: string;
  /** What create-task is handed besides the token and the case: its type, queue, priority, due, attempt… */
  readonly task: { readonly type: string } & Readonly<Record<string, unknown>>;
  /** The task's id as create-task makes it (`<caseId>.<type>.<attempt>`), a JSONata expression. */
  readonly taskId: string;
  /** How long the task may wait for its outcome. */
  readonly window: Duration;
  /** Why it was recorded as timed out, in words (the timeline's). */
  readonly missedReason: string;
}

/**
 * Raises a task and waits for its outcome (create-task with the task token), after a wait when asked; one
 * not recorded within its window is caught (States.Timeout) and recorded on the case as `task-timed-out`,
 * for the team leader to see. Returns the first state; the workflow ends after it either way.
 */
export function timedTask(scope: Construct, props: TimedTaskProps): sfn.Wait | LambdaInvoke {
  const task = lambdaStep(scope, props.names.task, {
    lambdaFunction: props.createTask,
    integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
    payload: sfn.TaskInput.fromObject({
      taskToken: TASK_TOKEN,
      caseId: `{% ${props.caseId} %}`,
      ...props.task,
    }),
    taskTimeout: sfn.Timeout.duration(props.window),
  });
  const recordMissed = props.recordEvent(props.names.recordMissed, {
    eventId: `{% 'timeout.' & ${props.taskId} %}`,
    type: 'task-timed-out',
    detail: { taskType: props.task.type, reason: props.missedReason },
    timedOutTaskId: `{% ${props.taskId} %}`,
  });
  task.addCatch(recordMissed.next(sfn.Succeed.jsonata(scope, props.names.missed)), {
    errors: [sfn.Errors.TIMEOUT],
  });
  task.next(sfn.Succeed.jsonata(scope, props.names.done, { outputs: { caseId: `{% ${props.caseId} %}` } }));
  if (!props.waitUntil) return task;
  const wait = sfn.Wait.jsonata(scope, props.waitUntil.name, {
    time: sfn.WaitTime.timestamp(props.waitUntil.time),
  });
  wait.next(task);
  return wait;
}
