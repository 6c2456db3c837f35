/**
 * CDK feature flags this app relies on, pinned here rather than taken from "currently recommended" so
 * that upgrading aws-cdk-lib never silently changes the synthesized templates. They are App defaults:
 * a value in cdk.json or `--context` overrides them. Only flags that affect the resources in this app
 * are listed.
 */
export const FEATURE_FLAGS: Readonly<Record<string, unknown>> = {
  // IAM: merge statements so role policies stay small and readable.
  '@aws-cdk/aws-iam:minimizePolicies': true,
  // S3: server access logs are delivered through a bucket policy (not the legacy ACL), which works with
  // BucketOwnerEnforced object ownership on the logs bucket.
  '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true,
  '@aws-cdk/aws-s3:createDefaultLoggingPolicy': true,
  '@aws-cdk/aws-s3:publicAccessBlockedByDefault': true,
  '@aws-cdk/aws-s3:keepNotificationInImportedBucket': false,
  // KMS.
  '@aws-cdk/aws-kms:aliasNameRef': true,
  '@aws-cdk/aws-kms:reduceCrossAccountRegionPolicyScope': true,
  // Lambda.
  '@aws-cdk/aws-lambda:recognizeLayerVersion': true,
  '@aws-cdk/aws-lambda-nodejs:sdkV3ExcludeSmithyPackages': true,
  // DynamoDB.
  '@aws-cdk/aws-dynamodb:resourcePolicyPerReplica': true,
  '@aws-cdk/aws-dynamodb:retainTableReplica': true,
  // Core.
  '@aws-cdk/core:enablePartitionLiterals': true,
  '@aws-cdk/core:checkSecretUsage': true,
  '@aws-cdk/core:validateSnapshotRemovalPolicy': true,
  '@aws-cdk/core:target-partitions': ['aws'],
  // The intake stack reads the edge stack's web ACL ARN (a cross-region reference): "strong" keeps the
  // producer's value from being changed or removed while the intake stack still uses it, CDK's behaviour
  // until now, pinned so that CDK does not warn that it is unset.
  '@aws-cdk/core:defaultCrossStackReferences': 'strong',
};
