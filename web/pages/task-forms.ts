import { DateTime } from 'luxon';
import { SERVICE_TIME_ZONE } from '../../shared/domain/calendar.ts';
import { FIRST_CONTACT_RESULTS, type Task, type TaskType } from '../../shared/domain/task.ts';

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
}

const FIRST_CONTACT_TEXT: Readonly<Record<(typeof FIRST_CONTACT_RESULTS)[number], string>> = {
  'initial-contact-only': 'Initial contact only: no further support wanted now',
  'further-support': 'Further support: book a needs assessment',
  'onward-referral': 'Refer to another service',
  declined: 'Declined support',
};

/** The right form for the task's type (a call outcome, a home-visit outcome, a booking …). */
export function formFor(task: Task): TaskForm {
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
        { value: 'done', text: 'Done' },
        { value: 'changed', text: 'The plan has changed' },
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
