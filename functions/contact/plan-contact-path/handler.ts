import { awsContactDeps } from '../aws-deps.ts';
import { createPlanContactPath } from './plan-contact-path.ts';

export const handler = createPlanContactPath(awsContactDeps());
