import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  ORIGIN_VERIFY_HEADER,
  RECEIVE_REFERRAL_ENVIRONMENT,
  receiveReferralConfig,
} from '../../../../functions/config.ts';
import { readOriginSecret } from '../../../../functions/intake/receive-referral/origin-secret.ts';
import { originHeaderOf } from '../../../../functions/intake/receive-referral/receive-referral.ts';

const secrets = mockClient(SecretsManagerClient);
const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-2:111122223333:secret:PublicIntakeOriginSecret-AbCdEf';
const E = RECEIVE_REFERRAL_ENVIRONMENT;

describe('receive-referral’s configuration in AWS', () => {
  it('reads the table and the origin secret’s ARN', () => {
    expect(
      receiveReferralConfig({ TABLE_NAME: 'victim-first-production-cases', [E.originSecretArn]: SECRET_ARN }),
    ).toEqual({ tableName: 'victim-first-production-cases', originSecretArn: SECRET_ARN });
  });

  it('fails the start-up without the origin secret’s ARN, so the check cannot be left off in AWS', () => {
    expect(() => receiveReferralConfig({ TABLE_NAME: 'victim-first-production-cases' })).toThrow(
      /ORIGIN_SECRET_ARN is missing/,
    );
    expect(() =>
      receiveReferralConfig({ TABLE_NAME: 'victim-first-production-cases', [E.originSecretArn]: 'secret' }),
    ).toThrow(/ORIGIN_SECRET_ARN must be the ARN of the public intake's origin secret/);
  });
});

describe('the origin secret', () => {
  beforeEach(() => secrets.reset());

  it('is read once from Secrets Manager by its ARN', async () => {
    secrets.on(GetSecretValueCommand).resolves({ SecretString: 'v'.repeat(64) });
    await expect(readOriginSecret(new SecretsManagerClient({}), SECRET_ARN)).resolves.toBe('v'.repeat(64));
    expect(secrets.commandCalls(GetSecretValueCommand).map((call) => call.args[0].input)).toEqual([
      { SecretId: SECRET_ARN },
    ]);
  });

  it('without a value fails the start-up', async () => {
    secrets.on(GetSecretValueCommand).resolves({});
    await expect(readOriginSecret(new SecretsManagerClient({}), SECRET_ARN)).rejects.toThrow(
      'configuration: the origin secret has no value',
    );
  });
});

describe('originHeaderOf', () => {
  const secret = 'Zq4'.repeat(21);

  it('finds the header whatever the case of its name, and compares its value exactly', () => {
    expect(originHeaderOf({ [ORIGIN_VERIFY_HEADER]: secret }, secret)).toBe('right');
    expect(originHeaderOf({ 'X-VF-Origin-Verify': secret }, secret)).toBe('right');
    expect(originHeaderOf({ [ORIGIN_VERIFY_HEADER]: `${secret} ` }, secret)).toBe('wrong');
    expect(originHeaderOf({ [ORIGIN_VERIFY_HEADER]: secret.toLowerCase() }, secret)).toBe('wrong');
    // Sent twice, API Gateway joins the values with a comma: not the secret.
    expect(originHeaderOf({ [ORIGIN_VERIFY_HEADER]: `${secret},${secret}` }, secret)).toBe('wrong');
  });

  it('tells a missing header from a wrong one', () => {
    expect(originHeaderOf(undefined, secret)).toBe('missing');
    expect(originHeaderOf({}, secret)).toBe('missing');
    expect(originHeaderOf({ [ORIGIN_VERIFY_HEADER]: '' }, secret)).toBe('missing');
    expect(originHeaderOf({ 'x-vf-origin': secret }, secret)).toBe('missing');
  });
});
