import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  SchedulerClient,
  ValidationException,
} from '@aws-sdk/client-scheduler';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { EventBridgeSchedules } from '../../../../shared/adapters/aws/eventbridge-scheduler.ts';
import { InvalidScheduleError, type OneTimeExecutionSchedule } from '../../../../shared/domain/schedules.ts';

const scheduler = mockClient(SchedulerClient);
const MACHINE = 'arn:aws:states:eu-west-2:111122223333:stateMachine:victim-first-production-follow-up';
const ROLE = 'arn:aws:iam::111122223333:role/victim-first-production-scheduler';
const schedules = () => new EventBridgeSchedules(new SchedulerClient({}), 'victim-first-production', ROLE);

const followUp: OneTimeExecutionSchedule = {
  name: 'VF-ABCDE-FGHJK.job.1.follow-up',
  at: new Date('2027-12-15T10:30:45.678Z'),
  stateMachineArn: MACHINE,
  executionName: 'VF-ABCDE-FGHJK.job.1.follow-up',
  input: { caseId: 'VF-ABCDE-FGHJK', jobNumber: 1 },
};

describe('the 12-month follow-up on EventBridge Scheduler', () => {
  beforeEach(() => scheduler.reset());

  it('creates a one-time UTC schedule that starts the named execution and then deletes itself', async () => {
    scheduler.on(CreateScheduleCommand).resolves({ ScheduleArn: 'arn:aws:scheduler:eu-west-2:1:schedule/x' });

    expect(await schedules().scheduleExecution(followUp)).toBe('scheduled');

    const sent = scheduler.commandCalls(CreateScheduleCommand);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.args[0].input).toEqual({
      Name: 'VF-ABCDE-FGHJK.job.1.follow-up',
      GroupName: 'victim-first-production',
      ScheduleExpression: 'at(2027-12-15T10:30:45)',
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      Target: {
        Arn: 'arn:aws:scheduler:::aws-sdk:sfn:startExecution',
        RoleArn: ROLE,
        Input: JSON.stringify({
          StateMachineArn: MACHINE,
          Name: 'VF-ABCDE-FGHJK.job.1.follow-up',
          Input: '{"caseId":"VF-ABCDE-FGHJK","jobNumber":1}',
        }),
      },
    });
  });

  it('writes the at expression in UTC whatever offset the instant was made with', async () => {
    scheduler.on(CreateScheduleCommand).resolves({ ScheduleArn: 'arn' });
    await schedules().scheduleExecution({ ...followUp, at: new Date('2027-06-01T00:15:00+01:00') });
    expect(scheduler.commandCalls(CreateScheduleCommand)[0]?.args[0].input.ScheduleExpression).toBe(
      'at(2027-05-31T23:15:00)',
    );
  });

  it('treats a schedule of the same name that already exists as already scheduled', async () => {
    scheduler
      .on(CreateScheduleCommand)
      .rejects(new ConflictException({ message: 'exists', Message: 'exists', $metadata: {} }));
    expect(await schedules().scheduleExecution(followUp)).toBe('already-scheduled');
  });

  it('passes any other refusal on', async () => {
    scheduler
      .on(CreateScheduleCommand)
      .rejects(new ValidationException({ message: 'bad role', Message: 'bad role', $metadata: {} }));
    await expect(schedules().scheduleExecution(followUp)).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });

  it.each([
    ['name', { name: 'has spaces in it' }],
    ['name', { name: 'x'.repeat(65) }],
    ['name', { name: '' }],
    ['at', { at: new Date('not a date') }],
    ['at', { at: new Date(Date.UTC(10_000, 0, 1)) }],
    ['stateMachineArn', { stateMachineArn: 'victim-first-production-follow-up' }],
    ['executionName', { executionName: 'VF-ABCDE-FGHJK/follow-up' }],
    ['input', { input: [] as unknown as Record<string, unknown> }],
  ] as const)('refuses an invalid %s before sending anything', async (field, change) => {
    const attempt = schedules().scheduleExecution({ ...followUp, ...change });
    await expect(attempt).rejects.toBeInstanceOf(InvalidScheduleError);
    await expect(attempt).rejects.toMatchObject({ field });
    expect(scheduler.commandCalls(CreateScheduleCommand)).toHaveLength(0);
  });

  it('names the field in its refusal but never the value', async () => {
    const personal = { ...followUp, name: 'Jane Example 1 Any Street', executionName: 'Jane Example' };
    const refusal = await schedules()
      .scheduleExecution(personal)
      .catch((error: Error) => error);
    expect(refusal).toBeInstanceOf(InvalidScheduleError);
    expect((refusal as Error).message).toMatch(/^name: /);
    expect((refusal as Error).message).not.toContain('Jane');
  });
});

describe('cancelling a one-time schedule on EventBridge Scheduler', () => {
  beforeEach(() => scheduler.reset());

  it('deletes the schedule of that name in the group', async () => {
    scheduler.on(DeleteScheduleCommand).resolves({});

    expect(await schedules().cancelSchedule('re-engagement.VF-ABCDE-FGHJK.2')).toBe('cancelled');

    const sent = scheduler.commandCalls(DeleteScheduleCommand);
    expect(sent.map((call) => call.args[0].input)).toEqual([
      { Name: 're-engagement.VF-ABCDE-FGHJK.2', GroupName: 'victim-first-production' },
    ]);
  });

  it('answers not-found when there is no such schedule (cancelled before, or fired and deleted)', async () => {
    scheduler
      .on(DeleteScheduleCommand)
      .rejects(new ResourceNotFoundException({ message: 'none', Message: 'none', $metadata: {} }));
    expect(await schedules().cancelSchedule('re-engagement.VF-ABCDE-FGHJK.2')).toBe('not-found');
  });

  it('passes any other refusal on, and sends nothing for a name no schedule could have', async () => {
    scheduler
      .on(DeleteScheduleCommand)
      .rejects(new ValidationException({ message: 'bad', Message: 'bad', $metadata: {} }));
    await expect(schedules().cancelSchedule('re-engagement.VF-ABCDE-FGHJK.2')).rejects.toMatchObject({
      name: 'ValidationException',
    });
    scheduler.reset();
    await expect(schedules().cancelSchedule('has spaces')).rejects.toBeInstanceOf(InvalidScheduleError);
    expect(scheduler.commandCalls(DeleteScheduleCommand)).toEqual([]);
  });
});
