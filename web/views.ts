import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';
import nunjucks from 'nunjucks';
import { SERVICE_TIME_ZONE } from '../shared/domain/calendar.ts';

const require = createRequire(import.meta.url);

/** Where govuk-frontend and MOJ Frontend keep their templates and built assets. */
export const FRONTEND = {
  govuk: dirname(require.resolve('govuk-frontend')),
  moj: dirname(require.resolve('@ministryofjustice/frontend')),
};

const VIEWS = join(dirname(fileURLToPath(import.meta.url)), 'views');

/** "Tue 15 Dec 2026, 10:00" in Leicester time. */
export function localDateTime(value: Date | string): string {
  return DateTime.fromJSDate(new Date(value), { zone: SERVICE_TIME_ZONE }).toFormat('ccc d LLL yyyy, HH:mm');
}

/** How long until (or since) a deadline, as a person says it: "due in 3 hours", "overdue by 2 days". */
export function dueIn(due: Date | string, now: Date): { text: string; overdue: boolean; soon: boolean } {
  const ms = new Date(due).getTime() - now.getTime();
  const abs = Math.abs(ms);
  const unit =
    abs >= 2 * 86_400_000
      ? `${Math.floor(abs / 86_400_000)} days`
      : abs >= 2 * 3_600_000
        ? `${Math.floor(abs / 3_600_000)} hours`
        : abs >= 3_600_000
          ? '1 hour'
          : `${Math.max(1, Math.floor(abs / 60_000))} minutes`;
  return ms < 0
    ? { text: `overdue by ${unit}`, overdue: true, soon: false }
    : { text: `due in ${unit}`, overdue: false, soon: ms < 4 * 3_600_000 };
}

/**
 * The Nunjucks environment: the app's views, then GOV.UK Frontend's and MOJ Frontend's templates and
 * macros. Autoescaping is on: every value is escaped unless a template says otherwise.
 */
export function viewEnvironment(): nunjucks.Environment {
  const env = new nunjucks.Environment(
    new nunjucks.FileSystemLoader([VIEWS, dirname(FRONTEND.govuk), dirname(FRONTEND.moj)], {
      noCache: false,
    }),
    { autoescape: true, throwOnUndefined: false },
  );
  env.addFilter('localDateTime', localDateTime);
  // MOJ Frontend's timeline formats its dates with this filter; here in Leicester time, not the server's.
  env.addFilter('mojDate', (timestamp: string, type: string) => {
    const at = DateTime.fromISO(timestamp, { zone: SERVICE_TIME_ZONE });
    if (!at.isValid) return timestamp;
    if (type === 'date') return at.toFormat('d LLLL yyyy');
    if (type === 'shortdate') return at.toFormat('d LLL yyyy');
    if (type === 'time') return at.toFormat('h:mma').toLowerCase();
    return `${at.toFormat('d LLLL yyyy')} at ${at.toFormat('h:mma').toLowerCase()}`;
  });
  return env;
}
