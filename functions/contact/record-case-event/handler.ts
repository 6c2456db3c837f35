import { awsContactDeps } from '../aws-deps.ts';
import { createRecordCaseEvent } from './record-case-event.ts';

export const handler = createRecordCaseEvent(awsContactDeps());
