/** A file the service received (a police download, a raw e-mail) is larger than it will read. */
export class ObjectTooLargeError extends Error {
  override name = 'ObjectTooLargeError';
}
