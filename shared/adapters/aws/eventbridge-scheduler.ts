import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  type SchedulerClient,
} from '@aws-sdk/client-scheduler';
import {
  assertValidSchedule,
  InvalidScheduleError,
  type OneTimeExecutionSchedule,
  SCHEDULE_NAME,
} from '../../domain/schedules.ts';
import type { Schedules } from '../../ports/schedules.ts';

/** EventBridge Scheduler's universal target for Step Functions' StartExecution. */
export const START_EXECUTION_TARGET = 'arn:aws:scheduler:::aws-sdk:sfn:startExecution';

/** An `at` expression in UTC, to the second (EventBridge Scheduler's own precision is the minute). */
export const atExpression = (at: Date) => `at(${at.toISOString().slice(0, 19)})`;

/**
 * One-time schedules on EventBridge Scheduler: each starts one Step Functions execution through the
 * universal target, with the execution's name set so a schedule delivered twice still starts one
 * execution, and deletes itself once it has fired.
 */
export class EventBridgeSchedules implements Schedules {
  constructor(
    private readonly client: SchedulerClient,
    private readonly groupName: string,
    /** The role EventBridge Scheduler assumes to call states:StartExecution. */
    private readonly roleArn: string,
  ) {}

  async scheduleExecution(schedule: OneTimeExecutionSchedule): Promise<'scheduled' | 'already-scheduled'> {
    assertValidSchedule(schedule);
    try {
      await this.client.send(
        new CreateScheduleCommand({
          Name: schedule.name,
          GroupName: this.groupName,
          ScheduleExpression: atExpression(schedule.at),
          ScheduleExpressionTimezone: 'UTC',
          FlexibleTimeWindow: { Mode: 'OFF' },
          ActionAfterCompletion: 'DELETE',
          Target: {
            Arn: START_EXECUTION_TARGET,
            RoleArn: this.roleArn,
            // The universal target takes StartExecution's request in the SDK's PascalCase; the
            // execution's own input is a JSON string inside it.
            Input: JSON.stringify({
              StateMachineArn: schedule.stateMachineArn,
              Name: schedule.executionName,
              Input: JSON.stringify(schedule.input),
            }),
          },
        }),
      );
      return 'scheduled';
    } catch (error) {
      // A schedule of this name exists in the group: this one was made before.
      if (error instanceof ConflictException || (error as Error)?.name === 'ConflictException')
        return 'already-scheduled';
      throw error;
    }
  }

  async cancelSchedule(name: string): Promise<'cancelled' | 'not-found'> {
    if (!SCHEDULE_NAME.test(name))
      throw new InvalidScheduleError('name', 'a schedule name is 1 to 64 letters, digits, - _ or .');
    try {
      await this.client.send(new DeleteScheduleCommand({ Name: name, GroupName: this.groupName }));
      return 'cancelled';
    } catch (error) {
      // None of that name in the group: never made, cancelled before, or fired and deleted itself.
      if (
        error instanceof ResourceNotFoundException ||
        (error as Error)?.name === 'ResourceNotFoundException'
      )
        return 'not-found';
      throw error;
    }
  }
}
