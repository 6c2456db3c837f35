import { SFNClient } from '@aws-sdk/client-sfn';
import { StepFunctionsTaskResponses } from '../../../shared/adapters/aws/step-functions-workflows.ts';
import { awsContactDeps } from '../../contact/aws-deps.ts';
import { createTaskApi } from './task-api.ts';

const deps = awsContactDeps();

export const handler = createTaskApi({
  ...deps,
  workflows: new StepFunctionsTaskResponses(new SFNClient({})),
  // The HTTP API's JWT authorizer has verified the token; its subject is the person.
  identify: (event) => {
    const claims = (event.requestContext as { authorizer?: { jwt?: { claims?: Record<string, unknown> } } })
      .authorizer?.jwt?.claims;
    return typeof claims?.sub === 'string' ? claims.sub : undefined;
  },
});
