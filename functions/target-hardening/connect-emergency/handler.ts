import { SFNClient } from '@aws-sdk/client-sfn';
import { StepFunctionsTargetHardeningJobs } from '../../../shared/adapters/aws/step-functions-workflows.ts';
import { targetHardeningArn } from '../../config.ts';
import { awsJobDeps } from '../aws-deps.ts';
import { createConnectEmergency } from './connect-emergency.ts';

export const handler = createConnectEmergency({
  ...awsJobDeps(),
  workflows: new StepFunctionsTargetHardeningJobs(new SFNClient({}), targetHardeningArn()),
});
