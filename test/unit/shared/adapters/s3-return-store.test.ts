import {
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { S3ReturnStore } from '../../../../shared/adapters/aws/s3-return-store.ts';
import { InvalidQuarterError } from '../../../../shared/domain/reporting/quarters.ts';

const s3 = mockClient(S3Client);

const KEY_ARN = 'arn:aws:kms:eu-west-2:111122223333:key/11111111-2222-3333-4444-555555555555';
const writer = () =>
  new S3ReturnStore(new S3Client({}), { bucketName: 'returns-bucket', kmsKeyArn: KEY_ARN });
const reader = () => new S3ReturnStore(new S3Client({}), { bucketName: 'returns-bucket' });

/** A body as the SDK returns it: the one method the adapter uses. */
const body = (bytes: Uint8Array) => ({ transformToByteArray: async () => bytes }) as never;

describe('quarterly returns in S3', () => {
  beforeEach(() => s3.reset());

  it('writes a return under returns/ with its media type, encrypted with the data key', async () => {
    s3.on(PutObjectCommand).resolves({});
    const pdf = new Uint8Array([37, 80, 68, 70]);
    await writer().put('2026/27-Q2', 'pdf', pdf);
    await writer().put('2026/27-Q2', 'csv', 'id,label\r\n');
    expect(s3.commandCalls(PutObjectCommand).map((call) => call.args[0].input)).toEqual([
      {
        Bucket: 'returns-bucket',
        Key: 'returns/2026-27-Q2.pdf',
        Body: pdf,
        ContentType: 'application/pdf',
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: KEY_ARN,
        BucketKeyEnabled: true,
      },
      {
        Bucket: 'returns-bucket',
        Key: 'returns/2026-27-Q2.csv',
        Body: 'id,label\r\n',
        ContentType: 'text/csv; charset=utf-8',
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: KEY_ARN,
        BucketKeyEnabled: true,
      },
    ]);
  });

  it('refuses to write a quarter that is not one, and writes nothing without the key', async () => {
    await expect(writer().put('2026-Q2', 'pdf', 'x')).rejects.toBeInstanceOf(InvalidQuarterError);
    await expect(reader().put('2026/27-Q2', 'pdf', 'x')).rejects.toThrow(/RETURNS_KEY_ARN/);
    expect(s3.commandCalls(PutObjectCommand)).toEqual([]);
  });

  it('lists returns/ page by page, each quarter with its formats and latest time, the newest quarter first', async () => {
    s3.on(ListObjectsV2Command, { Bucket: 'returns-bucket', Prefix: 'returns/' })
      .resolvesOnce({
        IsTruncated: true,
        NextContinuationToken: 'page-2',
        Contents: [
          { Key: 'returns/2026-27-Q1.csv', LastModified: new Date('2026-07-01T05:00:03Z') },
          { Key: 'returns/2026-27-Q1.pdf', LastModified: new Date('2026-07-01T05:00:09Z') },
          { Key: 'returns/notes.txt', LastModified: new Date('2026-07-02T09:00:00Z') },
        ],
      })
      .resolvesOnce({
        IsTruncated: false,
        Contents: [
          { Key: 'returns/2026-27-Q2.json', LastModified: new Date('2026-10-01T05:00:02Z') },
          { Key: 'returns/2025-26-Q4.html', LastModified: new Date('2026-04-01T05:00:02Z') },
        ],
      });
    expect(await reader().list()).toEqual([
      { quarter: '2026/27-Q2', formats: ['json'], storedAt: new Date('2026-10-01T05:00:02Z') },
      { quarter: '2026/27-Q1', formats: ['csv', 'pdf'], storedAt: new Date('2026-07-01T05:00:09Z') },
      { quarter: '2025/26-Q4', formats: ['html'], storedAt: new Date('2026-04-01T05:00:02Z') },
    ]);
    expect(s3.commandCalls(ListObjectsV2Command).map((call) => call.args[0].input)).toEqual([
      { Bucket: 'returns-bucket', Prefix: 'returns/' },
      { Bucket: 'returns-bucket', Prefix: 'returns/', ContinuationToken: 'page-2' },
    ]);
  });

  it('reads exactly the quarter and format asked for', async () => {
    s3.on(GetObjectCommand).resolves({ Body: body(Buffer.from('{"quarter":"2026/27-Q2"}')) });
    const bytes = await reader().get('2026/27-Q2', 'json');
    expect(Buffer.from(bytes ?? []).toString()).toBe('{"quarter":"2026/27-Q2"}');
    expect(s3.commandCalls(GetObjectCommand)[0]?.args[0].input).toEqual({
      Bucket: 'returns-bucket',
      Key: 'returns/2026-27-Q2.json',
    });
  });

  it('answers undefined for a return never stored, and passes any other failure on', async () => {
    s3.on(GetObjectCommand, { Key: 'returns/2024-25-Q1.csv' })
      .rejects(new NoSuchKey({ message: 'The specified key does not exist.', $metadata: {} }))
      .on(GetObjectCommand, { Key: 'returns/2024-25-Q2.csv' })
      .rejects(Object.assign(new Error('Access Denied'), { name: 'AccessDenied' }));
    expect(await reader().get('2024/25-Q1', 'csv')).toBeUndefined();
    await expect(reader().get('2024/25-Q2', 'csv')).rejects.toThrow('Access Denied');
  });
});
