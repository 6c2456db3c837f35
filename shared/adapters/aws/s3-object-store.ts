import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { ObjectTooLargeError } from '../../domain/received-file.ts';
import type { ObjectStore } from '../../ports/object-store.ts';

/** Objects from S3, refused before download when larger than the caller allows. */
export class S3ObjectStore implements ObjectStore {
  constructor(private readonly client: S3Client) {}

  async get(bucket: string, key: string, maxBytes: number): Promise<Uint8Array> {
    const result = await this.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    if ((result.ContentLength ?? 0) > maxBytes) {
      result.Body?.transformToWebStream().cancel();
      throw new ObjectTooLargeError(`object is ${result.ContentLength} bytes, the limit is ${maxBytes}`);
    }
    if (!result.Body) throw new Error('object has no body');
    return result.Body.transformToByteArray();
  }
}
