import { readServerRecord, readVirtualClock } from '../server/runtime-files.ts';
import { type LocalSystem, openLocalSystem } from '../system/local-system.ts';
import { VirtualClock } from '../system/virtual-clock.ts';

/**
 * Opens the local system of a data directory at the local system's time: a running `vf start`'s virtual
 * clock, or the virtual clock the directory was last left at when that is ahead of the real one (time never
 * goes back for its cases); else the real clock. With a `vf start` running (`running`), its engine moves the
 * workflows on; without one, the caller runs what is due.
 */
export async function openLocalSystemAtItsTime(
  dataDir: string,
): Promise<{ system: LocalSystem; running: boolean }> {
  const server = readServerRecord(dataDir);
  const running = server?.alive === true;
  const lastVirtual = readVirtualClock(dataDir);
  const virtualNow =
    lastVirtual && ((running && server.record.virtualClock) || lastVirtual > new Date())
      ? lastVirtual
      : undefined;
  const system = await openLocalSystem({
    dataDir,
    ...(virtualNow ? { clock: new VirtualClock(virtualNow) } : {}),
  });
  return { system, running };
}
