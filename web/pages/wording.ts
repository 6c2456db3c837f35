import { parsePhoneNumberWithError } from 'libphonenumber-js/max';
import type { Case } from '../../shared/domain/case.ts';
import type { CaseEvent } from '../../shared/domain/case-records.ts';
import {
  CLOSURE_REASON_NAMES,
  isClosureReason,
  SUPPORT_CLOSED_BY_SYSTEM,
} from '../../shared/domain/case-support.ts';
import {
  CONTACT_CHANNEL_NAMES,
  CONTACT_DIRECTION_NAMES,
  type ContactChannel,
  type ContactDirection,
  minutesInWords,
  SUPPORT_GIVEN_NAMES,
  type SupportGiven,
} from '../../shared/domain/contact-log.ts';
import { MILESTONE_KIND_NAMES, type MilestoneKind } from '../../shared/domain/milestone.ts';
import type { Referral } from '../../shared/domain/referral.ts';
import type { TaskType } from '../../shared/domain/task.ts';
import { localDateTime } from '../views.ts';
import { rjAndTriageWording } from './rj-wording.ts';

/** Each task type as a caseworker says it. */
export const TASK_NAMES: Readonly<Record<TaskType, string>> = {
  'call-attempt': 'Call attempt',
  'home-visit': 'Home visit',
  'book-needs-assessment': 'Book needs assessment',
  'onward-referral': 'Onward referral',
  'safe-contact-review': 'Safe contact review',
  'deadline-escalation': 'Deadline escalation',
  'plan-review': 'Support plan review',
  reassessment: 'Reassessment',
  'dependency-check': 'Dependency check',
  're-engagement-call': 'Re-engagement call',
  'rj-exception-decision': 'Restorative justice exception decision',
  'web-chat': 'Web chat',
  'improvement-plan': 'Write an improvement plan',
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
    case 'assessment-recorded':
      return {
        label: d.kind === 'closing' ? 'Closing needs assessment recorded' : 'Needs assessment recorded',
        text: `By ${String(d.by)}.`,
      };
    case 'plan-action-added':
      return {
        label: 'Support plan action added',
        text: `${words(d.area)}, review by ${String(d.reviewBy)}. By ${String(d.by)}.`,
      };
    case 'support-closed': {
      // A closure recorded before reasons were asked for was support completed.
      const reason = CLOSURE_REASON_NAMES[isClosureReason(d.reason) ? d.reason : 'support-completed'];
      return d.by === SUPPORT_CLOSED_BY_SYSTEM
        ? { label: 'Case closed', text: `${reason}: closed when the contact path ended.` }
        : { label: 'Case closed', text: `${reason}. By ${String(d.by)}.` };
    }
    case 'support-reopened':
      return { label: 'Case reopened', text: `By ${String(d.by)}.` };
    case 'target-hardening-referred':
      return {
        label: `Referred for target hardening (${d.urgency === 'emergency' ? 'emergency' : 'standard'})`,
        text: `Referral number ${String(d.referralNumber)}${d.jobId ? `, job ${String(d.jobId)}` : ''}. By ${String(d.by)}.`,
      };
    case 'onward-referral-made':
      return { label: `Referred to ${String(d.service)}`, text: `By ${String(d.by)}.` };
    case 'hardship-payment':
      return { label: `Hardship fund payment of ${String(d.amount)}`, text: `By ${String(d.by)}.` };
    case 'contact-logged':
      return {
        label: `Contact: ${(CONTACT_CHANNEL_NAMES[d.channel as ContactChannel] ?? words(d.channel)).toLowerCase()}, ${(CONTACT_DIRECTION_NAMES[d.direction as ContactDirection] ?? words(d.direction)).toLowerCase()}`,
        text: `${String(d.support ?? '')
          .split(',')
          .filter(Boolean)
          .map((code) => SUPPORT_GIVEN_NAMES[code as SupportGiven] ?? words(code))
          .join('; ')}. ${minutesInWords(Number(d.minutes))}. By ${String(d.by)}.`,
      };
    case 'milestone-recorded':
      return {
        label: `${MILESTONE_KIND_NAMES[d.kind as MilestoneKind] ?? words(d.kind)} date recorded: ${String(d.date)}`,
        text: `${d.consent ? `The victim agrees to be contacted; a re-engagement call ${d.reEngageAt ? `is raised on ${localDateTime(String(d.reEngageAt))}` : 'is not raised (the date is too near or past)'}` : 'The victim does not want to be contacted before it'}. By ${String(d.by)}.`,
      };
    case 'milestone-withdrawn':
      return {
        label: `${MILESTONE_KIND_NAMES[d.kind as MilestoneKind] ?? words(d.kind)} date withdrawn: ${String(d.date)}`,
        text: `Its re-engagement call is cancelled. By ${String(d.by)}.`,
      };
    case 'group-session-attended':
      return {
        label: `Attended a young people’s group session on ${String(d.date)}`,
        text: `Session ${String(d.sessionId)}. Recorded by ${String(d.by)}.`,
      };
    case 'volunteer-assigned':
      return { label: `Volunteer ${String(d.volunteer)} assigned`, text: `By ${String(d.by)}.` };
    case 'volunteer-unassigned':
      return { label: `Volunteer ${String(d.volunteer)} no longer assigned`, text: `By ${String(d.by)}.` };
    case 'web-chat-ended':
      return {
        label: 'Web chat ended',
        text: `${String(d.lines)} lines; the transcript is on the case's web chat page. Ended by ${String(d.by)}.`,
      };
    case 'web-chat-not-confirmed':
      return { label: 'Web chat booking not confirmed', text: `Reason: ${String(d.reason)}.` };
    case 'case-allocated':
      return {
        label: `Allocated to ${String(d.to)}`,
        text: `By ${String(d.by)}${d.reason === 'reallocated' ? ', moved from the caseworker who had it' : ''}.`,
      };
    default:
      return rjAndTriageWording(event) ?? { label: words(event.type), text: '' };
  }
}

/** Queue priority as the team says it: 1 is answered first (enhanced victims). */
export const PRIORITY_NAMES: Readonly<Record<1 | 2 | 3, string>> = {
  1: '1 (enhanced)',
  2: '2 (raised)',
  3: '3 (standard)',
};

/** A code in words with a capital: `leicester-east` → "Leicester east". */
export const sentence = (code: string) => {
  const text = code.replaceAll('-', ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
};

/** A number (E.164) as it is dialled here: "07700 900001" in the UK, "+33 1 23 45 67 89" abroad. */
export function dialled(e164: string): string {
  try {
    const parsed = parsePhoneNumberWithError(e164);
    // UK numbers as dialled here (Ofcom's drama range has no region in the metadata, so go by +44).
    const national = parsed.country === 'GB' || e164.startsWith('+44');
    return national ? parsed.formatNational() : parsed.formatInternational();
  } catch {
    return e164;
  }
}

/** The victim's numbers as a caseworker dials them: "Mobile 07700 900001; Home 0116 496 0001". */
export function phonesOf(victim: Referral['victim']): string {
  const kinds = [
    ['Mobile', victim.phones.mobile],
    ['Home', victim.phones.home],
    ['Work', victim.phones.work],
  ] as const;
  const numbers = kinds.flatMap(([kind, phone]) => (phone ? [`${kind} ${dialled(phone.e164)}`] : []));
  return numbers.length > 0 ? numbers.join('; ') : 'None given';
}

/** Among events at the same instant, the later step of the path first (the timeline is newest first). */
const LATER_FIRST: Readonly<Record<CaseEvent['type'], number>> = {
  'support-reopened': -4,
  'support-closed': -3,
  'assessment-recorded': -2,
  'plan-action-added': -2,
  'hardship-payment': -2,
  'onward-referral-made': -2,
  'target-hardening-referred': -2,
  'contact-logged': -2,
  'case-allocated': -2,
  'milestone-recorded': -2,
  'milestone-withdrawn': -2,
  'volunteer-assigned': -2,
  'volunteer-unassigned': -2,
  'rj-offer-recorded': -2,
  'rj-exception-decided': -2,
  'rj-stage-recorded': -2,
  'mh-triage-referred': -2,
  'mh-triage-outcome': -2,
  'group-session-attended': -2,
  'web-chat-ended': -2,
  'web-chat-not-confirmed': 2,
  'contact-path-completed': 0,
  'message-status': 1,
  'message-undeliverable': 2,
  'message-recorded': 2,
  'deadline-breached': 3,
  'deadline-at-risk': 4,
  'task-timed-out': 5,
  'task-completed': 6,
};

/** The timeline newest first; events at one instant in the order the path took them, reversed. */
export function newestFirst(events: readonly CaseEvent[]): CaseEvent[] {
  return [...events].sort(
    (a, b) =>
      b.at.getTime() - a.at.getTime() ||
      (LATER_FIRST[a.type] ?? 9) - (LATER_FIRST[b.type] ?? 9) ||
      b.eventId.localeCompare(a.eventId),
  );
}

const SAFETY_WORDS: Readonly<Record<string, string>> = {
  voicemail: 'do not leave voicemail',
  letter: 'do not send letters',
  sms: 'do not send text messages',
  email: 'do not send e-mails',
};

/** The channels the referral says are unsafe, as the case and task pages warn of them. */
export const safetyFlags = (opened: Case): string[] =>
  opened.referral.unsafeChannels.map((channel) => SAFETY_WORDS[channel] ?? channel);
