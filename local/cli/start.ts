import { systemClock } from '../../shared/adapters/system-clock.ts';
import { dataDirectory } from '../environment.ts';
import { type LocalServer, startLocalServer } from '../server/local-server.ts';
import {
  describeInboxResult,
  type PoliceInbox,
  policeInboxOf,
  watchPoliceInbox,
} from '../server/police-inbox.ts';
import {
  claimDataDirectory,
  readVirtualClock,
  releaseDataDirectory,
  ServerAlreadyRunningError,
  writeServerRecord,
  writeVirtualClock,
} from '../server/runtime-files.ts';
import { type LocalSystem, openLocalSystem } from '../system/local-system.ts';
import { VirtualClock } from '../system/virtual-clock.ts';
import { type Output, UsageError } from './output.ts';

export interface StartOptions {
  readonly port?: string;
  readonly virtualClock?: boolean;
  readonly at?: string;
  /** Prints the functions' own log lines (JSON, as CloudWatch would hold them). */
  readonly verbose?: boolean;
}

export const DEFAULT_PORT = 3000;

function portOf(text: string | undefined): number {
  if (text === undefined) return DEFAULT_PORT;
  const port = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isInteger(port) || port > 65_535) {
    throw new UsageError(
      `--port must be a whole number from 0 to 65535 (0 picks a free port), not ${JSON.stringify(text)}`,
    );
  }
  return port;
}

function startOf(options: StartOptions): Date | undefined {
  if (options.at === undefined) return undefined;
  if (!options.virtualClock) throw new UsageError('--at sets the virtual clock: use it with --virtual-clock');
  const at = new Date(options.at);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(options.at) || Number.isNaN(at.getTime())) {
    throw new UsageError(
      `--at must be a date and time in ISO 8601, for example 2026-12-15T10:00:00Z, not ${JSON.stringify(options.at)}`,
    );
  }
  return at;
}

/**
 * `vf start [--port P] [--virtual-clock] [--at ISO]`: the whole local system (docs/local-system.md) until
 * Ctrl-C — DynamoDB Local with its data under the data directory, the engine (resuming every execution where
 * it left off), the HTTP server and the police-download inbox.
 */
export async function startCommand(
  options: StartOptions,
  out: Output,
  signals: NodeJS.EventEmitter = process,
): Promise<void> {
  const port = portOf(options.port);
  const at = startOf(options);
  const dataDir = dataDirectory();
  const virtual = options.virtualClock === true;
  try {
    claimDataDirectory(dataDir, { pid: process.pid, virtualClock: virtual });
  } catch (error) {
    if (error instanceof ServerAlreadyRunningError) throw new UsageError(error.message);
    throw error;
  }

  // Listening from the start: a Ctrl-C while DynamoDB Local starts still stops everything cleanly after.
  let onSignal: ((signal: string) => void) | undefined;
  let early: string | undefined;
  const listeners = (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map((signal) => {
    const listener = () => {
      if (onSignal) onSignal(signal);
      else if (!early) {
        early = signal;
        out.line(`Stopping (${signal}) once started …`);
      }
    };
    signals.on(signal, listener);
    return [signal, listener] as const;
  });
  const stopListening = () => {
    for (const [signal, listener] of listeners) signals.off(signal, listener);
  };

  let system: LocalSystem | undefined;
  let server: LocalServer | undefined;
  let inbox: PoliceInbox | undefined;
  const stopAll = async () => {
    await inbox?.close();
    await server?.close();
    await system?.close();
    releaseDataDirectory(dataDir);
  };

  try {
    const lastRun = readVirtualClock(dataDir);
    const clock = virtual ? new VirtualClock(at ?? lastRun ?? systemClock.now()) : undefined;
    if (clock) writeVirtualClock(dataDir, clock.now());
    out.line(`Starting the local system on ${dataDir} …`);
    system = await openLocalSystem({ dataDir, ...(clock ? { clock } : {}) });
    system.engine.start();
    try {
      server = await startLocalServer(system, {
        port,
        ...(clock
          ? { virtualClock: clock, onClockMoved: (now: Date) => writeVirtualClock(dataDir, now) }
          : {}),
        log: (line) => out.error(line),
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
        throw new UsageError(
          `--port ${port} is in use by another program: choose another, or --port 0 for any free one`,
        );
      }
      throw error;
    }
    writeServerRecord(dataDir, { pid: process.pid, virtualClock: virtual, url: server.url });
    inbox = watchPoliceInbox(system, {
      dir: policeInboxOf(dataDir),
      onResult: (result) => out.line(describeInboxResult(result)),
      onIgnored: (file, reason) => out.line(`inbox: ignoring ${file}: ${reason}`),
    });

    out.line('Victim First local system');
    out.line(`  URL      ${server.url}`);
    out.line(
      `  app      ${server.url}/  (sign in as one of the local people; the API takes an x-vf-user header, e.g. x-vf-user: caseworker.one)`,
    );
    out.line(`  data     ${dataDir}`);
    out.line(`  inbox    ${inbox.dir}  (drop police download .csv files here)`);
    if (clock) {
      const from = at ? '--at' : lastRun ? 'where the last run left it' : 'now';
      out.line(
        `  clock    virtual, ${clock.now().toISOString()} (${from}); move it with: vf clock advance 2d`,
      );
      if (at && lastRun && at < lastRun) {
        out.line(
          `  note     the last run's virtual clock had reached ${lastRun.toISOString()}: what happened since is now in the clock's future`,
        );
      }
    } else {
      out.line('  clock    real');
      if (lastRun && lastRun > systemClock.now()) {
        out.line(
          `  note     an earlier run's virtual clock reached ${lastRun.toISOString()}; its timers wait for that time on the real clock`,
        );
      }
    }
    out.line('Ctrl-C stops it.');
  } catch (error) {
    await stopAll();
    stopListening();
    throw error;
  }

  await new Promise<void>((resolve) => {
    let stoppingSince: number | undefined;
    onSignal = (signal: string) => {
      if (stoppingSince !== undefined) {
        // Run through bin/vf.js, one Ctrl-C arrives twice (from the terminal and from the launcher).
        if (Date.now() - stoppingSince < 1_000) return;
        out.error(`vf: ${signal} again: stopping at once`);
        process.exit(130);
      }
      stoppingSince = Date.now();
      out.line(`Stopping (${signal}) …`);
      stopAll()
        .catch((error: unknown) => out.error(`vf: while stopping: ${(error as Error).message}`))
        .finally(() => {
          out.line('Stopped.');
          resolve();
        });
    };
    if (early) onSignal(early);
  });
  stopListening();
}
