import { SFNClient } from '@aws-sdk/client-sfn';
import { StepFunctionsTaskResponses } from '../../../shared/adapters/aws/step-functions-workflows.ts';
import { awsJobDeps } from '../aws-deps.ts';
import { createAwaitJob } from './await-job.ts';

export const handler = createAwaitJob({
  ...awsJobDeps(),
  workflows: new StepFunctionsTaskResponses(new SFNClient({})),
});
