import { Duration } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
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
