import * as z from 'zod';
import { isWorkingDay, localDateOf } from '../../../shared/domain/calendar.ts';
import type { Clock } from '../../../shared/ports/clock.ts';
import type { PrintManifests } from '../../../shared/ports/messenger.ts';
import { lambdaHandler } from '../../lambda-handler.ts';
import { logger } from '../../logger.ts';

export interface BuildPrintManifestDeps {
  readonly manifests: PrintManifests;
  readonly clock: Clock;
}

/** The schedule's input, or an operator's re-run of one day (`{ "date": "2026-12-18" }`). */
const Input = z.object({
  /** EventBridge Scheduler's `<aws.scheduler.scheduled-time>`: the run's day even when delivered late. */
  scheduledTime: z.iso.datetime({ offset: true }).optional(),
  date: z.iso.date().optional(),
});

/** The input is not a schedule's nor a re-run's: names the field. */
export class InvalidManifestRequestError extends Error {
  override name = 'InvalidManifestRequestError';
}

export type BuildPrintManifestResult =
  | { readonly status: 'built'; readonly date: string; readonly letters: number; readonly skipped: number }
  | { readonly status: 'not-a-working-day'; readonly date: string };

/**
 * Builds the day's print-and-post manifest from the letters stored for it. Scheduled on weekdays; on a
 * bank holiday there is no print run (letters are dated for working days), unless a date is asked for.
 * Running it again rewrites the same manifest, with any letter stored since.
 */
export function createBuildPrintManifest(deps: BuildPrintManifestDeps) {
  return lambdaHandler(async (payload: unknown): Promise<BuildPrintManifestResult> => {
    const parsed = Input.safeParse(payload ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new InvalidManifestRequestError(
        `${issue?.path.map(String).join('.') || 'input'} ${issue?.message ?? 'is not valid'}`,
      );
    }
    const { date: asked, scheduledTime } = parsed.data;
    const date = asked ?? localDateOf(scheduledTime ? new Date(scheduledTime) : deps.clock.now());
    if (asked === undefined && !isWorkingDay(date)) {
      logger.info('no print run on a non-working day', { date });
      return { status: 'not-a-working-day', date };
    }
    const manifest = await deps.manifests.buildPrintManifest(date);
    if (manifest.skipped.length > 0)
      logger.warn('objects left out of the print manifest', { date, keys: manifest.skipped });
    logger.info('print manifest built', {
      date,
      letters: manifest.letters,
      skipped: manifest.skipped.length,
    });
    return { status: 'built', date, letters: manifest.letters, skipped: manifest.skipped.length };
  });
}
