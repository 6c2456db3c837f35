import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { Bucket, IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { privateDataBucket } from './private-data-bucket.ts';

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
    // No prefix on the expiry rule: letters, manifests and anything else written here go together.
    this.bucket = privateDataBucket(this, 'Bucket', {
      key: props.key,
      accessLogsBucket: props.accessLogsBucket,
      accessLogsPrefix: 'letters-bucket/',
      expiry: {
        ruleId: 'expire-letters-and-manifests',
        days: LETTER_EXPIRY_DAYS,
        noncurrentVersionDays: LETTER_NONCURRENT_VERSION_DAYS,
      },
    });
  }
}
