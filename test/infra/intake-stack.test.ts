import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { CfnElement } from 'aws-cdk-lib';
import { Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { VALIDATION_REPORT_FILE } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FUNCTIONS,
  type FunctionAccess,
  type FunctionName,
  functionDefinitions,
} from '../../functions/registry.ts';
import { buildApp, PROJECT_ROOT, type VictimFirstApp } from '../../infra/app.ts';
import { ESM_REQUIRE_BANNER } from '../../infra/constructs/registry-function.ts';
import { ASYNC_FUNCTIONS, INTAKE_TRIGGERS } from '../../infra/stacks/intake-stack.ts';
import { TABLE_DESIGN } from '../../shared/adapters/dynamodb/table-design.ts';

interface Statement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource?: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
}

let built: VictimFirstApp;
let assemblyDirectory: string | undefined;
let synthError: unknown;
let template: Template;

// Built and synthesized once for the file: bundling the handlers with esbuild is the slow part.
beforeAll(() => {
  built = buildApp();
  try {
    built.app.synth();
  } catch (error) {
    // Unacknowledged cdk-nag findings make synth throw after the templates are written. The cdk-nag
    // test reports them; the other tests still check the written template.
    synthError = error;
  }
  assemblyDirectory = built.app.outdir;
  const templatePath = join(built.app.outdir, built.intakeStack.templateFile);
  if (!existsSync(templatePath)) throw synthError; // synth failed before writing anything
  template = Template.fromJSON(JSON.parse(readFileSync(templatePath, 'utf8')) as Record<string, unknown>);
}, 180_000);

// The cloud assembly (bundles included) goes to a temporary directory; remove it.
afterAll(() => {
  if (assemblyDirectory !== undefined) rmSync(assemblyDirectory, { recursive: true, force: true });
});

const logicalId = (construct: IConstruct): string =>
  built.intakeStack.getLogicalId(construct.node.defaultChild as CfnElement);
const functionId = (name: FunctionName): string => logicalId(built.intakeStack.functions[name].function);
const roleId = (name: FunctionName): string => logicalId(built.intakeStack.functions[name].role);
const getAtt = (id: string, attribute = 'Arn') => ({ 'Fn::GetAtt': [id, attribute] });
const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** Every statement of every IAM policy attached to the given role. */
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
const actionsOf = (statements: Statement[]): string[] => statements.flatMap((s) => asArray(s.Action));

describe('the intake stack', () => {
  describe('case table', () => {
    it('encrypts the table with the customer-managed key, which rotates', () => {
      const key = logicalId(built.intakeStack.key);
      template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
      template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
        Replicas: [Match.objectLike({ SSESpecification: { KMSMasterKeyId: getAtt(key) } })],
      });
    });

    it('has point-in-time recovery, deletion protection, on-demand billing and is retained', () => {
      template.hasResource('AWS::DynamoDB::GlobalTable', {
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: Match.objectLike({
          BillingMode: 'PAY_PER_REQUEST',
          Replicas: [
            Match.objectLike({
              PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
              DeletionProtectionEnabled: true,
            }),
          ],
        }),
      });
    });

    it('has the keys, TTL attribute and two GSIs of the shared table design', () => {
      template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
        KeySchema: [
          { AttributeName: TABLE_DESIGN.partitionKey, KeyType: 'HASH' },
          { AttributeName: TABLE_DESIGN.sortKey, KeyType: 'RANGE' },
        ],
        TimeToLiveSpecification: { AttributeName: TABLE_DESIGN.timeToLiveAttribute, Enabled: true },
        GlobalSecondaryIndexes: TABLE_DESIGN.indexes.map((index) =>
          Match.objectLike({
            IndexName: index.name,
            KeySchema: [
              { AttributeName: index.partitionKey, KeyType: 'HASH' },
              { AttributeName: index.sortKey, KeyType: 'RANGE' },
            ],
          }),
        ),
      });
      expect(TABLE_DESIGN.indexes.map((index) => index.name)).toEqual(['gsi1', 'gsi2']);
    });
  });

  describe('functions', () => {
    it('creates exactly one Node.js function per registry entry', () => {
      const nodeFunctions = template.findResources('AWS::Lambda::Function', {
        Properties: { Runtime: Match.stringLikeRegexp('^nodejs') },
      });
      expect(Object.keys(nodeFunctions)).toHaveLength(functionDefinitions().length);
    });

    it('runs every function on nodejs24.x, arm64, with active tracing, its settings and environment', () => {
      for (const [name, definition] of Object.entries(FUNCTIONS) as [
        FunctionName,
        (typeof FUNCTIONS)[FunctionName],
      ][]) {
        template.hasResourceProperties('AWS::Lambda::Function', {
          Description: definition.description,
          Runtime: 'nodejs24.x',
          Architectures: ['arm64'],
          Handler: 'index.handler',
          MemorySize: definition.memoryMiB,
          Timeout: definition.timeoutSeconds,
          TracingConfig: { Mode: 'Active' },
          Role: getAtt(roleId(name)),
          Environment: {
            Variables: Match.objectLike({
              POWERTOOLS_SERVICE_NAME: definition.id,
              TABLE_NAME: { Ref: logicalId(built.intakeStack.table) },
            }),
          },
        });
      }
    });

    it('gives every function its own KMS-encrypted log group with a retention period', () => {
      for (const name of Object.keys(FUNCTIONS) as FunctionName[]) {
        const logGroup = logicalId(built.intakeStack.functions[name].logGroup);
        template.hasResourceProperties('AWS::Lambda::Function', {
          Role: getAtt(roleId(name)),
          LoggingConfig: Match.objectLike({ LogGroup: { Ref: logGroup } }),
        });
        const { KmsKeyId, RetentionInDays } = template.toJSON().Resources[logGroup].Properties;
        expect(KmsKeyId).toEqual(getAtt(logicalId(built.intakeStack.key)));
        expect(RetentionInDays).toBeGreaterThan(0);
      }
    });

    it('bundles every handler as a minified ESM module with a require banner and a source map', () => {
      for (const name of Object.keys(FUNCTIONS) as FunctionName[]) {
        const code = template.toJSON().Resources[functionId(name)].Properties.Code as { S3Key: string };
        const assetDirectory = join(built.app.outdir, `asset.${code.S3Key.replace(/\.zip$/, '')}`);
        const bundle = readFileSync(join(assetDirectory, 'index.mjs'), 'utf8');
        expect(bundle.startsWith(ESM_REQUIRE_BANNER)).toBe(true);
        expect(existsSync(join(assetDirectory, 'index.mjs.map'))).toBe(true);
      }
    });

    it('bundles the web app with its views and assets beside it, and the frontend packages installed', () => {
      const code = template.toJSON().Resources[functionId('webApp')].Properties.Code as { S3Key: string };
      const assetDirectory = join(built.app.outdir, `asset.${code.S3Key.replace(/\.zip$/, '')}`);
      // web/views.ts and web/assets.ts look next to the module that holds them: in the bundle, index.mjs.
      for (const folder of ['views', 'assets'] as const) {
        const copied = readdirSync(join(assetDirectory, folder)).sort();
        expect(copied, folder).toEqual(readdirSync(join(PROJECT_ROOT, 'web', folder)).sort());
      }
      // What the pages render with and serve at run time, from the packages' own folders.
      for (const file of [
        'node_modules/nunjucks/package.json',
        'node_modules/govuk-frontend/dist/govuk/template.njk',
        'node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.css',
        'node_modules/govuk-frontend/dist/govuk/assets/images/favicon.ico',
        'node_modules/@ministryofjustice/frontend/moj/components/timeline/macro.njk',
        'node_modules/@ministryofjustice/frontend/moj/moj-frontend.min.css',
      ]) {
        expect(existsSync(join(assetDirectory, file)), file).toBe(true);
      }
      // Left out of the bundle, so loaded from those folders (import.meta.url resolves them).
      const bundle = readFileSync(join(assetDirectory, 'index.mjs'), 'utf8');
      expect(bundle).toMatch(/from\s*"nunjucks"/);
    });

    it('grants each function exactly the table and bucket access the registry lists', () => {
      for (const [name, definition] of Object.entries(FUNCTIONS) as [
        FunctionName,
        (typeof FUNCTIONS)[FunctionName],
      ][]) {
        const actions = actionsOf(statementsOfRole(roleId(name)));
        const access: FunctionAccess = definition.access;
        expect(actions.includes('dynamodb:GetItem')).toBe(access.caseTable !== undefined);
        expect(actions.includes('dynamodb:PutItem')).toBe(access.caseTable === 'read-write');
        expect(actions.includes('s3:GetObject*')).toBe(access.intakeBucket === 'read');
        // Only the messaging functions write, and only s3:PutObject (test/infra/messaging.test.ts).
        expect(actions.filter((action) => /^s3:(Put|Delete)/.test(action))).toEqual(
          access.messaging === undefined ? [] : ['s3:PutObject'],
        );
      }
    });

    it('uses Resource "*" in function policies only for the X-Ray actions that require it', () => {
      // The IAM5[Resource::*] acknowledgement on each function policy relies on this.
      for (const name of Object.keys(FUNCTIONS) as FunctionName[]) {
        const wildcard = statementsOfRole(roleId(name)).filter((statement) => statement.Resource === '*');
        expect(actionsOf(wildcard).sort()).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
      }
    });

    it('does not let the receive-referral role read the intake bucket', () => {
      const role = roleId('receiveReferral');
      const statements = statementsOfRole(role);
      expect(statements.length).toBeGreaterThan(0);
      expect(actionsOf(statements).filter((action) => action.startsWith('s3:'))).toEqual([]);
      expect(JSON.stringify(statements)).not.toContain(logicalId(built.intakeStack.intake.bucket));
      expect(template.toJSON().Resources[role].Properties.ManagedPolicyArns).toBeUndefined();
    });
  });

  describe('intake bucket', () => {
    it('notifies the police function for police/ and the e-mail function for email/, and nothing else', () => {
      expect(INTAKE_TRIGGERS.map((trigger) => [trigger.prefix, trigger.functionName])).toEqual([
        ['police/', 'ingestPoliceDownload'],
        ['email/', 'ingestReferralEmail'],
      ]);
      template.resourceCountIs('Custom::S3BucketNotifications', 1);
      template.hasResourceProperties('Custom::S3BucketNotifications', {
        BucketName: { Ref: logicalId(built.intakeStack.intake.bucket) },
        NotificationConfiguration: {
          LambdaFunctionConfigurations: [
            {
              Events: ['s3:ObjectCreated:*'],
              Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'police/' }] } },
              LambdaFunctionArn: getAtt(functionId('ingestPoliceDownload')),
            },
            {
              Events: ['s3:ObjectCreated:*'],
              Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'email/' }] } },
              LambdaFunctionArn: getAtt(functionId('ingestReferralEmail')),
            },
          ],
        },
      });
    });

    it('encrypts with the customer key and a bucket key, versions, expires objects at 90 days and logs access', () => {
      template.hasResource('AWS::S3::Bucket', {
        DeletionPolicy: 'Retain',
        Properties: Match.objectLike({
          BucketEncryption: {
            ServerSideEncryptionConfiguration: [
              {
                BucketKeyEnabled: true,
                ServerSideEncryptionByDefault: {
                  SSEAlgorithm: 'aws:kms',
                  KMSMasterKeyID: getAtt(logicalId(built.intakeStack.key)),
                },
              },
            ],
          },
          VersioningConfiguration: { Status: 'Enabled' },
          LifecycleConfiguration: {
            Rules: Match.arrayWith([Match.objectLike({ ExpirationInDays: 90, Status: 'Enabled' })]),
          },
          LoggingConfiguration: {
            DestinationBucketName: { Ref: logicalId(built.intakeStack.intake.accessLogsBucket) },
            LogFilePrefix: Match.anyValue(),
          },
        }),
      });
    });

    it('blocks all public access on every bucket', () => {
      const buckets = template.findResources('AWS::S3::Bucket');
      // Intake, its access logs, letters.
      expect(Object.keys(buckets)).toHaveLength(3);
      for (const bucket of Object.values(buckets)) {
        expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        });
      }
    });

    it('denies requests without TLS on every bucket', () => {
      for (const bucket of Object.keys(template.findResources('AWS::S3::Bucket'))) {
        template.hasResourceProperties('AWS::S3::BucketPolicy', {
          Bucket: { Ref: bucket },
          PolicyDocument: {
            Statement: Match.arrayWith([
              Match.objectLike({
                Effect: 'Deny',
                Action: 's3:*',
                Principal: { AWS: '*' },
                Condition: { Bool: { 'aws:SecureTransport': 'false' } },
              }),
            ]),
          },
        });
      }
    });
  });

  describe('dead-letter queues', () => {
    it('sends failed asynchronous invocations of each event-triggered function to its own queue after 2 retries', () => {
      for (const functionName of ASYNC_FUNCTIONS) {
        const queue = built.intakeStack.deadLetterQueues[functionName];
        expect(queue).toBeDefined();
        template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
          FunctionName: { Ref: functionId(functionName) },
          MaximumRetryAttempts: 2,
          DestinationConfig: { OnFailure: { Destination: getAtt(logicalId(queue as IConstruct)) } },
        });
      }
      template.resourceCountIs('AWS::Lambda::EventInvokeConfig', ASYNC_FUNCTIONS.length);
    });

    it('encrypts every queue with the customer key and denies requests without TLS', () => {
      const queues = template.findResources('AWS::SQS::Queue');
      expect(Object.keys(queues)).toHaveLength(ASYNC_FUNCTIONS.length);
      for (const [queue, resource] of Object.entries(queues)) {
        expect(resource.Properties.KmsMasterKeyId).toEqual(getAtt(logicalId(built.intakeStack.key)));
        template.hasResourceProperties('AWS::SQS::QueuePolicy', {
          Queues: [{ Ref: queue }],
          PolicyDocument: {
            Statement: Match.arrayWith([
              Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
            ]),
          },
        });
      }
    });
  });

  describe('referrals API', () => {
    it('requires AWS_IAM authorization on the partner route', () => {
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: 'POST /referrals/partner',
        AuthorizationType: 'AWS_IAM',
      });
    });

    it('leaves the self-referral route public and sends both routes to receive-referral', () => {
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: 'POST /referrals/self',
        AuthorizationType: 'NONE',
      });
      // Two referral routes, the four task routes and $default (the web app); one integration per function.
      template.resourceCountIs('AWS::ApiGatewayV2::Route', 7);
      template.resourceCountIs('AWS::ApiGatewayV2::Integration', 3);
      template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
        IntegrationType: 'AWS_PROXY',
        IntegrationUri: getAtt(functionId('receiveReferral')),
      });
    });

    it('throttles the stage at rate 10, burst 20 and writes access logs to a KMS-encrypted log group', () => {
      const accessLogs = logicalId(built.intakeStack.api.accessLogGroup);
      template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
        StageName: '$default',
        DefaultRouteSettings: { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 },
        AccessLogSettings: { DestinationArn: getAtt(accessLogs), Format: Match.anyValue() },
      });
      expect(template.toJSON().Resources[accessLogs].Properties.KmsKeyId).toEqual(
        getAtt(logicalId(built.intakeStack.key)),
      );
    });
  });

  describe('alarms', () => {
    it('alarms when any message is visible in each dead-letter queue', () => {
      for (const functionName of ASYNC_FUNCTIONS) {
        const queue = built.intakeStack.deadLetterQueues[functionName] as IConstruct;
        template.hasResourceProperties('AWS::CloudWatch::Alarm', {
          Namespace: 'AWS/SQS',
          MetricName: 'ApproximateNumberOfMessagesVisible',
          Dimensions: [{ Name: 'QueueName', Value: getAtt(logicalId(queue), 'QueueName') }],
          ComparisonOperator: 'GreaterThanThreshold',
          Threshold: 0,
        });
      }
    });

    it('alarms when each function reports any error', () => {
      for (const name of Object.keys(FUNCTIONS) as FunctionName[]) {
        template.hasResourceProperties('AWS::CloudWatch::Alarm', {
          Namespace: 'AWS/Lambda',
          MetricName: 'Errors',
          Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionId(name) } }],
          ComparisonOperator: 'GreaterThanThreshold',
          Threshold: 0,
        });
      }
    });
  });

  describe('cdk-nag', () => {
    it('synthesizes with no unacknowledged AwsSolutions findings', () => {
      // cdk-nag 3 runs as a validation plugin: an unacknowledged error makes app.synth() throw.
      expect(synthError === undefined ? 'no error' : String(synthError)).toBe('no error');
      // The same checks run directly, so a failure lists each finding and where it is.
      const { violations } = new AwsSolutionsChecks().validateScope(built.app);
      expect(
        violations.flatMap((violation) =>
          violation.violatingResources.map(
            (resource) => `${violation.ruleName} at ${resource.constructPath}`,
          ),
        ),
      ).toEqual([]);
      // And the validation report written into the cloud assembly lists nothing.
      const report = JSON.parse(readFileSync(join(built.app.outdir, VALIDATION_REPORT_FILE), 'utf8')) as {
        pluginReports: { violations?: unknown[] }[];
      };
      expect(report.pluginReports.flatMap((pluginReport) => pluginReport.violations ?? [])).toEqual([]);
    });

    it('acknowledges findings on individual resources, never on the whole app or stack', () => {
      const acknowledgedOn = (construct: IConstruct) =>
        construct.node.metadata.filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY);
      expect(acknowledgedOn(built.app)).toEqual([]);
      expect(acknowledgedOn(built.intakeStack)).toEqual([]);
    });

    it('reports no CDK errors or warnings on the stack', () => {
      expect(Annotations.fromStack(built.intakeStack).findError('*', Match.anyValue())).toEqual([]);
      expect(Annotations.fromStack(built.intakeStack).findWarning('*', Match.anyValue())).toEqual([]);
    });
  });
});

/** The contact path's ASL, with each intrinsic (a function ARN, the partition) replaced by a marker. */
function contactPathDefinition(): {
  States: Record<string, Record<string, unknown>>;
  QueryLanguage?: string;
} {
  const machines = template.findResources('AWS::StepFunctions::StateMachine', {
    Properties: { StateMachineName: 'victim-first-local-contact-path' },
  });
  const [machine] = Object.values(machines);
  if (!machine) throw new Error('the stack has no contact-path state machine');
  const body = (machine.Properties as { DefinitionString: unknown }).DefinitionString;
  const parts = (body as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
  return JSON.parse(parts.map((part) => (typeof part === 'string' ? part : 'INTRINSIC')).join(''));
}

describe('the contact-path state machine', () => {
  it('is a Standard state machine in JSONata, beside the support review', () => {
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 2);
    for (const name of ['victim-first-local-contact-path', 'victim-first-local-support-review']) {
      template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
        StateMachineName: name,
        StateMachineType: 'STANDARD',
        EncryptionConfiguration: Match.objectLike({ Type: 'CUSTOMER_MANAGED_KMS_KEY' }),
        TracingConfiguration: { Enabled: true },
      });
    }
    expect(contactPathDefinition().QueryLanguage).toBe('JSONata');
  });

  it('lets only the web app start a support review, and the task answerers answer its reviews', () => {
    const canStart = (name: FunctionName) =>
      statementsOfRole(roleId(name)).some((s) => asArray(s.Action).includes('states:StartExecution'));
    expect(canStart('webApp')).toBe(true);
    for (const name of ['taskApi', 'createTask', 'sendMessage'] as const) {
      const statements = statementsOfRole(roleId(name)).filter((s) =>
        asArray(s.Action).includes('states:StartExecution'),
      );
      expect(JSON.stringify(statements), name).not.toContain('support-review');
    }
  });

  it('gives every caseworker and team-leader task a timeout and a Catch for States.Timeout', () => {
    const callbacks = Object.entries(contactPathDefinition().States).filter(([, state]) =>
      String(state.Resource ?? '').endsWith('.waitForTaskToken'),
    );
    expect(callbacks.length).toBeGreaterThanOrEqual(6);
    for (const [name, state] of callbacks) {
      expect(state.TimeoutSeconds, name).toBeDefined();
      const catches = (state.Catch ?? []) as Array<{ ErrorEquals: string[] }>;
      expect(
        catches.some((c) => c.ErrorEquals.includes('States.Timeout')),
        name,
      ).toBe(true);
    }
  });

  it('sends the task token to the task function and nothing but ids and codes', () => {
    const call = contactPathDefinition().States['Call attempt'] as {
      Arguments: { Payload: Record<string, unknown> };
    };
    expect(call.Arguments.Payload.taskToken).toBe('{% $states.context.Task.Token %}');
    expect(Object.keys(call.Arguments.Payload).sort()).toEqual(
      ['attempt', 'caseId', 'due', 'priority', 'queue', 'taskToken', 'type', 'voicemailAllowed'].sort(),
    );
  });

  it('puts every task route behind authorization: the staff user pool’s JWT authorizer', () => {
    for (const routeKey of [
      'GET /api/tasks',
      'GET /api/tasks/{taskId}',
      'POST /api/tasks/{taskId}/claim',
      'POST /api/tasks/{taskId}/complete',
    ]) {
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: routeKey,
        AuthorizationType: 'JWT',
        AuthorizerId: Match.anyValue(),
      });
    }
  });

  it('lets the intake functions start it and only the task API answer its tasks', () => {
    const canStart = (name: FunctionName) =>
      statementsOfRole(roleId(name)).some((s) => asArray(s.Action).includes('states:StartExecution'));
    const canAnswer = (name: FunctionName) =>
      statementsOfRole(roleId(name)).some((s) => asArray(s.Action).includes('states:SendTaskSuccess'));
    for (const name of ['ingestPoliceDownload', 'ingestReferralEmail', 'receiveReferral'] as const) {
      expect(canStart(name), name).toBe(true);
    }
    expect(canAnswer('taskApi')).toBe(true);
    for (const name of ['planContactPath', 'createTask', 'sendMessage', 'receiveReferral'] as const) {
      expect(canAnswer(name), name).toBe(false);
    }
  });

  it('encrypts execution data with the customer key and logs without execution data', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      EncryptionConfiguration: Match.objectLike({ Type: 'CUSTOMER_MANAGED_KMS_KEY' }),
      LoggingConfiguration: Match.objectLike({ Level: 'ALL', IncludeExecutionData: false }),
    });
  });
});
