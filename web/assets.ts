import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WebResponse } from './http.ts';
import { FRONTEND } from './views.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const OWN = join(HERE, 'assets');

/**
 * amazon-connect-chatjs's prebuilt browser file: beside the bundle in the public-pages function (copied as
 * `connect-chat`, functions/registry.ts), else the installed package's `dist`. Absent from a bundle that
 * does not carry it (the staff web app), where nothing asks for it.
 */
function connectChatFolders(): string[] {
  const copied = join(HERE, 'connect-chat');
  if (existsSync(copied)) return [copied];
  try {
    return [dirname(createRequire(import.meta.url).resolve('amazon-connect-chatjs'))];
  } catch {
    return [];
  }
}

/** Where the booked web chat's page loads its scripts from: under the public `/chat` paths (web/public). */
export const CHAT_SCRIPTS_PATH = '/chat/scripts/';

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
  // The victim's Amazon Connect chat page: its own script and amazon-connect-chatjs (docs/web-chat.md).
  [CHAT_SCRIPTS_PATH, [OWN, ...connectChatFolders()]],
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
