import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { readSecret } from '../../secrets.ts';

/**
 * The public intake's origin secret (the value CloudFront sends in ORIGIN_VERIFY_HEADER), read once at cold
 * start; without a value the function does not start, rather than leave the self-referral route unchecked.
 */
export const readOriginSecret = (client: SecretsManagerClient, secretArn: string): Promise<string> =>
  readSecret(client, secretArn, 'origin secret');
