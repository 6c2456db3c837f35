import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type IBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/**
 * Days a letter PDF and a print manifest are kept. Data minimisation: the PDF holds the victim's name and
 * address beside the fact of the crime, and it is only needed to print and post it (the same day), to
 * reprint a lost or returned letter and to check a query about what was received (weeks). The lasting
 * record is the message on the case timeline (purpose, date, status), from which a letter can be
 * rendered again, so a second copy of the address is not kept for longer than that.
 */
export const LETTER_EXPIRY_DAYS = 90;
/** Days a replaced or expired version is kept (recovery window) before it is removed for good. */
export const LETTER_NONCURRENT_VERSION_DAYS = 7;

export interface LettersBucketProps {
  /** Customer-managed key for SSE-KMS. */
  readonly key: IKey;
  /** The bucket receiving S3 server access logs (the intake bucket's access-logs bucket). */
  readonly accessLogsBucket: IBucket;
}

/**
 * Letter PDFs (`letters/<posted on>/<message id>.pdf`) and the daily print-and-post manifests
 * (`manifests/<date>.csv`) for the print provider.
 */
export class LettersBucket extends Construct {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: LettersBucketProps) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Bucket', {
      encryption: BucketEncryption.KMS,
      encryptionKey: props.key,
      bucketKeyEnabled: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: true,
      serverAccessLogsBucket: props.accessLogsBucket,
      serverAccessLogsPrefix: 'letters-bucket/',
      lifecycleRules: [
        {
          // Letters, manifests and anything else written here: no prefix, so nothing outlives the letters.
          id: 'expire-letters-and-manifests',
          expiration: Duration.days(LETTER_EXPIRY_DAYS),
          noncurrentVersionExpiration: Duration.days(LETTER_NONCURRENT_VERSION_DAYS),
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
}
