import { documentClient } from '../../../shared/adapters/dynamodb/clients.ts';
import { DynamoDbMessageStore } from '../../../shared/adapters/dynamodb/message-store.ts';
import { functionConfig } from '../../config.ts';
import { createRecordDeliveryStatus } from './record-delivery-status.ts';

const { tableName } = functionConfig();

export const handler = createRecordDeliveryStatus({
  recorder: new DynamoDbMessageStore(documentClient(), tableName),
});
