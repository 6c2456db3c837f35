import { awsContactDeps } from '../aws-deps.ts';
import { createSendMessage } from './send-message.ts';

export const handler = createSendMessage(awsContactDeps());
