import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnManagedLoginBranding,
  CfnUserPoolRiskConfigurationAttachment,
  FeaturePlan,
  ManagedLoginVersion,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  UserPool,
  type UserPoolClient,
  UserPoolClientIdentityProvider,
  type UserPoolDomain,
  UserPoolGroup,
} from 'aws-cdk-lib/aws-cognito';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { WEB_APP_ENVIRONMENT } from '../../functions/config.ts';
import { ROLE_NAMES, ROLES, type Role } from '../../shared/domain/roles.ts';
import { CALLBACK_PATH, SIGNED_OUT_PATH } from '../../web/cognito-sign-in.ts';
import type { RegistryFunction } from './registry-function.ts';

/**
 * ID and access tokens: 15 minutes, so a token copied out of a browser is soon worthless, and a role taken
 * away reaches the task API (which trusts the token's groups) within 15 minutes.
 */
export const TOKEN_VALIDITY = Duration.minutes(15);
/** Refresh tokens: one working day, the web app's longest session (web/session.ts, 10 hours). */
export const REFRESH_TOKEN_VALIDITY = Duration.hours(10);

/** The password policy: long, of every kind of character, not one of the last twelve. */
export const PASSWORD_POLICY = {
  minLength: 14,
  requireLowercase: true,
  requireUppercase: true,
  requireDigits: true,
  requireSymbols: true,
  passwordHistorySize: 12,
  tempPasswordValidity: Duration.days(3),
} as const;

/** Precedence of each role's group (lower wins where Cognito needs one, e.g. for a group's IAM role). */
const GROUP_PRECEDENCE: Readonly<Record<Role, number>> = {
  admin: 0,
  'team-leader': 10,
  caseworker: 20,
  analyst: 30,
  contractor: 40,
  volunteer: 50,
};

export interface StaffSignInProps {
  /** Deployment environment name, in the managed login domain prefix. */
  readonly environmentName: string;
  /**
   * The web app's base URL (the HTTP API's endpoint, no trailing slash): the app client's callback URL is
   * `<appUrl>/auth/callback`, its sign-out URL `<appUrl>/signed-out`.
   */
  readonly appUrl: string;
  /**
   * Prefix of the managed login domain (`<prefix>.auth.<region>.amazoncognito.com`), unique in the
   * region; by default `victim-first-<environment>-<account id>`.
   */
  readonly domainPrefix?: string;
}

/**
 * Staff sign-in: the Cognito user pool (administrators create people; MFA with an authenticator app
 * required; threat protection enforced), one group per role, managed login on a Cognito domain, and the
 * web app's app client (authorization code grant with PKCE, no client secret). Also the secret that signs
 * the web app's session cookies.
 */
export class StaffSignIn extends Construct {
  readonly userPool: UserPool;
  readonly groups: Readonly<Record<Role, UserPoolGroup>>;
  readonly domain: UserPoolDomain;
  readonly client: UserPoolClient;
  /** The secret that signs the web app's session cookies (generated at deployment, never in the template). */
  readonly sessionSecret: Secret;
  /** `https://cognito-idp.<region>.amazonaws.com/<poolId>`: the issuer of the pool's tokens. */
  readonly issuer: string;

  constructor(scope: Construct, id: string, props: StaffSignInProps) {
    super(scope, id);
    const stack = Stack.of(this);

    this.userPool = new UserPool(this, 'UserPool', {
      userPoolName: `victim-first-${props.environmentName}-staff`,
      // Administrators create every account (AdminCreateUser); nobody signs themselves up.
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      signInCaseSensitive: false,
      standardAttributes: {
        email: { required: true, mutable: true },
        fullname: { required: true, mutable: true },
      },
      mfa: Mfa.REQUIRED,
      // An authenticator app only: no SMS (SIM swap, and no phone numbers of staff to keep), no e-mail codes.
      mfaSecondFactor: { otp: true, sms: false, email: false },
      enableSmsRole: false,
      passwordPolicy: PASSWORD_POLICY,
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      userInvitation: {
        emailSubject: 'Your Victim First account',
        emailBody:
          'You have a Victim First account. Your user name is {username} and your temporary password is {####}. ' +
          'You will choose a new password and set up an authenticator app the first time you sign in.',
      },
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.issuer = `https://cognito-idp.${stack.region}.amazonaws.com/${this.userPool.userPoolId}`;

    const groups = {} as Record<Role, UserPoolGroup>;
    for (const role of ROLES) {
      groups[role] = new UserPoolGroup(this, `Group-${role}`, {
        userPool: this.userPool,
        groupName: role,
        description: `${ROLE_NAMES[role]}s: the web app gives this group the ${ROLE_NAMES[role].toLowerCase()} role`,
        precedence: GROUP_PRECEDENCE[role],
      });
    }
    this.groups = groups;

    this.domain = this.userPool.addDomain('Domain', {
      cognitoDomain: {
        domainPrefix: props.domainPrefix ?? `victim-first-${props.environmentName}-${stack.account}`,
      },
      managedLoginVersion: ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });

    this.client = this.userPool.addClient('WebAppClient', {
      userPoolClientName: 'web-app',
      // A public client: the code is bound to the browser that asked for it by PKCE (web/cognito-sign-in.ts).
      generateSecret: false,
      // Managed login signs people in (SRP: the password never leaves the browser); refresh tokens work.
      // No plain-password, admin or custom flows through this client.
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [`${props.appUrl}${CALLBACK_PATH}`],
        logoutUrls: [`${props.appUrl}${SIGNED_OUT_PATH}`],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      idTokenValidity: TOKEN_VALIDITY,
      accessTokenValidity: TOKEN_VALIDITY,
      refreshTokenValidity: REFRESH_TOKEN_VALIDITY,
      authSessionValidity: Duration.minutes(5),
      enableTokenRevocation: true,
      preventUserExistenceErrors: true,
    });

    // Managed login (version 2) shows an app client's pages only once the client has a style: Cognito's own.
    new CfnManagedLoginBranding(this, 'ManagedLoginBranding', {
      userPoolId: this.userPool.userPoolId,
      clientId: this.client.userPoolClientId,
      useCognitoProvidedValues: true,
    });

    // Threat protection's actions, explicit rather than Cognito's defaults: a password known from a breach
    // is refused, and a high-risk sign-in is blocked (an administrator can look at it and reset the user).
    new CfnUserPoolRiskConfigurationAttachment(this, 'RiskConfiguration', {
      userPoolId: this.userPool.userPoolId,
      clientId: 'ALL',
      compromisedCredentialsRiskConfiguration: {
        actions: { eventAction: 'BLOCK' },
        eventFilter: ['SIGN_IN', 'PASSWORD_CHANGE', 'SIGN_UP'],
      },
      accountTakeoverRiskConfiguration: {
        actions: {
          highAction: { eventAction: 'BLOCK', notify: false },
          mediumAction: { eventAction: 'MFA_REQUIRED', notify: false },
          lowAction: { eventAction: 'MFA_REQUIRED', notify: false },
        },
      },
    });

    this.sessionSecret = new Secret(this, 'SessionSecret', {
      description: `Victim First ${props.environmentName}: signs the web app's session cookies`,
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
    });
    Validations.of(this.sessionSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The HMAC key of the session cookies, used by the web app alone. Rotating it signs everyone out, and running instances keep the key they read at cold start, so it is rotated by hand (put a new random value, then update the web-app function so no instance keeps the old one), not on a schedule by a rotation function.',
    });
  }

  /**
   * The web app's function: its settings (pool, client, managed login, its own URL, the secret's ARN)
   * and permission to read the session secret, and nothing else of this construct.
   */
  configureWebApp(webApp: RegistryFunction, appUrl: string): void {
    const fn = webApp.function;
    const E = WEB_APP_ENVIRONMENT;
    fn.addEnvironment(E.sessionSecretArn, this.sessionSecret.secretArn);
    fn.addEnvironment(E.userPoolId, this.userPool.userPoolId);
    fn.addEnvironment(E.userPoolClientId, this.client.userPoolClientId);
    fn.addEnvironment(E.signInDomainUrl, this.domain.baseUrl());
    fn.addEnvironment(E.appUrl, appUrl);
    // GetSecretValue on this one secret; not grantRead, which adds DescribeSecret. The secret is
    // encrypted with the AWS managed key for Secrets Manager, which needs no grant of its own.
    webApp.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['secretsmanager:GetSecretValue'],
        resources: [this.sessionSecret.secretArn],
      }),
    );
    // The web app re-reads a signed-in person's account and groups every few minutes, so a role taken
    // away (or an account disabled) ends their sessions (docs/web-app.md): these two reads, on this pool.
    webApp.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['cognito-idp:AdminGetUser', 'cognito-idp:AdminListGroupsForUser'],
        resources: [this.userPool.userPoolArn],
      }),
    );
  }
}
