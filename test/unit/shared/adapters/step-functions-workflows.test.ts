import {
  ExecutionAlreadyExists,
  InvalidToken,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { StepFunctionsWorkflows } from '../../../../shared/adapters/aws/step-functions-workflows.ts';
import { TaskTokenRefusedError } from '../../../../shared/domain/workflows.ts';

const sfn = mockClient(SFNClient);
const ARN = 'arn:aws:states:eu-west-2:111122223333:stateMachine:victim-first-production-contact-path';
const workflows = () => new StepFunctionsWorkflows(new SFNClient({}), ARN);
const refused = (Refusal: typeof TaskTimedOut | typeof InvalidToken) =>
  new Refusal({ message: 'refused', $metadata: {} });

describe('the contact path on AWS Step Functions', () => {
  beforeEach(() => sfn.reset());

  it('starts the path named by the referral id with the case id as its only input', async () => {
    sfn.on(StartExecutionCommand).resolves({ executionArn: `${ARN}:R-1`, startDate: new Date() });
    expect(await workflows().startContactPath('R-ABCDE-FGHJK', 'VF-ABCDE-FGHJK')).toBe('started');
    expect(sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input).toEqual({
      stateMachineArn: ARN,
      name: 'R-ABCDE-FGHJK',
      input: '{"caseId":"VF-ABCDE-FGHJK"}',
    });
  });

  it('treats an execution that already exists as already started', async () => {
    sfn.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists({ message: 'exists', $metadata: {} }));
    expect(await workflows().startContactPath('R-ABCDE-FGHJK', 'VF-ABCDE-FGHJK')).toBe('already-started');
  });

  it('sends a task outcome as JSON with its token, and a failure with its error and cause', async () => {
    sfn.on(SendTaskSuccessCommand).resolves({});
    sfn.on(SendTaskFailureCommand).resolves({});
    await workflows().sendTaskSuccess('token-1', { outcome: 'no-answer' });
    await workflows().sendTaskFailure('token-2', 'CaseClosed', 'closed by a team leader');
    expect(sfn.commandCalls(SendTaskSuccessCommand)[0]?.args[0].input).toEqual({
      taskToken: 'token-1',
      output: '{"outcome":"no-answer"}',
    });
    expect(sfn.commandCalls(SendTaskFailureCommand)[0]?.args[0].input).toEqual({
      taskToken: 'token-2',
      error: 'CaseClosed',
      cause: 'closed by a team leader',
    });
  });

  it('turns a timed-out or unknown token into a refusal, and passes any other error on', async () => {
    sfn.on(SendTaskSuccessCommand, { taskToken: 'late' }).rejects(refused(TaskTimedOut));
    sfn.on(SendTaskSuccessCommand, { taskToken: 'forged' }).rejects(refused(InvalidToken));
    sfn
      .on(SendTaskSuccessCommand, { taskToken: 'throttled' })
      .rejects(Object.assign(new Error('slow down'), { name: 'ThrottlingException' }));
    await expect(workflows().sendTaskSuccess('late', {})).rejects.toMatchObject({
      name: 'TaskTokenRefusedError',
      reason: 'timed-out',
    });
    await expect(workflows().sendTaskSuccess('forged', {})).rejects.toBeInstanceOf(TaskTokenRefusedError);
    await expect(workflows().sendTaskSuccess('forged', {})).rejects.toMatchObject({ reason: 'unknown' });
    await expect(workflows().sendTaskSuccess('throttled', {})).rejects.toMatchObject({
      name: 'ThrottlingException',
    });
  });
});
