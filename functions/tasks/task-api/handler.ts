import { SFNClient } from '@aws-sdk/client-sfn';
import { StepFunctionsTaskResponses } from '../../../shared/adapters/aws/step-functions-workflows.ts';
import { may, rolesFromGroups } from '../../../web/people.ts';
import { awsContactDeps } from '../../contact/aws-deps.ts';
import { createTaskApi } from './task-api.ts';

const deps = awsContactDeps();

export const handler = createTaskApi({
  ...deps,
  workflows: new StepFunctionsTaskResponses(new SFNClient({})),
  // The HTTP API's JWT authorizer has verified the token (staff user pool, web app client); its subject is
  // the person. Any member of the pool has a valid token, so the groups must also give a role that works
  // tasks: an analyst's or contractor's token identifies nobody here.
  identify: (event) => {
    const claims = (event.requestContext as { authorizer?: { jwt?: { claims?: Record<string, unknown> } } })
      .authorizer?.jwt?.claims;
    if (typeof claims?.sub !== 'string') return undefined;
    return may(rolesFromGroups(claims['cognito:groups']), 'tasks:work') ? claims.sub : undefined;
  },
});
