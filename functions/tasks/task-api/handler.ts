import { SFNClient } from '@aws-sdk/client-sfn';
import {
  StepFunctionsSupportReviews,
  StepFunctionsTaskResponses,
} from '../../../shared/adapters/aws/step-functions-workflows.ts';
import { supportReviewConfig } from '../../config.ts';
import { awsContactDeps } from '../../contact/aws-deps.ts';
import { createTaskApi, identityFromJwt } from './task-api.ts';

const deps = awsContactDeps();
const sfn = new SFNClient({});
const { supportReviewArn } = supportReviewConfig();

export const handler = createTaskApi({
  ...deps,
  workflows: new StepFunctionsTaskResponses(sfn),
  // A completed review starts the next; a completed reassessment, the next six-month mark.
  reviews: new StepFunctionsSupportReviews(sfn, supportReviewArn),
  caseChecks: new StepFunctionsSupportReviews(sfn, supportReviewArn),
  identify: identityFromJwt,
});
