import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CfnElement } from 'aws-cdk-lib';
import { Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { VALIDATION_REPORT_FILE } from 'aws-cdk-lib/cx-api';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RE_ENGAGEMENT_ENVIRONMENT, TARGET_HARDENING_ENVIRONMENT } from '../../functions/config.ts';
import {
  FUNCTIONS,
  type FunctionAccess,
  type FunctionName,
  functionDefinitions,
} from '../../functions/registry.ts';
import { buildApp, LOCAL_JOB_CONTACTS, PROJECT_ROOT, type VictimFirstApp } from '../../infra/app.ts';
import { PUBLIC_PAGE_ROUTES } from '../../infra/constructs/referrals-api.ts';
import { ESM_REQUIRE_BANNER } from '../../infra/constructs/registry-function.ts';
import { ASYNC_FUNCTIONS, INTAKE_TRIGGERS } from '../../infra/stacks/intake-stack.ts';
import { STATE_MACHINE_WILDCARD_ACTIONS } from '../../infra/stacks/state-machines.ts';
import { TABLE_DESIGN } from '../../shared/storage-layout/table-design.ts';
import { removeTemporaryOutdirs, temporaryOutdir, unacknowledgedNagFindings } from '../support/synth.ts';

interface Statement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource?: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
}

interface PolicyResource {
  readonly Properties: { PolicyDocument: { Statement: Statement[] }; Roles: { Ref: string }[] };
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
  removeTemporaryOutdirs();
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

/** A state machine's ARN as the stack builds it from the machine's name (region and partition known). */
const stateMachineArn = (name: string) => ({
  'Fn::Join': ['', ['arn:aws:states:eu-west-2:', { Ref: 'AWS::AccountId' }, `:stateMachine:${name}`]],
});
const TARGET_HARDENING = 'victim-first-local-target-hardening';

/** The roles (logical ids) that some IAM policy allows `action` on `resource`. */
function rolesAllowed(action: string, resource: unknown): string[] {
  const policies = Object.values(template.findResources('AWS::IAM::Policy')) as PolicyResource[];
  return policies
    .filter((policy) =>
      policy.Properties.PolicyDocument.Statement.some(
        (s) =>
          s.Effect === 'Allow' &&
          asArray(s.Action).includes(action) &&
          asArray(s.Resource).some((r) => JSON.stringify(r) === JSON.stringify(resource)),
      ),
    )
    .flatMap((policy) => policy.Properties.Roles.map((role) => role.Ref))
    .sort();
}

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

    it('has the keys, TTL attribute and three GSIs of the shared table design', () => {
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
      expect(TABLE_DESIGN.indexes.map((index) => index.name)).toEqual(['gsi1', 'gsi2', 'gsi3']);
    });
  });

  describe('functions', () => {
    it('creates exactly one Node.js function per registry entry', () => {
      const nodeFunctions = template.findResources('AWS::Lambda::Function', {
        Properties: { Runtime: Match.stringLikeRegexp('^nodejs') },
      });
      // Besides them, only CDK's own deploy-time reader of the edge stack's web ACL ARN (waf.test.ts).
      const [others, registry] = [
        Object.keys(nodeFunctions).filter((id) => id.startsWith('CustomCrossRegionExportReader')),
        Object.keys(nodeFunctions).filter((id) => !id.startsWith('CustomCrossRegionExportReader')),
      ];
      expect(registry).toHaveLength(functionDefinitions().length);
      expect(others).toHaveLength(1);
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
        // Exactly the declared table actions (table-access.test.ts checks each action's resources too).
        expect([...new Set(actions.filter((action) => action.startsWith('dynamodb:')))].sort()).toEqual(
          (access.caseTable?.actions ?? []).map((action) => `dynamodb:${action}`).sort(),
        );
        expect(actions.includes('s3:GetObject*')).toBe(access.intakeBucket === 'read');
        // Only the letter-writing messaging functions and the function that stores the quarterly returns
        // write, and only s3:PutObject (messaging.test.ts, quarterly-returns.test.ts).
        const writes =
          (access.messaging !== undefined && access.messaging !== 'alerts') || access.returns === 'write';
        expect(actions.filter((action) => /^s3:(Put|Delete)/.test(action))).toEqual(
          writes ? ['s3:PutObject'] : [],
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
    it('notifies the police, e-mail and chat transcript functions for their prefixes, and nothing else', () => {
      expect(INTAKE_TRIGGERS.map((trigger) => [trigger.prefix, trigger.functionName])).toEqual([
        ['police/', 'ingestPoliceDownload'],
        ['email/', 'ingestReferralEmail'],
        ['connect/chat-transcripts/', 'keepChatTranscript'],
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
            {
              Events: ['s3:ObjectCreated:*'],
              Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'connect/chat-transcripts/' }] } },
              LambdaFunctionArn: getAtt(functionId('keepChatTranscript')),
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
      // Intake, its access logs, letters, quarterly returns, CloudFront's logs.
      expect(Object.keys(buckets)).toHaveLength(5);
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
      // Three referral routes, the four task routes, the public pages' routes and $default (the web app);
      // one integration per function.
      template.resourceCountIs('AWS::ApiGatewayV2::Route', 8 + PUBLIC_PAGE_ROUTES.length);
      template.resourceCountIs('AWS::ApiGatewayV2::Integration', 4);
      template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
        IntegrationType: 'AWS_PROXY',
        IntegrationUri: getAtt(functionId('receiveReferral')),
      });
    });

    it('sends every public page route, open to anyone, to the public-pages function and never to the web app', () => {
      const integrationOf = (id: string) =>
        Object.entries(template.findResources('AWS::ApiGatewayV2::Integration')).find(
          ([key]) => key === id,
        )?.[1] as { Properties: { IntegrationUri: unknown } } | undefined;
      expect(PUBLIC_PAGE_ROUTES).toEqual(
        expect.arrayContaining(['GET /self-referral', 'POST /self-referral/{proxy+}', 'GET /chat/{proxy+}']),
      );
      for (const routeKey of PUBLIC_PAGE_ROUTES) {
        const [route] = Object.values(
          template.findResources('AWS::ApiGatewayV2::Route', { Properties: { RouteKey: routeKey } }),
        ) as { Properties: { AuthorizationType: string; Target: { 'Fn::Join': [string, string[]] } } }[];
        expect(route?.Properties.AuthorizationType).toBe('NONE');
        const target = JSON.stringify(route?.Properties.Target);
        const integrationId = /"Ref":"([^"]+)"/.exec(target)?.[1] ?? '';
        expect(integrationOf(integrationId)?.Properties.IntegrationUri).toEqual(
          getAtt(functionId('publicPages')),
        );
      }
    });

    it('requires AWS_IAM authorization on the target-hardening referral route, which goes to receive-referral too', () => {
      const routes = (key: string) =>
        Object.values(
          template.findResources('AWS::ApiGatewayV2::Route', { Properties: { RouteKey: key } }),
        ) as { Properties: { AuthorizationType: string; Target: unknown } }[];
      const [targetHardening] = routes('POST /referrals/target-hardening');
      const [partner] = routes('POST /referrals/partner');
      expect(targetHardening?.Properties.AuthorizationType).toBe('AWS_IAM');
      // The same integration as the partner route: the receive-referral function.
      expect(targetHardening?.Properties.Target).toEqual(partner?.Properties.Target);
    });

    it('lets partners, by the partner invoke policy, POST to the partner and target-hardening routes only', () => {
      const api = { Ref: logicalId(built.intakeStack.api.api) };
      const route = (path: string) => ({
        'Fn::Join': ['', ['arn:aws:execute-api:eu-west-2:', { Ref: 'AWS::AccountId' }, ':', api, path]],
      });
      const policy = template.toJSON().Resources[
        built.intakeStack.getLogicalId(
          built.intakeStack.api.partnerInvokePolicy.node.defaultChild as CfnElement,
        )
      ].Properties.PolicyDocument as { Statement: Statement[] };
      expect(policy.Statement).toEqual([
        {
          Effect: 'Allow',
          Action: 'execute-api:Invoke',
          Resource: [
            route('/$default/POST/referrals/partner'),
            route('/$default/POST/referrals/target-hardening'),
          ],
        },
      ]);
    });

    it('throttles each route on its own (referrals-api.test.ts) and writes access logs to a KMS-encrypted log group', () => {
      const accessLogs = logicalId(built.intakeStack.api.accessLogGroup);
      template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
        StageName: '$default',
        DefaultRouteSettings: { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 },
        RouteSettings: Match.objectLike({
          'POST /referrals/self': { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 },
          $default: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 },
        }),
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
      expect(unacknowledgedNagFindings(built.app)).toEqual([]);
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
      expect(acknowledgedOn(built.edgeStack)).toEqual([]);
    });

    it('names, in each state machine role’s IAM5[Resource::*] acknowledgement, exactly the actions it grants on "*"', () => {
      const machines = [
        built.intakeStack.contactPath.stateMachine,
        built.intakeStack.supportReview.stateMachine,
        built.intakeStack.targetHardening.stateMachine,
      ];
      const expected = Object.values(STATE_MACHINE_WILDCARD_ACTIONS).flat().sort();
      for (const machine of machines) {
        const policy = machine.role.node.tryFindChild('DefaultPolicy') as IConstruct;
        const statements = (
          template.toJSON().Resources[logicalId(policy)].Properties.PolicyDocument as {
            Statement: Statement[];
          }
        ).Statement;
        const wildcard = statements.filter(
          (statement) => statement.Resource === '*' || asArray(statement.Resource).includes('*'),
        );
        // The logging actions (CloudWatch Logs log delivery) as well as X-Ray's share Resource "*".
        expect(actionsOf(wildcard).sort(), machine.node.path).toEqual(expected);
        const reasons = policy.node.metadata
          .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
          .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
          .filter(([id]) => id.endsWith('AwsSolutions-IAM5[Resource::*]'))
          .map(([, reason]) => reason);
        expect(reasons, machine.node.path).toHaveLength(1);
        for (const action of expected) expect(reasons[0], action).toContain(action);
        expect(reasons[0]).toContain('logging');
        expect(reasons[0]).toContain('X-Ray');
      }
    });

    it('writes the same template with its checks turned off, as the local system synthesizes it', () => {
      const synthesized = (checks: boolean) => {
        const app = buildApp({
          context: { 'aws:cdk:bundling-stacks': [] },
          outdir: temporaryOutdir(),
          checks,
        });
        const assembly = app.app.synth();
        return {
          template: assembly.getStackByName(app.intakeStack.stackName).template as unknown,
          checked: existsSync(join(assembly.directory, VALIDATION_REPORT_FILE)),
        };
      };
      const unchecked = synthesized(false);
      const checked = synthesized(true);
      expect(unchecked.checked).toBe(false);
      expect(checked.checked).toBe(true);
      expect(unchecked.template).toEqual(checked.template);
    }, 60_000);

    it('reports no CDK errors or warnings on the stack', () => {
      expect(Annotations.fromStack(built.intakeStack).findError('*', Match.anyValue())).toEqual([]);
      expect(Annotations.fromStack(built.intakeStack).findWarning('*', Match.anyValue())).toEqual([]);
    });
  });
});

/** A state machine's ASL, with each intrinsic (a function ARN, the partition) replaced by a marker. */
function definitionOf(name: string): {
  States: Record<string, Record<string, unknown>>;
  QueryLanguage?: string;
} {
  const machines = template.findResources('AWS::StepFunctions::StateMachine', {
    Properties: { StateMachineName: name },
  });
  const [machine] = Object.values(machines);
  if (!machine) throw new Error(`the stack has no ${name} state machine`);
  const body = (machine.Properties as { DefinitionString: unknown }).DefinitionString;
  const parts = (body as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
  return JSON.parse(parts.map((part) => (typeof part === 'string' ? part : 'INTRINSIC')).join(''));
}
const contactPathDefinition = () => definitionOf('victim-first-local-contact-path');

describe('the contact-path state machine', () => {
  it('is a Standard state machine in JSONata, beside the support review, target hardening, re-engagement, web chat and complaint clock', () => {
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 6);
    for (const name of [
      'victim-first-local-contact-path',
      'victim-first-local-support-review',
      TARGET_HARDENING,
      'victim-first-local-re-engagement',
      'victim-first-local-web-chat',
      'victim-first-local-complaint-clock',
    ]) {
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

  it("lets only the web app and the public pages start a complaint's clock, which sleeps until each warning and deadline and calls raise-complaint-alert", () => {
    const starters = (Object.keys(FUNCTIONS) as FunctionName[]).filter((name) =>
      statementsOfRole(roleId(name)).some(
        (s) =>
          asArray(s.Action).includes('states:StartExecution') && JSON.stringify(s).includes('ComplaintClock'),
      ),
    );
    expect(starters.sort()).toEqual(['publicPages', 'webApp']);
    const states = Object.values(definitionOf('victim-first-local-complaint-clock').States) as Array<
      Record<string, unknown>
    >;
    expect(states.filter((state) => state.Type === 'Wait').map((state) => state.Timestamp)).toEqual([
      '{% $clock.acknowledgeWarnAt %}',
      '{% $clock.acknowledgeBy %}',
      '{% $clock.respondWarnAt %}',
      '{% $clock.respondBy %}',
    ]);
    expect(states.filter((state) => state.Type === 'Task')).toHaveLength(4);
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

describe('the target-hardening state machine', () => {
  const machineId = () => logicalId(built.intakeStack.targetHardening.stateMachine);
  const definition = () => definitionOf(TARGET_HARDENING);

  it('is a Standard state machine in JSONata, traced, with a time limit', () => {
    const { Properties } = template.toJSON().Resources[machineId()];
    expect(Properties).toMatchObject({
      StateMachineName: TARGET_HARDENING,
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
    });
    expect(definition().QueryLanguage).toBe('JSONata');
    expect((definition() as { TimeoutSeconds?: number }).TimeoutSeconds).toBeGreaterThan(0);
  });

  it('encrypts execution data with the data key and logs to its own encrypted group without execution data', () => {
    const key = getAtt(logicalId(built.intakeStack.key));
    const logs = built.intakeStack.getLogicalId(
      built.intakeStack.node.findChild('TargetHardeningLogs').node.defaultChild as CfnElement,
    );
    const { Properties } = template.toJSON().Resources[machineId()];
    expect(Properties.EncryptionConfiguration).toMatchObject({
      Type: 'CUSTOMER_MANAGED_KMS_KEY',
      KmsKeyId: key,
    });
    expect(Properties.LoggingConfiguration).toEqual({
      Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: getAtt(logs) } }],
      IncludeExecutionData: false,
      Level: 'ALL',
    });
    expect(template.toJSON().Resources[logs].Properties.KmsKeyId).toEqual(key);
  });

  it('gives every wait for a task token a timeout and a Catch for States.Timeout', () => {
    const callbacks = Object.entries(definition().States).filter(([, state]) =>
      String(state.Resource ?? '').endsWith('.waitForTaskToken'),
    );
    // The wait for the contractor (booking, visit) and the wait for the 12-month follow-up.
    expect(callbacks.map(([name]) => name).sort()).toEqual([
      'Wait for the contractor',
      'Wait for the follow-up',
    ]);
    for (const [name, state] of callbacks) {
      expect(state.TimeoutSeconds, name).toBeDefined();
      const catches = (state.Catch ?? []) as Array<{ ErrorEquals: string[] }>;
      expect(
        catches.some((c) => c.ErrorEquals.includes('States.Timeout')),
        name,
      ).toBe(true);
    }
  });

  it('may be started only by connect-emergency, receive-referral, the web app and the follow-up scheduler role', () => {
    const schedulerRole = built.intakeStack.getLogicalId(
      built.intakeStack.node.findChild('FollowUpSchedulerRole').node.defaultChild as CfnElement,
    );
    expect(rolesAllowed('states:StartExecution', stateMachineArn(TARGET_HARDENING))).toEqual(
      [roleId('connectEmergency'), roleId('receiveReferral'), roleId('webApp'), schedulerRole].sort(),
    );
    // Nothing starts it by its CloudFormation reference either.
    expect(rolesAllowed('states:StartExecution', { Ref: machineId() })).toEqual([]);
  });

  it('lets only the functions that answer tasks answer its task tokens', () => {
    const answerers = (Object.keys(FUNCTIONS) as FunctionName[]).filter(
      (name) => (FUNCTIONS[name].access as FunctionAccess).respondsToTasks === true,
    );
    expect(answerers).toContain('awaitJob');
    expect(rolesAllowed('states:SendTaskSuccess', stateMachineArn(TARGET_HARDENING))).toEqual(
      answerers.map(roleId).sort(),
    );
  });

  it("gives notify-job who to alert, and the portal's address, in its environment", () => {
    const T = TARGET_HARDENING_ENVIRONMENT;
    const { Variables } = template.toJSON().Resources[functionId('notifyJob')].Properties.Environment;
    expect(Variables).toMatchObject({
      [T.contractorEmail]: LOCAL_JOB_CONTACTS.contractorEmail,
      [T.contractorMobile]: LOCAL_JOB_CONTACTS.contractorMobile,
      [T.teamLeaderEmail]: LOCAL_JOB_CONTACTS.teamLeaderEmail,
      [T.portalUrl]: getAtt(logicalId(built.intakeStack.api.api), 'ApiEndpoint'),
    });
    expect(Object.keys(Variables)).toEqual(
      expect.arrayContaining([
        'TH_CONTRACTOR_EMAIL',
        'TH_CONTRACTOR_MOBILE',
        'TH_TEAM_LEADER_EMAIL',
        'TH_PORTAL_URL',
      ]),
    );
  });
});

describe('the 12-month follow-ups', () => {
  const GROUP = 'victim-first-local-follow-ups';
  const groupId = () =>
    built.intakeStack.getLogicalId(built.intakeStack.node.findChild('FollowUpSchedules') as CfnElement);
  const schedulerRoleId = () =>
    built.intakeStack.getLogicalId(
      built.intakeStack.node.findChild('FollowUpSchedulerRole').node.defaultChild as CfnElement,
    );
  const inGroup = {
    'Fn::Join': ['', ['arn:aws:scheduler:eu-west-2:', { Ref: 'AWS::AccountId' }, `:schedule/${GROUP}/*`]],
  };

  it('have their own schedule group', () => {
    // Theirs and the re-engagements'.
    template.resourceCountIs('AWS::Scheduler::ScheduleGroup', 2);
    expect(template.toJSON().Resources[groupId()].Properties.Name).toBe(GROUP);
  });

  it('are started by a role only EventBridge Scheduler of this account may assume', () => {
    const role = template.toJSON().Resources[schedulerRoleId()].Properties;
    expect(role.AssumeRolePolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'sts:AssumeRole',
          Principal: { Service: 'scheduler.amazonaws.com' },
          Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
        },
      ],
    });
    expect(role.ManagedPolicyArns).toBeUndefined();
  });

  it('give that role states:StartExecution on the target-hardening state machine and nothing else', () => {
    expect(statementsOfRole(schedulerRoleId())).toEqual([
      { Effect: 'Allow', Action: 'states:StartExecution', Resource: stateMachineArn(TARGET_HARDENING) },
    ]);
  });

  it('let schedule-follow-up create schedules only in the group, and pass only the scheduler role', () => {
    const statements = statementsOfRole(roleId('scheduleFollowUp'));
    expect(statements.filter((s) => actionsOf([s]).some((a) => /^(scheduler|iam):/.test(a)))).toEqual([
      { Effect: 'Allow', Action: 'scheduler:CreateSchedule', Resource: inGroup },
      { Effect: 'Allow', Action: 'iam:PassRole', Resource: getAtt(schedulerRoleId()) },
    ]);
    const { Variables } = template.toJSON().Resources[functionId('scheduleFollowUp')].Properties.Environment;
    expect(Variables).toMatchObject({
      [TARGET_HARDENING_ENVIRONMENT.scheduleGroup]: { Ref: groupId() },
      [TARGET_HARDENING_ENVIRONMENT.schedulerRoleArn]: getAtt(schedulerRoleId()),
    });
  });

  it('let no other function create schedules or pass a role', () => {
    for (const name of Object.keys(FUNCTIONS) as FunctionName[]) {
      // The web app schedules re-engagements (below), and only those.
      if (name === 'scheduleFollowUp' || name === 'webApp') continue;
      const actions = actionsOf(statementsOfRole(roleId(name)));
      expect(
        actions.filter((action) => /^(scheduler|iam):/.test(action)),
        name,
      ).toEqual([]);
    }
  });
});

describe('the re-engagement calls before criminal justice milestones', () => {
  const GROUP = 'victim-first-local-re-engagements';
  const RE_ENGAGEMENT = 'victim-first-local-re-engagement';
  const idOf = (id: string) =>
    built.intakeStack.getLogicalId(
      (built.intakeStack.node.findChild(id).node.defaultChild ??
        built.intakeStack.node.findChild(id)) as CfnElement,
    );
  const inGroup = {
    'Fn::Join': ['', ['arn:aws:scheduler:eu-west-2:', { Ref: 'AWS::AccountId' }, `:schedule/${GROUP}/*`]],
  };

  it('have their own state machine, which raises the call and catches its timeout', () => {
    const definition = definitionOf(RE_ENGAGEMENT) as {
      QueryLanguage?: string;
      States: Record<
        string,
        { Resource?: string; TimeoutSeconds?: number; Catch?: Array<{ ErrorEquals: string[] }> }
      >;
    };
    expect(definition.QueryLanguage).toBe('JSONata');
    const call = definition.States['Call the victim'];
    expect(call?.Resource).toMatch(/\.waitForTaskToken$/);
    expect(call?.TimeoutSeconds).toBe(14 * 86_400);
    expect(call?.Catch?.[0]?.ErrorEquals).toEqual(['States.Timeout']);
  });

  it('have their own schedule group, started by a role that may start only the re-engagement machine', () => {
    expect(template.toJSON().Resources[idOf('ReEngagementSchedules')].Properties.Name).toBe(GROUP);
    const role = template.toJSON().Resources[idOf('ReEngagementSchedulerRole')].Properties;
    expect(role.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Principal: { Service: 'scheduler.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      },
    ]);
    expect(statementsOfRole(idOf('ReEngagementSchedulerRole'))).toEqual([
      { Effect: 'Allow', Action: 'states:StartExecution', Resource: stateMachineArn(RE_ENGAGEMENT) },
    ]);
  });

  it('let the web app create and delete schedules only in the group, and pass only the scheduler role', () => {
    const statements = statementsOfRole(roleId('webApp'));
    expect(statements.filter((s) => actionsOf([s]).some((a) => /^(scheduler|iam):/.test(a)))).toEqual([
      {
        Effect: 'Allow',
        Action: ['scheduler:CreateSchedule', 'scheduler:DeleteSchedule'],
        Resource: inGroup,
      },
      { Effect: 'Allow', Action: 'iam:PassRole', Resource: getAtt(idOf('ReEngagementSchedulerRole')) },
    ]);
    const { Variables } = template.toJSON().Resources[functionId('webApp')].Properties.Environment;
    expect(Variables).toMatchObject({
      [RE_ENGAGEMENT_ENVIRONMENT.stateMachineArn]: stateMachineArn(RE_ENGAGEMENT),
      [RE_ENGAGEMENT_ENVIRONMENT.scheduleGroup]: { Ref: idOf('ReEngagementSchedules') },
      [RE_ENGAGEMENT_ENVIRONMENT.schedulerRoleArn]: getAtt(idOf('ReEngagementSchedulerRole')),
    });
  });

  it('are started by nothing but their schedules, and answered by the functions that answer tasks', () => {
    expect(rolesAllowed('states:StartExecution', stateMachineArn(RE_ENGAGEMENT))).toEqual([
      idOf('ReEngagementSchedulerRole'),
    ]);
    const answerers = (Object.keys(FUNCTIONS) as FunctionName[]).filter(
      (name) => (FUNCTIONS[name].access as FunctionAccess).respondsToTasks === true,
    );
    expect(rolesAllowed('states:SendTaskSuccess', stateMachineArn(RE_ENGAGEMENT))).toEqual(
      answerers.map(roleId).sort(),
    );
  });
});

describe('target-hardening alert contacts from context', () => {
  const outdirs: string[] = [];
  afterAll(() => {
    for (const outdir of outdirs) rmSync(outdir, { recursive: true, force: true });
  });
  /** Built (not synthesized) without bundling, into a directory removed afterwards. */
  const build = (context: Record<string, unknown>) => {
    const outdir = mkdtempSync(join(tmpdir(), 'vf-job-contacts-'));
    outdirs.push(outdir);
    return buildApp({ context: { 'aws:cdk:bundling-stacks': [], ...context }, outdir });
  };
  const deployed = {
    environment: 'staging',
    messagesFromAddress: 'contact@victimfirst.example',
    sesIdentity: 'victimfirst.example',
    smsOriginationIdentityArn: 'arn:aws:sms-voice:eu-west-2:111122223333:phone-number/phone-0123456789abcdef',
    connectInstanceArn:
      'arn:aws:connect:eu-west-2:111122223333:instance/8b5c1f3e-2a4d-4e6f-9a0b-1c2d3e4f5a6b',
    contractorAlertEmail: 'duty@contractor.example',
    contractorAlertMobile: '+447700900123',
    teamLeaderEmail: 'th-team-leaders@victimfirst.example',
  };

  it('refuses a deployed environment without the contractor alert e-mail, naming only it', () => {
    const { contractorAlertEmail: _, ...withoutEmail } = deployed;
    expect(() => build(withoutEmail)).toThrow(
      'Environment "staging" needs context contractorAlertEmail for target-hardening alerts',
    );
  });

  it('builds a deployed environment that names all three', () => {
    expect(() => build(deployed)).not.toThrow();
  });
});
