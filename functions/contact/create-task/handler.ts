import { awsContactDeps } from '../aws-deps.ts';
import { createCreateTask } from './create-task.ts';

export const handler = createCreateTask(awsContactDeps());
