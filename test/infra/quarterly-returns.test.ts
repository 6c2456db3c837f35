import type { CfnElement } from 'aws-cdk-lib';
import { Annotations, Match, type Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RETURNS_ENVIRONMENT } from '../../functions/config.ts';
import { FUNCTIONS, type FunctionName } from '../../functions/registry.ts';
import type { VictimFirstApp } from '../../infra/app.ts';
import {
  RETURN_EXPIRY_DAYS,
  RETURN_NONCURRENT_VERSION_DAYS,
} from '../../infra/constructs/quarterly-returns.ts';
import { removeTemporaryOutdirs, synthUnbundled, unacknowledgedNagFindings } from '../support/synth.ts';

interface Statement {
  readonly Sid?: string;
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource?: unknown;
  readonly Condition?: unknown;
}

let built: VictimFirstApp;
let template: Template;
let synthError: unknown;

beforeAll(() => {
  ({ built, template, synthError } = synthUnbundled());
}, 120_000);

afterAll(() => {
  removeTemporaryOutdirs();
});

const logicalId = (construct: IConstruct): string =>
  built.intakeStack.getLogicalId(construct.node.defaultChild as CfnElement);
const getAtt = (id: string, attribute = 'Arn') => ({ 'Fn::GetAtt': [id, attribute] });
const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);
const bucketId = () => logicalId(built.intakeStack.returns.bucket);
const keyArn = () => getAtt(logicalId(built.intakeStack.key));
const returnsObjects = () => ({ 'Fn::Join': ['', [getAtt(bucketId()), '/returns/*']] });
const functionId = (name: FunctionName) => logicalId(built.intakeStack.functions[name].function);

/** Every statement of every policy attached to a role. */
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
const statementsOf = (name: FunctionName) =>
  statementsOfRole(logicalId(built.intakeStack.functions[name].role));

/** The statements that name the returns bucket or its objects. */
const onTheReturnsBucket = (statements: Statement[]) =>
  statements.filter((s) => JSON.stringify(s.Resource).includes(bucketId()));

describe('the returns bucket', () => {
  it('is encrypted with the data key and a bucket key, private, versioned, access-logged and retained', () => {
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            {
              BucketKeyEnabled: true,
              ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn() },
            },
          ],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        VersioningConfiguration: { Status: 'Enabled' },
        LoggingConfiguration: {
          DestinationBucketName: { Ref: logicalId(built.intakeStack.intake.accessLogsBucket) },
          LogFilePrefix: 'returns-bucket/',
        },
      }),
    });
  });

  it('keeps returns seven years as records, replaced versions a quarter', () => {
    expect(RETURN_EXPIRY_DAYS).toBe(2557);
    const bucket = template.toJSON().Resources[bucketId()] as {
      Properties: { LifecycleConfiguration: { Rules: unknown[] } };
    };
    expect(bucket.Properties.LifecycleConfiguration.Rules).toContainEqual(
      expect.objectContaining({
        Id: 'expire-returns',
        Status: 'Enabled',
        ExpirationInDays: RETURN_EXPIRY_DAYS,
        NoncurrentVersionExpiration: { NoncurrentDays: RETURN_NONCURRENT_VERSION_DAYS },
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
      }),
    );
  });

  it('denies requests without TLS or below TLS 1.2', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId() },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } },
          }),
        ]),
      },
    });
  });

  it('is named in the stack outputs', () => {
    template.hasOutput('ReturnsBucketName', { Value: { Ref: bucketId() } });
  });
});

describe('the produce-quarterly-return function', () => {
  it('runs for up to 15 minutes with 1 GiB, pdfkit beside its bundle', () => {
    expect(FUNCTIONS.produceQuarterlyReturn).toMatchObject({
      id: 'produce-quarterly-return',
      entry: 'functions/reporting/produce-quarterly-return/handler.ts',
      timeoutSeconds: 900,
      memoryMiB: 1024,
      access: {
        caseTable: { actions: ['GetItem', 'Query', 'PutItem', 'UpdateItem'], indexes: ['gsi2', 'gsi3'] },
        returns: 'write',
      },
      externalPackages: ['pdfkit'],
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Role: getAtt(logicalId(built.intakeStack.functions.produceQuarterlyReturn.role)),
      Timeout: 900,
      MemorySize: 1024,
    });
  });

  it('is told the returns bucket and the key to encrypt with', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Role: getAtt(logicalId(built.intakeStack.functions.produceQuarterlyReturn.role)),
      Environment: {
        Variables: Match.objectLike({
          [RETURNS_ENVIRONMENT.bucket]: { Ref: bucketId() },
          [RETURNS_ENVIRONMENT.keyArn]: keyArn(),
          POWERTOOLS_SERVICE_NAME: 'produce-quarterly-return',
        }),
      },
    });
  });

  it('may write only under returns/ and encrypt with the data key: no read, list or delete of returns', () => {
    expect(onTheReturnsBucket(statementsOf('produceQuarterlyReturn'))).toEqual([
      { Sid: 'WriteReturns', Effect: 'Allow', Action: 's3:PutObject', Resource: returnsObjects() },
    ]);
    expect(statementsOf('produceQuarterlyReturn')).toContainEqual({
      Sid: 'EncryptReturnsWithTheDataKey',
      Effect: 'Allow',
      Action: 'kms:GenerateDataKey',
      Resource: keyArn(),
    });
  });

  it('reads the case table and writes only the plan and task a missed target raises', () => {
    const actions = statementsOf('produceQuarterlyReturn').flatMap((s) => asArray(s.Action));
    expect(actions).toEqual(
      expect.arrayContaining([
        'dynamodb:Query',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
      ]),
    );
    for (const write of ['dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'])
      expect(actions).not.toContain(write);
  });
});

describe('the web app', () => {
  it('may list and read only returns/, decrypting with the data key, and write nothing there', () => {
    expect(onTheReturnsBucket(statementsOf('webApp'))).toEqual([
      {
        Sid: 'ListReturns',
        Effect: 'Allow',
        Action: 's3:ListBucket',
        Resource: getAtt(bucketId()),
        Condition: { StringLike: { 's3:prefix': ['returns/*'] } },
      },
      { Sid: 'ReadReturns', Effect: 'Allow', Action: 's3:GetObject', Resource: returnsObjects() },
    ]);
    expect(statementsOf('webApp')).toContainEqual({
      Sid: 'DecryptReturnsWithTheDataKey',
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: keyArn(),
    });
  });

  it('is told the returns bucket, and not the key to write with', () => {
    const webApp = template.toJSON().Resources[functionId('webApp')] as {
      Properties: { Environment: { Variables: Record<string, unknown> } };
    };
    expect(webApp.Properties.Environment.Variables[RETURNS_ENVIRONMENT.bucket]).toEqual({ Ref: bucketId() });
    expect(Object.keys(webApp.Properties.Environment.Variables)).not.toContain(RETURNS_ENVIRONMENT.keyArn);
  });
});

describe('no other role', () => {
  it('touches the returns bucket', () => {
    const policies = template.findResources('AWS::IAM::Policy') as Record<
      string,
      { Properties: { Roles: { Ref: string }[]; PolicyDocument: { Statement: Statement[] } } }
    >;
    const allowed = [
      logicalId(built.intakeStack.functions.produceQuarterlyReturn.role),
      logicalId(built.intakeStack.functions.webApp.role),
    ];
    const touching = Object.values(policies)
      .filter((policy) => onTheReturnsBucket(policy.Properties.PolicyDocument.Statement).length > 0)
      .flatMap((policy) => policy.Properties.Roles.map((role) => role.Ref));
    expect(touching.sort()).toEqual(allowed.sort());
  });
});

describe('the production schedule', () => {
  const schedules = () =>
    template.findResources('AWS::Scheduler::Schedule', {
      Properties: { Target: { Arn: getAtt(functionId('produceQuarterlyReturn')) } },
    });

  it('runs at 06:00 Europe/London on the first day of January, April, July and October', () => {
    expect(Object.keys(schedules())).toHaveLength(1);
    const [schedule] = Object.values(schedules());
    expect(schedule?.Properties).toMatchObject({
      ScheduleExpression: 'cron(0 6 1 JAN,APR,JUL,OCT ? *)',
      ScheduleExpressionTimezone: 'Europe/London',
      FlexibleTimeWindow: { Mode: 'OFF' },
      State: 'ENABLED',
      Target: { RetryPolicy: { MaximumRetryAttempts: 3 } },
    });
    expect(JSON.parse(schedule?.Properties.Target.Input)).toEqual({
      scheduledTime: '<aws.scheduler.scheduled-time>',
    });
  });

  it('invokes through a role of its own, trusted by the scheduler of this account, that invokes only this function', () => {
    const [schedule] = Object.values(schedules());
    const roleArn = schedule?.Properties.Target.RoleArn as { 'Fn::GetAtt': [string, string] } | undefined;
    const role = roleArn?.['Fn::GetAtt'][0] ?? '(no role)';
    const trust = template.toJSON().Resources[role]?.Properties.AssumeRolePolicyDocument;
    expect(trust?.Statement).toEqual([
      expect.objectContaining({
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Principal: { Service: 'scheduler.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      }),
    ]);
    expect(role).not.toBe(
      logicalId(built.intakeStack.messaging.node.findChild('PrintManifestSchedulerRole')),
    );
    const statements = statementsOfRole(role);
    expect(statements.flatMap((s) => asArray(s.Action))).toEqual(['lambda:InvokeFunction']);
    const fn = getAtt(functionId('produceQuarterlyReturn'));
    expect(statements.flatMap((s) => asArray(s.Resource))).toEqual([fn, { 'Fn::Join': ['', [fn, ':*']] }]);
  });
});

describe('cdk-nag', () => {
  it('synthesizes with no unacknowledged AwsSolutions findings and no CDK warnings', () => {
    expect(synthError === undefined ? 'no error' : String(synthError)).toBe('no error');
    expect(unacknowledgedNagFindings(built.app)).toEqual([]);
    expect(Annotations.fromStack(built.intakeStack).findWarning('*', Match.anyValue())).toEqual([]);
  });
});
