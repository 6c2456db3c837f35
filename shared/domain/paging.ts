/** The `after` page token was not one this listing gave out. */
export class InvalidPageTokenError extends Error {
  override name = 'InvalidPageTokenError';
}
