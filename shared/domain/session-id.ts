/** A session id as the app makes them (32 random bytes, base64url); anything else names no session. */
export const isSessionId = (value: unknown): value is string =>
  typeof value === 'string' && /^[A-Za-z0-9_-]{43}$/.test(value);
