import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { S3ObjectStore } from '../../../../shared/adapters/aws/s3-object-store.ts';
import { ObjectTooLargeError } from '../../../../shared/domain/received-file.ts';

const s3 = mockClient(S3Client);

/** A body as the SDK returns it: the two methods the adapter uses. */
const body = (bytes: Uint8Array) =>
  ({
    transformToByteArray: async () => bytes,
    transformToWebStream: () => new ReadableStream(),
  }) as never;

describe('reading the police download from S3', () => {
  beforeEach(() => s3.reset());

  it('asks S3 for exactly the bucket and key it was told about and returns the bytes', async () => {
    s3.on(GetObjectCommand).resolves({
      ContentLength: 5,
      Body: body(Buffer.from('a,b\r\n')),
    });
    const bytes = await new S3ObjectStore(new S3Client({})).get(
      'intake-bucket',
      'police/2026-11-23.csv',
      100,
    );
    expect(Buffer.from(bytes).toString()).toBe('a,b\r\n');
    expect(s3.commandCalls(GetObjectCommand)[0]?.args[0].input).toEqual({
      Bucket: 'intake-bucket',
      Key: 'police/2026-11-23.csv',
    });
  });

  it('refuses an object larger than the limit without reading it', async () => {
    s3.on(GetObjectCommand).resolves({
      ContentLength: 1000,
      Body: body(Buffer.alloc(1000)),
    });
    await expect(new S3ObjectStore(new S3Client({})).get('b', 'k', 100)).rejects.toBeInstanceOf(
      ObjectTooLargeError,
    );
  });
});
