import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CfnElement, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_APP_ENVIRONMENT } from '../../functions/config.ts';
import type { FunctionName } from '../../functions/registry.ts';
import { TASK_ROUTES } from '../../functions/tasks/task-api/routes.ts';
import { buildApp, type VictimFirstApp } from '../../infra/app.ts';
import { ROLES } from '../../shared/domain/roles.ts';
import { unacknowledgedNagFindings } from '../support/synth.ts';

interface Statement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource?: unknown;
}

let outdir: string;
let built: VictimFirstApp;
let template: Template;

// Synthesized once without bundling: the template is the same, and the handlers are not needed here (the
// intake-stack test bundles, and checks the web app's bundle).
beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'vf-sign-in-'));
  built = buildApp({ context: { 'aws:cdk:bundling-stacks': [] }, outdir });
  const json = built.app.synth().getStackByName(built.intakeStack.stackName).template as Record<
    string,
    unknown
  >;
  template = Template.fromJSON(json);
}, 120_000);

afterAll(() => {
  rmSync(outdir, { recursive: true, force: true });
});

const logicalId = (construct: IConstruct): string =>
  built.intakeStack.getLogicalId(construct.node.defaultChild as CfnElement);
const signIn = () => built.intakeStack.staffSignIn;
const poolRef = () => ({ Ref: logicalId(signIn().userPool) });
const clientRef = () => ({ Ref: logicalId(signIn().client) });
const apiEndpoint = () => ({ 'Fn::GetAtt': [logicalId(built.intakeStack.api.api), 'ApiEndpoint'] });
const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

function statementsOfRole(role: string): Statement[] {
  const policies = template.findResources('AWS::IAM::Policy', {
    Properties: { Roles: Match.arrayWith([{ Ref: role }]) },
  });
  return Object.values(policies).flatMap(
    (policy) =>
      (policy as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument
        .Statement,
  );
}
const roleOf = (name: FunctionName) => logicalId(built.intakeStack.functions[name].role);

describe('the staff user pool', () => {
  it('is one pool that requires MFA with an authenticator app, and never by SMS', () => {
    template.resourceCountIs('AWS::Cognito::UserPool', 1);
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
    });
    const pool = Object.values(template.findResources('AWS::Cognito::UserPool'))[0] as {
      Properties: Record<string, unknown>;
    };
    expect(pool.Properties.SmsConfiguration).toBeUndefined();
    expect(
      template.findResources('AWS::IAM::Role', {
        Properties: { Description: Match.stringLikeRegexp('SMS') },
      }),
    ).toEqual({});
  });

  it('lets only administrators create accounts (no self sign-up)', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: Match.objectLike({ AllowAdminCreateUserOnly: true }),
    });
  });

  it('has a strong password policy, and threat protection enforced on the Plus plan', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      Policies: {
        PasswordPolicy: {
          MinimumLength: 14,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
          PasswordHistorySize: 12,
          TemporaryPasswordValidityDays: 3,
        },
      },
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolRiskConfigurationAttachment', {
      UserPoolId: poolRef(),
      ClientId: 'ALL',
      CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: 'BLOCK' } },
      AccountTakeoverRiskConfiguration: {
        Actions: Match.objectLike({ HighAction: { EventAction: 'BLOCK', Notify: false } }),
      },
    });
  });

  it('is protected from deletion and kept if removed from the stack', () => {
    template.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({ DeletionProtection: 'ACTIVE' }),
    });
  });

  it('has one group per role, named exactly as the role', () => {
    const groups = Object.values(template.findResources('AWS::Cognito::UserPoolGroup')).map(
      (group) => (group as { Properties: { GroupName: string; UserPoolId: unknown } }).Properties,
    );
    expect(groups.map((group) => group.GroupName).sort()).toEqual(
      ['admin', 'analyst', 'caseworker', 'contractor', 'team-leader', 'volunteer'].sort(),
    );
    expect([...ROLES].sort()).toEqual(groups.map((group) => group.GroupName).sort());
    for (const group of groups) expect(group.UserPoolId).toEqual(poolRef());
  });

  it('takes another managed login domain prefix from context', () => {
    const other = mkdtempSync(join(tmpdir(), 'vf-sign-in-prefix-'));
    try {
      const app = buildApp({
        context: { 'aws:cdk:bundling-stacks': [], signInDomainPrefix: 'victim-first-staff-test' },
        outdir: other,
      });
      const json = app.app.synth().getStackByName(app.intakeStack.stackName).template as Record<
        string,
        unknown
      >;
      Template.fromJSON(json).hasResourceProperties('AWS::Cognito::UserPoolDomain', {
        Domain: 'victim-first-staff-test',
      });
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('has a managed login domain (version 2) and Cognito’s own style for the web app’s client', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      UserPoolId: poolRef(),
      ManagedLoginVersion: 2,
      Domain: { 'Fn::Join': ['', ['victim-first-local-', { Ref: 'AWS::AccountId' }]] },
    });
    template.hasResourceProperties('AWS::Cognito::ManagedLoginBranding', {
      UserPoolId: poolRef(),
      ClientId: clientRef(),
      UseCognitoProvidedValues: true,
    });
  });
});

describe('the web app’s app client', () => {
  it('is the only client, allows the authorization code grant only and has no secret', () => {
    template.resourceCountIs('AWS::Cognito::UserPoolClient', 1);
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      UserPoolId: poolRef(),
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      GenerateSecret: false,
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      SupportedIdentityProviders: ['COGNITO'],
      PreventUserExistenceErrors: 'ENABLED',
      EnableTokenRevocation: true,
    });
  });

  it('returns only to the API’s /auth/callback, and to /signed-out after signing out', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      CallbackURLs: [{ 'Fn::Join': ['', [apiEndpoint(), '/auth/callback']] }],
      LogoutURLs: [{ 'Fn::Join': ['', [apiEndpoint(), '/signed-out']] }],
    });
  });

  it('issues ID and access tokens for an hour and refresh tokens for one working day (10 hours)', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      IdTokenValidity: 15,
      AccessTokenValidity: 15,
      RefreshTokenValidity: 600,
      TokenValidityUnits: { IdToken: 'minutes', AccessToken: 'minutes', RefreshToken: 'minutes' },
    });
  });
});

describe('the HTTP API’s staff routes', () => {
  const authorizerId = () => Object.keys(template.findResources('AWS::ApiGatewayV2::Authorizer'))[0];

  it('has one JWT authorizer: the staff pool’s issuer, the web app client’s audience', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Issuer: { 'Fn::Join': ['', ['https://cognito-idp.eu-west-2.amazonaws.com/', poolRef()]] },
        Audience: [clientRef()],
      },
    });
  });

  it('puts every task route behind the JWT authorizer, and only the task routes', () => {
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map(
      (route) => (route as { Properties: Record<string, unknown> }).Properties,
    );
    const behindJwt = routes.filter((route) => route.AuthorizationType === 'JWT');
    expect(behindJwt.map((route) => route.RouteKey).sort()).toEqual([...TASK_ROUTES].sort());
    for (const route of behindJwt) expect(route.AuthorizerId).toEqual({ Ref: authorizerId() });
    for (const route of routes.filter((r) => String(r.RouteKey).includes('/api/')))
      expect(route.AuthorizationType, String(route.RouteKey)).toBe('JWT');
  });

  it('keeps the partner route on IAM and the self-referral route public', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'POST /referrals/partner',
      AuthorizationType: 'AWS_IAM',
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'POST /referrals/self',
      AuthorizationType: 'NONE',
    });
  });

  it('sends $default to the web app, which checks its own session cookie', () => {
    const webApp = logicalId(built.intakeStack.functions.webApp.function);
    const integrations = template.findResources('AWS::ApiGatewayV2::Integration', {
      Properties: { IntegrationUri: { 'Fn::GetAtt': [webApp, 'Arn'] } },
    });
    expect(Object.keys(integrations)).toHaveLength(1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: '$default',
      AuthorizationType: 'NONE',
      Target: { 'Fn::Join': ['', ['integrations/', { Ref: Object.keys(integrations)[0] }]] },
    });
  });
});

describe('the web app function', () => {
  it('is given the pool, the client, managed login’s URL, its own URL and the session secret’s ARN', () => {
    const E = WEB_APP_ENVIRONMENT;
    template.hasResourceProperties('AWS::Lambda::Function', {
      Role: { 'Fn::GetAtt': [roleOf('webApp'), 'Arn'] },
      Environment: {
        Variables: Match.objectLike({
          [E.sessionSecretArn]: { Ref: logicalId(signIn().sessionSecret) },
          [E.userPoolId]: poolRef(),
          [E.userPoolClientId]: clientRef(),
          [E.signInDomainUrl]: {
            'Fn::Join': [
              '',
              ['https://', { Ref: logicalId(signIn().domain) }, '.auth.eu-west-2.amazoncognito.com'],
            ],
          },
          [E.appUrl]: apiEndpoint(),
        }),
      },
    });
  });

  it('may read that one secret (GetSecretValue only), and no other function may', () => {
    const secretStatements = (name: FunctionName) =>
      statementsOfRole(roleOf(name)).filter((s) =>
        asArray(s.Action).some((action) => action.startsWith('secretsmanager:')),
      );
    expect(secretStatements('webApp')).toEqual([
      {
        Effect: 'Allow',
        Action: 'secretsmanager:GetSecretValue',
        Resource: { Ref: logicalId(signIn().sessionSecret) },
      },
    ]);
    // receive-referral reads the public intake's origin secret (test/infra/waf.test.ts), never this one.
    for (const name of Object.keys(built.intakeStack.functions) as FunctionName[]) {
      if (name !== 'webApp')
        expect(JSON.stringify(secretStatements(name)), name).not.toContain(logicalId(signIn().sessionSecret));
    }
    // Any other policy in the stack that names the session secret would show up here.
    const mentions = Object.values(template.findResources('AWS::IAM::Policy')).filter((policy) =>
      JSON.stringify(policy).includes(logicalId(signIn().sessionSecret)),
    );
    expect(mentions).toHaveLength(1);
  });

  it('may read a signed-in person’s account and groups on this user pool (role changes), and no other function may', () => {
    const cognitoStatements = (name: FunctionName) =>
      statementsOfRole(roleOf(name)).filter((s) =>
        asArray(s.Action).some((action) => action.startsWith('cognito-idp:')),
      );
    expect(cognitoStatements('webApp')).toEqual([
      {
        Effect: 'Allow',
        Action: ['cognito-idp:AdminGetUser', 'cognito-idp:AdminListGroupsForUser'],
        Resource: { 'Fn::GetAtt': [poolRef().Ref, 'Arn'] },
      },
    ]);
    for (const name of Object.keys(built.intakeStack.functions) as FunctionName[])
      if (name !== 'webApp') expect(cognitoStatements(name), name).toEqual([]);
  });

  it('signs sessions with a secret generated at deployment, never written in the template', () => {
    const secret = template.toJSON().Resources[logicalId(signIn().sessionSecret)] as {
      Type: string;
      Properties: Record<string, unknown>;
    };
    expect(secret.Type).toBe('AWS::SecretsManager::Secret');
    expect(secret.Properties).toMatchObject({
      GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true, IncludeSpace: false },
    });
    expect(secret.Properties.SecretString).toBeUndefined();
  });
});

describe('outputs, cdk-nag and warnings', () => {
  it('outputs the pool id, the client id and the managed login URL', () => {
    template.hasOutput('StaffUserPoolId', { Value: poolRef() });
    template.hasOutput('StaffUserPoolClientId', { Value: clientRef() });
    template.hasOutput('StaffSignInUrl', { Value: Match.anyValue() });
  });

  it('leaves no AwsSolutions finding unacknowledged, and CDK warns of nothing', () => {
    expect(unacknowledgedNagFindings(built.app)).toEqual([]);
    expect(Annotations.fromStack(built.intakeStack).findWarning('*', Match.anyValue())).toEqual([]);
    expect(Annotations.fromStack(built.intakeStack).findError('*', Match.anyValue())).toEqual([]);
  });

  it('acknowledges, with reasons, exactly the findings that are choices: the public $default route and the secret’s manual rotation', () => {
    // Each acknowledgement is recorded as { '<namespace>::<rule id>': reason }.
    const acknowledged = (construct: IConstruct) =>
      construct.node.metadata
        .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
        .map(([id, reason]) => [id.replace(/^\w+::(?=AwsSolutions-)/, ''), reason.length > 100]);
    expect(acknowledged(built.intakeStack.api.defaultRoute as IConstruct)).toEqual([
      ['AwsSolutions-APIG4', true],
    ]);
    expect(acknowledged(signIn().sessionSecret)).toEqual([['AwsSolutions-SMG4', true]]);
    expect(acknowledged(signIn().userPool)).toEqual([]);
  });
});
