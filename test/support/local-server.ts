import { type LocalServer, startLocalServer } from '../../local/server/local-server.ts';
import { type FreshLocalSystem, freshLocalSystem } from './local-system.ts';

/** A fresh local system with its engine running and the local HTTP server in front, as `vf start` serves it. */
export interface ServedLocalSystem {
  /** The server's base URL, `http://127.0.0.1:<port>` (no trailing slash). */
  readonly url: string;
  /** The system underneath, its tables and its virtual clock. */
  readonly fresh: FreshLocalSystem;
  /** The server itself. */
  readonly server: LocalServer;
  /** Closes the server, then stops the engine and closes every client. */
  close(): Promise<void>;
}

/**
 * The whole local system on fresh tables of the run's DynamoDB Local (see `freshLocalSystem`), on a
 * virtual clock standing at `start`, its engine running, served over HTTP on a free port by the same
 * `startLocalServer` as `vf start --virtual-clock` (so `POST /clock/advance` moves the clock). The
 * server's failures are not logged: a test asserts on what it answered.
 */
export async function startServedLocalSystem(start: Date): Promise<ServedLocalSystem> {
  const fresh = await freshLocalSystem(start);
  let server: LocalServer;
  try {
    fresh.system.engine.start();
    server = await startLocalServer(fresh.system, { port: 0, virtualClock: fresh.clock, log: () => {} });
  } catch (error) {
    await fresh.close();
    throw error;
  }
  return {
    url: server.url,
    fresh,
    server,
    close: async () => {
      try {
        await server.close();
      } finally {
        await fresh.close();
      }
    },
  };
}
