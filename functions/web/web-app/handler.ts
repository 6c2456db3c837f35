import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient } from '@aws-sdk/client-sfn';
import { StepFunctionsTargetHardeningJobs } from '../../../shared/adapters/aws/step-functions-workflows.ts';
import { documentClient } from '../../../shared/adapters/dynamodb/clients.ts';
import { DynamoDbTargetHardeningStore } from '../../../shared/adapters/dynamodb/target-hardening-store.ts';
import { productLimitsFrom } from '../../../shared/domain/target-hardening.ts';
import { createWebApp } from '../../../web/app.ts';
import { targetHardeningArn, webAppConfig } from '../../config.ts';
import { awsWebAppDeps, readSessionSecret } from './web-app.ts';

// Read and checked once, at cold start: a missing setting or secret fails here, naming what is wrong.
const config = webAppConfig();
const limits = productLimitsFrom(process.env);
const jobsArn = targetHardeningArn();
const sessionSecret = await readSessionSecret(new SecretsManagerClient({}), config.sessionSecretArn);
const client = documentClient();
const sfn = new SFNClient({});

export const handler = createWebApp({
  ...awsWebAppDeps({ config, client, sfn, sessionSecret }),
  // The contractor's portal and the referral from the case page (issue 6).
  targetHardening: {
    jobs: new DynamoDbTargetHardeningStore(client, config.tableName),
    limits,
    workflows: new StepFunctionsTargetHardeningJobs(sfn, jobsArn),
  },
});
