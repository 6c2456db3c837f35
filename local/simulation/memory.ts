import { readFileSync } from 'node:fs';
import { resourceUsage } from 'node:process';

/** Samples this process's resident memory; `peak` in MiB, the larger of the samples and the OS maximum. */
export function memorySampler() {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 200);
  timer.unref();
  return {
    stop: () => {
      clearInterval(timer);
      // maxRSS is in KiB.
      return Math.max(peak, process.memoryUsage().rss, resourceUsage().maxRSS * 1024) / 2 ** 20;
    },
  };
}

/** The high-water mark of another process's resident memory in MiB (Linux /proc), if it can be read. */
export function processPeakRssMiB(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}
