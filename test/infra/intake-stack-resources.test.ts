import type { CfnElement } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { FUNCTIONS, type FunctionName } from '../../functions/registry.ts';
import { PUBLIC_PAGE_ROUTES } from '../../infra/constructs/referrals-api.ts';
import { ASYNC_FUNCTIONS, INTAKE_TRIGGERS } from '../../infra/stacks/intake-stack.ts';
import { TABLE_DESIGN } from '../../shared/storage-layout/table-design.ts';
import {
  built,
  functionId,
  getAtt,
  logicalId,
  type Statement,
  synthesizedForFile,
  template,
} from '../support/intake-template.ts';

// The intake stack's table, bucket, queues, API and alarms, on the template synthesized once for the file
// without bundling (the same but for the code's asset hashes). Its functions and cdk-nag:
// intake-stack.test.ts; its state machines: intake-state-machines.test.ts.
synthesizedForFile({ bundled: false });

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
});
