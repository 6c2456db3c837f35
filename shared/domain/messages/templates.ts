import { formatDate, formatDateTime } from './format.ts';
import type { ContactAttempt, NamedRecipient, Personalisation, Recipient } from './personalisation.ts';
import type { PurposeOn } from './purposes.ts';
import { SERVICE_CONTACT as CONTACT } from './service-contact.ts';

// Wording rules (GOV.UK style): short sentences, active voice, no jargon. Nothing about the crime: a letter
// may be opened, or a text read, by someone else in the household, so a message says who we are, what we
// offer and how to reach us, and never what happened.

/** One block of a written message; e-mail and letters lay the same blocks out in their own way. */
export type Block =
  | { readonly kind: 'heading'; readonly text: string }
  | { readonly kind: 'paragraph'; readonly text: string }
  | { readonly kind: 'list'; readonly items: readonly string[] };

/** The content of an e-mail or letter: its title (the e-mail subject, the letter's heading) and body. */
export interface WrittenContent {
  readonly title: string;
  readonly salutation: string;
  readonly blocks: readonly Block[];
  readonly signOff: readonly string[];
}

const heading = (text: string): Block => ({ kind: 'heading', text });
const paragraph = (text: string): Block => ({ kind: 'paragraph', text });
const list = (items: readonly string[]): Block => ({ kind: 'list', items });

/** "Ms Example" with a title, "Sample Example" without. */
export function addressee(recipient: NamedRecipient): string {
  const title = recipient.title?.trim();
  return title ? `${title} ${recipient.surname}` : `${recipient.forename} ${recipient.surname}`;
}

/** "Dear Ms Example,"; a self-referrer is greeted by no name at all, since anyone can type one in the form. */
function salutation(recipient: Recipient): string {
  return recipient.selfReferral ? 'Hello,' : `Dear ${addressee(recipient)},`;
}

/** A self-referrer asked us for help: the offer thanks them for it rather than arriving out of the blue. */
const THANK_YOU = paragraph(`Thank you for contacting ${CONTACT.name}. We would like to offer you support.`);

const WHO_WE_ARE = paragraph(
  `We are ${CONTACT.name}. We support people in ${CONTACT.area} who have been affected by crime or anti-social behaviour. Our support is free and confidential, and we are independent of the police.`,
);

const HOW_WE_CAN_HELP = [
  heading('How we can help'),
  paragraph('We can:'),
  list([
    'listen and talk things through with you, when you are ready',
    'help you feel safer at home',
    'explain what happens next with the police and the courts',
    'help with practical things, such as forms, housing or money worries',
    'put you in touch with other services that can help',
  ]),
];

const ID_CARD = paragraph(
  `They will show you an identity card with their photo. Do not let anyone in who cannot show you one. If you are not sure, call us on ${CONTACT.phone} to check.`,
);

function contactUs(caseReference: string | undefined): Block[] {
  const [name, ...address] = CONTACT.postalAddress;
  return [
    heading('How to contact us'),
    list([
      `Phone: ${CONTACT.phone}`,
      `Email: ${CONTACT.email}`,
      `Web chat: ${CONTACT.webChat}`,
      `Post: ${name}, ${address.slice(0, -2).join(', ')}, ${address.slice(-2).join(' ')}`,
    ]),
    paragraph(`Our phone lines are open ${CONTACT.openingHours}.`),
    ...(caseReference === undefined
      ? []
      : [paragraph(`Your reference is ${caseReference}. Give this reference when you contact us.`)]),
    paragraph('If you are in danger, or need help urgently, call 999.'),
  ];
}

function attemptLine(attempt: ContactAttempt): string {
  return attempt.kind === 'call'
    ? `we phoned you on ${formatDateTime(attempt.at)}`
    : `we visited your home on ${formatDateTime(attempt.at)}`;
}

type Body = { title: string; blocks: Block[] };

const BODIES: { [P in PurposeOn<'email'> | PurposeOn<'letter'>]: (p: Personalisation<P>) => Body } = {
  'support-offer': (p) => ({
    title: `Support from ${CONTACT.name}`,
    blocks: [
      p.recipient.selfReferral ? THANK_YOU : paragraph('We are writing to offer you support.'),
      WHO_WE_ARE,
      ...HOW_WE_CAN_HELP,
      heading('Getting support'),
      paragraph(
        'If you would like support, or just want to talk, contact us. You can also tell us if you do not want support. You can ask for support at any time, even if you said no before.',
      ),
    ],
  }),
  'home-visit-notice': (p) => ({
    title: `We will visit you on ${formatDateTime(p.visitAt)}`,
    blocks: [
      WHO_WE_ARE,
      paragraph(
        `One of our team will visit you at home on ${formatDateTime(p.visitAt)}. The visit is to see how you are and to tell you about the support we can give you.`,
      ),
      ID_CARD,
      heading('If this time does not suit you'),
      paragraph(
        `Call us on ${CONTACT.phone} to change the time, or to tell us if you would rather we did not visit. We can talk on the phone instead.`,
      ),
    ],
  }),
  'second-home-visit-notice': (p) => ({
    title: `We will visit you again on ${formatDateTime(p.visitAt)}`,
    blocks: [
      WHO_WE_ARE,
      paragraph(
        `We visited your home on ${formatDateTime(p.firstVisitAt)}, but we were not able to see you. We would still like to offer you support.`,
      ),
      paragraph(`One of our team will visit you at home again on ${formatDateTime(p.visitAt)}.`),
      ID_CARD,
      heading('If this time does not suit you'),
      paragraph(
        `Call us on ${CONTACT.phone} to change the time, or to tell us if you would rather we did not visit. We can talk on the phone instead.`,
      ),
    ],
  }),
  'final-letter': (p) => ({
    title: 'We have tried to contact you',
    blocks: [
      WHO_WE_ARE,
      paragraph('We have tried to contact you to offer support, but we have not been able to reach you.'),
      paragraph('We tried to contact you when:'),
      list([...p.attempts].sort((a, b) => a.at.getTime() - b.at.getTime()).map(attemptLine)),
      paragraph(
        'You can still get support from us, now or at any time in the future. If you do not want support, you do not need to do anything.',
      ),
      ...HOW_WE_CAN_HELP,
    ],
  }),
  'needs-assessment-appointment': (p) => ({
    title: `Your appointment with ${CONTACT.name} on ${formatDateTime(p.appointmentAt)}`,
    blocks: [
      paragraph(
        'Thank you for talking to us. We have booked an appointment to talk about the support you would like.',
      ),
      paragraph(
        p.by === 'telephone'
          ? `We will phone you on ${formatDateTime(p.appointmentAt)}.`
          : `One of our team will visit you at home on ${formatDateTime(p.appointmentAt)}.`,
      ),
      ...(p.by === 'home-visit' ? [ID_CARD] : []),
      heading('What we will talk about'),
      paragraph(
        'We will ask how you are, and about things like your safety, health, home, money, work and the people around you. Together we will agree a plan for the support you want. The appointment takes about an hour.',
      ),
      heading('If this time does not suit you'),
      paragraph(`Call us on ${CONTACT.phone} to change the time.`),
    ],
  }),
  'web-chat-booking-confirmation': (p) => ({
    title: `Your web chat with ${CONTACT.name} is booked for ${formatDateTime(p.chatAt)}`,
    blocks: [
      paragraph(
        `Thank you for contacting us. We have booked a web chat with you on ${formatDateTime(p.chatAt)}.`,
      ),
      heading('How to join the chat'),
      paragraph(`At that time, open this link: ${p.chatLink}`),
      paragraph(
        'The link is for you only and works once, for this chat. The chat is private. Choose a place where you feel safe to talk.',
      ),
      paragraph(`Your reference is ${p.caseReference}.`),
      heading('If this time does not suit you'),
      paragraph(`Call us on ${CONTACT.phone} to change the time.`),
    ],
  }),
  'target-hardening-appointment': (p) => ({
    title: `Your home security visit on ${formatDateTime(p.visitAt)}`,
    blocks: [
      paragraph(`${CONTACT.name} has arranged a free home security visit for you.`),
      paragraph(
        `A fitter from our approved security contractor will visit you at home on ${formatDateTime(p.visitAt)}. They will check your doors, windows and locks, give you advice, and may fit items to help you feel safer. There is nothing to pay.`,
      ),
      ID_CARD,
      heading('If this time does not suit you'),
      paragraph(`Call us on ${CONTACT.phone} to change the time.`),
    ],
  }),
};

/** The content of an e-mail or letter for a validated purpose. */
export function writtenContent<P extends PurposeOn<'email'> | PurposeOn<'letter'>>(
  purpose: P,
  personalisation: Personalisation<P>,
): WrittenContent {
  const body = (BODIES[purpose] as (p: Personalisation<P>) => Body)(personalisation);
  return {
    title: body.title,
    salutation: salutation(personalisation.recipient),
    blocks: [...body.blocks, ...contactUs(personalisation.caseReference)],
    signOff: ['Yours sincerely,', CONTACT.signOff],
  };
}

/**
 * "Your answer is ready" (docs/messages.md, quick questions): to whoever gave an address on the public
 * quick-question form, greeted by no name and saying nothing of the question (anyone may have typed the
 * address), only the private link where the answer is. There is no case, so no reference.
 */
export function quickAnswerReadyContent(answerLink: string): WrittenContent {
  return {
    title: `Your answer from ${CONTACT.name} is ready`,
    salutation: 'Hello,',
    blocks: [
      paragraph(`You asked ${CONTACT.name} a quick question. We have answered it.`),
      paragraph(`Read the answer at this private link: ${answerLink}`),
      paragraph(
        'Do not share the link: anyone who has it can read your question and answer. If you did not ask us a question, you can ignore this email.',
      ),
      ...contactUs(undefined),
    ],
    signOff: ['Yours sincerely,', CONTACT.signOff],
  };
}

/** A deadline kept as the end of its day (the next midnight), as the day it falls on. */
const lastDayOf = (deadline: Date): Date => new Date(deadline.getTime() - 1);

/**
 * "We have your complaint" (docs/complaints.md): to the address the complainant chose as safe, greeted by no
 * name and saying nothing of what they wrote, only its reference and the date they will hear by.
 */
export function complaintAcknowledgedContent(reference: string, respondBy: Date): WrittenContent {
  return {
    title: `We have received your complaint to ${CONTACT.name}`,
    salutation: 'Hello,',
    blocks: [
      paragraph(`Thank you for telling us. Your complaint reference is ${reference}.`),
      paragraph(
        `Someone who was not involved will look into it, and we will reply to you by ${formatDate(lastDayOf(respondBy))}.`,
      ),
      paragraph('If you did not make a complaint to us, you can ignore this email.'),
      ...contactUs(undefined),
    ],
    signOff: ['Yours sincerely,', CONTACT.signOff],
  };
}

/** The same acknowledgement as a text (GSM-7 only). */
export const complaintAcknowledgedSms = (reference: string, respondBy: Date): string =>
  `${CONTACT.name}: we have received your complaint, reference ${reference}. We will reply by ${formatDate(lastDayOf(respondBy))}. To talk to us, call ${CONTACT.phone}.`;

// SMS wording keeps to the GSM-7 alphabet (no curly quotes, dashes or bullets) so that one non-GSM
// character does not halve the room (GSM-7 153 per part, UCS-2 67).
const SMS_BODIES: { [P in PurposeOn<'sms'>]: (p: Personalisation<P>) => string } = {
  'support-offer': (p) =>
    `${p.recipient.selfReferral ? `thank you for contacting ${CONTACT.name}` : `this is ${CONTACT.name}`}. We offer free, confidential support to people affected by crime. To talk to us, call ${CONTACT.phone} (Monday to Saturday, 9am to 6pm) or email ${CONTACT.email}. Your reference is ${p.caseReference}.`,
  'home-visit-notice': (p) =>
    `this is ${CONTACT.name}. We will visit you at home on ${formatDateTime(p.visitAt)} to offer support. We will show photo ID. To change this, call ${CONTACT.phone}. Your reference is ${p.caseReference}.`,
  'second-home-visit-notice': (p) =>
    `this is ${CONTACT.name}. We could not see you when we visited. We will visit again on ${formatDateTime(p.visitAt)}. We will show photo ID. To change this, call ${CONTACT.phone}. Your reference is ${p.caseReference}.`,
  'needs-assessment-appointment': (p) =>
    `this is ${CONTACT.name}. ${p.by === 'telephone' ? 'We will phone you' : 'We will visit you at home'} on ${formatDateTime(p.appointmentAt)} to talk about the support you want. To change this, call ${CONTACT.phone}. Your reference is ${p.caseReference}.`,
  'web-chat-booking-confirmation': (p) =>
    `your web chat with ${CONTACT.name} is booked for ${formatDateTime(p.chatAt)}. At that time, open ${p.chatLink} (for you only; it works once). To change it, call ${CONTACT.phone}. Your reference is ${p.caseReference}.`,
  'target-hardening-appointment': (p) =>
    `this is ${CONTACT.name}. A fitter will visit your home on ${formatDateTime(p.visitAt)} for your free home security check. They will show photo ID. To change this, call ${CONTACT.phone}. Your reference is ${p.caseReference}.`,
};

/**
 * The text of an SMS for a validated purpose: greeting the victim by first name, or with a plain "Hello"
 * when `greetByName` is false (the shorter form the SMS rule falls back to) or the text is to a
 * self-referrer (who is never greeted by the name typed in the form).
 */
export function smsText<P extends PurposeOn<'sms'>>(
  purpose: P,
  personalisation: Personalisation<P>,
  greetByName: boolean,
): string {
  const body = (SMS_BODIES[purpose] as (p: Personalisation<P>) => string)(personalisation);
  const { recipient } = personalisation;
  if (!greetByName || recipient.selfReferral) return `Hello, ${body}`;
  // A typographic apostrophe is not in GSM-7; the plain one is, and reads the same.
  const name = recipient.forename.normalize('NFC').replaceAll('’', "'");
  return `Hello ${name}, ${body}`;
}
