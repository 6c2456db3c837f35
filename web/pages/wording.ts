import type { TaskType } from '../../shared/domain/task.ts';
import type { CaseEvent } from '../../shared/ports/case-store.ts';

/** Each task type as a caseworker says it. */
export const TASK_NAMES: Readonly<Record<TaskType, string>> = {
  'call-attempt': 'Call attempt',
  'home-visit': 'Home visit',
  'book-needs-assessment': 'Book needs assessment',
  'onward-referral': 'Onward referral',
  'safe-contact-review': 'Safe contact review',
  'deadline-escalation': 'Deadline escalation',
};

const PURPOSES: Readonly<Record<string, string>> = {
  'support-offer': 'Offer of support',
  'home-visit-notice': 'Home visit notice',
  'second-home-visit-notice': 'Second home visit notice',
  'final-letter': 'Final letter',
};

const CHANNELS: Readonly<Record<string, string>> = { email: 'e-mail', sms: 'text message', letter: 'letter' };

const words = (code: unknown) => String(code ?? '').replaceAll('-', ' ');
const purpose = (code: unknown) => PURPOSES[String(code)] ?? words(code);
const channel = (code: unknown) => CHANNELS[String(code)] ?? words(code);

/** A timeline event as the case page says it: a heading and a line. Codes only in, words out. */
export function describeEvent(event: CaseEvent): { label: string; text: string } {
  const d = event.detail;
  switch (event.type) {
    case 'message-recorded':
      return { label: `${purpose(d.purpose)} sent`, text: `By ${channel(d.channel)}.` };
    case 'message-status':
      return {
        label: `${channel(d.channel)} ${words(d.status)}`.replace(/^./, (c) => c.toUpperCase()),
        text: `Reported by the provider${d.reason ? ` (${words(d.reason)})` : ''}${d.permanent ? '; it will not reach the victim on this channel' : ''}.`,
      };
    case 'message-undeliverable':
      return {
        label: `${purpose(d.purpose)} could not be sent`,
        text: `The ${channel(d.channel)} was refused for good (${words(d.reason)}).`,
      };
    case 'deadline-at-risk':
      return { label: `Deadline at risk: ${words(d.rule)}`, text: `${words(d.reason)}.` };
    case 'deadline-breached':
      return { label: `Deadline missed: ${words(d.rule)}`, text: `${words(d.reason)}.` };
    case 'task-completed':
      return {
        label: `${TASK_NAMES[d.taskType as TaskType] ?? words(d.taskType)}: ${words(d.outcome)}`,
        text: `Recorded by ${String(d.by ?? 'someone')}.`,
      };
    case 'task-timed-out':
      return {
        label: `${TASK_NAMES[d.taskType as TaskType] ?? words(d.taskType)} not done in time`,
        text: 'Escalated.',
      };
    case 'contact-path-completed':
      return { label: 'Contact path ended', text: `Result: ${words(d.result)}.` };
    default:
      return { label: words(event.type), text: '' };
  }
}
