import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// A `vf` command run as bin/vf.js runs it (the pinned Node with tsx) but without the launcher in between,
// so that a SIGKILL reaches the command itself.
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PINNED_NODE = join(ROOT, 'node_modules', 'node', 'bin', 'node');
const NODE = existsSync(PINNED_NODE) ? PINNED_NODE : process.execPath;
const LOADER = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const MAIN = join(ROOT, 'local', 'cli', 'main.ts');

/** A `vf` command running in a process group of its own (its id is the command's pid). */
export interface VfProcess {
  readonly pid: number;
  readonly child: ChildProcess;
  /** What it printed so far, stdout and stderr apart. */
  stdout(): string;
  stderr(): string;
  /** Resolves when it has exited: its exit code, or the signal that ended it. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts `vf ARGS` with `env` added to this process's environment, leading a process group of its own:
 * whatever it starts (DynamoDB Local's java, tsx's esbuild) is in that group, so the test can find it.
 */
export function spawnVf(args: readonly string[], env: Record<string, string>): VfProcess {
  const child = spawn(NODE, ['--import', LOADER, MAIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  if (child.pid === undefined) throw new Error(`vf ${args.join(' ')} did not start`);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { pid: child.pid, child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** The process group of a live process (Linux /proc); undefined once it has gone (or is a zombie). */
export function groupOf(pid: number): number | undefined {
  try {
    // `pid (comm) state ppid pgrp …`; comm may hold spaces and parentheses, so read after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const [state, , group] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return state === 'Z' ? undefined : Number(group);
  } catch {
    return undefined;
  }
}

/** The live processes of a process group (Linux /proc), zombies left out. */
export function processesInGroup(groupId: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => groupOf(pid) === groupId);
}

/** Kills one process by its pid with SIGKILL; one already gone is fine. */
export function killPid(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** Kills a whole process group (the command and all it started) with SIGKILL. */
export function killGroup(groupId: number): void {
  try {
    process.kill(-groupId, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** Waits until no live process is left in the groups, or the time is up; resolves with what is left. */
export async function untilGroupsEmpty(groupIds: Iterable<number>, timeoutMs = 10_000): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = [...groupIds].flatMap(processesInGroup);
    if (left.length === 0 || Date.now() > deadline) return left;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
