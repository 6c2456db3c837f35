import { InvalidPageTokenError } from '../../domain/paging.ts';

/**
 * A page token: the position a listing stopped at (the table key DynamoDB gave back), written as base64url
 * JSON. The DynamoDB stores and their in-memory twins give out the same tokens.
 */
export const pageToken = (position: Record<string, unknown>): string =>
  Buffer.from(JSON.stringify(position)).toString('base64url');

/** Refuses a token that is not a position in the listing asked for. */
export function refuseToken(): never {
  throw new InvalidPageTokenError('is not a page token from this listing');
}

/** The position a page token names, before the listing checks that it is one of its own. */
export function positionIn(token: string): unknown {
  try {
    return JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    return refuseToken();
  }
}
