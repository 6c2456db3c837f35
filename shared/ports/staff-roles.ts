import type { Role } from '../domain/roles.ts';

/**
 * Who a signed-in person is in the staff directory (in AWS the Cognito user pool): their id, which is the
 * pool's `sub`, and the user name the pool knows them by (the ID token's `cognito:username`).
 */
export interface StaffAccount {
  readonly id: string;
  readonly username: string;
}

/**
 * The roles a person has now, as opposed to the roles their session was given when they signed in
 * (docs/web-app.md, "Signing in, sessions and roles"). The web app asks it every few minutes of a session
 * so that an administrator removing a person from a role, disabling them or deleting them takes effect.
 */
export interface StaffRoles {
  /**
   * The person's roles now, in the app's order (`ROLES`); an empty list when they are in no role's group.
   * `'gone'` when the account can no longer sign in as it did: deleted, disabled, made to set a new
   * password, or the user name now belongs to another person.
   */
  currentRoles(account: StaffAccount): Promise<Role[] | 'gone'>;
}
