/** A task token: opaque to its holder, it names the execution and a nonce the execution keeps. */
export function encodeToken(execution: string, nonce: string): string {
  return Buffer.from(JSON.stringify({ e: execution, n: nonce })).toString('base64url');
}

/** The execution and nonce a task token names; undefined for a token this engine did not issue. */
export function decodeToken(token: string): { execution: string; nonce: string } | undefined {
  try {
    const decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
      e?: unknown;
      n?: unknown;
    };
    return typeof decoded?.e === 'string' && typeof decoded.n === 'string'
      ? { execution: decoded.e, nonce: decoded.n }
      : undefined;
  } catch {
    return undefined;
  }
}
