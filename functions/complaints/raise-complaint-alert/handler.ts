import { documentClient } from '../../../shared/adapters/dynamodb/clients.ts';
import { DynamoDbComplaints } from '../../../shared/adapters/dynamodb/complaints.ts';
import { systemClock } from '../../../shared/adapters/system-clock.ts';
import { functionConfig } from '../../config.ts';
import { createRaiseComplaintAlert } from './raise-complaint-alert.ts';

const { tableName } = functionConfig();
export const handler = createRaiseComplaintAlert({
  complaints: new DynamoDbComplaints(documentClient(), tableName),
  clock: systemClock,
});
