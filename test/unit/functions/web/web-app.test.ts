import {
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { WEB_APP_ENVIRONMENT, webAppConfig } from '../../../../functions/config.ts';
import { awsWebAppDeps, readSessionSecret } from '../../../../functions/web/web-app/web-app.ts';
import { documentClient } from '../../../../shared/adapters/dynamodb/clients.ts';

const secrets = mockClient(SecretsManagerClient);
const cognito = mockClient(CognitoIdentityProviderClient);
const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-2:111122223333:secret:SessionSecret-AbCdEf';
const E = WEB_APP_ENVIRONMENT;
const ENVIRONMENT = {
  TABLE_NAME: 'victim-first-production-cases',
  [E.sessionSecretArn]: SECRET_ARN,
  [E.userPoolId]: 'eu-west-2_AbCdEf123',
  [E.userPoolClientId]: '4tq1examp1ec1ient1d0000000',
  [E.signInDomainUrl]: 'https://victim-first-production-111122223333.auth.eu-west-2.amazoncognito.com',
  [E.appUrl]: 'https://abc123.execute-api.eu-west-2.amazonaws.com/',
  [E.supportReviewArn]:
    'arn:aws:states:eu-west-2:111122223333:stateMachine:victim-first-production-support-review',
};

describe('the web app function’s configuration', () => {
  it('reads the table, the secret’s ARN and the sign-in settings (the app’s URL without its trailing slash)', () => {
    expect(webAppConfig(ENVIRONMENT)).toEqual({
      tableName: 'victim-first-production-cases',
      sessionSecretArn: SECRET_ARN,
      supportReviewArn:
        'arn:aws:states:eu-west-2:111122223333:stateMachine:victim-first-production-support-review',
      signIn: {
        userPoolId: 'eu-west-2_AbCdEf123',
        clientId: '4tq1examp1ec1ient1d0000000',
        domainUrl: 'https://victim-first-production-111122223333.auth.eu-west-2.amazoncognito.com',
        appUrl: 'https://abc123.execute-api.eu-west-2.amazonaws.com',
      },
    });
  });

  it('fails at start-up naming every missing or malformed setting', () => {
    const { [E.userPoolId]: _pool, [E.sessionSecretArn]: _secret, ...partial } = ENVIRONMENT;
    expect(() => webAppConfig(partial)).toThrow(/USER_POOL_ID is missing/);
    expect(() => webAppConfig(partial)).toThrow(/SESSION_SECRET_ARN is missing/);
    expect(() => webAppConfig({ ...ENVIRONMENT, [E.appUrl]: 'http://abc123.example' })).toThrow(
      /WEB_APP_URL must be the https:\/\/ base URL/,
    );
    expect(() =>
      webAppConfig({ ...ENVIRONMENT, [E.signInDomainUrl]: 'https://x.example/login?a=1' }),
    ).toThrow(/SIGN_IN_DOMAIN_URL must be the https:\/\/ base URL/);
  });
});

describe('the session secret', () => {
  beforeEach(() => secrets.reset());

  it('is read once from Secrets Manager by its ARN', async () => {
    secrets.on(GetSecretValueCommand).resolves({ SecretString: 'k'.repeat(64) });
    const secret = await readSessionSecret(new SecretsManagerClient({}), SECRET_ARN);
    expect(secret.equals(Buffer.from('k'.repeat(64)))).toBe(true);
    expect(secrets.commandCalls(GetSecretValueCommand).map((call) => call.args[0].input)).toEqual([
      { SecretId: SECRET_ARN },
    ]);
  });

  it('without a value fails the start-up', async () => {
    secrets.on(GetSecretValueCommand).resolves({});
    await expect(readSessionSecret(new SecretsManagerClient({}), SECRET_ARN)).rejects.toThrow(
      'configuration: the session secret has no value',
    );
  });
});

describe('the web app’s dependencies in AWS', () => {
  const deps = () =>
    awsWebAppDeps({
      config: webAppConfig(ENVIRONMENT),
      client: documentClient({ region: 'eu-west-2' }),
      sfn: new SFNClient({ region: 'eu-west-2' }),
      sessionSecret: Buffer.from('k'.repeat(64)),
    });

  it('have no local people, Secure session cookies and the Cognito sign-in', () => {
    const built = deps();
    expect('localPeople' in built).toBe(false);
    expect(built.sessions.codec.policy.secureCookie).toBe(true);
    expect(built.cognito.signOutUrl()).toBe(
      'https://victim-first-production-111122223333.auth.eu-west-2.amazoncognito.com/logout?client_id=4tq1examp1ec1ient1d0000000&logout_uri=https%3A%2F%2Fabc123.execute-api.eu-west-2.amazonaws.com%2Fsigned-out',
    );
  });

  it('name the session cookie __Host-vf_session: Secure, Path=/ and no Domain, so no other site can set it', () => {
    const { sessions } = deps();
    const session = sessions.codec.start(
      { id: 'sub-1', name: 'Alex Example', roles: ['caseworker'] },
      new Date('2026-12-15T10:00:00Z'),
    );
    const attributes = sessions.cookie(session).split('; ');
    const cleared = sessions.clearCookie().split('; ');

    expect(sessions.cookieName).toBe('__Host-vf_session');
    for (const cookie of [attributes, cleared]) {
      expect(cookie[0]).toMatch(/^__Host-vf_session=/);
      expect(cookie).toEqual(expect.arrayContaining(['Secure', 'Path=/', 'HttpOnly']));
      expect(cookie.some((attribute) => /^domain=/i.test(attribute))).toBe(false);
    }
  });

  it('check each session’s roles against the configured user pool every 5 minutes', async () => {
    cognito.reset();
    cognito.on(AdminGetUserCommand).resolves({
      Username: 'jo.specimen',
      UserAttributes: [{ Name: 'sub', Value: 'sub-4' }],
      Enabled: true,
      UserStatus: 'CONFIRMED',
    });
    cognito.on(AdminListGroupsForUserCommand).resolves({ Groups: [{ GroupName: 'caseworker' }] });
    const { roleCheck } = deps().sessions;
    expect(roleCheck?.everyMs).toBe(300_000);
    expect(await roleCheck?.roles.currentRoles({ id: 'sub-4', username: 'jo.specimen' })).toEqual([
      'caseworker',
    ]);
    expect(cognito.commandCalls(AdminGetUserCommand)[0]?.args[0].input).toEqual({
      UserPoolId: 'eu-west-2_AbCdEf123',
      Username: 'jo.specimen',
    });
  });

  it('refuse a session secret shorter than 32 bytes', () => {
    expect(() =>
      awsWebAppDeps({
        config: webAppConfig(ENVIRONMENT),
        client: documentClient({ region: 'eu-west-2' }),
        sfn: new SFNClient({ region: 'eu-west-2' }),
        sessionSecret: Buffer.from('short'),
      }),
    ).toThrow('at least 32 bytes');
  });
});
