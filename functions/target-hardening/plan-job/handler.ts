import { awsJobDeps } from '../aws-deps.ts';
import { createPlanJob } from './plan-job.ts';

export const handler = createPlanJob(awsJobDeps());
