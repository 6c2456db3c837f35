import { type Acknowledgment, type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Bucket, IBucket } from 'aws-cdk-lib/aws-s3';
import type { Schedule } from 'aws-cdk-lib/aws-scheduler';
import { Construct } from 'constructs';
import { RETURNS_ENVIRONMENT } from '../../functions/config.ts';
import { RETURNS_PREFIX } from '../../shared/storage-layout/bucket-prefixes.ts';
import { privateDataBucket } from './private-data-bucket.ts';
import type { RegistryFunction } from './registry-function.ts';
import { scheduleInvoke } from './scheduled-invoke.ts';

/**
 * Days a stored return is kept: seven years (2557 days). A return is the service's record of what it
 * reported to the commissioner under the contract, kept like the other financial and contract records;
 * it holds aggregates only (equality counts under 5 are suppressed), no victim's details.
 */
export const RETURN_EXPIRY_DAYS = 2557;
/**
 * Days a replaced return is kept: a re-run overwrites the quarter's objects, and the figures first sent
 * stay recoverable for a quarter after.
 */
export const RETURN_NONCURRENT_VERSION_DAYS = 90;

/**
 * When the return of the quarter just ended is made: 06:00 Europe/London on the first day of January,
 * April, July and October (UK financial-year quarters end on the last day of March, June, September and
 * December), after the night's last events of the quarter are recorded.
 */
export const RETURN_PRODUCTION_SCHEDULE = {
  minute: '0',
  hour: '6',
  day: '1',
  month: 'JAN,APR,JUL,OCT',
} as const;

/** A function's access to the returns (functions/registry.ts). */
export type ReturnsAccess = 'write' | 'read';

export interface QuarterlyReturnsProps {
  /** Customer-managed key for SSE-KMS. */
  readonly key: IKey;
  /** Where the bucket's server access logs go (the intake bucket's access-logs bucket). */
  readonly accessLogsBucket: IBucket;
}

/**
 * The commissioner's quarterly returns (docs/reporting.md): the returns bucket
 * (`returns/<2026-27-Q2>.<format>`), the grants of the function that writes them and of the web app that
 * reads them, and the schedule that makes each quarter's return after it ends.
 */
export class QuarterlyReturns extends Construct {
  readonly bucket: Bucket;
  private readonly key: IKey;

  constructor(scope: Construct, id: string, props: QuarterlyReturnsProps) {
    super(scope, id);
    this.key = props.key;
    this.bucket = privateDataBucket(this, 'Bucket', {
      key: props.key,
      accessLogsBucket: props.accessLogsBucket,
      accessLogsPrefix: 'returns-bucket/',
      expiry: {
        ruleId: 'expire-returns',
        days: RETURN_EXPIRY_DAYS,
        noncurrentVersionDays: RETURN_NONCURRENT_VERSION_DAYS,
      },
    });
  }

  /** The environment variables a function with this access reads (functions/config.ts). */
  environmentFor(access: ReturnsAccess): Record<string, string> {
    return {
      [RETURNS_ENVIRONMENT.bucket]: this.bucket.bucketName,
      ...(access === 'write' ? { [RETURNS_ENVIRONMENT.keyArn]: this.key.keyArn } : {}),
    };
  }

  /**
   * The registry's `returns` access as grants and environment, under `returns/` only: `write` may put
   * objects there and encrypt them with the data key (no reading, listing or deleting); `read` may list
   * and read them (no writing).
   */
  grant(target: RegistryFunction, access: ReturnsAccess): void {
    const bucketArn = this.bucket.bucketArn;
    const objects = `${bucketArn}/${RETURNS_PREFIX}*`;
    const statements =
      access === 'write'
        ? [
            new PolicyStatement({ sid: 'WriteReturns', actions: ['s3:PutObject'], resources: [objects] }),
            new PolicyStatement({
              sid: 'EncryptReturnsWithTheDataKey',
              actions: ['kms:GenerateDataKey'],
              resources: [this.key.keyArn],
            }),
          ]
        : [
            new PolicyStatement({
              sid: 'ListReturns',
              actions: ['s3:ListBucket'],
              resources: [bucketArn],
              conditions: { StringLike: { 's3:prefix': [`${RETURNS_PREFIX}*`] } },
            }),
            new PolicyStatement({ sid: 'ReadReturns', actions: ['s3:GetObject'], resources: [objects] }),
            new PolicyStatement({
              sid: 'DecryptReturnsWithTheDataKey',
              actions: ['kms:Decrypt'],
              resources: [this.key.keyArn],
            }),
          ];
    for (const statement of statements) target.function.addToRolePolicy(statement);
    for (const [name, value] of Object.entries(this.environmentFor(access)))
      target.function.addEnvironment(name, value);
    const policy = target.role.node.tryFindChild('DefaultPolicy');
    if (policy === undefined) return;
    const bucket = Stack.of(this).getLogicalId(this.bucket.node.defaultChild as CfnElement);
    const acknowledgement: Acknowledgment = {
      id: `AwsSolutions-IAM5[Resource::<${bucket}.Arn>/${RETURNS_PREFIX}*]`,
      reason:
        access === 'write'
          ? 'One object per quarter and format, returns/<quarter>.<format>, so keys are not known in advance; s3:PutObject only, and only under returns/ of the returns bucket.'
          : 'The analyst downloads any stored quarter, returns/<quarter>.<format>; s3:GetObject only, and only under returns/ of the returns bucket.',
    };
    Validations.of(policy).acknowledge(acknowledgement);
  }

  /**
   * Makes each quarter's return after it ends, at RETURN_PRODUCTION_SCHEDULE, London time (scheduleInvoke):
   * the scheduled time is its input, so a late delivery still makes the right quarter.
   */
  scheduleProduction(fn: IFunction): Schedule {
    return scheduleInvoke(this, fn, {
      name: 'Production',
      functionName: 'produce-quarterly-return',
      description: 'Produces the commissioner’s quarterly return of the quarter just ended',
      cron: RETURN_PRODUCTION_SCHEDULE,
    });
  }
}
