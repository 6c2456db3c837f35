import { documentClient } from '../../shared/adapters/dynamodb/clients.ts';
import { DynamoDbThJobStore } from '../../shared/adapters/dynamodb/target-hardening-jobs.ts';
import { systemClock } from '../../shared/adapters/system-clock.ts';
import { functionConfig } from '../config.ts';
import { powertoolsOperationsMetrics } from '../operations-metrics.ts';
import type { JobDeps } from './job-deps.ts';

/** The target-hardening functions' dependencies in AWS. */
export function awsJobDeps(): JobDeps & {
  readonly client: ReturnType<typeof documentClient>;
  readonly tableName: string;
} {
  const { tableName } = functionConfig();
  const client = documentClient();
  return {
    client,
    tableName,
    jobs: new DynamoDbThJobStore(client, tableName),
    clock: systemClock,
    metrics: powertoolsOperationsMetrics(),
  };
}
