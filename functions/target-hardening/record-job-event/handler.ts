import { awsJobDeps } from '../aws-deps.ts';
import { createRecordJobEvent } from './record-job-event.ts';

export const handler = createRecordJobEvent(awsJobDeps());
