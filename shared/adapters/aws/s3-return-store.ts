import {
  GetObjectCommand,
  ListObjectsV2Command,
  type ListObjectsV2CommandOutput,
  NoSuchKey,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { ReturnFormat } from '../../domain/reporting/return-formats.ts';
import {
  RETURN_MEDIA_TYPES,
  returnFileName,
  type StoredReturn,
  storedReturnsOf,
} from '../../domain/reporting/stored-returns.ts';
import type { ReturnStore } from '../../ports/return-store.ts';
import { RETURNS_PREFIX } from '../../storage-layout/bucket-prefixes.ts';

/** Attempts of each S3 request (adaptive retry mode): throttling and transient faults are retried with backoff. */
export const RETURNS_MAX_ATTEMPTS = 5;

/** The returns bucket, and for writing the customer-managed key objects are encrypted with. */
export interface ReturnsBucketConfig {
  readonly bucketName: string;
  /** Required to write (SSE-KMS with the data key); the web app, which only reads, has none. */
  readonly kmsKeyArn?: string;
}

/**
 * Quarterly returns in S3: `returns/<2026-27-Q2>.<format>`, each written with SSE-KMS under the data key;
 * writing a quarter again replaces its objects (the bucket keeps the replaced versions a while).
 */
export class S3ReturnStore implements ReturnStore {
  constructor(
    private readonly s3: S3Client,
    private readonly config: ReturnsBucketConfig,
  ) {}

  async put(quarter: string, format: ReturnFormat, body: Uint8Array | string): Promise<void> {
    const { kmsKeyArn } = this.config;
    if (kmsKeyArn === undefined)
      throw new Error('configuration: the returns store has no KMS key to write with (RETURNS_KEY_ARN)');
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.config.bucketName,
        Key: `${RETURNS_PREFIX}${returnFileName(quarter, format)}`,
        Body: body,
        ContentType: RETURN_MEDIA_TYPES[format],
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: kmsKeyArn,
        BucketKeyEnabled: true,
      }),
    );
  }

  async list(): Promise<StoredReturn[]> {
    const files: { name: string; storedAt: Date }[] = [];
    let continuationToken: string | undefined;
    do {
      const page: ListObjectsV2CommandOutput = await this.s3.send(
        new ListObjectsV2Command({
          Bucket: this.config.bucketName,
          Prefix: RETURNS_PREFIX,
          ...(continuationToken === undefined ? {} : { ContinuationToken: continuationToken }),
        }),
      );
      for (const object of page.Contents ?? []) {
        if (object.Key?.startsWith(RETURNS_PREFIX) && object.LastModified)
          files.push({ name: object.Key.slice(RETURNS_PREFIX.length), storedAt: object.LastModified });
      }
      continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (continuationToken !== undefined);
    return storedReturnsOf(files);
  }

  async get(quarter: string, format: ReturnFormat): Promise<Uint8Array | undefined> {
    const key = `${RETURNS_PREFIX}${returnFileName(quarter, format)}`;
    try {
      const result = await this.s3.send(new GetObjectCommand({ Bucket: this.config.bucketName, Key: key }));
      if (!result.Body) throw new Error(`${key} has no body`);
      return await result.Body.transformToByteArray();
    } catch (error) {
      if (error instanceof NoSuchKey) return undefined;
      throw error;
    }
  }
}
