import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { EventBridgeSchedules } from '../../../shared/adapters/aws/eventbridge-scheduler.ts';
import { followUpScheduleConfig, targetHardeningArn } from '../../config.ts';
import { awsJobDeps } from '../aws-deps.ts';
import { createScheduleFollowUp } from './schedule-follow-up.ts';

const { group, roleArn } = followUpScheduleConfig();

export const handler = createScheduleFollowUp({
  ...awsJobDeps(),
  schedules: new EventBridgeSchedules(new SchedulerClient({}), group, roleArn),
  targetHardeningArn: targetHardeningArn(),
});
