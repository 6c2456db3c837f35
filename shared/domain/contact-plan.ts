import { DateTime } from 'luxon';
import {
  DEFAULT_SERVICE_HOURS,
  localDateOf,
  nextServiceOpening,
  nthWorkingDayAfter,
  SERVICE_TIME_ZONE,
  type ServiceHours,
  serviceWindowsBetween,
} from './calendar.ts';
import type { Case } from './case.ts';
import type { ContactPath } from './contact-method.ts';

/** A written channel a message can go by. */
export type WrittenChannel = 'email' | 'sms' | 'letter';

/**
 * What a case's contact path needs to know, computed in code at the start of the path (docs/architecture.md,
 * decisions: deadlines are computed in code and slept on with Wait `Timestamp`). Ids and instants only: it
 * travels in the execution history, which must hold no personal data.
 */
export interface ContactPlan {
  readonly caseId: string;
  readonly path: ContactPath;
  readonly enhanced: boolean;
  readonly priority: 1 | 2 | 3;
  readonly initialContactDue: string;
  readonly homeVisitDue?: string;
  readonly secondHomeVisitDue?: string;
  /** Three call attempts inside service hours, at different times of day (docs/service-rules.md, rule 1). */
  readonly callSlots: readonly string[];
  /** Whether all three calls fit before the deadline; if not, a team leader is alerted at once. */
  readonly callsFitBeforeDeadline: boolean;
  /** The first and second home visit (docs/service-rules.md, rule 3). */
  readonly visitSlots: readonly string[];
  /** The written channel for the support-on-offer message or visit notice; absent when none is safe. */
  readonly writtenChannel?: WrittenChannel;
  readonly voicemailAllowed: boolean;
  readonly finalLetterAllowed: boolean;
}

type PartOfDay = 'morning' | 'afternoon' | 'evening';

function partOfDay(instant: Date): PartOfDay {
  const hour = DateTime.fromJSDate(instant, { zone: SERVICE_TIME_ZONE }).hour;
  return hour < 12 ? 'morning' : hour < 16 ? 'afternoon' : 'evening';
}

const HALF_HOUR = 30 * 60_000;
const MIN_GAP = 3 * 60 * 60_000;

/** Candidate call times: every half hour inside service hours between two instants. */
function candidates(from: Date, to: Date, hours: ServiceHours): Date[] {
  const times: Date[] = [];
  for (const window of serviceWindowsBetween(from, to, hours)) {
    const first = Math.ceil(window.opens.getTime() / HALF_HOUR) * HALF_HOUR;
    for (let t = first; t < window.closes.getTime(); t += HALF_HOUR) times.push(new Date(t));
  }
  return times;
}

/**
 * Three call slots inside service hours before the deadline, each at least three hours after the last and,
 * where the time allows, at a different part of the day (morning, afternoon, evening). Slots that cannot fit
 * before the deadline go at the next service times after it, and the plan says so.
 */
export function planCallSlots(
  from: Date,
  deadline: Date,
  hours: ServiceHours = DEFAULT_SERVICE_HOURS,
): { slots: Date[]; fit: boolean } {
  const options = deadline > from ? candidates(from, deadline, hours) : [];
  const slots: Date[] = [];
  const pick = (differentPart: boolean) => {
    const last = slots.at(-1);
    const used = new Set(slots.map(partOfDay));
    return options.find(
      (t) =>
        (!last || t.getTime() - last.getTime() >= MIN_GAP) &&
        (!differentPart || !used.has(partOfDay(t))) &&
        !slots.some((s) => s.getTime() === t.getTime()),
    );
  };
  while (slots.length < 3) {
    const next = pick(true) ?? pick(false);
    if (!next) break;
    slots.push(next);
  }
  const fit = slots.length === 3;
  while (slots.length < 3) {
    const after = slots.at(-1) ?? deadline;
    slots.push(nextServiceOpening(new Date(Math.max(after.getTime() + MIN_GAP, deadline.getTime())), hours));
  }
  return { slots, fit };
}

/** A visit at a local time on the nth working day after a date. */
function visitOn(date: string, n: number, time: string): Date {
  const day = nthWorkingDayAfter(date, n);
  return DateTime.fromISO(`${day}T${time}`, { zone: SERVICE_TIME_ZONE }).toUTC().toJSDate();
}

/** Plans a case's contact path from its referral, triage and deadlines. */
export function planContactPath(
  opened: Case,
  now: Date,
  hours: ServiceHours = DEFAULT_SERVICE_HOURS,
): ContactPlan {
  const { referral, deadlines, triage } = opened;
  const unsafe = new Set(referral.unsafeChannels);
  const { victim } = referral;
  const letterAllowed = !unsafe.has('letter') && victim.address !== undefined;
  const smsAllowed = !unsafe.has('sms') && victim.phones.mobile?.kind === 'mobile';
  const emailAllowed = !unsafe.has('email') && victim.email !== undefined;
  const start = new Date(Math.max(now.getTime(), referral.receivedAt.getTime()));
  const calls =
    opened.contactPath === 'telephone'
      ? planCallSlots(start, deadlines.initialContactDue, hours)
      : { slots: [] as Date[], fit: true };
  const received = localDateOf(referral.receivedAt);

  let writtenChannel: WrittenChannel | undefined;
  switch (referral.contactMethod) {
    case 'email':
      writtenChannel = emailAllowed ? 'email' : undefined;
      break;
    case 'sms':
      writtenChannel = smsAllowed ? 'sms' : undefined;
      break;
    case 'post':
      writtenChannel = letterAllowed ? 'letter' : undefined;
      break;
    case 'in-person':
      // The notice naming the visit goes by letter or SMS (docs/service-rules.md, rule 3), whichever is safe.
      writtenChannel = letterAllowed ? 'letter' : smsAllowed ? 'sms' : undefined;
      break;
    default:
      writtenChannel = undefined;
  }

  return {
    caseId: opened.caseId,
    path: opened.contactPath,
    enhanced: triage.enhanced,
    priority: triage.priority,
    initialContactDue: deadlines.initialContactDue.toISOString(),
    ...(deadlines.homeVisitDue ? { homeVisitDue: deadlines.homeVisitDue.toISOString() } : {}),
    ...(deadlines.secondHomeVisitDue
      ? { secondHomeVisitDue: deadlines.secondHomeVisitDue.toISOString() }
      : {}),
    callSlots: calls.slots.map((slot) => slot.toISOString()),
    callsFitBeforeDeadline: calls.fit,
    // Working days 2 and 7 after receipt: inside windows 1–5 and 6–10, on weekdays (rule 7).
    visitSlots:
      opened.contactPath === 'in-person'
        ? [visitOn(received, 2, '10:00').toISOString(), visitOn(received, 7, '14:00').toISOString()]
        : [],
    ...(writtenChannel ? { writtenChannel } : {}),
    voicemailAllowed: !unsafe.has('voicemail'),
    finalLetterAllowed: letterAllowed,
  };
}
