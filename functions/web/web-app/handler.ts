import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient } from '@aws-sdk/client-sfn';
import { documentClient } from '../../../shared/adapters/dynamodb/clients.ts';
import { createWebApp } from '../../../web/app.ts';
import { webAppConfig } from '../../config.ts';
import { awsWebAppDeps, readSessionSecret } from './web-app.ts';

// Read and checked once, at cold start: a missing setting or secret fails here, naming what is wrong.
const config = webAppConfig();
const sessionSecret = await readSessionSecret(new SecretsManagerClient({}), config.sessionSecretArn);

export const handler = createWebApp(
  awsWebAppDeps({ config, client: documentClient(), sfn: new SFNClient({}), sessionSecret }),
);
