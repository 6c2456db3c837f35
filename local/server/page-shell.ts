import { DateTime } from 'luxon';
import { SERVICE_TIME_ZONE } from '../../shared/domain/calendar.ts';
import type { Queue, Task } from '../../shared/domain/task.ts';
import type { TaskStore } from '../../shared/ports/task-store.ts';

/** Text made safe to put in HTML content and in quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** The open tasks of a queue, due first, up to `limit`; `more` when some were left out. */
export async function openTasksOf(
  tasks: TaskStore,
  queue: Queue,
  limit: number,
): Promise<{ tasks: Task[]; more: boolean }> {
  const found: Task[] = [];
  let after: string | undefined;
  do {
    // One more than the limit, to know whether any were left out.
    const want = Math.min(200, limit + 1 - found.length);
    const page = await tasks.listOpen({ queue }, { limit: want, ...(after ? { after } : {}) });
    found.push(...page.tasks);
    after = page.next;
  } while (after && found.length <= limit);
  return { tasks: found.slice(0, limit), more: found.length > limit };
}

/** An instant as the service's local time (Europe/London), e.g. `Tue 15 Dec 2026, 13:00`. */
const localTime = (at: Date) =>
  DateTime.fromJSDate(at, { zone: SERVICE_TIME_ZONE }).toFormat('ccc d LLL yyyy, HH:mm');

/** An instant as a `<time>` element in local time, its ISO form in `datetime`. */
export const timeElement = (at: Date) =>
  `<time datetime="${escapeHtml(at.toISOString())}">${escapeHtml(localTime(at))}</time>`;

/** A whole page of the local system in its plain style; `title` is escaped, `main` is HTML already escaped. */
export function htmlDocument(title: string, main: string): string {
  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} – Victim First (local system)</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem; color: #0b0c0c; }
a { color: #1d70b8; }
table { border-collapse: collapse; margin-bottom: 2rem; }
caption { text-align: left; font-weight: bold; padding-bottom: 0.5rem; }
th, td { text-align: left; padding: 0.4rem 0.8rem; border-bottom: 1px solid #b1b4b6; }
dl { display: grid; grid-template-columns: max-content auto; gap: 0.4rem 1.5rem; }
dt { font-weight: bold; }
dd { margin: 0; }
pre { white-space: pre-wrap; font-family: inherit; max-width: 45rem; padding: 1rem; border-left: 4px solid #b1b4b6; }
</style>
</head>
<body>
<main>
${main}
</main>
</body>
</html>
`;
}
