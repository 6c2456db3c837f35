import { type CfnElement, Stack, TimeZone, Validations } from 'aws-cdk-lib';
import type { CronOptions } from 'aws-cdk-lib/aws-events';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  ContextAttribute,
  Schedule,
  ScheduleExpression,
  ScheduleTargetInput,
} from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { Construct } from 'constructs';

export interface ScheduledInvokeProps {
  /** Names the role (`<name>SchedulerRole`) and the schedule (`<name>Schedule`) in the scope. */
  readonly name: string;
  /** The function's name as people know it, for the role's description and the acknowledgement. */
  readonly functionName: string;
  readonly description: string;
  /** Europe/London time: the schedule keeps it across the clock changes. */
  readonly cron: CronOptions;
}

/**
 * Invokes a function on a cron in Europe/London time: EventBridge Scheduler, because an EventBridge rule's
 * cron is UTC only and would drift an hour each summer. The input is the scheduled time, so a late or
 * repeated delivery still does the work of the right moment. The schedule has a role of its own, so its
 * invoke grant and the acknowledgement of it sit on one named resource; three retries.
 */
export function scheduleInvoke(scope: Construct, fn: IFunction, props: ScheduledInvokeProps): Schedule {
  const stack = Stack.of(scope);
  const role = new Role(scope, `${props.name}SchedulerRole`, {
    assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
      conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
    }),
    description: `EventBridge Scheduler: invokes the ${props.functionName} function`,
  });
  const schedule = new Schedule(scope, `${props.name}Schedule`, {
    description: props.description,
    schedule: ScheduleExpression.cron({ ...props.cron, timeZone: TimeZone.EUROPE_LONDON }),
    target: new LambdaInvoke(fn, {
      role,
      input: ScheduleTargetInput.fromObject({ scheduledTime: ContextAttribute.scheduledTime }),
      retryAttempts: 3,
    }),
  });
  const policy = role.node.tryFindChild('DefaultPolicy');
  if (policy !== undefined) {
    const functionId = stack.getLogicalId(fn.node.defaultChild as CfnElement);
    Validations.of(policy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${functionId}.Arn>:*]`,
      reason: `lambda:InvokeFunction on the ${props.functionName} function's versions and aliases (ARN:*), as CDK's grantInvoke writes it; no other function.`,
    });
  }
  return schedule;
}
