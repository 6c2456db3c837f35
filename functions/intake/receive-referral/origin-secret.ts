import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/**
 * The public intake's origin secret (the value CloudFront sends in ORIGIN_VERIFY_HEADER), read once at cold
 * start. A secret without a value fails the start-up rather than leaving the self-referral route unchecked.
 */
export async function readOriginSecret(client: SecretsManagerClient, secretArn: string): Promise<string> {
  const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
  if (!SecretString) throw new Error('configuration: the origin secret has no value');
  return SecretString;
}
