import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WebResponse } from './http.ts';
import { FRONTEND } from './views.ts';

const OWN = join(dirname(fileURLToPath(import.meta.url)), 'assets');

const TYPES: Readonly<Record<string, string>> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** Each public path prefix and the folders it is served from, first match wins. */
const MOUNTS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['/assets/', [join(FRONTEND.govuk, 'assets'), join(FRONTEND.moj, 'assets')]],
  ['/stylesheets/', [OWN, FRONTEND.govuk, FRONTEND.moj]],
  ['/javascripts/', [OWN, FRONTEND.govuk, FRONTEND.moj]],
];

/**
 * GOV.UK Frontend's and MOJ Frontend's built styles, scripts, fonts and images, and the app's own, served by
 * the app itself (one function; no second origin). A path that leaves its folder is not found.
 */
export function serveAsset(path: string): WebResponse | undefined {
  for (const [prefix, folders] of MOUNTS) {
    if (!path.startsWith(prefix)) continue;
    let rest: string;
    try {
      rest = decodeURIComponent(path.slice(prefix.length));
    } catch {
      return undefined;
    }
    const type = TYPES[extname(rest)];
    if (!type || rest.includes('\0')) return undefined;
    for (const folder of folders) {
      const file = resolve(folder, rest);
      if (!file.startsWith(folder + sep) || !existsSync(file) || !statSync(file).isFile()) continue;
      const body = readFileSync(file);
      const text = type.startsWith('text/') || type === 'image/svg+xml' || type === 'application/json';
      return {
        statusCode: 200,
        headers: {
          'content-type': type,
          'cache-control': 'public, max-age=86400',
          'x-content-type-options': 'nosniff',
        },
        body: text ? body.toString('utf8') : body.toString('base64'),
        isBase64Encoded: !text,
      };
    }
    return undefined;
  }
  return undefined;
}
