import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type IBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';

export interface PrivateDataBucketProps {
  /** Customer-managed key for SSE-KMS. */
  readonly key: IKey;
  /** Where S3 server access logs go, and under which prefix. */
  readonly accessLogsBucket: IBucket;
  readonly accessLogsPrefix: string;
  /** The lifecycle rule that keeps the bucket's contents no longer than they are needed. */
  readonly expiry: { readonly ruleId: string; readonly days: number; readonly noncurrentVersionDays: number };
}

/**
 * A bucket for victims' data (the intake files, the letters): encrypted with the customer-managed key, no
 * public access, TLS only, versioned, access-logged, its contents expiring, kept if the stack goes. One
 * definition, so every bucket that holds personal data is hardened the same way.
 */
export function privateDataBucket(scope: Construct, id: string, props: PrivateDataBucketProps): Bucket {
  return new Bucket(scope, id, {
    encryption: BucketEncryption.KMS,
    encryptionKey: props.key,
    bucketKeyEnabled: true,
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    versioned: true,
    serverAccessLogsBucket: props.accessLogsBucket,
    serverAccessLogsPrefix: props.accessLogsPrefix,
    lifecycleRules: [
      {
        id: props.expiry.ruleId,
        expiration: Duration.days(props.expiry.days),
        noncurrentVersionExpiration: Duration.days(props.expiry.noncurrentVersionDays),
        abortIncompleteMultipartUploadAfter: Duration.days(1),
      },
      {
        // Expiration leaves delete markers on a versioned bucket; remove them once nothing is behind them.
        id: 'remove-expired-delete-markers',
        expiredObjectDeleteMarker: true,
      },
    ],
    removalPolicy: RemovalPolicy.RETAIN,
  });
}
