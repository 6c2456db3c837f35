import { Duration } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke, type LambdaInvokeJsonataProps } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';

/** What every workflow is given besides its functions: its name, and where its history is logged and kept. */
export interface WorkflowProps {
  readonly stateMachineName: string;
  readonly encryptionKey?: IKey;
  readonly logs?: sfn.LogOptions;
}

/** The token of the task a state waits on, as its function is handed it. */
export const TASK_TOKEN = '{% $states.context.Task.Token %}';

/**
 * What a function call can fail with for a moment and then succeed: the function ran out of its time
 * (middy's `TimeoutError`, just before Lambda's own limit) or died (`Lambda.Unknown`: out of memory, or
 * Lambda's hard timeout), Lambda turned the call away at its concurrency limit, or DynamoDB throttled or
 * failed a request past the SDK's own retries. The SDK's errors keep their names through the function.
 */
export const TRANSIENT_FUNCTION_ERRORS = [
  'TimeoutError',
  'Lambda.Unknown',
  'Lambda.TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
] as const;

/**
 * A Lambda step: LambdaInvoke in JSONata (which retries Lambda's own service errors), also retried on
 * TRANSIENT_FUNCTION_ERRORS three times, 2, 4 and 8 seconds apart. Every function is idempotent, so a
 * retry sends, creates or records nothing twice; an execution fails, and its alarm fires
 * (docs/operations.md), only when the fault outlasts them.
 */
export function lambdaStep(scope: Construct, id: string, props: LambdaInvokeJsonataProps): LambdaInvoke {
  const step = LambdaInvoke.jsonata(scope, id, props);
  step.addRetry({
    errors: [...TRANSIENT_FUNCTION_ERRORS],
    interval: Duration.seconds(2),
    maxAttempts: 3,
    backoffRate: 2,
  });
  return step;
}

/**
 * A step that sends a message, retried when it races a run still sending the same message: it waits for
 * that run, then finds the message sent.
 */
export function retriedWhileSending<T extends sfn.TaskStateBase>(step: T): T {
  step.addRetry({
    errors: ['MessageSendInProgressError'],
    interval: Duration.seconds(60),
    maxAttempts: 3,
    backoffRate: 1,
  });
  return step;
}

/**
 * The moment the current state was entered, in epoch milliseconds (JSONata). Workflows compute times from it,
 * never from `$now()`: the local engine's clock may be virtual, and Step Functions sets EnteredTime itself.
 */
export const ENTERED = '$toMillis($states.context.State.EnteredTime)';

/** A Lambda step with a JSONata payload: its state's name, the function, the payload, and any other props. */
export type Invoke = (
  name: string,
  lambdaFunction: IFunction,
  payload: Record<string, unknown>,
  extra?: Partial<sfn.TaskStateJsonataBaseProps>,
) => LambdaInvoke;

/**
 * The Lambda steps of one workflow, made alike: `invoke` calls a function with a JSONata payload (a step of a
 * function in `sending` is also retried while another run sends the same message), and `recorder(fn, key)`
 * makes the workflow's record-an-event steps, each calling `fn` with the workflow's key (`{ caseId }`,
 * `{ jobId }`) beside what it records.
 */
export function workflowSteps(scope: Construct, sending: readonly IFunction[] = []) {
  const invoke: Invoke = (name, lambdaFunction, payload, extra = {}) => {
    const step = lambdaStep(scope, name, {
      lambdaFunction,
      payload: sfn.TaskInput.fromObject(payload),
      ...extra,
    });
    return sending.includes(lambdaFunction) ? retriedWhileSending(step) : step;
  };
  const recorder =
    (lambdaFunction: IFunction, key: Record<string, unknown>) =>
    (name: string, payload: Record<string, unknown>) =>
      invoke(name, lambdaFunction, { ...key, ...payload });
  return { invoke, recorder };
}

/**
 * A workflow's Standard state machine in JSONata, from its first state: traced, its history logged and
 * encrypted as the stack asks, and stopped after `timeout` (each workflow says why its timeout is enough).
 */
export function standardStateMachine(
  scope: Construct,
  props: WorkflowProps,
  start: sfn.IChainable,
  timeout: Duration,
): sfn.StateMachine {
  return new sfn.StateMachine(scope, 'StateMachine', {
    stateMachineName: props.stateMachineName,
    stateMachineType: sfn.StateMachineType.STANDARD,
    queryLanguage: sfn.QueryLanguage.JSONATA,
    definitionBody: sfn.DefinitionBody.fromChainable(start),
    timeout,
    tracingEnabled: true,
    ...(props.logs ? { logs: props.logs } : {}),
    ...(props.encryptionKey
      ? { encryptionConfiguration: new sfn.CustomerManagedEncryptionConfiguration(props.encryptionKey) }
      : {}),
  });
}
