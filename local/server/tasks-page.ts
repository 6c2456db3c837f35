import { DateTime } from 'luxon';
import { SERVICE_TIME_ZONE } from '../../shared/domain/calendar.ts';
import { QUEUES, type Queue, type Task } from '../../shared/domain/task.ts';
import type { TaskStore } from '../../shared/ports/task-store.ts';

/** The most tasks the page shows per queue; the task API pages through the rest. */
export const TASKS_PAGE_LIMIT = 500;

const QUEUE_TITLES: Record<Queue, string> = { caseworkers: 'Caseworkers', 'team-leaders': 'Team leaders' };

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

function queueSection(queue: Queue, listed: { tasks: Task[]; more: boolean }): string {
  const title = QUEUE_TITLES[queue];
  const id = `queue-${queue}`;
  if (listed.tasks.length === 0) {
    return `<section aria-labelledby="${id}">\n<h2 id="${id}">${title}</h2>\n<p>No open tasks.</p>\n</section>`;
  }
  const rows = listed.tasks.map(
    (task) =>
      '<tr>' +
      `<td>${timeElement(task.due)}</td>` +
      `<td>${escapeHtml(task.priority)}</td>` +
      `<td>${escapeHtml(task.type)}</td>` +
      `<td>${escapeHtml(task.caseId)}</td>` +
      `<td><code>${escapeHtml(task.taskId)}</code></td>` +
      `<td>${escapeHtml(task.attempt)}</td>` +
      '</tr>',
  );
  const more = listed.more
    ? `\n<p>Showing the first ${listed.tasks.length}; the task API (<code>GET /tasks?queue=${queue}</code>) pages through the rest.</p>`
    : '';
  return [
    `<section aria-labelledby="${id}">`,
    `<h2 id="${id}">${title}</h2>`,
    '<table>',
    `<caption>Open tasks for ${title.toLowerCase()}, due first (times in UK time)</caption>`,
    '<thead><tr><th scope="col">Due</th><th scope="col">Priority</th><th scope="col">Type</th>' +
      '<th scope="col">Case</th><th scope="col">Task</th><th scope="col">Attempt</th></tr></thead>',
    `<tbody>\n${rows.join('\n')}\n</tbody>`,
    `</table>${more}`,
    '</section>',
  ].join('\n');
}

/**
 * The plain local page of open tasks in both queues. Tasks hold ids only (no personal data); every value
 * is escaped all the same. The GOV.UK caseworker app replaces it.
 */
export async function renderTasksPage(tasks: TaskStore, now: Date, virtualClock: boolean): Promise<string> {
  const sections: string[] = [];
  for (const queue of QUEUES)
    sections.push(queueSection(queue, await openTasksOf(tasks, queue, TASKS_PAGE_LIMIT)));
  const clock = `${virtualClock ? 'Virtual clock' : 'Clock'}: ${timeElement(now)}`;
  return htmlDocument(
    'Open tasks',
    [
      '<h1>Open tasks</h1>',
      `<p>${clock}</p>`,
      '<p><a href="/outbox">Outbox</a>: every e-mail, text and letter the local system sent.</p>',
      ...sections,
    ].join('\n'),
  );
}
