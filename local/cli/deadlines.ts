import { CONTACT_METHODS, ContactMethodSchema } from '../../shared/domain/contact-method.ts';
import { contactDeadlines } from '../../shared/domain/deadlines.ts';
import { type Output, UsageError } from './output.ts';

/** `vf deadlines --received ISO --method M [--enhanced] [--json]`: the contractual deadlines of a referral. */
export function deadlinesCommand(
  options: { received: string; method: string; enhanced?: boolean; json?: boolean },
  out: Output,
): void {
  const receivedAt = new Date(options.received);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(options.received) || Number.isNaN(receivedAt.getTime())) {
    throw new UsageError('--received must be a date and time in ISO 8601, e.g. 2026-12-18T10:00:00Z');
  }
  const method = ContactMethodSchema.safeParse(options.method);
  if (!method.success) throw new UsageError(`--method must be one of ${CONTACT_METHODS.join(', ')}`);
  const deadlines = contactDeadlines({
    receivedAt,
    method: method.data,
    enhanced: options.enhanced === true,
  });
  const printable = Object.fromEntries(
    Object.entries(deadlines).map(([key, value]) => [key, value.toISOString()]),
  );
  if (options.json) {
    out.json(printable);
    return;
  }
  for (const [key, value] of Object.entries(printable)) out.line(`${key.padEnd(20)} ${value}`);
}
