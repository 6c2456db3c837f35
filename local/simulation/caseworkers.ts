import { DateTime } from 'luxon';
import { localDateOf, nthWorkingDayAfter, SERVICE_TIME_ZONE } from '../../shared/domain/calendar.ts';
import { defaultNextReview } from '../../shared/domain/long-cases.ts';
import type { Task } from '../../shared/domain/task.ts';
import type { Random } from '../synthetic/random.ts';
import { keyedRandom, weighted } from './keyed-random.ts';

/** Chance that the victim answers call attempt 1, 2 and 3 (later calls are answered less often). */
export const ANSWER_RATES = [0.45, 0.35, 0.3] as const;

/** Chance that someone is home for visit 1 and visit 2. */
export const VISIT_RATES = [0.55, 0.45] as const;

/** What a simulated person records for a task, and how many minutes the work takes. */
export interface WorkDone {
  readonly outcome: Record<string, unknown>;
  readonly minutes: number;
}

const ONWARD_SERVICES = [
  'Domestic abuse service (example)',
  'Sexual violence service (example)',
  'Young people service (example)',
  'Mental health crisis team (example)',
];

/** What first contact leads to (docs/service-rules.md, rule 6), as caseworkers record it. */
function firstContact(random: Random): Record<string, unknown> {
  const result = weighted(random, [
    ['initial-contact-only', 45],
    ['further-support', 33],
    ['onward-referral', 10],
    ['declined', 12],
  ] as const);
  return result === 'onward-referral'
    ? { firstContact: result, onwardService: random.pick(ONWARD_SERVICES) }
    : { firstContact: result };
}

/** An appointment on one of the next four working days, at 10:00 or 14:00 (inside 5 working days). */
function appointment(random: Random, at: Date): string {
  const day = nthWorkingDayAfter(localDateOf(at), random.int(1, 4));
  const time = random.pick(['10:00', '14:00']);
  return DateTime.fromISO(`${day}T${time}`, { zone: SERVICE_TIME_ZONE }).toUTC().toISO() as string;
}

/**
 * The work a simulated caseworker or team leader does on a task started at `at`: the outcome and its
 * length, drawn from the seed keyed on the task id, so a task gets the same outcome in every run.
 */
export function workOn(task: Task, seed: number, at: Date): WorkDone {
  const random = keyedRandom(seed, `task|${task.taskId}`);
  switch (task.type) {
    case 'call-attempt': {
      const answered = random.chance(ANSWER_RATES[Math.min(task.attempt, 3) - 1] ?? 0.3);
      if (answered) {
        if (random.chance(0.06)) return { outcome: { outcome: 'declined' }, minutes: 10 };
        return {
          outcome: { outcome: 'spoke-to-victim', ...firstContact(random) },
          minutes: random.int(20, 45),
        };
      }
      if (random.chance(0.03)) return { outcome: { outcome: 'wrong-number' }, minutes: 5 };
      const voicemail = task.voicemailAllowed !== false && random.chance(0.5);
      return { outcome: { outcome: voicemail ? 'voicemail-left' : 'no-answer' }, minutes: voicemail ? 7 : 5 };
    }
    case 'home-visit': {
      // Travel included: a visit takes most of a morning or an afternoon slot.
      const minutes = random.int(75, 120);
      if (random.chance(VISIT_RATES[Math.min(task.attempt, 2) - 1] ?? 0.45)) {
        return { outcome: { outcome: 'visited', ...firstContact(random) }, minutes };
      }
      return { outcome: { outcome: random.chance(0.08) ? 'declined' : 'no-one-home' }, minutes };
    }
    case 'book-needs-assessment':
      return {
        outcome: { outcome: 'booked', appointmentAt: appointment(random, at) },
        minutes: random.int(15, 25),
      };
    case 'onward-referral':
      return {
        outcome: { outcome: 'referred', onwardService: random.pick(ONWARD_SERVICES) },
        minutes: random.int(20, 40),
      };
    case 'safe-contact-review':
      return {
        outcome: { outcome: random.chance(0.5) ? 'contacted-safely' : 'not-contactable' },
        minutes: random.int(20, 40),
      };
    case 'deadline-escalation':
      return {
        outcome: { outcome: random.chance(0.7) ? 'resolved' : 'not-contactable' },
        minutes: random.int(10, 20),
      };
    case 'plan-review': {
      const outcome = random.pick(['on-track', 'done', 'changed'] as const);
      // Every review but the last sets the next, four weeks on as the form offers.
      return {
        outcome:
          outcome === 'done' ? { outcome } : { outcome, nextReviewAt: defaultNextReview(localDateOf(at)) },
        minutes: random.int(15, 30),
      };
    }
    case 'reassessment':
      return {
        outcome: { outcome: random.chance(0.85) ? 'reassessed' : 'declined' },
        minutes: random.int(45, 75),
      };
    case 'dependency-check':
      return {
        outcome: { outcome: random.pick(['continue', 'continue', 'taper', 'volunteer'] as const) },
        minutes: random.int(10, 20),
      };
    case 're-engagement-call':
      return {
        outcome: { outcome: random.chance(0.6) ? 'spoke-to-victim' : 'no-answer' },
        minutes: random.int(10, 30),
      };
    case 'web-chat':
      return { outcome: { outcome: 'victim-did-not-join' }, minutes: random.int(20, 30) };
    // Decided on the case's decision page with the three criteria, not by the task's own form.
    // Written on the plan's page; the simulation produces no return, so raises none.
    case 'improvement-plan':
      return { outcome: { outcome: 'written' }, minutes: random.int(30, 60) };
    case 'rj-exception-decision':
      return {
        outcome: { outcome: random.chance(0.5) ? 'approved' : 'not-approved' },
        minutes: random.int(20, 40),
      };
  }
}
