import { describe, expect, it } from 'vitest';
import { createBuildPrintManifest } from '../../../../functions/messaging/build-print-manifest/build-print-manifest.ts';
import { localContext } from '../../../../local/lambda-events.ts';
import type { PrintManifests } from '../../../../shared/ports/messenger.ts';

/** Records the days asked for; each day has two letters. */
class RecordingManifests implements PrintManifests {
  readonly dates: string[] = [];
  async buildPrintManifest(date: string) {
    this.dates.push(date);
    return { date, location: `s3://letters/manifests/${date}.csv`, letters: 2, skipped: [] };
  }
}

const run = (manifests: PrintManifests, event: unknown, now = new Date('2026-12-18T16:00:00Z')) =>
  createBuildPrintManifest({ manifests, clock: { now: () => now } })(
    event,
    localContext('build-print-manifest'),
  );

describe('the daily print manifest function', () => {
  it('builds the manifest of the day the schedule fired for, even when delivered after midnight', async () => {
    const manifests = new RecordingManifests();
    const result = await run(
      manifests,
      { scheduledTime: '2026-12-18T16:00:00Z' },
      new Date('2026-12-19T00:05:00Z'),
    );
    expect(result).toEqual({ status: 'built', date: '2026-12-18', letters: 2, skipped: 0 });
    expect(manifests.dates).toEqual(['2026-12-18']);
  });

  it('uses the Europe/London date of the schedule time in summer', async () => {
    const manifests = new RecordingManifests();
    await run(manifests, { scheduledTime: '2026-06-30T23:30:00Z' });
    expect(manifests.dates).toEqual(['2026-07-01']);
  });

  it('has no print run on a bank holiday', async () => {
    const manifests = new RecordingManifests();
    const result = await run(manifests, { scheduledTime: '2026-12-28T16:00:00Z' });
    expect(result).toEqual({ status: 'not-a-working-day', date: '2026-12-28' });
    expect(manifests.dates).toEqual([]);
  });

  it('rebuilds the day an operator asks for, whatever day it is', async () => {
    const manifests = new RecordingManifests();
    await run(manifests, { date: '2026-12-28' });
    expect(manifests.dates).toEqual(['2026-12-28']);
  });

  it('refuses a date that is not a date, naming the field', async () => {
    await expect(run(new RecordingManifests(), { date: '28/12/2026' })).rejects.toMatchObject({
      name: 'InvalidManifestRequestError',
      message: expect.stringMatching(/^date /),
    });
  });
});
