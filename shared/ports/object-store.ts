/** Files the service receives: the police download and raw e-mails (S3 in AWS, a folder locally). */
export interface ObjectStore {
  /** The object's bytes; throws ObjectTooLargeError past `maxBytes`. */
  get(bucket: string, key: string, maxBytes: number): Promise<Uint8Array>;
}
