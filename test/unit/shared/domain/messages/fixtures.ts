import type { MessagePurpose, PersonalisationInput } from '../../../../../shared/domain/messages/index.ts';

// Synthetic data only: Example/Sample names, Example Street, LE1 1ZZ, example.org.
export const REFERENCE = 'VF-0A1B2-C3D4E';

export const recipient = {
  title: 'Ms',
  forename: 'Sample',
  surname: 'Example',
  address: { line1: 'Flat 2', line2: '10 Example Street', town: 'Leicester', postcode: 'LE1 1ZZ' },
  communicationNeeds: [],
} satisfies PersonalisationInput<'support-offer'>['recipient'];

/** Valid personalisation for every purpose (times in Europe/London noted beside them). */
export const VALID: { [P in MessagePurpose]: PersonalisationInput<P> } = {
  'support-offer': { caseReference: REFERENCE, recipient },
  // Tuesday 15 December 2026 at 10am (GMT)
  'home-visit-notice': { caseReference: REFERENCE, recipient, visitAt: '2026-12-15T10:00:00Z' },
  // Tuesday 22 December 2026 at 2:30pm, after Tuesday 15 December 2026 at 10am
  'second-home-visit-notice': {
    caseReference: REFERENCE,
    recipient,
    visitAt: '2026-12-22T14:30:00Z',
    firstVisitAt: '2026-12-15T10:00:00Z',
  },
  'final-letter': {
    caseReference: REFERENCE,
    recipient,
    // Listed in time order whatever order they come in.
    attempts: [
      { at: '2026-12-15T12:00:00Z', kind: 'call' }, // Tuesday 15 December 2026 at midday
      { at: '2026-12-14T10:00:00Z', kind: 'call' }, // Monday 14 December 2026 at 10am
      { at: '2026-12-14T15:30:00Z', kind: 'call' }, // Monday 14 December 2026 at 3:30pm
    ],
  },
  // Wednesday 30 September 2026 at 12:30pm (BST: 11:30 UTC)
  'needs-assessment-appointment': {
    caseReference: REFERENCE,
    recipient,
    appointmentAt: '2026-09-30T11:30:00Z',
    by: 'telephone',
  },
  // Wednesday 16 December 2026 at 7:30pm
  'web-chat-booking-confirmation': {
    caseReference: REFERENCE,
    recipient,
    chatAt: '2026-12-16T19:30:00Z',
    chatLink: 'https://www.example.org/chat/Zm9yLXRlc3RzLW9ubHktbm90LWEtcmVhbC10b2tlbi0',
  },
  // Thursday 17 December 2026 at 9am
  'target-hardening-appointment': { caseReference: REFERENCE, recipient, visitAt: '2026-12-17T09:00:00Z' },
};

/** What each purpose's own personalisation must say, as the field names an error lists. */
export const OWN_FIELDS: { [P in MessagePurpose]: readonly string[] } = {
  'support-offer': [],
  'home-visit-notice': ['visitAt'],
  'second-home-visit-notice': ['visitAt', 'firstVisitAt'],
  'final-letter': ['attempts'],
  'needs-assessment-appointment': ['appointmentAt', 'by'],
  'web-chat-booking-confirmation': ['chatAt', 'chatLink'],
  'target-hardening-appointment': ['visitAt'],
};

/** The date and time each purpose's message must state, as written in Europe/London. */
export const STATED_TIME: { [P in MessagePurpose]: string | undefined } = {
  'support-offer': undefined,
  'home-visit-notice': 'Tuesday 15 December 2026 at 10am',
  'second-home-visit-notice': 'Tuesday 22 December 2026 at 2:30pm',
  'final-letter': 'Monday 14 December 2026 at 10am',
  'needs-assessment-appointment': 'Wednesday 30 September 2026 at 12:30pm',
  'web-chat-booking-confirmation': 'Wednesday 16 December 2026 at 7:30pm',
  'target-hardening-appointment': 'Thursday 17 December 2026 at 9am',
};
