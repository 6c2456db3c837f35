import {
  AdminGetUserCommand,
  type AdminGetUserCommandOutput,
  AdminListGroupsForUserCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { type Role, rolesFromGroups } from '../../domain/roles.ts';
import type { StaffAccount, StaffRoles } from '../../ports/staff-roles.ts';

/**
 * The statuses of an account that signs in as it did. Any other (`RESET_REQUIRED`, `FORCE_CHANGE_PASSWORD`
 * after an administrator set a temporary password, `COMPROMISED`, `ARCHIVED`, `UNCONFIRMED`, `UNKNOWN`) means
 * the person must sign in afresh, if they still can.
 */
const SIGNING_IN: ReadonlySet<string> = new Set(['CONFIRMED', 'EXTERNAL_PROVIDER']);

/** The most groups AdminListGroupsForUser returns at once. */
const GROUPS_PER_PAGE = 60;

const notFound = (error: unknown) => (error as Error | undefined)?.name === 'UserNotFoundException';

/**
 * The staff's roles from the Cognito user pool: a person's groups are their roles (docs/web-app.md,
 * "Signing in, sessions and roles"). AdminGetUser says whether the account is still enabled, signs in as it
 * did and is still the same person (its `sub`, since a deleted user's name can be given to someone new);
 * AdminListGroupsForUser, page by page, gives their groups. Both by the pool's user name, which is not the
 * `sub` in this pool (people sign in with a user name or their e-mail address).
 */
export class CognitoStaffRoles implements StaffRoles {
  constructor(
    private readonly client: CognitoIdentityProviderClient,
    private readonly userPoolId: string,
  ) {}

  async currentRoles(account: StaffAccount): Promise<Role[] | 'gone'> {
    let user: AdminGetUserCommandOutput;
    try {
      user = await this.client.send(
        new AdminGetUserCommand({ UserPoolId: this.userPoolId, Username: account.username }),
      );
    } catch (error) {
      if (notFound(error)) return 'gone';
      throw error;
    }
    const sub = user.UserAttributes?.find((attribute) => attribute.Name === 'sub')?.Value;
    if (user.Enabled !== true || !SIGNING_IN.has(user.UserStatus ?? '') || sub !== account.id) return 'gone';

    const groups: string[] = [];
    let nextToken: string | undefined;
    do {
      try {
        const page = await this.client.send(
          new AdminListGroupsForUserCommand({
            UserPoolId: this.userPoolId,
            Username: account.username,
            Limit: GROUPS_PER_PAGE,
            ...(nextToken ? { NextToken: nextToken } : {}),
          }),
        );
        for (const group of page.Groups ?? []) if (group.GroupName) groups.push(group.GroupName);
        nextToken = page.NextToken;
      } catch (error) {
        // Deleted between the two calls.
        if (notFound(error)) return 'gone';
        throw error;
      }
    } while (nextToken);
    return rolesFromGroups(groups);
  }
}
