import { request } from 'node:http';

/** What came back from a request sent as written. */
export interface RawAnswer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly setCookie: string[];
  readonly bytes: Buffer;
  readonly text: string;
  // biome-ignore lint/suspicious/noExplicitAny: each route answers its own shape; the tests look inside.
  readonly json: any;
}

/**
 * A request to the local server exactly as written: the path is not normalised (fetch would resolve dots),
 * and the Host header is the one given — or none at all when `host` is null — rather than the URL's own.
 * A body is sent as JSON.
 */
export function rawRequest(
  base: string,
  options: {
    readonly method: string;
    readonly path: string;
    readonly headers?: Record<string, string>;
    readonly body?: unknown;
    /** The Host header to send in place of the URL's; null sends none. */
    readonly host?: string | null;
  },
): Promise<RawAnswer> {
  const url = new URL(base);
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const sent = request(
      {
        host: url.hostname,
        port: url.port,
        method: options.method,
        path: options.path,
        setHost: options.host === undefined,
        headers: {
          ...(typeof options.host === 'string' ? { host: options.host } : {}),
          ...options.headers,
          ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const bytes = Buffer.concat(chunks);
          const text = bytes.toString('utf8');
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(response.headers)) headers[name] = String(value);
          resolve({
            status: response.statusCode ?? 0,
            headers,
            setCookie: response.headers['set-cookie'] ?? [],
            bytes,
            text,
            json: (headers['content-type'] ?? '').startsWith('application/json')
              ? JSON.parse(text)
              : undefined,
          });
        });
      },
    );
    sent.on('error', reject);
    sent.end(payload);
  });
}
