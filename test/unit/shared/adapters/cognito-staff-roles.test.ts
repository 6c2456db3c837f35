import {
  AdminGetUserCommand,
  type AdminGetUserCommandOutput,
  AdminListGroupsForUserCommand,
  CognitoIdentityProviderClient,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { CognitoStaffRoles } from '../../../../shared/adapters/aws/cognito-staff-roles.ts';

const cognito = mockClient(CognitoIdentityProviderClient);

const POOL = 'eu-west-2_AbCdEf123';
const JO = { id: '7d1e2f30-0000-4000-8000-000000000004', username: 'jo.specimen' };
const source = () => new CognitoStaffRoles(new CognitoIdentityProviderClient({}), POOL);

/** AdminGetUser's answer for Jo, enabled and confirmed unless the test says otherwise. */
const jo = (overrides: Partial<AdminGetUserCommandOutput> = {}) => ({
  Username: JO.username,
  UserAttributes: [
    { Name: 'sub', Value: JO.id },
    { Name: 'email', Value: 'jo@example.invalid' },
  ],
  Enabled: true,
  UserStatus: 'CONFIRMED' as const,
  ...overrides,
});

const notFound = () => new UserNotFoundException({ message: 'User does not exist.', $metadata: {} });

describe('staff roles from the Cognito user pool', () => {
  beforeEach(() => cognito.reset());

  it('reads the user, then their groups page by page, by the pool’s user name: the roles in the app’s order', async () => {
    cognito.on(AdminGetUserCommand).resolves(jo());
    cognito
      .on(AdminListGroupsForUserCommand)
      .resolvesOnce({
        Groups: [{ GroupName: 'team-leader' }, { GroupName: 'eu-west-2_X_Google' }],
        NextToken: 'p2',
      })
      .resolvesOnce({ Groups: [{ GroupName: 'caseworker' }] });

    expect(await source().currentRoles(JO)).toEqual(['caseworker', 'team-leader']);
    expect(cognito.commandCalls(AdminGetUserCommand).map((call) => call.args[0].input)).toEqual([
      { UserPoolId: POOL, Username: 'jo.specimen' },
    ]);
    expect(cognito.commandCalls(AdminListGroupsForUserCommand).map((call) => call.args[0].input)).toEqual([
      { UserPoolId: POOL, Username: 'jo.specimen', Limit: 60 },
      { UserPoolId: POOL, Username: 'jo.specimen', Limit: 60, NextToken: 'p2' },
    ]);
  });

  it('gives no roles to a person taken out of every role’s group', async () => {
    cognito.on(AdminGetUserCommand).resolves(jo());
    cognito.on(AdminListGroupsForUserCommand).resolves({ Groups: [] });
    expect(await source().currentRoles(JO)).toEqual([]);
  });

  it('answers gone for a user deleted, disabled, made to set a new password, or whose name is now someone else’s', async () => {
    const answers = [
      () => cognito.on(AdminGetUserCommand).rejects(notFound()),
      () => cognito.on(AdminGetUserCommand).resolves(jo({ Enabled: false })),
      () => cognito.on(AdminGetUserCommand).resolves(jo({ UserStatus: 'RESET_REQUIRED' })),
      () => cognito.on(AdminGetUserCommand).resolves(jo({ UserStatus: 'FORCE_CHANGE_PASSWORD' })),
      () =>
        cognito
          .on(AdminGetUserCommand)
          .resolves(jo({ UserAttributes: [{ Name: 'sub', Value: '00000000-0000-4000-8000-00000000000f' }] })),
    ];
    for (const answer of answers) {
      cognito.reset();
      answer();
      cognito.on(AdminListGroupsForUserCommand).resolves({ Groups: [{ GroupName: 'team-leader' }] });
      expect(await source().currentRoles(JO)).toBe('gone');
      // Nothing more is asked of an account that cannot sign in as it did.
      expect(cognito.commandCalls(AdminListGroupsForUserCommand)).toEqual([]);
    }
  });

  it('answers gone for a user deleted between the two calls', async () => {
    cognito.on(AdminGetUserCommand).resolves(jo());
    cognito.on(AdminListGroupsForUserCommand).rejects(notFound());
    expect(await source().currentRoles(JO)).toBe('gone');
  });

  it('lets any other failure through (throttling, permissions): the caller decides', async () => {
    cognito
      .on(AdminGetUserCommand)
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' }));
    await expect(source().currentRoles(JO)).rejects.toThrow('Rate exceeded');
  });
});
