import { SFNClient } from '@aws-sdk/client-sfn';
import { StepFunctionsTaskResponses } from '../../../shared/adapters/aws/step-functions-workflows.ts';
import { awsContactDeps } from '../../contact/aws-deps.ts';
import { createTaskApi, identityFromJwt } from './task-api.ts';

const deps = awsContactDeps();

export const handler = createTaskApi({
  ...deps,
  workflows: new StepFunctionsTaskResponses(new SFNClient({})),
  identify: identityFromJwt,
});
