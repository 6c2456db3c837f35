#!/usr/bin/env node
// The vf command. It runs local/cli/main.ts on the project's pinned Node (the `node` devDependency, the
// Lambda runtime's major) with tsx, whichever Node started this launcher.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const pinned = join(root, 'node_modules', 'node', 'bin', 'node');
const node = existsSync(pinned) ? pinned : process.execPath;
const loader = pathToFileURL(join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const child = spawn(
  node,
  ['--import', loader, join(root, 'local', 'cli', 'main.ts'), ...process.argv.slice(2)],
  {
    stdio: 'inherit',
  },
);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => {
  if (signal) {
    // Dies of the same signal, so whoever started vf sees it was stopped: without its own listener first,
    // which would catch the signal and let the launcher end as if the command had succeeded.
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  } else process.exit(code ?? 1);
});
