import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/**
 * A secret's value, read once at a function's cold start (GetSecretValue on the one secret its role may
 * read). A secret without a value fails the start-up, naming it, rather than leaving the function to run
 * without what it checks or signs with.
 */
export async function readSecret(
  client: SecretsManagerClient,
  secretArn: string,
  name: string,
): Promise<string> {
  const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
  if (!SecretString) throw new Error(`configuration: the ${name} has no value`);
  return SecretString;
}
