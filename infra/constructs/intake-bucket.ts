import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type IBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { privateDataBucket } from './private-data-bucket.ts';

/** Days after which an intake object (police download, raw e-mail) expires. */
export const INTAKE_OBJECT_EXPIRY_DAYS = 90;
/** Days a replaced or expired version is kept (recovery window) before it is removed for good. */
export const INTAKE_NONCURRENT_VERSION_DAYS = 7;
/** Days S3 server access logs are kept. */
export const ACCESS_LOG_EXPIRY_DAYS = 365;

export interface IntakeBucketProps {
  /** Customer-managed key for SSE-KMS on the intake bucket. */
  readonly key: IKey;
}

/**
 * The intake bucket (police daily downloads under `police/`, raw SES e-mails under `email/`) and the
 * separate bucket that receives its S3 server access logs.
 */
export class IntakeBucket extends Construct {
  readonly bucket: Bucket;
  readonly accessLogsBucket: Bucket;

  constructor(scope: Construct, id: string, props: IntakeBucketProps) {
    super(scope, id);

    // Server access log delivery only supports SSE-S3 on the destination bucket, not SSE-KMS.
    this.accessLogsBucket = new Bucket(this, 'AccessLogsBucket', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: true,
      lifecycleRules: [
        {
          id: 'expire-access-logs',
          expiration: Duration.days(ACCESS_LOG_EXPIRY_DAYS),
          noncurrentVersionExpiration: Duration.days(1),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.accessLogsBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This is the server access log destination for the intake bucket; logging it to itself would loop and logging it to yet another bucket only moves the finding.',
    });

    this.bucket = privateDataBucket(this, 'Bucket', {
      key: props.key,
      // Bucket's `isWebsite` getter (boolean | undefined) trips exactOptionalPropertyTypes against IBucket.
      accessLogsBucket: this.accessLogsBucket as IBucket,
      accessLogsPrefix: 'intake-bucket/',
      expiry: {
        ruleId: 'expire-intake-objects',
        days: INTAKE_OBJECT_EXPIRY_DAYS,
        noncurrentVersionDays: INTAKE_NONCURRENT_VERSION_DAYS,
      },
    });
  }
}
