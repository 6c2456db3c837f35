import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CfnElement, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORIGIN_VERIFY_HEADER, RECEIVE_REFERRAL_ENVIRONMENT } from '../../functions/config.ts';
import { FUNCTIONS, type FunctionName } from '../../functions/registry.ts';
import type { VictimFirstApp } from '../../infra/app.ts';
import { CLOUDFRONT_LOG_EXPIRY_DAYS } from '../../infra/constructs/public-intake-distribution.ts';
import {
  CHALLENGE_IMMUNITY_SECONDS,
  INTAKE_PATH_PREFIX,
  INTAKE_RATE_LIMIT_PER_IP,
  PUBLIC_PAGES_RATE_LIMIT_PER_IP,
  RATE_WINDOW_SECONDS,
  STAFF_RATE_LIMIT_PER_IP,
  WAF_RULE_NAMES,
} from '../../infra/constructs/public-intake-waf.ts';
import { SELF_REFERRAL_PATH } from '../../infra/constructs/referrals-api.ts';
import { EDGE_REGION } from '../../infra/stacks/edge-stack.ts';
import { removeTemporaryOutdirs, synthUnbundled, unacknowledgedNagFindings } from '../support/synth.ts';

/** CloudFront's managed policies, by id (the same in every account). */
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

interface ByteMatch {
  readonly FieldToMatch: Record<string, unknown>;
  readonly PositionalConstraint: 'EXACTLY' | 'STARTS_WITH';
  readonly SearchString: string;
  readonly TextTransformations: { Priority: number; Type: string }[];
}
interface WafStatement {
  readonly AndStatement?: { Statements: WafStatement[] };
  readonly ByteMatchStatement?: ByteMatch;
  readonly NotStatement?: { Statement: WafStatement };
  readonly OrStatement?: { Statements: WafStatement[] };
  readonly RateBasedStatement?: {
    AggregateKeyType: string;
    Limit: number;
    EvaluationWindowSec: number;
    ScopeDownStatement: WafStatement;
  };
}
interface WafRule {
  readonly Name: string;
  readonly Priority: number;
  readonly Action: Record<string, unknown>;
  readonly Statement: WafStatement;
  readonly VisibilityConfig: Record<string, unknown>;
}

let built: VictimFirstApp;
let intake: Template;
let edge: Template;
let synthError: unknown;

beforeAll(() => {
  ({ built, template: intake, synthError } = synthUnbundled());
  edge = Template.fromJSON(
    JSON.parse(readFileSync(join(built.app.outdir, built.edgeStack.templateFile), 'utf8')) as Record<
      string,
      unknown
    >,
  );
}, 120_000);

afterAll(removeTemporaryOutdirs);

const webAclId = () => built.edgeStack.getLogicalId(built.edgeStack.waf.webAcl as CfnElement);
const webAcl = () =>
  edge.toJSON().Resources[webAclId()] as {
    Properties: {
      Scope: string;
      DefaultAction: Record<string, unknown>;
      ChallengeConfig: unknown;
      Rules: WafRule[];
    };
  };
const rule = (name: string): WafRule => {
  const found = webAcl().Properties.Rules.find((candidate) => candidate.Name === name);
  if (found === undefined) throw new Error(`No rule ${name}`);
  return found;
};
const intakeId = (construct: IConstruct) =>
  built.intakeStack.getLogicalId(construct.node.defaultChild as CfnElement);

/**
 * What the web ACL's path statements decide for a request path, read from the synthesized rules: the
 * transformations applied as AWS WAF documents them (URL_DECODE, then NORMALIZE_PATH: repeated slashes,
 * `./` and `../` removed), then the byte match.
 */
function matches(statement: WafStatement, path: string, method = 'POST'): boolean {
  if (statement.NotStatement !== undefined) return !matches(statement.NotStatement.Statement, path, method);
  if (statement.AndStatement !== undefined)
    return statement.AndStatement.Statements.every((inner) => matches(inner, path, method));
  if (statement.OrStatement !== undefined)
    return statement.OrStatement.Statements.some((inner) => matches(inner, path, method));
  const byteMatch = statement.ByteMatchStatement;
  if (byteMatch === undefined) throw new Error(`Unexpected statement ${JSON.stringify(statement)}`);
  if ('Method' in byteMatch.FieldToMatch) {
    expect(byteMatch.TextTransformations).toEqual([{ Priority: 0, Type: 'NONE' }]);
    return byteMatch.PositionalConstraint === 'EXACTLY' ? method === byteMatch.SearchString : false;
  }
  expect(byteMatch.FieldToMatch).toEqual({ UriPath: {} });
  let value = path;
  for (const { Type } of [...byteMatch.TextTransformations].sort((a, b) => a.Priority - b.Priority)) {
    if (Type === 'URL_DECODE') value = decodeURIComponent(value);
    else if (Type === 'NORMALIZE_PATH') {
      const segments: string[] = [];
      for (const segment of value.replace(/\/{2,}/g, '/').split('/')) {
        if (segment === '.') continue;
        if (segment === '..') segments.pop();
        else segments.push(segment);
      }
      value = segments.join('/');
    } else throw new Error(`Unexpected transformation ${Type}`);
  }
  return byteMatch.PositionalConstraint === 'EXACTLY'
    ? value === byteMatch.SearchString
    : value.startsWith(byteMatch.SearchString);
}

const INTAKE_PATHS = ['/referrals/self', '/referrals/partner', '/referrals/target-hardening'];
const STAFF_PATHS = ['/', '/tasks', '/auth/callback', '/assets/app.css', '/api/tasks', '/api/tasks/T1/claim'];

describe('the AWS WAF web ACL (edge stack, us-east-1)', () => {
  it('is a CloudFront web ACL, in us-east-1 where CloudFront web ACLs must be, allowing what no rule stops', () => {
    expect(built.edgeStack.region).toBe(EDGE_REGION);
    expect(EDGE_REGION).toBe('us-east-1');
    edge.resourceCountIs('AWS::WAFv2::WebACL', 1);
    expect(webAcl().Properties).toMatchObject({
      Scope: 'CLOUDFRONT',
      DefaultAction: { Allow: {} },
      ChallengeConfig: { ImmunityTimeProperty: { ImmunityTime: CHALLENGE_IMMUNITY_SECONDS } },
    });
    expect(webAcl().Properties.Rules.map((r) => [r.Priority, r.Name])).toEqual([
      [0, WAF_RULE_NAMES.intakeRate],
      [1, WAF_RULE_NAMES.selfReferralChallenge],
      [2, WAF_RULE_NAMES.staffRate],
      [3, WAF_RULE_NAMES.publicPagesRate],
    ]);
    for (const { Name, VisibilityConfig } of webAcl().Properties.Rules)
      expect(VisibilityConfig, Name).toMatchObject({
        CloudWatchMetricsEnabled: true,
        SampledRequestsEnabled: true,
      });
  });

  it('blocks a client IP that sends more than the intake limit to the intake paths, counting nothing else', () => {
    const { Action, Statement } = rule(WAF_RULE_NAMES.intakeRate);
    expect(Action).toEqual({ Block: {} });
    expect(Statement.RateBasedStatement).toMatchObject({
      AggregateKeyType: 'IP',
      Limit: INTAKE_RATE_LIMIT_PER_IP,
      EvaluationWindowSec: RATE_WINDOW_SECONDS,
    });
    const scope = Statement.RateBasedStatement?.ScopeDownStatement as WafStatement;
    expect(scope.ByteMatchStatement).toMatchObject({
      PositionalConstraint: 'STARTS_WITH',
      SearchString: INTAKE_PATH_PREFIX,
    });
    for (const path of INTAKE_PATHS) expect(matches(scope, path), path).toBe(true);
    for (const path of STAFF_PATHS) expect(matches(scope, path), path).toBe(false);
    // Tricks with the path still count as intake.
    for (const path of ['/referrals//self', '/api/../referrals/self', '/referr%61ls/self'])
      expect(matches(scope, path), path).toBe(true);
  });

  it('challenges every self-referral POST: none reaches the API without a solved challenge', () => {
    const { Action, Statement } = rule(WAF_RULE_NAMES.selfReferralChallenge);
    expect(Action).toEqual({ Challenge: {} });
    expect(Statement.AndStatement?.Statements).toContainEqual({
      ByteMatchStatement: expect.objectContaining({
        FieldToMatch: { UriPath: {} },
        PositionalConstraint: 'EXACTLY',
        SearchString: SELF_REFERRAL_PATH,
      }),
    });
    expect(matches(Statement, '/referrals/self')).toBe(true);
    expect(matches(Statement, '/referrals/./self')).toBe(true);
    for (const path of [...STAFF_PATHS, '/referrals/partner', '/referrals/target-hardening'])
      expect(matches(Statement, path), path).toBe(false);
    // A browser's CORS preflight cannot carry the token; it is not challenged (the rate rule still counts it).
    expect(matches(Statement, '/referrals/self', 'OPTIONS')).toBe(false);
    expect(
      matches(
        rule(WAF_RULE_NAMES.intakeRate).Statement.RateBasedStatement?.ScopeDownStatement as WafStatement,
        '/referrals/self',
        'OPTIONS',
      ),
    ).toBe(true);
  });

  it('gives the staff paths their own, much higher per-IP limit, so staff are never held to the intake one', () => {
    const { Action, Statement } = rule(WAF_RULE_NAMES.staffRate);
    expect(Action).toEqual({ Block: {} });
    expect(Statement.RateBasedStatement).toMatchObject({
      AggregateKeyType: 'IP',
      Limit: STAFF_RATE_LIMIT_PER_IP,
      EvaluationWindowSec: RATE_WINDOW_SECONDS,
    });
    expect(STAFF_RATE_LIMIT_PER_IP).toBeGreaterThanOrEqual(10 * INTAKE_RATE_LIMIT_PER_IP);
    const scope = Statement.RateBasedStatement?.ScopeDownStatement as WafStatement;
    for (const path of STAFF_PATHS) expect(matches(scope, path), path).toBe(true);
    for (const path of INTAKE_PATHS) expect(matches(scope, path), path).toBe(false);
  });
});

describe('the public pages behind the web ACL', () => {
  it('blocks a client IP sending more than its limit to the public pages, counting nothing else', () => {
    const { Action, Statement } = rule(WAF_RULE_NAMES.publicPagesRate);
    expect(Action).toEqual({ Block: {} });
    expect(Statement.RateBasedStatement).toMatchObject({
      AggregateKeyType: 'IP',
      Limit: PUBLIC_PAGES_RATE_LIMIT_PER_IP,
      EvaluationWindowSec: RATE_WINDOW_SECONDS,
    });
    const scope = Statement.RateBasedStatement?.ScopeDownStatement as WafStatement;
    for (const path of [
      '/self-referral',
      '/self-referral/check-answers',
      '/partner-referral/your-details',
      '/quick-questions',
      '/chat/abc',
      '/self-referral//name',
      '/self-referr%61l/name',
    ])
      expect(matches(scope, path), path).toBe(true);
    for (const path of [...STAFF_PATHS, ...INTAKE_PATHS, '/chatter', '/self-referrals'])
      expect(matches(scope, path), path).toBe(false);
    expect(PUBLIC_PAGES_RATE_LIMIT_PER_IP).toBeLessThan(STAFF_RATE_LIMIT_PER_IP);
  });
});

describe('the public intake address (CloudFront, intake stack)', () => {
  const distribution = () =>
    intake.toJSON().Resources[intakeId(built.intakeStack.publicIntake.distribution)] as {
      Properties: { DistributionConfig: Record<string, unknown> };
    };

  it('is protected by the edge stack’s web ACL, read across regions from what the edge stack exports', () => {
    intake.resourceCountIs('AWS::CloudFront::Distribution', 1);
    const { WebACLId } = distribution().Properties.DistributionConfig as {
      WebACLId: { 'Fn::GetAtt': [string, string] };
    };
    const [reader, parameter] = WebACLId['Fn::GetAtt'];
    expect(intake.toJSON().Resources[reader].Type).toBe('Custom::CrossRegionExportReader');
    // The edge stack writes that parameter, in the intake stack's region, from the web ACL's ARN.
    edge.hasResourceProperties('Custom::CrossRegionExportWriter', {
      WriterProps: {
        region: built.intakeStack.region,
        exports: { [parameter]: { 'Fn::GetAtt': [webAclId(), 'Arn'] } },
      },
    });
    // So the edge stack is deployed first.
    expect(built.intakeStack.dependencies).toContain(built.edgeStack);
  });

  it('forwards every request, uncached, over TLS 1.2 to the HTTP API’s own address', () => {
    expect(distribution().Properties.DistributionConfig).toMatchObject({
      Enabled: true,
      DefaultCacheBehavior: {
        AllowedMethods: expect.arrayContaining(['GET', 'POST', 'OPTIONS']),
        CachePolicyId: CACHING_DISABLED,
        OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER,
        ViewerProtocolPolicy: 'https-only',
      },
      Origins: [
        {
          DomainName: {
            'Fn::Join': [
              '',
              [
                { Ref: intakeId(built.intakeStack.api.api) },
                '.execute-api.eu-west-2.',
                { Ref: 'AWS::URLSuffix' },
              ],
            ],
          },
          CustomOriginConfig: { OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] },
        },
      ],
    });
    intake.hasOutput('PublicIntakeUrl', {
      Value: {
        'Fn::Join': [
          '',
          [
            'https://',
            { 'Fn::GetAtt': [intakeId(built.intakeStack.publicIntake.distribution), 'DomainName'] },
          ],
        ],
      },
    });
  });

  it('logs every request, without cookies, to a private bucket that keeps them three months', () => {
    const logBucket = intakeId(built.intakeStack.publicIntake.logBucket);
    expect(distribution().Properties.DistributionConfig).toMatchObject({
      Logging: {
        Bucket: { 'Fn::GetAtt': [logBucket, 'RegionalDomainName'] },
        IncludeCookies: false,
        Prefix: 'public-intake/',
      },
    });
    expect(CLOUDFRONT_LOG_EXPIRY_DAYS).toBe(90);
    expect(intake.toJSON().Resources[logBucket].Properties).toMatchObject({
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      // CloudFront's standard logs are delivered with an ACL grant.
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] },
      LoggingConfiguration: {
        DestinationBucketName: { Ref: intakeId(built.intakeStack.intake.accessLogsBucket) },
        LogFilePrefix: 'cloudfront-logs-bucket/',
      },
      LifecycleConfiguration: {
        Rules: [
          {
            Id: 'expire-cloudfront-logs',
            ExpirationInDays: 90,
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
            Status: 'Enabled',
          },
        ],
      },
    });
  });
});

describe('the origin secret: the API’s own address takes no self-referral', () => {
  interface Statement {
    readonly Effect: string;
    readonly Action: string | string[];
    readonly Resource?: unknown;
  }
  const secretId = () => intakeId(built.intakeStack.publicIntake.originSecret);
  const roleOf = (name: FunctionName) => intakeId(built.intakeStack.functions[name].role);
  const functionOf = (name: FunctionName) => intakeId(built.intakeStack.functions[name].function);
  /** Every statement of the role's policies that names a Secrets Manager action. */
  const secretStatements = (name: FunctionName): Statement[] =>
    Object.values(
      intake.findResources('AWS::IAM::Policy', {
        Properties: { Roles: Match.arrayWith([{ Ref: roleOf(name) }]) },
      }),
    )
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[])
      .filter((statement) =>
        (Array.isArray(statement.Action) ? statement.Action : [statement.Action]).some((action) =>
          action.startsWith('secretsmanager:'),
        ),
      );

  it('is sent by CloudFront to the API in its header, from the secret by a dynamic reference, never written in the template', () => {
    const distribution = intake.toJSON().Resources[intakeId(built.intakeStack.publicIntake.distribution)] as {
      Properties: { DistributionConfig: { Origins: { OriginCustomHeaders?: unknown }[] } };
    };
    const [origin] = distribution.Properties.DistributionConfig.Origins;
    expect(origin?.OriginCustomHeaders).toEqual([
      {
        HeaderName: ORIGIN_VERIFY_HEADER,
        // CloudFormation resolves it at deployment; the template holds only the secret's ARN (its Ref).
        HeaderValue: {
          'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: secretId() }, ':SecretString:::}}']],
        },
      },
    ]);
    const secret = intake.toJSON().Resources[secretId()] as {
      Type: string;
      Properties: Record<string, unknown>;
    };
    expect(secret.Type).toBe('AWS::SecretsManager::Secret');
    expect(secret.Properties).toMatchObject({
      GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true, IncludeSpace: false },
    });
    expect(secret.Properties.SecretString).toBeUndefined();
    // In the intake stack, the region of the distribution's stack and of receive-referral (a dynamic
    // reference is resolved in the stack's own region); nothing of it in the edge stack (us-east-1).
    expect(built.intakeStack.region).not.toBe(EDGE_REGION);
    expect(edge.findResources('AWS::SecretsManager::Secret')).toEqual({});
  });

  it('is readable by receive-referral alone: exactly GetSecretValue on that one secret, and its ARN', () => {
    expect(secretStatements('receiveReferral')).toEqual([
      { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: { Ref: secretId() } },
    ]);
    intake.hasResourceProperties('AWS::Lambda::Function', {
      Role: { 'Fn::GetAtt': [roleOf('receiveReferral'), 'Arn'] },
      Environment: {
        Variables: Match.objectLike({ [RECEIVE_REFERRAL_ENVIRONMENT.originSecretArn]: { Ref: secretId() } }),
      },
    });
    for (const name of Object.keys(FUNCTIONS) as FunctionName[]) {
      if (name === 'receiveReferral') continue;
      expect(JSON.stringify(secretStatements(name)), name).not.toContain(secretId());
      const variables = (
        intake.toJSON().Resources[functionOf(name)] as {
          Properties: { Environment?: { Variables?: Record<string, unknown> } };
        }
      ).Properties.Environment?.Variables;
      expect(variables?.[RECEIVE_REFERRAL_ENVIRONMENT.originSecretArn], name).toBeUndefined();
    }
    // Only one IAM policy in the stack names the secret: receive-referral's.
    const naming = Object.values(intake.findResources('AWS::IAM::Policy')).filter((policy) =>
      JSON.stringify(policy).includes(secretId()),
    );
    expect(naming).toHaveLength(1);
  });

  it('is declared in the registry, for receive-referral only', () => {
    const readers = (Object.keys(FUNCTIONS) as FunctionName[]).filter(
      (name) => (FUNCTIONS[name].access as { readsOriginSecret?: true }).readsOriginSecret,
    );
    expect(readers).toEqual(['receiveReferral']);
  });

  it('is rotated by hand, with CloudFront and the function in step: the one acknowledgement on it', () => {
    const acknowledged = built.intakeStack.publicIntake.originSecret.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
      .map(([id, reason]) => [id.replace(/^\w+::(?=AwsSolutions-)/, ''), reason]);
    expect(acknowledged).toEqual([['AwsSolutions-SMG4', expect.stringContaining('CloudFront')]]);
  });
});

describe('cdk-nag and warnings, both stacks', () => {
  it('synthesizes with no unacknowledged AwsSolutions finding and no CDK warning', () => {
    expect(synthError === undefined ? 'no error' : String(synthError)).toBe('no error');
    expect(unacknowledgedNagFindings(built.app)).toEqual([]);
    for (const stack of [built.edgeStack, built.intakeStack]) {
      expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue()), stack.stackName).toEqual([]);
      expect(Annotations.fromStack(stack).findError('*', Match.anyValue()), stack.stackName).toEqual([]);
    }
  });

  it('acknowledges only the default certificate’s TLS floor and the absent geo restriction, on the distribution', () => {
    const acknowledged = (construct: IConstruct) =>
      construct.node.metadata
        .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((entry) => Object.keys(entry.data as Record<string, string>))
        .map((id) => id.replace(/^\w+::(?=AwsSolutions-)/, ''));
    expect(acknowledged(built.intakeStack.publicIntake.distribution).sort()).toEqual([
      'AwsSolutions-CFR1',
      'AwsSolutions-CFR4',
    ]);
    expect(built.edgeStack.node.findAll().flatMap(acknowledged)).toEqual([]);
  });
});
