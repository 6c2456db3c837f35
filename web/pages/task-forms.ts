import { DateTime } from 'luxon';
import { SERVICE_TIME_ZONE } from '../../shared/domain/calendar.ts';
import { defaultNextReview, planReviewOf } from '../../shared/domain/long-cases.ts';
import { FIRST_CONTACT_RESULTS, type Task, type TaskType } from '../../shared/domain/task.ts';
import { TASK_NAMES } from './wording.ts';

interface OutcomeOption {
  readonly value: string;
  readonly text: string;
  readonly hint?: string;
  /** Choosing it asks what first contact led to. */
  readonly firstContact?: boolean;
}

/** The form a task type asks for: its question, outcomes and extra fields. */
export interface TaskForm {
  readonly question?: string;
  readonly outcomes?: readonly OutcomeOption[];
  readonly firstContactItems?: ReadonlyArray<{ value: string; text: string }>;
  readonly onwardService?: boolean;
  readonly appointment?: boolean;
  /** A plan review's next review date, offered four weeks on (day, month, year), and adding to the plan. */
  readonly nextReview?: { readonly day: string; readonly month: string; readonly year: string };
  readonly addActionHref?: string;
  /** The task is done on another page (no form here): a link to it. */
  readonly decidedOn?: { readonly href: string; readonly text: string };
}

const FIRST_CONTACT_TEXT: Readonly<Record<(typeof FIRST_CONTACT_RESULTS)[number], string>> = {
  'initial-contact-only': 'Initial contact only: no further support wanted now',
  'further-support': 'Further support: book a needs assessment',
  'onward-referral': 'Refer to another service',
  declined: 'Declined support',
};

/** The right form for the task's type (a call outcome, a home-visit outcome, a booking …). */
export function formFor(task: Task, today?: string): TaskForm {
  const firstContactItems = FIRST_CONTACT_RESULTS.map((value) => ({
    value,
    text: FIRST_CONTACT_TEXT[value],
  }));
  const forms: Record<TaskType, TaskForm> = {
    'call-attempt': {
      question: 'What happened on the call?',
      firstContactItems,
      outcomes: [
        { value: 'spoke-to-victim', text: 'Spoke to the victim', firstContact: true },
        { value: 'no-answer', text: 'No answer' },
        ...(task.voicemailAllowed
          ? [
              {
                value: 'voicemail-left',
                text: 'Left a voicemail',
                hint: 'Voicemail is safe for this victim.',
              },
            ]
          : []),
        { value: 'wrong-number', text: 'Wrong number' },
        { value: 'declined', text: 'Declined support' },
      ],
    },
    'home-visit': {
      question: 'What happened at the visit?',
      firstContactItems,
      outcomes: [
        { value: 'visited', text: 'Saw the victim', firstContact: true },
        { value: 'no-one-home', text: 'No one home' },
        { value: 'declined', text: 'Declined support' },
      ],
    },
    'book-needs-assessment': { appointment: true },
    'onward-referral': { onwardService: true },
    'safe-contact-review': {
      question: 'Could the victim be contacted safely?',
      outcomes: [
        { value: 'contacted-safely', text: 'Yes, contacted safely' },
        { value: 'not-contactable', text: 'No, not contactable' },
      ],
    },
    'plan-review': {
      question: 'How is the action going?',
      outcomes: [
        { value: 'on-track', text: 'Going as planned' },
        { value: 'done', text: 'Done', hint: 'No more reviews of this action.' },
        { value: 'changed', text: 'The plan has changed' },
      ],
      ...(today ? { nextReview: dateParts(defaultNextReview(today)) } : {}),
      addActionHref: `/cases/${encodeURIComponent(task.caseId)}/plan`,
    },
    reassessment: {
      question: 'Was the needs assessment repeated?',
      outcomes: [
        {
          value: 'reassessed',
          text: 'Yes, reassessed',
          hint: 'Record it as the needs assessment on the case record.',
        },
        { value: 'declined', text: 'The victim did not want it' },
      ],
      addActionHref: `/cases/${encodeURIComponent(task.caseId)}/plan`,
    },
    'dependency-check': {
      question: 'After a month of support, what next?',
      outcomes: [
        { value: 'continue', text: 'Continue support' },
        { value: 'taper', text: 'Taper support off' },
        { value: 'volunteer', text: 'Hand to a volunteer', hint: 'A team leader assigns the volunteer.' },
      ],
    },
    'web-chat': {
      question: 'How did the web chat go?',
      outcomes: [
        {
          value: 'held',
          text: 'Chat held',
          hint: 'End the chat first: its transcript is kept on the case and it is logged as a contact.',
        },
        { value: 'victim-did-not-join', text: 'The victim did not join' },
      ],
    },
    're-engagement-call': {
      question: 'What happened on the call?',
      outcomes: [
        {
          value: 'spoke-to-victim',
          text: 'Spoke to the victim',
          hint: 'If they want support again on a closed case, reopen it from the case record.',
        },
        { value: 'no-answer', text: 'No answer' },
        { value: 'declined', text: 'Declined support' },
        { value: 'not-needed', text: 'Call not needed', hint: 'The date moved or was withdrawn.' },
      ],
    },
    'rj-exception-decision': {
      decidedOn: {
        href: `/cases/${encodeURIComponent(task.caseId)}/restorative-justice-decision`,
        text: 'Decide on restorative justice against the three criteria',
      },
    },
    'improvement-plan': {
      decidedOn: {
        href: `/improvement-plans/${encodeURIComponent(task.caseId)}`,
        text: 'Write the improvement plan: its actions, owners and dates',
      },
    },
    'deadline-escalation': {
      question: 'How was it resolved?',
      outcomes: [
        { value: 'resolved', text: 'Resolved' },
        { value: 'not-contactable', text: 'Not contactable' },
      ],
    },
  };
  return forms[task.type];
}

/** A task's page title: its name, and its attempt (a plan review: the action and the review). */
export function taskTitle(task: Task): string {
  if (task.type === 'plan-review') {
    const { actionNumber, review } = planReviewOf(task.attempt);
    return `${TASK_NAMES[task.type]}: action ${actionNumber}${review > 1 ? `, review ${review}` : ''}`;
  }
  return `${TASK_NAMES[task.type]}${task.attempt > 1 ? ` ${task.attempt}` : ''}`;
}

const dateParts = (iso: string) => {
  const [year = '', month = '', day = ''] = iso.split('-');
  return { day: String(Number(day)), month: String(Number(month)), year };
};

/**
 * The outcome the form describes, for the domain to validate (it names each bad field). Empty fields are
 * left out; the appointment's day, month, year and time become one instant in Leicester time.
 */
export function outcomeFromForm(task: Task, form: Readonly<Record<string, string>>): Record<string, unknown> {
  const value = (name: string) => {
    const v = form[name]?.trim();
    return v ? v : undefined;
  };
  const outcome: Record<string, unknown> = {};
  const set = (key: string, v: unknown) => {
    if (v !== undefined) outcome[key] = v;
  };
  switch (task.type) {
    case 'book-needs-assessment': {
      outcome.outcome = 'booked';
      const [day, month, year, time] = [
        'appointment-day',
        'appointment-month',
        'appointment-year',
        'appointmentTime',
      ].map(value);
      if (day || month || year || time) {
        const at = DateTime.fromFormat(`${year}-${month}-${day} ${time ?? ''}`, 'yyyy-M-d H:mm', {
          zone: SERVICE_TIME_ZONE,
        });
        outcome.appointmentAt = at.isValid ? at.toUTC().toISO() : 'not a date';
      }
      break;
    }
    case 'plan-review': {
      set('outcome', value('outcome'));
      // The next review date, for an outcome other than done (the domain names a missing or wrong one).
      const parts = ['nextReview-day', 'nextReview-month', 'nextReview-year'].map(value);
      if (outcome.outcome !== 'done' && parts.some((p) => p !== undefined)) {
        const [day, month, year] = parts;
        const date = DateTime.fromFormat(`${year}-${month}-${day}`, 'yyyy-M-d');
        outcome.nextReviewAt = date.isValid ? date.toISODate() : 'not a date';
      }
      break;
    }
    case 'onward-referral':
      outcome.outcome = 'referred';
      set('onwardService', value('onwardService'));
      break;
    default: {
      set('outcome', value('outcome'));
      if (outcome.outcome === 'spoke-to-victim' || outcome.outcome === 'visited') {
        set('firstContact', value('firstContact'));
        if (outcome.firstContact === 'onward-referral') set('onwardService', value('onwardService'));
      }
    }
  }
  set('notes', value('notes'));
  return outcome;
}
